"""The in-app notification centre (issue 18): created from the reminder run's
events exactly once, to people who may see the agreement, on the channels
they chose; unowned work reaches the desks' managers; the bell and the list."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from access.models import Desk, DeskAgreement, DeskMembership
from commitments.permissions import MANAGER, POLICY_OFFICER
from notifications.models import (
    Delivery,
    Notification,
    NotificationKind,
    Profile,
)
from notifications.selectors import notification_list, unread_count
from notifications.services.digests import reminders_run
from notifications.services.inbox import notifications_mark_all_read
from tests.factories import (
    AgreementFactory,
    CommitmentFactory,
    MilestoneFactory,
    UserFactory,
)

AS_OF = datetime.datetime(2026, 3, 3, 10, tzinfo=datetime.UTC)
DUE = datetime.date(2026, 3, 10)  # seven days after AS_OF


def role(user, name: str):
    user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def world(db, system):
    """An agreement on one desk; an officer owns a commitment due in a week;
    a manager on the desk; an outsider manager on another desk."""
    agreement = AgreementFactory()
    desk = Desk.objects.create(name="Gulf desk")
    DeskAgreement.objects.create(desk=desk, agreement=agreement)
    officer = role(UserFactory(username="officer"), POLICY_OFFICER)
    manager = role(UserFactory(username="boss"), MANAGER)
    outsider = role(UserFactory(username="elsewhere"), MANAGER)
    DeskMembership.objects.create(desk=desk, user=officer)
    DeskMembership.objects.create(desk=desk, user=manager)
    Desk.objects.create(name="Other desk").memberships.create(user=outsider)
    owned = CommitmentFactory(agreement=agreement, owner=officer)
    milestone = MilestoneFactory(commitment=owned, due_date=DUE, title="Report")
    return {
        "agreement": agreement,
        "officer": officer,
        "manager": manager,
        "outsider": outsider,
        "owned": owned,
        "milestone": milestone,
    }


def test_a_due_soon_reminder_is_an_email_and_a_notification_once(world):
    for _ in range(3):
        reminders_run(as_of=AS_OF)
    officer, milestone = world["officer"], world["milestone"]
    note = Notification.objects.get(recipient=officer)
    assert note.kind == NotificationKind.DUE_SOON
    assert note.milestone == milestone
    assert note.url.endswith(f"#milestone-{milestone.pk}")
    assert Delivery.objects.filter(recipient=officer).count() == 1
    # The history row names the system account and the run.
    assert note.history.get().history_change_reason == "reminder run"


def test_channel_app_only_sends_no_email_and_none_sends_nothing(world):
    officer = world["officer"]
    Profile.objects.create(user=officer, channels={"due_soon": "app"})
    reminders_run(as_of=AS_OF)
    assert Notification.objects.filter(recipient=officer).count() == 1
    assert not Delivery.objects.filter(recipient=officer).exists()
    Profile.objects.filter(user=officer).update(channels={"due_soon": "none"})
    Notification.objects.all().delete()
    reminders_run(as_of=AS_OF)
    assert not Notification.objects.filter(recipient=officer).exists()


def test_someone_without_email_still_gets_the_notification(world):
    officer = world["officer"]
    officer.email = ""
    officer.save()
    reminders_run(as_of=AS_OF)
    assert Notification.objects.filter(recipient=officer).exists()
    assert not Delivery.objects.filter(recipient=officer).exists()


def test_unowned_work_reminds_the_desks_managers_in_app_and_by_email(world):
    unowned = CommitmentFactory(agreement=world["agreement"], owner=None)
    MilestoneFactory(commitment=unowned, due_date=DUE)
    reminders_run(as_of=AS_OF)
    manager = world["manager"]
    note = Notification.objects.get(recipient=manager, commitment=unowned)
    assert note.kind == NotificationKind.UNASSIGNED
    assert Delivery.objects.filter(recipient=manager).exists()
    # The manager of another desk hears nothing of it.
    assert not Notification.objects.filter(recipient=world["outsider"]).exists()


def test_unowned_work_on_a_desk_without_manager_goes_to_the_fallback(world, settings):
    settings.TRACKER_UNASSIGNED_FALLBACK = "elsewhere"
    DeskMembership.objects.filter(user=world["manager"]).delete()
    unowned = CommitmentFactory(agreement=world["agreement"], owner=None)
    MilestoneFactory(commitment=unowned, due_date=DUE)
    reminders_run(as_of=AS_OF)
    # The fallback hears only if they may see it: give them the desk's scope.
    assert not Notification.objects.filter(recipient=world["outsider"]).exists()
    DeskMembership.objects.create(
        desk=Desk.objects.get(name="Gulf desk"), user=world["outsider"]
    )
    DeskMembership.objects.filter(user=world["outsider"]).exclude(
        desk__name="Gulf desk"
    ).delete()
    world["outsider"].groups.clear()  # not a manager: only the fallback name
    reminders_run(as_of=AS_OF)
    assert Notification.objects.filter(
        recipient=world["outsider"], kind=NotificationKind.UNASSIGNED
    ).exists()


def test_an_owner_moved_off_the_desk_gets_no_notification(world):
    DeskMembership.objects.filter(user=world["officer"]).delete()
    reminders_run(as_of=AS_OF)
    assert not Notification.objects.filter(recipient=world["officer"]).exists()


def _many(user, agreement, count: int) -> None:
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=NotificationKind.DUE_SOON,
            key=f"test:{n}",
            title=f"Item {n}",
            url="/",
            agreement=agreement,
        )
        for n in range(count)
    )


@pytest.mark.parametrize("count", [10, 10_000])
def test_unread_count_and_list_take_one_query_each(
    world, django_assert_num_queries, count
):
    officer = world["officer"]
    _many(officer, world["agreement"], count)
    with django_assert_num_queries(1):
        assert unread_count(user=officer) == min(count, 100)
    with django_assert_num_queries(1):
        assert len(list(notification_list(user=officer)[:25])) == min(count, 25)


def _page_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_inbox_page_takes_the_same_queries_at_10_and_10000(world, client):
    officer = world["officer"]
    _many(officer, world["agreement"], 10)
    client.force_login(officer)
    url = reverse("notifications:inbox") + "?kind=due_soon&page=1"
    client.get(url)  # the session and caches warm
    at_ten = _page_queries(client, url)
    Notification.objects.filter(recipient=officer).delete()
    _many(officer, world["agreement"], 10_000)
    assert _page_queries(client, url) == at_ten


def test_the_bell_shows_the_unread_count_and_mark_all_read_clears_it(
    world, client, django_capture_on_commit_callbacks
):
    officer = world["officer"]
    _many(officer, world["agreement"], 3)
    client.force_login(officer)
    page = client.get(reverse("commitments:home")).content.decode()
    assert 'data-unread="3"' in page
    # The committed write bumps the data version: the cached count is stale.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications:read_all"))
    page = client.get(reverse("commitments:home")).content.decode()
    assert "data-unread" not in page
    assert unread_count(user=officer) == 0


def test_opening_a_notification_marks_it_read_and_goes_to_the_anchor(world, client):
    reminders_run(as_of=AS_OF)
    officer = world["officer"]
    note = Notification.objects.get(recipient=officer)
    client.force_login(officer)
    response = client.get(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#milestone-{world['milestone'].pk}")
    note.refresh_from_db()
    assert note.read_at is not None


def test_someone_elses_notification_is_a_404(world, client):
    reminders_run(as_of=AS_OF)
    note = Notification.objects.get(recipient=world["officer"])
    client.force_login(world["manager"])
    assert client.post(reverse("notifications:open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_filters_by_kind_and_agreement(world, client):
    officer = world["officer"]
    _many(officer, world["agreement"], 2)
    other = AgreementFactory(title="Elsewhere talks")
    Notification.objects.create(
        recipient=officer,
        kind="mention",
        key="m",
        title="Mentioned",
        url="/",
        agreement=other,
    )
    assert notification_list(user=officer, kind="mention").count() == 1
    assert notification_list(user=officer, agreement_id=other.pk).count() == 1
    notifications_mark_all_read(user=officer, kind="mention")
    assert unread_count(user=officer) == 2


def test_a_weekly_rhythm_sends_one_digest_a_week_from_monday(world):
    from notifications.models import Digest

    officer = world["officer"]
    Profile.objects.create(
        user=officer, frequency="weekly", digest_hour=8, time_zone="UTC"
    )
    sunday = datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC)
    reminders_run(as_of=sunday)
    # Sunday's items go into that ISO week's digest (it began on Monday).
    assert list(Digest.objects.values_list("period", flat=True)) == ["week:2026-W09"]
    early_monday = datetime.datetime(2026, 3, 2, 6, tzinfo=datetime.UTC)
    Digest.objects.all().delete()
    Delivery.objects.update(digest=None)
    reminders_run(as_of=early_monday)
    assert not Digest.objects.exists()  # before the hour on Monday: wait


def test_the_weekly_summary_is_a_page_a_notification_and_a_link_in_the_email(
    world, client
):
    from django.core import mail

    from notifications.models import SummaryPage
    from reporting.services.weekly_summary import (
        weekly_summaries_create,
        weekly_summary_send,
    )

    CommitmentFactory(agreement=world["agreement"], owner=None)
    monday = datetime.datetime(2026, 3, 2, 3, tzinfo=datetime.UTC)
    for _ in range(2):
        ids = weekly_summaries_create(as_of=monday)
    for summary_id in ids:
        weekly_summary_send(summary_id=summary_id, now=monday)
    manager = world["manager"]
    page = SummaryPage.objects.get(recipient=manager)
    assert page.week == "2026-W10"
    note = Notification.objects.get(recipient=manager, kind="weekly_summary")
    assert note.url == reverse("notifications:summary_detail", args=["2026-W10"])
    email = next(m for m in mail.outbox if m.to == [manager.email])
    assert note.url in email.body
    # It leads with the work nobody owns, linked to the filtered list.
    assert email.body.index("UNASSIGNED: 1") < email.body.index("COMMITMENTS:")
    assert "?owner=null" in email.body
    client.force_login(manager)
    response = client.get(note.url)
    assert response.status_code == 200
    assert "nobody owns" in response.content.decode()
    # Someone else's week is a 404.
    client.force_login(world["officer"])
    assert client.get(note.url).status_code == 404


def test_summaries_and_notifications_are_kept_a_year(world):
    from notifications.models import SummaryPage
    from notifications.services.inbox import notifications_cleanup

    officer = world["officer"]
    _many(officer, world["agreement"], 2)
    SummaryPage.objects.create(recipient=officer, week="2025-W01", html="old")
    year_on = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=367)
    assert notifications_cleanup(now=year_on) == {
        "old_notifications": 2,
        "old_summary_pages": 1,
    }
    assert notifications_cleanup() == {"old_notifications": 0, "old_summary_pages": 0}


def test_a_manager_sees_who_on_their_desks_opted_out_of_escalations(world, client):
    officer = world["officer"]
    Profile.objects.create(user=officer, channels={"escalation": "none"})
    client.force_login(world["manager"])
    page = client.get(reverse("notifications:opt_outs")).content.decode()
    assert officer.username in page
    assert "Escalation" in page
    # Another desk's manager does not see them; an officer may not open it.
    client.force_login(world["outsider"])
    assert (
        officer.username
        not in client.get(reverse("notifications:opt_outs")).content.decode()
    )
    client.force_login(officer)
    assert client.get(reverse("notifications:opt_outs")).status_code == 403


def test_the_preferences_page_saves_a_channel_per_kind(world, client):
    officer = world["officer"]
    client.force_login(officer)
    form = client.get(reverse("notifications:preferences")).context["form"]
    data = {
        name: field.initial if field.initial is not None else ""
        for name, field in form.fields.items()
    }
    data.update(
        frequency="weekly",
        digest_hour=8,
        time_zone="Asia/Karachi",
        emails_enabled="on",
        channel_due_soon="app",
        channel_mention="none",
    )
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    profile = Profile.objects.get(user=officer)
    assert profile.frequency == "weekly"
    assert profile.channels["due_soon"] == "app"
    assert profile.channels["mention"] == "none"
