"""The weekly summary to managers: exactly once per manager per ISO week,
retried on SMTP errors within a bound, and taken back when a worker dies."""

import datetime
import smtplib
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from commitments.permissions import MANAGER, POLICY_OFFICER
from notifications.services.outbox import SENDING_LEASE, max_attempts
from reporting.models import SummaryStatus, WeeklySummary
from reporting.services.weekly_summary import (
    iso_week,
    managers,
    weekly_summaries_create,
    weekly_summaries_dispatch,
    weekly_summary_send,
)
from reporting.tasks import run_weekly_summary_task, send_weekly_summary_task
from tests.factories import UserFactory
from tests.unit import test_dashboard
from tests.unit.test_dashboard import at

# The lived-in seed of the dashboard tests, shared as fixtures.
manager = test_dashboard.manager
portfolio = test_dashboard.portfolio
_empty_cache = test_dashboard._empty_cache


MONDAY = datetime.datetime(2026, 7, 13, 3, 0, tzinfo=datetime.UTC)


class BrokenConnection:
    """An SMTP connection whose server refuses every message."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def team(portfolio):
    second = UserFactory(username="director", email="director@example.org")
    second.groups.add(Group.objects.get(name=MANAGER))
    UserFactory(username="gone", email="gone@example.org", is_active=False).groups.add(
        Group.objects.get(name=MANAGER)
    )
    UserFactory(username="no-mail", email="").groups.add(
        Group.objects.get(name=MANAGER)
    )
    UserFactory(username="officer2", email="o@example.org").groups.add(
        Group.objects.get(name=POLICY_OFFICER)
    )
    return [portfolio["manager"], second]


def send_all(now: datetime.datetime) -> list[str]:
    return [
        weekly_summary_send(summary_id=summary_id, now=now)
        for summary_id in weekly_summaries_dispatch(now=now)
    ]


def test_managers_are_active_people_in_the_manager_group_with_an_email(team):
    assert list(managers()) == team


def test_iso_week_is_the_utc_week():
    assert iso_week(MONDAY) == "2026-W29"
    # Sunday 23:30 in UTC is still week 28, even where it is already Monday.
    assert iso_week(datetime.datetime(2026, 7, 12, 23, 30, tzinfo=datetime.UTC)) == (
        "2026-W28"
    )


def test_each_manager_gets_one_summary_a_week_however_often_it_runs(team):
    with at(MONDAY):
        first = weekly_summaries_create(as_of=MONDAY)
        assert len(first) == 2
        assert send_all(MONDAY) == ["sent", "sent"]
        # A second run, an overlapping beat, a retried task: nothing more.
        assert weekly_summaries_create(as_of=MONDAY) == []
        assert send_all(MONDAY) == []
        assert weekly_summary_send(summary_id=first[0], now=MONDAY) == "not claimable"
    assert sorted(m.to[0] for m in mail.outbox) == [
        "director@example.org",
        "mgr@example.org",
    ]
    assert WeeklySummary.objects.filter(status=SummaryStatus.SENT).count() == 2
    # Next week is another summary.
    next_week = MONDAY + datetime.timedelta(days=7)
    with at(next_week):
        assert len(weekly_summaries_create(as_of=next_week)) == 2


def test_the_email_says_what_is_late_and_why_with_links(team):
    with at(MONDAY):
        weekly_summaries_create(as_of=MONDAY)
        send_all(MONDAY)
    message = next(m for m in mail.outbox if m.to == ["mgr@example.org"])
    assert message.subject.startswith("Commitment Tracker weekly summary 2026-W29:")
    assert "1 overdue" in message.subject
    assert "Chinese side proposed 20 July" in message.body
    assert f"{settings.SITE_URL.rstrip('/')}/reports/" in message.body
    html = message.alternatives[0][0]
    assert "Late, and why" in html
    summary = WeeklySummary.objects.get(recipient__username="mgr")
    assert message.extra_headers["Message-ID"] == summary.message_id
    history = summary.history.order_by("history_date", "history_id")
    assert [(h.status, h.history_change_reason) for h in history] == [
        ("pending", "weekly summary run"),
        ("sending", "claimed for sending"),
        ("sent", "sent"),
    ]
    assert {h.history_user.username for h in history} == {"system"}


def test_smtp_errors_are_retried_then_fail_for_good(team, settings):
    settings.TRACKER_OUTBOX_RETRY_WINDOW_HOURS = 1  # a short window, same rules
    bound = max_attempts()
    with at(MONDAY):
        (summary_id, _) = weekly_summaries_create(as_of=MONDAY)
    now, outcomes = MONDAY, []
    for _ in range(bound):
        outcomes.append(
            weekly_summary_send(
                summary_id=summary_id, now=now, connection=BrokenConnection()
            )
        )
        retry_at = WeeklySummary.objects.get(pk=summary_id).next_attempt_at
        if outcomes[-1] == "retry":
            # Not before its time: the delays grow, and are bounded.
            early = retry_at - datetime.timedelta(seconds=1)
            assert summary_id not in weekly_summaries_dispatch(now=early)
        now = retry_at
    assert outcomes == ["retry"] * (bound - 1) + ["failed"]
    summary = WeeklySummary.objects.get(pk=summary_id)
    assert (summary.status, summary.attempts) == (SummaryStatus.FAILED, bound)
    assert "SMTPServerDisconnected" in summary.last_error
    assert summary_id not in weekly_summaries_dispatch(now=now + datetime.timedelta(1))
    assert mail.outbox == []


def test_a_summary_whose_worker_died_is_taken_back_and_sent(team):
    with at(MONDAY):
        (summary_id, _) = weekly_summaries_create(as_of=MONDAY)
        WeeklySummary.objects.filter(pk=summary_id).update(
            status=SummaryStatus.SENDING, claimed_at=MONDAY, attempts=1
        )
    later = MONDAY + SENDING_LEASE / 2
    with at(later):  # leases are wall-clock stamps (issue 12)
        assert summary_id not in weekly_summaries_dispatch(now=later)
    much_later = MONDAY + SENDING_LEASE + datetime.timedelta(minutes=1)
    with at(much_later):
        assert summary_id in weekly_summaries_dispatch(now=much_later)
        assert weekly_summary_send(summary_id=summary_id, now=much_later) == "sent"


def test_someone_no_longer_a_manager_is_not_sent_it(team):
    with at(MONDAY):
        ids = weekly_summaries_create(as_of=MONDAY)
        team[1].groups.clear()
        outcomes = sorted(weekly_summary_send(summary_id=pk, now=MONDAY) for pk in ids)
    assert outcomes == ["cancelled", "sent"]
    assert [m.to for m in mail.outbox] == [["mgr@example.org"]]


def test_the_tasks_take_ids_and_iso_strings_and_run_twice_harmlessly(
    team, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(
        "reporting.tasks.send_weekly_summary_task.delay",
        lambda summary_id: sent.append(send_weekly_summary_task(summary_id)),
    )
    with at(MONDAY), pytest.raises(ValueError, match="time zone"):
        run_weekly_summary_task("2026-07-13T03:00")
    with at(MONDAY), django_capture_on_commit_callbacks(execute=True):
        assert run_weekly_summary_task(MONDAY.isoformat())["summaries"] == 2
    with at(MONDAY), django_capture_on_commit_callbacks(execute=True):
        assert run_weekly_summary_task(MONDAY.isoformat())["summaries"] == 0
    assert sent == ["sent", "sent"]
    assert len(mail.outbox) == 2


def test_the_operator_command_sends_and_prints(team):
    out = StringIO()
    with at(MONDAY):
        call_command("send_weekly_summary", "--as-of", MONDAY.isoformat(), stdout=out)
        call_command("send_weekly_summary", "--as-of", MONDAY.isoformat(), stdout=out)
    text = out.getvalue()
    assert "sent: mgr@example.org (2026-W29)" in text
    assert "0 summary(ies) due" in text
    assert len(mail.outbox) == 2
    with pytest.raises(CommandError, match="time zone"):
        call_command("send_weekly_summary", "--as-of", "2026-07-13T03:00")


def test_the_beat_runs_it_on_monday_mornings():
    entry = settings.CELERY_BEAT_SCHEDULE["weekly-summary-monday"]
    assert entry["task"] == "reporting.run_weekly_summary"
    schedule = entry["schedule"]
    assert schedule.day_of_week == {1}
    assert (schedule.hour, schedule.minute) == ({3}, {0})
    retry = settings.CELERY_BEAT_SCHEDULE["dispatch-weekly-summaries"]
    assert retry["task"] == "reporting.dispatch_weekly_summaries"
