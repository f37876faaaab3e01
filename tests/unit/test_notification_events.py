"""Assignments, mentions and changes by others become in-app notifications,
once each, only for people who may see the agreement (issue 18)."""

import datetime

import pytest
from django.contrib.auth.models import Group

from access.models import Desk, DeskAgreement, DeskMembership
from commitments.permissions import MANAGER, POLICY_OFFICER
from commitments.services.followups import followup_log
from core.history import save_with_history
from notifications.models import Notification, NotificationKind
from notifications.services.events import events_collect, mentioned_usernames
from tests.factories import AgreementFactory, CommitmentFactory, UserFactory


def role(user, name: str):
    user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def world(db, system):
    agreement = AgreementFactory()
    desk = Desk.objects.create(name="Gulf desk")
    DeskAgreement.objects.create(desk=desk, agreement=agreement)
    officer = role(UserFactory(username="officer"), POLICY_OFFICER)
    manager = role(UserFactory(username="boss"), MANAGER)
    outsider = role(UserFactory(username="elsewhere"), POLICY_OFFICER)
    for user in (officer, manager):
        DeskMembership.objects.create(desk=desk, user=user)
    commitment = CommitmentFactory(agreement=agreement, owner=None)
    return {
        "officer": officer,
        "manager": manager,
        "outsider": outsider,
        "commitment": commitment,
    }


def test_mentions_are_read_from_at_names_not_email_addresses():
    assert mentioned_usernames("ask @officer and @boss. mail x@example.org") == {
        "officer",
        "boss",
    }


def test_assigning_an_owner_notifies_them_once(world):
    commitment, officer = world["commitment"], world["officer"]
    commitment.owner = officer
    save_with_history(commitment, actor=world["manager"], reason="assigned")
    assert events_collect() == 1
    assert events_collect() == 0
    note = Notification.objects.get(recipient=officer)
    assert note.kind == NotificationKind.ASSIGNED
    assert note.url.endswith(f"/{commitment.reference}/")


def test_changes_by_others_notify_the_owner_but_own_changes_do_not(world):
    commitment, officer = world["commitment"], world["officer"]
    commitment.owner = officer
    save_with_history(commitment, actor=officer, reason="I take it")
    commitment.title = "Renamed by me"
    save_with_history(commitment, actor=officer, reason="mine")
    assert events_collect() == 0
    commitment.title = "Renamed by the boss"
    save_with_history(commitment, actor=world["manager"], reason="theirs")
    events_collect()
    note = Notification.objects.get(recipient=officer)
    assert note.kind == NotificationKind.CHANGED


def test_a_mention_in_a_follow_up_notifies_with_the_follow_up_anchor(world):
    commitment, officer = world["commitment"], world["officer"]
    followup = followup_log(
        commitment=commitment,
        actor=world["manager"],
        happened_on=datetime.date(2026, 3, 1),
        note="@officer please check, and @elsewhere too",
    )
    events_collect()
    note = Notification.objects.get(recipient=officer, kind=NotificationKind.MENTION)
    assert note.url.endswith(f"#followup-{followup.pk}")
    # Someone off the agreement's desks is mentioned in vain: no notification.
    assert not Notification.objects.filter(recipient=world["outsider"]).exists()


def test_reviewers_hear_once_a_day_of_candidates_waiting(world):
    from extraction.services.ingest import document_ingest
    from notifications.services.events import sources_collect

    document_ingest(
        title="Border talks",
        text="Pakistan and China agreed to hold border talks every six months.\n",
        published_on=datetime.date(2026, 5, 20),
        actor=world["officer"],
    )
    viewer = role(UserFactory(username="reader"), "Viewer")
    now = datetime.datetime(2026, 5, 21, 9, tzinfo=datetime.UTC)
    assert sources_collect(now=now) >= 1
    assert sources_collect(now=now) == 0
    note = Notification.objects.get(recipient=world["officer"])
    assert note.kind == NotificationKind.REVIEW
    assert note.url == "/extraction/"
    # Readers do not review: nothing for them.
    assert not Notification.objects.filter(recipient=viewer).exists()


def test_the_dashboard_shows_unassigned_work_linked_to_the_list(world, client):
    from django.urls import reverse

    client.force_login(world["manager"])
    page = client.get(reverse("reporting:dashboard")).content.decode()
    assert 'id="unassigned-link"' in page
    assert "owner=null" in page
    assert "1 unassigned" in page
