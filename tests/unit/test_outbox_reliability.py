"""The outbox under faults (issue 12, findings 2-4): replays, outages, leases."""

import datetime
import smtplib
import threading
from io import StringIO

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from commitments.models import Commitment
from commitments.services.milestones import milestones_generate
from notifications.models import Delivery, Digest, Watcher
from notifications.selectors import outbox_backlog
from notifications.services import outbox
from notifications.services.digests import (
    SENDING_LEASE,
    digest_resend,
    digest_send,
    digests_dispatch,
    reminders_run,
)
from notifications.services.outbox import outbox_claim, outbox_renew

UTC = datetime.UTC
# A past instant with reminders owed (the JWG meeting of 2026-04-07 is a week
# away), and a wall clock months later.
REPLAYED = "2026-03-31T10:00:00+05:00"
WALL = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def jwg(seeded, system, desk_of_everything):
    """The JWG commitment with an owner and two watchers: three digests owed
    (all three on a desk holding it: a person hears only of what they see)."""
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    users = get_user_model().objects
    owner = desk_of_everything.add(users.create_user("akhan", "akhan@moi.gov.pk"))
    jwg = Commitment.objects.get(reference="jwg-quarterly")
    Commitment.objects.filter(pk=jwg.pk).update(owner=owner)
    for name in ("watcher1", "watcher2"):
        watcher = users.create_user(name, f"{name}@moi.gov.pk")
        Watcher.objects.create(commitment=jwg, user=desk_of_everything.add(watcher))
    return jwg


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def beat_tick() -> None:
    """What the dispatcher task does each minute, run in-process."""
    for digest_id in digests_dispatch():
        digest_send(digest_id=digest_id)


# --- finding 2: a past-dated replay while the dispatcher runs -----------------


class DispatcherRacingBackend(EmailBackend):
    """Mail kept in memory; the regular dispatcher runs while the first one
    is being handed over, as beat would during a slow replay."""

    racing = False

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        if not DispatcherRacingBackend.racing:
            DispatcherRacingBackend.racing = True
            try:
                beat_tick()
            finally:
                DispatcherRacingBackend.racing = False
        return sent


def test_a_past_replay_while_the_dispatcher_runs_sends_each_digest_once(jwg, settings):
    settings.EMAIL_BACKEND = (
        "tests.unit.test_outbox_reliability.DispatcherRacingBackend"
    )
    out = StringIO()
    with time_machine.travel(WALL, tick=False):
        call_command("send_reminders", "--as-of", REPLAYED, stdout=out)
        beat_tick()  # and the next tick finds nothing to take back either
    assert recipients() == [
        "akhan@moi.gov.pk",
        "watcher1@moi.gov.pk",
        "watcher2@moi.gov.pk",
    ]
    claims = Digest.history.filter(history_change_reason="claimed for sending")
    assert {h.claimed_at for h in claims} == {WALL}  # the wall clock, not 2026-03
    assert set(Digest.objects.values_list("status", flat=True)) == {"sent"}


# --- finding 3: SMTP outages ---------------------------------------------------


class OutageBackend(EmailBackend):
    """Refuses every message while the wall clock is inside the outage."""

    outage: tuple[datetime.datetime, datetime.datetime] | None = None

    def send_messages(self, messages):
        start, end = OutageBackend.outage
        if start <= timezone.now() < end:
            raise smtplib.SMTPServerDisconnected("connection refused (outage)")
        return super().send_messages(messages)


@pytest.mark.parametrize(
    "outage",
    [datetime.timedelta(seconds=20), datetime.timedelta(hours=2)],
    ids=["20s", "2h"],
)
def test_an_smtp_outage_then_recovery_delivers_every_email_exactly_once(
    jwg, settings, outage
):
    settings.EMAIL_BACKEND = "tests.unit.test_outbox_reliability.OutageBackend"
    OutageBackend.outage = (WALL, WALL + outage)
    with time_machine.travel(WALL, tick=False) as clock:
        reminders_run(as_of=datetime.datetime.fromisoformat(REPLAYED))
        # Beat's dispatcher every minute, through the outage and an hour after.
        for _ in range(
            int((outage + datetime.timedelta(hours=1)).total_seconds() // 60)
        ):
            beat_tick()
            clock.shift(datetime.timedelta(minutes=1))
    assert recipients() == [
        "akhan@moi.gov.pk",
        "watcher1@moi.gov.pk",
        "watcher2@moi.gov.pk",
    ]
    assert set(Digest.objects.values_list("status", flat=True)) == {"sent"}
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    assert Digest.objects.filter(attempts__gt=1).count() == 3  # all waited


def test_only_an_outage_longer_than_the_window_fails_and_resend_delivers_once(
    jwg, settings, admin_user
):
    settings.EMAIL_BACKEND = "tests.unit.test_outbox_reliability.OutageBackend"
    window = datetime.timedelta(hours=django_settings.TRACKER_OUTBOX_RETRY_WINDOW_HOURS)
    assert window >= datetime.timedelta(hours=48)
    OutageBackend.outage = (WALL, WALL + window + datetime.timedelta(hours=6))
    with time_machine.travel(WALL, tick=False) as clock:
        reminders_run(as_of=datetime.datetime.fromisoformat(REPLAYED))
        beat_tick()
        while Digest.objects.exclude(status="failed").exists():
            # Jump from one retry to the next (every minute would be slow).
            due = Digest.objects.filter(status="retry").order_by("next_attempt_at")
            clock.move_to(due.first().next_attempt_at)
            beat_tick()
        assert timezone.now() - WALL >= window  # retried over the whole window
        backlog = outbox_backlog()
        assert (backlog.failed, backlog.pending, backlog.retrying) == (3, 0, 0)
        assert mail.outbox == []
        clock.move_to(OutageBackend.outage[1])  # SMTP is back
        digest = Digest.objects.order_by("pk").first()
        assert digest_resend(digest_id=digest.pk, actor=admin_user, reason="SMTP fixed")
        assert not digest_resend(digest_id=digest.pk, actor=admin_user, reason="again")
        beat_tick()
        beat_tick()
    assert len(mail.outbox) == 1
    digest.refresh_from_db()
    assert digest.status == "sent"
    assert set(digest.deliveries.values_list("status", flat=True)) == {"sent"}
    resend = digest.history.get(history_change_reason="SMTP fixed")
    assert (resend.history_user, resend.status, resend.attempts) == (
        admin_user,
        "pending",
        0,
    )


def test_the_admin_resends_failed_digests_through_the_service(jwg, client, admin_user):
    reminders_run(as_of=datetime.datetime.fromisoformat(REPLAYED))
    Digest.objects.update(status="failed", last_error="SMTP down")
    Delivery.objects.update(status="failed")
    client.force_login(admin_user)
    response = client.post(
        "/admin/notifications/digest/",
        {
            "action": "resend_failed",
            "_selected_action": list(Digest.objects.values_list("pk", flat=True)),
        },
    )
    assert response.status_code == 302
    assert set(Digest.objects.values_list("status", flat=True)) == {"pending"}
    assert set(Delivery.objects.values_list("status", flat=True)) == {"pending"}
    reasons = Digest.history.filter(history_user=admin_user).values_list(
        "history_change_reason", flat=True
    )
    assert list(reasons) == ["resent by an administrator"] * 3


def test_the_backlog_counts_waiting_and_failed_digests_in_one_query(
    jwg, django_assert_num_queries
):
    with time_machine.travel(WALL, tick=False) as clock:
        reminders_run(as_of=datetime.datetime.fromisoformat(REPLAYED))
        first, second, _ = Digest.objects.order_by("pk")
        Digest.objects.filter(pk=first.pk).update(status="retry")
        Digest.objects.filter(pk=second.pk).update(status="failed")
        clock.shift(datetime.timedelta(minutes=7))
        with django_assert_num_queries(1):
            backlog = outbox_backlog()
    assert backlog.as_dict() == {
        "pending": 1,
        "sending": 0,
        "retrying": 1,
        "failed": 1,
        "oldest_pending_seconds": 420.0,
    }


# --- finding 4: recovery after a killed send -----------------------------------


def test_a_killed_send_is_taken_back_within_two_minutes_and_sent_once(jwg):
    schedule = django_settings.CELERY_BEAT_SCHEDULE["dispatch-digests"]["schedule"]
    assert schedule == crontab(minute="*")  # a tick every minute
    # Worst case: the lease runs out just after a tick; the next one takes it.
    assert SENDING_LEASE + datetime.timedelta(minutes=1) < datetime.timedelta(minutes=2)
    with time_machine.travel(WALL, tick=False) as clock:
        reminders_run(as_of=datetime.datetime.fromisoformat(REPLAYED))
        digest = Digest.objects.order_by("pk").first()
        # The worker claimed it and was SIGKILLed before SMTP heard of it.
        outbox_claim(Digest, digest.pk, timezone.now(), digest.recipient_id)
        clock.shift(SENDING_LEASE - datetime.timedelta(seconds=1))
        assert digest.pk not in digests_dispatch()  # could still be alive
        clock.shift(datetime.timedelta(seconds=2))
        assert digest.pk in digests_dispatch()
        beat_tick()
        beat_tick()
    assert recipients().count(digest.recipient.email) == 1


def test_a_sender_that_renews_its_lease_is_never_taken_back(jwg):
    with time_machine.travel(WALL, tick=False) as clock:
        reminders_run(as_of=datetime.datetime.fromisoformat(REPLAYED))
        digest = Digest.objects.order_by("pk").first()
        attempt = outbox_claim(Digest, digest.pk, timezone.now(), digest.recipient_id)
        for _ in range(10):  # a slow SMTP server: minutes, renewed all along
            clock.shift(outbox.LEASE_RENEWAL)
            assert outbox_renew(Digest, digest.pk, attempt)
            assert digest.pk not in digests_dispatch()
        # A stale sender (its claim was taken back meanwhile) renews nothing.
        assert not outbox_renew(Digest, digest.pk, attempt - 1)


class SlowBackend(EmailBackend):
    """Holds the message until the sender has renewed its lease once."""

    renewed = threading.Event()

    def send_messages(self, messages):
        assert SlowBackend.renewed.wait(timeout=30), "the lease was never renewed"
        return super().send_messages(messages)


def test_the_sender_renews_its_lease_while_smtp_is_slow(jwg, settings, monkeypatch):
    settings.EMAIL_BACKEND = "tests.unit.test_outbox_reliability.SlowBackend"
    renewals = []

    def renew(model, pk, attempt):
        renewals.append((model, pk, attempt))
        SlowBackend.renewed.set()
        return True

    monkeypatch.setattr(outbox, "LEASE_RENEWAL", datetime.timedelta(seconds=0.01))
    monkeypatch.setattr(outbox, "outbox_renew", renew)
    SlowBackend.renewed.clear()
    reminders_run(as_of=datetime.datetime.fromisoformat(REPLAYED))
    digest = Digest.objects.order_by("pk").first()
    assert digest_send(digest_id=digest.pk) == "sent"
    assert renewals[0] == (Digest, digest.pk, 1)
    assert len(mail.outbox) == 1


def test_every_outbox_is_dispatched_every_minute():
    """Reminder digests and weekly summaries share the outbox's lease: each
    dispatcher must tick every minute for a killed send to recover in two."""
    schedule = django_settings.CELERY_BEAT_SCHEDULE
    for entry in ("dispatch-digests", "dispatch-weekly-summaries"):
        assert schedule[entry]["schedule"] == crontab(minute="*"), entry
