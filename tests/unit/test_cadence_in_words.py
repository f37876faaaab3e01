"""No page or email shows a person the raw RRULE text (issue 18): the review
queue, the accept form, the commitment's pages and forms, the reporting
export and the weekly summary say "every 6 months" / "twice a year"."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from commitments.models import Commitment
from commitments.templatetags.tracker import cadence_words
from extraction.models import Candidate
from extraction.services.ingest import document_ingest
from tests.factories import UserFactory

# The help text of a cadence input: how to type one, not a cadence shown.
HINT = b"an RRULE such as FREQ=MONTHLY;INTERVAL=3"
TEXT = "Pakistan and China agreed to hold border talks every six months.\n"


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=MONTHLY;INTERVAL=6", "twice a year"),
        ("FREQ=MONTHLY;INTERVAL=3", "every 3 months"),
        ("FREQ=YEARLY", "every year"),
        ("not a rule", "a custom schedule"),
        ("", ""),
    ],
)
def test_the_filter_says_a_rule_in_words(rule, words):
    assert cadence_words(rule) == words


@pytest.fixture
def manager(seeded, desk_of_everything, client):
    user = desk_of_everything.add(UserFactory(username="mgr"))
    user.groups.add(Group.objects.get(name="Manager"))
    client.force_login(user)
    return user


def test_no_page_shows_raw_rule_text(client, manager):
    document = document_ingest(
        title="Border talks",
        text=TEXT,
        published_on=datetime.date(2026, 5, 20),
        actor=manager,
    ).document
    candidate = Candidate.objects.filter(source=document).exclude(cadence_rrule="")
    assert candidate.exists()
    recurring = Commitment.objects.exclude(cadence_rrule="").first()
    pages = [
        reverse("extraction:queue"),
        reverse("extraction:document", args=[document.pk]),
        reverse("extraction:accept", args=[candidate.first().pk]),
        reverse("commitments:commitment_detail", args=[recurring.reference]),
        reverse("commitments:commitment_edit", args=[recurring.reference]),
        reverse("commitments:commitment_list"),
        reverse("commitments:home"),
        reverse("reporting:export", args=["commitments", "csv"]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response) if response.streaming else response.content
        # The cadence fields' help shows the syntax they also accept.
        body = body.replace(HINT, b"")
        assert b"FREQ=" not in body, url


def test_the_weekly_summary_email_and_page_show_no_raw_rule(manager, client):
    from reporting.services.weekly_summary import (
        weekly_summaries_create,
        weekly_summary_send,
    )

    monday = datetime.datetime(2026, 4, 13, 3, tzinfo=datetime.UTC)
    for summary_id in weekly_summaries_create(as_of=monday):
        weekly_summary_send(summary_id=summary_id, now=monday)
    assert mail.outbox
    for message in mail.outbox:
        assert "FREQ=" not in message.body
        assert all("FREQ=" not in html for html, _ in message.alternatives)
    page = client.get(reverse("notifications:summary_detail", args=["2026-W16"]))
    assert page.status_code == 200
    assert b"FREQ=" not in page.content
