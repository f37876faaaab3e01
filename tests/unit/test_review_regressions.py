"""Regressions found in review: each test failed before its fix."""

import datetime
import threading

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.urls import reverse
from icalendar import Calendar

from commitments.models import Commitment, Milestone
from commitments.permissions import POLICY_OFFICER
from commitments.services.commitments import commitment_set_status, commitment_update
from commitments.services.milestones import (
    milestone_transition,
    milestones_generate,
)
from commitments.services.sweeps import milestone_statuses_flag
from notifications.models import Digest
from notifications.services.digests import reminders_run
from notifications.services.preferences import profile_ensure

UTC = datetime.UTC
AFTER_TALKS = datetime.datetime(2026, 1, 8, 4, 0, tzinfo=UTC)


@pytest.fixture
def generated(seeded, system):
    milestones_generate(as_of=AFTER_TALKS, actor=system)


def jwg_days():
    return [
        m.due_date.isoformat()
        for m in Milestone.objects.filter(commitment__reference="jwg-quarterly")
    ]


def test_a_cadence_change_creates_no_occurrences_in_the_past(generated, officer):
    jwg = Commitment.objects.get(reference="jwg-quarterly")
    with time_machine.travel(datetime.datetime(2026, 9, 1, 6, tzinfo=UTC), tick=False):
        commitment_update(
            commitment=jwg,
            actor=officer,
            reason="monthly from now on",
            cadence_rrule="FREQ=MONTHLY",
        )
    created_in_the_past = [day for day in jwg_days() if "2026-05" <= day < "2026-09-01"]
    # April and July were generated back in January; nothing new before today.
    assert created_in_the_past == ["2026-07-07"]
    assert "2026-09-07" in jwg_days()


def test_last_completion_schedule_does_not_keep_the_old_month_end(seeded, officer):
    unit = Commitment.objects.get(reference="rapid-response-systems")
    with time_machine.travel(AFTER_TALKS, tick=False):
        commitment_update(
            commitment=unit,
            actor=officer,
            reason="monthly report, counted from the last one",
            cadence_rrule="FREQ=MONTHLY",
            cadence_start=datetime.date(2026, 1, 31),
            schedule_basis="last_completion",
        )
    first = Milestone.objects.get(commitment=unit)
    assert first.due_date == datetime.date(2026, 1, 31)
    with time_machine.travel(datetime.datetime(2026, 2, 10, 6, tzinfo=UTC)):
        milestone_transition(
            milestone=first,
            status="done",
            actor=officer,
            completed_on=datetime.date(2026, 2, 10),
        )
        milestones_generate(as_of=datetime.datetime.now(UTC), actor=officer)
    following = Milestone.objects.filter(commitment=unit).exclude(pk=first.pk).get()
    assert following.due_date == datetime.date(2026, 3, 10)


def test_a_closed_commitment_can_be_reopened(generated, officer):
    jwg = Commitment.objects.get(reference="jwg-quarterly")
    commitment_set_status(
        commitment=jwg, status="cancelled", actor=officer, reason="paused"
    )
    reopened = commitment_set_status(
        commitment=jwg, status="planned", actor=officer, reason="talks resumed"
    )
    assert reopened.status == "planned"


def test_closed_or_last_completion_commitments_do_not_repeat_in_calendars(
    generated, officer, client
):
    # A feed serves only people who may still read commitments.
    officer.groups.add(Group.objects.get(name=POLICY_OFFICER))
    Commitment.objects.filter(reference="jwg-quarterly").update(owner=officer)
    jwg = Commitment.objects.get(reference="jwg-quarterly")
    commitment_set_status(
        commitment=jwg, status="cancelled", actor=officer, reason="replaced"
    )
    token = profile_ensure(user=officer).calendar_token
    feed = Calendar.from_ical(
        client.get(reverse("feeds:personal_feed", args=[token])).content
    )
    assert all("RRULE" not in event for event in feed.walk("VEVENT"))


def test_a_new_digest_names_the_system_account_and_the_run(generated, system):
    Commitment.objects.filter(reference="jwg-quarterly").update(owner=system)
    system.email = "system@localhost"
    system.is_active = True
    system.save()
    reminders_run(as_of=datetime.datetime(2026, 3, 31, 5, tzinfo=UTC))
    created = Digest.history.get(history_type="+")
    assert created.history_user == system
    assert created.history_change_reason == "reminder run"


# serialized_rollback: a plain transactional test flushes and re-creates the
# content types under new ids, which breaks the next test that restores them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_sweep_does_not_undo_a_cancel_committed_while_it_waited(seeded, system):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    milestones_generate(as_of=AFTER_TALKS, actor=system)
    first = Milestone.objects.filter(commitment__reference="jwg-quarterly").first()
    locked, release = threading.Event(), threading.Event()

    def person_cancels() -> None:
        try:
            with transaction.atomic():
                milestone = Milestone.objects.select_for_update().get(pk=first.pk)
                locked.set()
                release.wait(timeout=30)
                milestone.status, milestone.status_reason = "cancelled", "called off"
                milestone.save()
        finally:
            connection.close()

    def release_once_the_sweep_waits() -> None:
        # Commit the person's change only when the sweep is blocked on its row.
        try:
            with connection.cursor() as cursor:
                for _ in range(3000):
                    cursor.execute(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE wait_event_type = 'Lock' "
                        "AND datname = current_database()"
                    )
                    if cursor.fetchone()[0]:
                        break
                    cursor.execute("SELECT pg_sleep(0.01)")
        finally:
            release.set()
            connection.close()

    person = threading.Thread(target=person_cancels)
    person.start()
    assert locked.wait(timeout=30)
    watcher = threading.Thread(target=release_once_the_sweep_waits)
    watcher.start()
    report = milestone_statuses_flag(
        as_of=datetime.datetime(2026, 4, 9, tzinfo=UTC), actor=system
    )
    person.join(timeout=30)
    watcher.join(timeout=30)
    assert report.milestones_overdue == 0
    assert Milestone.objects.get(pk=first.pk).status == "cancelled"


def test_a_first_schedule_shows_meetings_that_fell_due_before_tracking(seeded, system):
    # Loaded in November: April, July and October were due and nobody said
    # whether they happened, so they appear (and the sweep flags them).
    milestones_generate(
        as_of=datetime.datetime(2026, 11, 27, 9, tzinfo=UTC), actor=system
    )
    assert jwg_days()[:3] == ["2026-04-07", "2026-07-07", "2026-10-07"]
    report = milestone_statuses_flag(
        as_of=datetime.datetime(2026, 11, 27, 9, tzinfo=UTC), actor=system
    )
    assert report.milestones_overdue == 4  # the three meetings and the forum
    assert (
        Milestone.objects.filter(
            commitment__reference="jwg-quarterly", status="overdue"
        ).count()
        == 3
    )
