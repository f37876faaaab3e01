"""The review queue, the upload and the import in Urdu and Chinese (issue 17):
the interface is translated, the source text stays verbatim."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from extraction.services.imports import ImportReport
from extraction.services.ingest import document_ingest
from tests.unit.test_review_views import users  # noqa: F401  (a fixture)

URDU_TEXT = (
    "پاکستان اور چین نے ہر چھ ماہ بعد سرحدی مذاکرات کرنے پر اتفاق کیا۔\n"
    "Pakistan and China agreed to hold border talks every six months.\n"
)


@pytest.fixture(autouse=True)
def _default_language_after():
    # The locale middleware leaves the last request's language active in this
    # thread: later tests must start in the default language again.
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def document(users):  # noqa: F811
    return document_ingest(
        title="سرحدی مذاکرات",
        text=URDU_TEXT,
        published_on=datetime.date(2026, 5, 20),
        actor=users["officer"],
    ).document


def in_language(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize(
    ("language", "queue_words", "document_words"),
    [
        ("ur", "جائزے کی قطار", "لفظ بہ لفظ محفوظ؛ امیدوار نشان زد"),
        ("zh-hans", "审核队列", "原文保存；候选项已标注"),
    ],
)
def test_the_review_pages_are_translated_and_the_source_is_verbatim(
    client,
    users,  # noqa: F811
    document,
    language,
    queue_words,
    document_words,
):
    client.force_login(users["officer"])
    in_language(client, language)
    queue = client.get(reverse("extraction:queue")).content.decode()
    assert queue_words in queue
    assert "Nothing to review." not in queue
    page = client.get(reverse("extraction:document", args=[document.pk]))
    html = page.content.decode()
    assert document_words in html
    assert "candidates to review" not in html
    # The text itself is stored and shown as written, in its own script.
    assert "پاکستان اور چین نے ہر چھ ماہ بعد سرحدی مذاکرات" in html
    upload = client.get(reverse("extraction:upload")).content.decode()
    assert "Store and propose commitments" not in upload


def test_the_import_summary_counts_in_words_in_each_language():
    report = ImportReport(dry_run=True, rows=2)
    report.commitments = ["a", "b"]
    report.agreements = ["c"]
    with translation.override("en-gb"):
        assert report.summary == (
            "2 rows checked: would create 2 commitments and 1 new agreement."
        )
    with translation.override("ur"):
        assert report.summary == (
            "2 قطاریں جانچی گئیں: 2 وعدے اور 1 نیا معاہدہ بنیں گے۔"
        )
    with translation.override("zh-hans"):
        assert report.summary == "已检查 2 行：将创建 2 项承诺，1 项新协议。"
