"""The reminder digest's wording (issue 17): real plurals, each title once, and
a link to each milestone's own row."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from notifications.emails import digest_message
from notifications.models import (
    Delivery,
    DeliveryKind,
    Digest,
    EscalationLevel,
    EscalationRecipient,
)
from notifications.services.recipients import escalation_recipients
from tests.factories import CommitmentFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


def _deliveries(milestones, *, kind=DeliveryKind.REMINDER, step=1) -> list[Delivery]:
    return [
        Delivery(milestone=m, kind=kind, step=step, reason="you own it")
        for m in milestones
    ]


def _digest() -> Digest:
    return _digest_for("akhan")


def test_three_occurrences_of_one_commitment_get_three_links_and_one_title_each():
    jwg = CommitmentFactory(title="Quarterly JWG meetings")
    meetings = [
        MilestoneFactory(commitment=jwg, title="", due_date=datetime.date(2026, 4, d))
        for d in (7, 8, 9)
    ]
    message = digest_message(_digest(), _deliveries(meetings))
    html = message.alternatives[0][0]
    for body in (message.body, html):
        for meeting in meetings:
            assert f"/commitments/{jwg.reference}/#milestone-{meeting.pk}" in body
        # Untitled occurrences fall back to the commitment's title: said once.
        assert body.count("Quarterly JWG meetings") == 3


def test_counts_are_real_plurals_not_item_s_or_day_s():
    one = MilestoneFactory()
    message = digest_message(_digest(), _deliveries([one], step=1))
    html = message.alternatives[0][0]
    assert message.subject == "Commitment Tracker: 1 item needs attention"
    for body in (message.body, html):
        assert "(s)" not in body
        assert "1 item in Commitment Tracker needs your attention" in body
        assert "Due in 1 day or less" in body

    two = MilestoneFactory.create_batch(2)
    message = digest_message(_digest_for("other"), _deliveries(two, step=3))
    assert message.subject == "Commitment Tracker: 2 items need attention"
    assert "2 items in Commitment Tracker need your attention" in message.body
    assert "Due in 3 days or less" in message.body
    assert "(s)" not in message.body


def _digest_for(username: str) -> Digest:
    user = get_user_model().objects.create_user(username, f"{username}@moi.gov.pk")
    return Digest(recipient=user)


@pytest.mark.parametrize(
    ("days", "words"), [(1, "1 day overdue"), (3, "3 days overdue")]
)
def test_the_escalation_reason_counts_days_in_words(days, words, desk_of_everything):
    owner = desk_of_everything.add(
        get_user_model().objects.create_user("owner", "owner@moi.gov.pk")
    )
    commitment = CommitmentFactory(owner=owner)
    level = EscalationLevel(
        level=1, days_overdue=1, recipient=EscalationRecipient.OWNER
    )
    [recipient] = escalation_recipients(commitment, level, days)
    assert words in recipient.reason
    assert "(s)" not in recipient.reason
