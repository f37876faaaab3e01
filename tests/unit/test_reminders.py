import datetime
import smtplib

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail

from commitments.models import Commitment, Milestone
from commitments.services.milestones import (
    milestone_move,
    milestone_transition,
    milestones_generate,
)
from commitments.services.sweeps import milestone_statuses_flag
from notifications.models import (
    Delivery,
    Digest,
    DigestFrequency,
    EscalationLevel,
    Notification,
    Profile,
    Watcher,
)
from notifications.services.digests import (
    SENDING_LEASE,
    digest_send,
    digests_dispatch,
    max_attempts,
    reminders_run,
)
from notifications.services.outbox import outbox_claim

UTC = datetime.UTC


def at(day: str, hour: int = 10) -> datetime.datetime:
    """A moment on `day` at `hour` o'clock in Karachi (UTC+5)."""
    return datetime.datetime.fromisoformat(f"{day}T{hour:02d}:00+05:00")


def run_and_send(as_of: datetime.datetime) -> list[str]:
    reminders_run(as_of=as_of)
    return [digest_send(digest_id=i, now=as_of) for i in digests_dispatch(now=as_of)]


@pytest.fixture
def people(db):
    users = get_user_model().objects
    owner = users.create_user(
        "akhan", "akhan@moi.gov.pk", first_name="A.", last_name="Khan"
    )
    manager = users.create_user("director", "director@moi.gov.pk")
    senior = users.create_user("js", "js@moi.gov.pk")
    Profile.objects.create(user=owner, manager=manager)
    EscalationLevel.objects.filter(level=3).update(senior_user=senior)
    return owner, manager, senior


@pytest.fixture
def jwg(seeded, system, people, desk_of_everything):
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    Commitment.objects.filter(reference="jwg-quarterly").update(owner=people[0])
    jwg = Commitment.objects.get(reference="jwg-quarterly")
    # All three work on the desk of its agreement: a person hears only of
    # what they may see (tests/unit/test_scope_reporting_paths.py).
    desk_of_everything.add(*people)
    return jwg


def sent_steps():
    return list(
        Delivery.objects.filter(status="sent")
        .order_by("created_at", "id")
        .values_list("kind", "step")
    )


def test_reminders_go_out_30_7_1_and_0_days_before_each_once(jwg):
    for day in ("2026-03-08", "2026-03-08", "2026-03-31", "2026-04-06", "2026-04-07"):
        run_and_send(at(day))
    assert sent_steps() == [
        ("reminder", 30),
        ("reminder", 7),
        ("reminder", 1),
        ("reminder", 0),
    ]
    assert len(mail.outbox) == 4
    # The same four events in the product, once each however often the run
    # went (issue 18): one in-app row per reminder, keyed like its Delivery.
    in_app = Notification.objects.filter(milestone__commitment=jwg).order_by("id")
    assert [n.key.split(":")[2] for n in in_app] == ["30", "7", "1", "0"]
    assert {n.kind for n in in_app} == {"due_soon"}


def test_thresholds_passed_while_nothing_ran_are_not_sent_late(jwg):
    run_and_send(at("2026-04-06"))
    assert sent_steps() == [("reminder", 1)]


def test_the_email_has_both_parts_a_link_the_due_date_and_why(jwg, people):
    run_and_send(at("2026-03-31"))
    (message,) = mail.outbox
    assert message.to == ["akhan@moi.gov.pk"]
    assert "Tuesday 07 April 2026" in message.body
    assert "You own this commitment." in message.body
    assert "http://127.0.0.1:8000/commitments/jwg-quarterly/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Quarterly Joint Working Group meetings</a>" in html
    assert message.extra_headers["Message-ID"].startswith("<digest-")


def test_due_date_is_also_stated_in_the_recipients_own_zone(jwg, people):
    Profile.objects.filter(user=people[0]).update(time_zone="Asia/Shanghai")
    run_and_send(at("2026-03-31"))
    assert "Wednesday 08 April 2026 03:00 your time (Asia/Shanghai)" in (
        mail.outbox[0].body
    )


def test_overdue_escalates_to_owner_then_manager_then_senior(jwg, people, system):
    owner, manager, senior = people
    for day in ("2026-04-09", "2026-04-15", "2026-05-08", "2026-05-08"):
        milestone_statuses_flag(as_of=at(day), actor=system)
        run_and_send(at(day))
    escalations = Delivery.objects.filter(kind="escalation", status="sent")
    assert list(escalations.order_by("step").values_list("step", "recipient")) == [
        (1, owner.pk),
        (2, manager.pk),
        (3, senior.pk),
    ]
    assert "You manage A. Khan, the owner" in escalations.get(step=2).reason


def test_one_person_gets_one_digest_listing_all_their_items(jwg, people, system):
    review = Commitment.objects.get(reference="ministerial-review-annual")
    Commitment.objects.filter(pk=review.pk).update(owner=people[0])
    Watcher.objects.create(commitment=review, user=people[1])
    # 2026-12-31: the JWG of 2027-01-07 and the review of the same day are a
    # week away; the three 2026 JWG meetings are overdue.
    milestone_statuses_flag(as_of=at("2026-12-31"), actor=system)
    run_and_send(at("2026-12-31"))
    owner_mail = [m for m in mail.outbox if m.to == ["akhan@moi.gov.pk"]]
    assert len(owner_mail) == 1
    assert owner_mail[0].body.count("Open:") == 5
    watcher_mail = [m for m in mail.outbox if m.to == ["director@moi.gov.pk"]]
    assert len(watcher_mail) == 1
    assert "You watch this commitment." in watcher_mail[0].body


def test_a_daily_digest_waits_for_the_persons_hour(jwg, people):
    Profile.objects.filter(user=people[0]).update(digest_hour=9)
    report = reminders_run(as_of=at("2026-03-31", hour=7))
    assert report.deliveries == 1
    assert report.digests == []  # 07:00 in Karachi: before 09:00
    assert reminders_run(as_of=at("2026-03-31", hour=9)).digests != []


def test_an_immediate_preference_sends_at_once(jwg, people):
    Profile.objects.filter(user=people[0]).update(
        frequency=DigestFrequency.IMMEDIATE, digest_hour=23
    )
    assert run_and_send(at("2026-03-31", hour=1)) == ["sent"]


def test_a_completed_milestone_gets_no_reminder(jwg, people):
    officer = people[0]
    reminders_run(as_of=at("2026-03-31"))
    milestone_transition(milestone=jwg.milestones.first(), status="done", actor=officer)
    outcomes = [
        digest_send(digest_id=i, now=at("2026-03-31"))
        for i in digests_dispatch(now=at("2026-03-31"))
    ]
    assert outcomes == ["cancelled"]
    assert mail.outbox == []
    assert Delivery.objects.get().status == "cancelled"


def test_a_rescheduled_milestone_moves_its_reminders(jwg, people):
    officer = people[0]
    reminders_run(as_of=at("2026-03-31"))
    milestone_move(
        milestone=jwg.milestones.first(),
        due_date=datetime.date(2026, 5, 5),
        actor=officer,
        reason="postponed at China's request",
    )
    assert run_and_send(at("2026-03-31")) == ["cancelled"]
    run_and_send(at("2026-04-28"))
    assert sent_steps() == [("reminder", 7)]
    assert Delivery.objects.get(status="sent").due_date == datetime.date(2026, 5, 5)


def test_a_second_send_of_the_same_digest_sends_nothing(jwg):
    reminders_run(as_of=at("2026-03-31"))
    digest = Digest.objects.get()
    assert digest_send(digest_id=digest.pk, now=at("2026-03-31")) == "sent"
    assert digest_send(digest_id=digest.pk, now=at("2026-03-31")) == "not claimable"
    assert len(mail.outbox) == 1


class FailingBackend:
    """An SMTP connection that always refuses, as a server that is down would."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("connection refused by test server")


def test_smtp_errors_retry_with_backoff_then_fail_visibly(jwg, settings):
    settings.EMAIL_BACKEND = "tests.unit.test_reminders.FailingBackend"
    settings.TRACKER_OUTBOX_RETRY_WINDOW_HOURS = 1  # a short window, same rules
    now = at("2026-03-31")
    reminders_run(as_of=now)
    digest = Digest.objects.get()
    outcomes = []
    for _ in range(max_attempts()):
        # Retry times are wall-clock stamps: travel to each one.
        now = max(now, Digest.objects.get().next_attempt_at)
        with time_machine.travel(now, tick=False):
            outcomes.append(digest_send(digest_id=digest.pk))
    assert outcomes == ["retry"] * (max_attempts() - 1) + ["failed"]
    digest.refresh_from_db()
    assert digest.status == "failed"
    assert "SMTPServerDisconnected" in digest.last_error
    assert digest.attempts == max_attempts()
    assert Delivery.objects.get().status == "failed"
    delays = list(
        Digest.history.filter(status="retry")
        .order_by("history_id")
        .values_list("next_attempt_at", "history_date")
    )
    waits = [due - when for due, when in delays]
    # Doubling, then capped; the whole series covers the window.
    assert waits[:4] == [datetime.timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert max(waits) == datetime.timedelta(minutes=15)
    assert sum(waits, datetime.timedelta(0)) >= datetime.timedelta(hours=1)


def test_a_worker_lost_after_smtp_costs_at_most_one_duplicate(jwg):
    now = at("2026-03-31")
    reminders_run(as_of=now)
    digest = Digest.objects.get()
    # The worker claimed the digest and handed it to SMTP, then died before
    # the database heard: the digest stays "sending".
    mail.outbox.append("handed to SMTP before the crash")
    with time_machine.travel(now, tick=False):
        outbox_claim(Digest, digest.pk, now, digest.recipient_id)
    with time_machine.travel(now + SENDING_LEASE / 2, tick=False):
        assert digests_dispatch() == []
    later = now + SENDING_LEASE + datetime.timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        assert digests_dispatch() == [digest.pk]
        assert digest_send(digest_id=digest.pk) == "sent"
        assert digest_send(digest_id=digest.pk) == "not claimable"
    assert len(mail.outbox) == 2  # the lost one and exactly one resend
    assert Digest.objects.get().attempts == 2


def test_people_without_email_or_with_emails_off_get_nothing(jwg, people):
    Profile.objects.filter(user=people[0]).update(emails_enabled=False)
    assert reminders_run(as_of=at("2026-03-31")).deliveries == 0
    assert Milestone.objects.filter(deliveries__isnull=False).count() == 0


def test_a_cadence_change_keeps_a_milestone_someone_was_reminded_of(jwg, system):
    """Issue 10, finding 6: regenerating deleted it, and its reminders with it."""

    from commitments.services.commitments import commitment_update

    run_and_send(at("2026-03-08"))
    first = jwg.milestones.order_by("due_date").first()
    assert first.due_date == datetime.date(2026, 4, 7)
    assert first.deliveries.count() == 1
    with time_machine.travel(at("2026-03-09"), tick=False):
        commitment_update(
            commitment=jwg,
            actor=system,
            reason="new plan from the JWG chairs",
            cadence_start=datetime.date(2026, 4, 20),
        )
    assert Milestone.objects.filter(pk=first.pk).exists()
    assert Delivery.objects.filter(milestone=first.pk).count() == 1
    # An untouched later one, never reminded of, still makes way for the plan.
    days = set(jwg.milestones.values_list("due_date", flat=True))
    assert datetime.date(2026, 7, 7) not in days
    assert datetime.date(2026, 7, 20) in days


def test_a_new_digest_names_the_system_account_and_the_run(
    seeded, system, desk_of_everything
):
    # Reminders go only to people who may see the agreement (issue 14).
    desk_of_everything.add(system)
    milestones_generate(
        as_of=datetime.datetime(2026, 1, 8, 4, tzinfo=UTC), actor=system
    )
    Commitment.objects.filter(reference="jwg-quarterly").update(owner=system)
    system.email = "system@localhost"
    system.is_active = True
    system.save()
    reminders_run(as_of=datetime.datetime(2026, 3, 31, 5, tzinfo=UTC))
    created = Digest.history.get(history_type="+")
    assert created.history_user == system
    assert created.history_change_reason == "reminder run"
