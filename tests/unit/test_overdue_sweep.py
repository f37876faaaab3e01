import datetime
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction

from commitments import selectors
from commitments.models import Commitment, Milestone
from commitments.services.milestones import milestone_transition, milestones_generate
from commitments.services.sweeps import SWEEP_REASON, milestone_statuses_flag

UTC = datetime.UTC


@pytest.fixture
def generated(seeded, system):
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)


def first_jwg():
    return Milestone.objects.filter(commitment__reference="jwg-quarterly").first()


def test_first_jwg_is_overdue_once_its_day_has_ended_in_karachi(generated, system):
    # 18:59 UTC is 23:59 in Karachi on the due day: not late yet.
    milestone_statuses_flag(
        as_of=datetime.datetime(2026, 4, 7, 18, 59, tzinfo=UTC), actor=system
    )
    assert first_jwg().status == "due_soon"
    # 20:30 UTC is already 8 April in Karachi (the UTC date is still the 7th).
    report = milestone_statuses_flag(
        as_of=datetime.datetime(2026, 4, 7, 20, 30, tzinfo=UTC), actor=system
    )
    assert report.milestones_overdue == 1
    assert first_jwg().status == "overdue"
    assert Commitment.objects.get(reference="jwg-quarterly").status == "overdue"


def test_the_sweep_flags_each_milestone_once_with_one_history_row(generated, system):
    as_of = datetime.datetime(2026, 7, 10, tzinfo=UTC)
    first = milestone_statuses_flag(as_of=as_of, actor=system)
    second = milestone_statuses_flag(as_of=as_of, actor=system)
    assert first.milestones_overdue == 2  # April and July JWG meetings
    assert second.milestones_overdue == 0
    for milestone in Milestone.objects.filter(status="overdue"):
        flagged = milestone.history.filter(status="overdue")
        assert flagged.count() == 1
        assert flagged.get().history_user == system
        assert flagged.get().history_change_reason == SWEEP_REASON
        assert milestone.overdue_flagged_at is not None


def test_milestones_inside_the_window_are_due_soon(generated, system):
    report = milestone_statuses_flag(
        as_of=datetime.datetime(2026, 3, 30, tzinfo=UTC), actor=system
    )
    assert report.milestones_due_soon == 1
    assert first_jwg().status == "due_soon"
    assert Commitment.objects.get(reference="jwg-quarterly").status == "due_soon"


def test_a_completed_milestone_is_never_flagged(generated, system, officer):
    milestone_transition(
        milestone=first_jwg(),
        status="done",
        actor=officer,
        completed_on=datetime.date(2026, 4, 6),
    )
    report = milestone_statuses_flag(
        as_of=datetime.datetime(2026, 4, 20, tzinfo=UTC), actor=system
    )
    assert report.milestones_overdue == 0
    assert first_jwg().status == "done"
    assert first_jwg().completed_on == datetime.date(2026, 4, 6)


def test_forbidden_and_reasonless_transitions_are_refused(generated, officer):
    milestone = first_jwg()
    milestone_transition(milestone=milestone, status="done", actor=officer)
    with pytest.raises(ValidationError, match=r"'Done'.*'Overdue'"):
        milestone_transition(milestone=milestone, status="overdue", actor=officer)
    second = Milestone.objects.filter(commitment__reference="jwg-quarterly")[1]
    with pytest.raises(ValidationError, match="needs a reason"):
        milestone_transition(milestone=second, status="cancelled", actor=officer)
    before = milestone.history.count()
    milestone_transition(milestone=milestone, status="done", actor=officer)
    assert milestone.history.count() == before  # same status: a no-op


def test_a_one_off_commitment_is_done_when_its_milestone_is(generated, officer):
    forum = Milestone.objects.get(
        commitment__reference="global-security-cooperation-forum"
    )
    milestone_transition(
        milestone=forum,
        status="done",
        actor=officer,
        completed_on=datetime.date(2026, 9, 15),
    )
    commitment = Commitment.objects.get(reference="global-security-cooperation-forum")
    assert commitment.status == "done"
    assert commitment.history.latest().history_user == officer


def test_cadence_compliance_counts_meetings_held_on_time(generated, system, officer):
    jwg = Commitment.objects.get(reference="jwg-quarterly")
    april, july, *_ = jwg.milestones.all()
    milestone_transition(
        milestone=april,
        status="done",
        actor=officer,
        completed_on=datetime.date(2026, 4, 7),
    )
    milestone_transition(
        milestone=july,
        status="done",
        actor=officer,
        completed_on=datetime.date(2026, 7, 20),  # late
    )
    as_of = datetime.datetime(2026, 10, 20, tzinfo=UTC)
    assert selectors.cadence_compliance(commitment=jwg, as_of=as_of) == (1, 3)


def test_commands_replay_a_moment_and_print_what_changed(generated, capsys):
    call_command("flag_overdue", "--as-of", "2026-04-09T09:00+05:00")
    out = capsys.readouterr().out
    assert "milestones overdue: 1" in out
    call_command("generate_milestones", "--as-of", "2026-07-08T00:00Z")
    out = capsys.readouterr().out
    assert "jwg-quarterly: 2027-04-07, 2027-07-07" in out
    assert "Created 2 milestone(s)." in out


def test_an_ongoing_commitment_takes_its_status_by_hand(generated, officer):
    from commitments.services.commitments import commitment_set_status

    cyber = Commitment.objects.get(reference="cybercrime-nccia")
    commitment_set_status(
        commitment=cyber,
        status="done",
        actor=officer,
        reason="NCCIA cooperation framework in place",
    )
    cyber.refresh_from_db()
    assert cyber.status == "done"
    assert cyber.history.latest().history_change_reason == (
        "NCCIA cooperation framework in place"
    )


def test_a_recurring_commitment_status_follows_its_milestones(generated, officer):
    from commitments.services.commitments import commitment_set_status

    jwg = Commitment.objects.get(reference="jwg-quarterly")
    with pytest.raises(ValidationError, match="follows its milestones"):
        commitment_set_status(commitment=jwg, status="due_soon", actor=officer)
    commitment_set_status(
        commitment=jwg, status="cancelled", actor=officer, reason="JWG replaced"
    )
    assert Commitment.objects.get(reference="jwg-quarterly").status == "cancelled"
    report = milestone_statuses_flag(
        as_of=datetime.datetime(2026, 12, 1, tzinfo=UTC), actor=officer
    )
    assert report.milestones_overdue == 1  # the forum only; the JWG is closed


def test_frozen_clock_seed_first_jwg_overdue_and_review_a_year_after_talks(
    seeded, capsys
):
    # The commands take "now" from the clock when no --as-of is given.
    with time_machine.travel(
        datetime.datetime(2026, 1, 8, 9, 0, tzinfo=UTC), tick=False
    ):
        call_command("generate_milestones")
    review = Milestone.objects.get(commitment__reference="ministerial-review-annual")
    assert review.due_date == datetime.date(2027, 1, 7)  # talks: 2026-01-07
    with time_machine.travel(
        datetime.datetime(2026, 4, 9, 9, 0, tzinfo=UTC), tick=False
    ):
        call_command("flag_overdue")
    assert "milestones overdue: 1" in capsys.readouterr().out
    assert first_jwg().status == "overdue"
    assert review.__class__.objects.get(pk=review.pk).status == "planned"


# serialized_rollback: a plain transactional test flushes and re-creates the
# content types under new ids, which breaks the next test that restores them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_sweep_does_not_undo_a_cancel_committed_while_it_waited(seeded, system):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    milestones_generate(
        as_of=datetime.datetime(2026, 1, 8, 4, tzinfo=UTC), actor=system
    )
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
