"""Reports in Urdu and Chinese: pages, charts, exports, the briefing PDF and
the weekly summary email (issue 17)."""

import datetime
import io
import unicodedata

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from reportlab.platypus import SimpleDocTemplate

from core.country_names import country_name
from notifications.models import Profile
from reporting import pdf
from reporting.exports import MILESTONE_COLUMNS
from reporting.pdf import pdf_language, shape
from reporting.services.weekly_summary import (
    weekly_summaries_create,
    weekly_summaries_dispatch,
    weekly_summary_send,
)
from tests.unit import test_dashboard
from tests.unit.test_briefing import pdf_text
from tests.unit.test_dashboard import NOW, TALKS, at
from tests.unit.test_exports import export, read_csv

# The lived-in seed of the dashboard tests, shared as fixtures.
manager = test_dashboard.manager
portfolio = test_dashboard.portfolio
_empty_cache = test_dashboard._empty_cache

MONDAY = datetime.datetime(2026, 7, 13, 3, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _default_language_after():
    # The locale middleware leaves the last request's language active in this
    # thread: later tests must start in the default language again.
    yield
    translation.activate(settings.LANGUAGE_CODE)


def in_language(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ur", ["ڈیش بورڈ", "حیثیت کے لحاظ سے وعدے", "تاخیر، اور وجہ", "چین"]),
        ("zh-hans", ["仪表板", "按状态划分的承诺", "延误事项及原因", "中国"]),
    ],
)
def test_the_dashboard_and_its_charts_speak_the_readers_language(
    client, portfolio, language, words
):
    client.force_login(portfolio["manager"])
    with at(NOW):
        html = in_language(client, language).get(reverse("reporting:dashboard"))
    page = html.content.decode()
    for word in words:
        assert word in page
    assert "Late, and why" not in page
    assert "Commitments by status" not in page  # the chart's title too


def test_an_urdu_readers_dashboard_charts_use_the_nastaliq_font(client, portfolio):
    # system-ui has no ے: "90 دن سے زیادہ" showed a missing-glyph box.
    client.force_login(portfolio["manager"])
    with at(NOW):
        page = in_language(client, "ur").get(reverse("reporting:dashboard"))
    html = page.content.decode()
    assert html.count('class="chart" font-family="\'Noto Nastaliq Urdu\'') >= 3
    assert 'class="chart" font-family="system-ui' not in html


def test_english_and_chinese_dashboards_are_cached_apart(client, portfolio):
    client.force_login(portfolio["manager"])
    with at(NOW):
        english = client.get(reverse("reporting:dashboard")).content.decode()
        chinese = in_language(client, "zh-hans").get(reverse("reporting:dashboard"))
    assert "Overdue milestones by days overdue" in english
    assert "按逾期天数划分的逾期里程碑" in chinese.content.decode()


@pytest.mark.parametrize(
    ("language", "heading"),
    [("ur", "تمام سنگ میل"), ("zh-hans", "全部里程碑")],
)
def test_the_milestone_list_is_translated(client, portfolio, language, heading):
    client.force_login(portfolio["manager"])
    with at(NOW):
        page = in_language(client, language).get(reverse("reporting:report_milestones"))
    assert heading in page.content.decode()


def test_export_headers_are_in_the_readers_language(client, portfolio):
    client.force_login(portfolio["manager"])
    in_language(client, "zh-hans")
    with at(NOW):
        rows = read_csv(export(client, "milestones", "csv"))
    with translation.override("zh-hans"):
        expected = [str(column.header) for column in MILESTONE_COLUMNS]
    assert list(rows[0]) == expected
    assert "承诺编号" in expected
    assert not any(header.isascii() for header in expected)


def test_the_briefing_pdf_for_a_chinese_reader_is_in_chinese(client, portfolio):
    client.force_login(portfolio["manager"])
    with at(NOW):
        response = in_language(client, "zh-hans").get(
            reverse("reporting:briefing_agreement_pdf", args=[TALKS])
        )
    text = pdf_text(response.content).replace("\n", " ")
    assert "逾期事项及原因" in text
    assert "每项承诺的状态" in text
    assert "Overdue, and why" not in text
    # The verbatim note stays as written.
    assert "Chinese side proposed 20 July" in text


def test_the_briefing_pdf_for_an_urdu_reader_is_in_shaped_urdu(client, portfolio):
    # reportlab neither joins Arabic letters nor orders them right to left:
    # the pack draws them shaped, in the shipped Naskh font (docs/i18n.md).
    assert pdf_language("ur") == "ur"
    client.force_login(portfolio["manager"])
    with at(NOW):
        response = in_language(client, "ur").get(
            reverse("reporting:briefing_agreement_pdf", args=[TALKS])
        )
    raw = pdf_text(response.content)
    assert "Overdue, and why" not in raw
    # Drawn with joined (presentation) forms, which pypdf reads back in
    # logical order: NFKC folds them to the plain letters of the catalogue.
    assert "تاخیر شدہ، اور وجہ" in unicodedata.normalize("NFKC", raw)
    assert "تاخیر شدہ" not in raw  # unshaped letters would be drawn apart
    assert b"NotoNaskhArabic" in response.content
    # The verbatim note stays as written.
    assert "Chinese side proposed 20 July" in raw.replace("\n", " ")


def test_shaping_joins_urdu_letters_and_orders_them_for_drawing():
    shaped = shape("دن")
    # Dal does not join forward: two isolated forms, noon (the last letter)
    # drawn first, from the left.
    assert shaped == "\ufee5\ufea9"
    assert unicodedata.normalize("NFKC", shaped) == "ند"


def test_the_counterpart_page_names_the_country_in_the_readers_language(
    client, portfolio
):
    client.force_login(portfolio["manager"])
    with at(NOW):
        page = in_language(client, "ur").get(
            reverse("reporting:briefing_party", args=["CN"])
        )
    assert "چین کے ساتھ وعدے" in page.content.decode()


def test_country_names_come_from_cldr_with_a_fallback():
    assert country_name("PK", "Pakistan", "ur") == "پاکستان"
    assert country_name("CN", "China", "zh-hans") == "中国"
    assert country_name("", "ASEAN", "zh-hans") == "ASEAN"
    assert country_name("PK", "Pakistan", "xx-unknown") == "Pakistan"


def test_the_weekly_summary_is_in_the_recipients_language(portfolio):
    manager = portfolio["manager"]
    Profile.objects.update_or_create(user=manager, defaults={"language": "ur"})
    with at(MONDAY), translation.override("zh-hans"):  # the sender's language
        weekly_summaries_create(as_of=MONDAY)
        for summary_id in weekly_summaries_dispatch(now=MONDAY):
            weekly_summary_send(summary_id=summary_id, now=MONDAY)
    message = next(m for m in mail.outbox if m.to == [manager.email])
    assert message.subject.startswith("وعدوں کا ٹریکر ہفتہ وار خلاصہ 2026-W29")
    assert "تاخیر، اور وجہ" in message.body
    html = message.alternatives[0][0]
    assert 'lang="ur" dir="rtl"' in html
    assert "Late, and why" not in html


def test_a_wrapped_urdu_paragraph_in_the_pdf_starts_with_its_first_words():
    # Shaping a whole paragraph reverses it: reportlab would then set its last
    # words on the first line. Lines are broken before they are shaped.
    text = "پہلا لفظ " + " ".join(["درمیان"] * 30) + " آخری لفظ"
    buffer = io.BytesIO()
    with translation.override("ur"):
        styles = pdf._styles()
        SimpleDocTemplate(buffer).build([pdf._p(text, styles["body"])])
    lines = [
        line.strip()
        for line in unicodedata.normalize("NFKC", pdf_text(buffer.getvalue())).split(
            "\n"
        )
        if line.strip()
    ]
    assert len(lines) >= 2
    assert lines[0].startswith("پہلا لفظ")
    assert lines[-1].endswith("آخری لفظ")
