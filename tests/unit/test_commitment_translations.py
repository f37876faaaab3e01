"""A commitment's title per language, with a fallback; quotes stay verbatim."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from commitments import selectors
from commitments.models import Commitment
from commitments.services.commitments import commitment_update
from commitments.services.milestones import milestones_generate
from commitments.services.translations import commitment_translation_set
from commitments.templatetags.tracker import local_title
from commitments.translations import CommitmentTranslation
from tests.factories import UserFactory

UTC = datetime.UTC
JWG = "jwg-quarterly"
URDU_TITLE = "مشترکہ ورکنگ گروپ کا سہ ماہی اجلاس"
CHINESE_TITLE = "联合工作组季度会议"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 9, 20, 6, tzinfo=UTC)):
        yield


@pytest.fixture
def mine(seeded, system, officer):
    """The officer (a policy officer) owns the JWG meetings."""
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    officer.groups.add(Group.objects.get(name="Policy officer"))
    commitment_update(
        commitment=Commitment.objects.get(reference=JWG),
        actor=system,
        reason="assigned",
        owner=officer,
    )
    return officer


def translate(officer, language="ur", title=URDU_TITLE, **extra):
    return commitment_translation_set(
        commitment=Commitment.objects.get(reference=JWG),
        language=language,
        title=title,
        description=extra.get("description", ""),
        actor=officer,
        reason=extra.get("reason", "for the Urdu desk"),
    )


def test_setting_a_translation_records_who_and_why(mine):
    row = translate(mine, description="  نوٹ  ")
    assert (row.language, row.title, row.description) == ("ur", URDU_TITLE, "نوٹ")
    changed = translate(mine, title="نیا عنوان", reason="better wording")
    assert changed.pk == row.pk  # one row per language, changed in place
    history = list(changed.history.order_by("history_id"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert history[-1].history_user == mine
    assert history[-1].history_change_reason == "better wording"
    assert history[-1].title == "نیا عنوان"
    # The original is untouched.
    assert Commitment.objects.get(reference=JWG).title != "نیا عنوان"


def test_only_who_may_edit_the_commitment_may_translate_it(mine, desk_of_everything):
    stranger = desk_of_everything.add(UserFactory())
    stranger.groups.add(Group.objects.get(name="Policy officer"))
    with pytest.raises(PermissionDenied):
        translate(stranger)  # an officer who does not own it
    assert not CommitmentTranslation.objects.exists()


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en-gb", "The source language"),  # the original is the English one
        ("fr", "Pas une langue du site"),
        ("", "No language"),
        ("ur", ""),
        ("ur", "   "),
        ("ur", "ع" * 301),
    ],
)
def test_a_translation_needs_another_site_language_and_a_title(mine, language, title):
    with pytest.raises(ValidationError):
        translate(mine, language=language, title=title)
    assert not CommitmentTranslation.objects.exists()


def test_a_title_of_300_characters_and_a_reason_are_the_edges(mine):
    assert translate(mine, title="ع" * 300).title == "ع" * 300
    with pytest.raises(ValidationError):
        translate(mine, reason="  ")


def test_the_title_falls_back_to_the_original(mine):
    translate(mine)
    commitment = Commitment.objects.get(reference=JWG)
    with translation.override("ur"):
        assert local_title(commitment) == URDU_TITLE
        annotated = selectors.commitment_detail_rows().get(reference=JWG)
        assert annotated.local_title == URDU_TITLE
    with translation.override("zh-hans"):  # none in Chinese: the original
        assert local_title(commitment) == commitment.title
        annotated = selectors.commitment_detail_rows().get(reference=JWG)
        assert annotated.local_title == commitment.title
    with translation.override("en-gb"):
        assert local_title(commitment) == commitment.title


def test_each_reader_sees_the_title_in_their_language_and_the_quote_verbatim(
    client, mine
):
    translate(mine)
    translate(mine, language="zh-hans", title=CHINESE_TITLE)
    commitment = Commitment.objects.get(reference=JWG)
    quote = commitment.provenance.first().quote
    client.force_login(mine)
    url = reverse("commitments:commitment_detail", args=[JWG])
    urdu = client.get(url, HTTP_ACCEPT_LANGUAGE="ur").content.decode()
    assert f"<h1>{URDU_TITLE} " in urdu
    assert quote in urdu  # verbatim, in English
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"<h1>{CHINESE_TITLE} " in chinese
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"<h1>{commitment.title} " in english
    assert URDU_TITLE not in english
    assert CHINESE_TITLE not in english
    assert quote in english
    assert quote in chinese


def test_lists_and_my_work_show_the_readers_title(client, mine):
    translate(mine)
    title = Commitment.objects.get(reference=JWG).title
    client.force_login(mine)
    for name in ("commitments:home", "commitments:commitment_list"):
        urdu = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="ur").content.decode()
        assert URDU_TITLE in urdu, name
        english = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert URDU_TITLE not in english, name
        assert title in english, name


def test_the_translation_page_saves_a_title(client, mine):
    client.force_login(mine)
    url = reverse("commitments:commitment_translate", args=[JWG])
    assert client.get(url + "?language=zh-hans").status_code == 200
    response = client.post(
        url,
        {
            "language": "zh-hans",
            "title": CHINESE_TITLE,
            "description": "",
            "reason": "for Beijing",
        },
    )
    assert response.status_code == 302
    row = CommitmentTranslation.objects.get()
    assert (row.language, row.title) == ("zh-hans", CHINESE_TITLE)
    page = client.get(url + "?language=zh-hans").content.decode()
    assert CHINESE_TITLE in page


def test_a_viewer_may_not_open_the_translation_page(viewer, seeded):
    url = reverse("commitments:commitment_translate", args=[JWG])
    assert viewer.get(url).status_code == 403


def test_the_notes_follow_the_readers_language_with_a_fallback(client, mine):
    commitment = Commitment.objects.get(reference=JWG)
    commitment_update(
        commitment=commitment,
        actor=mine,
        reason="notes",
        description="Held in turn in each capital.",
    )
    translate(mine, description="باری باری دونوں دارالحکومتوں میں")
    translate(mine, language="zh-hans", title=CHINESE_TITLE)  # no notes
    client.force_login(mine)
    url = reverse("commitments:commitment_detail", args=[JWG])
    urdu = client.get(url, HTTP_ACCEPT_LANGUAGE="ur").content.decode()
    assert '<dd dir="auto">باری باری دونوں دارالحکومتوں میں</dd>' in urdu
    # (the history still shows the original change, as it was written)
    assert '<dd dir="auto">Held in turn in each capital.</dd>' not in urdu
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<dd dir="auto">Held in turn in each capital.</dd>' in chinese


def test_the_translated_title_costs_no_extra_query(mine):
    translate(mine)
    readers = {}
    for language in ("en-gb", "ur"):
        with translation.override(language):
            rows = [
                selectors.my_work_commitments(user=mine),
                selectors.my_work_milestones(user=mine),
                selectors.commitment_search_rows(),
            ]
            with CaptureQueriesContext(connection) as queries:
                titles = [row.local_title for query in rows for row in query]
            readers[language] = (len(queries), titles)
    assert readers["en-gb"][0] == readers["ur"][0]
    assert URDU_TITLE in readers["ur"][1]
    assert URDU_TITLE not in readers["en-gb"][1]


def test_a_new_translation_replaces_the_cached_rows(client, mine):
    client.force_login(mine)
    home = reverse("commitments:home")
    assert (
        URDU_TITLE not in client.get(home, HTTP_ACCEPT_LANGUAGE="ur").content.decode()
    )
    translate(mine)
    assert URDU_TITLE in client.get(home, HTTP_ACCEPT_LANGUAGE="ur").content.decode()
