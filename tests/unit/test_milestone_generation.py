import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from commitments.models import Commitment, FollowUp, Milestone
from commitments.services.commitments import commitment_update
from commitments.services.milestones import (
    GENERATION_REASON,
    milestone_add,
    milestone_move,
    milestone_transition,
    milestones_generate,
    suggest_working_day,
)
from commitments.services.sweeps import milestone_statuses_flag

UTC = datetime.UTC
AFTER_TALKS = datetime.datetime(2026, 1, 8, 4, 0, tzinfo=UTC)


def days(reference):
    return [
        m.due_date.isoformat()
        for m in Milestone.objects.filter(commitment__reference=reference)
    ]


@pytest.fixture
def generated(seeded, system):
    return milestones_generate(as_of=AFTER_TALKS, actor=system)


def test_seed_cadences_produce_dated_milestones(generated):
    assert days("jwg-quarterly") == [
        "2026-04-07",
        "2026-07-07",
        "2026-10-07",
        "2027-01-07",
    ]
    # The annual ministerial review falls due a year after the talks.
    assert days("ministerial-review-annual") == ["2027-01-07"]
    assert days("global-security-cooperation-forum") == ["2026-09-30"]


def test_undated_commitments_get_no_milestone_until_a_date_is_set(generated):
    assert days("islamabad-protection-unit") == []
    assert days("npa-bpc-agreement") == []


def test_generation_is_recorded_as_the_system_account(generated, system):
    record = Milestone.history.filter(commitment__reference="jwg-quarterly").first()
    assert record.history_user == system
    assert record.history_change_reason == GENERATION_REASON


def test_generating_twice_creates_nothing_new(generated, system):
    count = Milestone.objects.count()
    again = milestones_generate(as_of=AFTER_TALKS, actor=system)
    assert again.created_count == 0
    assert Milestone.objects.count() == count
    assert Milestone.history.count() == count


def test_the_rolling_horizon_moves_forward(generated, system):
    later = milestones_generate(
        as_of=datetime.datetime(2026, 7, 8, tzinfo=UTC), actor=system
    )
    # 12 months ahead of 2026-07-08 reaches the April and July 2027 meetings.
    assert later.created["jwg-quarterly"] == [
        datetime.date(2027, 4, 7),
        datetime.date(2027, 7, 7),
    ]


def test_due_instant_is_the_end_of_the_day_in_the_agreement_zone(generated):
    first = Milestone.objects.filter(commitment__reference="jwg-quarterly").first()
    # 2026-04-08 00:00 in Asia/Karachi (UTC+5) is 2026-04-07 19:00 UTC.
    assert first.due_at == datetime.datetime(2026, 4, 7, 19, 0, tzinfo=UTC)


def test_a_cadence_change_keeps_touched_milestones(generated, officer):
    jwg = Commitment.objects.get(reference="jwg-quarterly")
    first, second, third, fourth = jwg.milestones.all()
    milestone_transition(
        milestone=first,
        status="done",
        actor=officer,
        completed_on=datetime.date(2026, 4, 7),
    )
    FollowUp.objects.create(
        commitment=jwg,
        milestone=third,
        author=officer,
        kind="note",
        happened_on=datetime.date(2026, 1, 9),
        note="Venue booked",
    )
    with time_machine.travel(AFTER_TALKS, tick=False):
        commitment_update(
            commitment=jwg,
            actor=officer,
            reason="both sides agreed to meet twice a year",
            cadence_rrule="FREQ=MONTHLY;INTERVAL=6",
        )
    remaining = days("jwg-quarterly")
    # Done (April) and noted (October) stay; July and January were untouched
    # and leave; the new plan adds nothing new before the horizon except
    # those already there (April and October are on the six-month plan).
    assert "2026-04-07" in remaining
    assert "2026-10-07" in remaining
    assert "2026-07-07" not in remaining
    assert "2027-01-07" not in remaining
    assert not Milestone.objects.filter(pk=second.pk).exists()
    deleted = Milestone.history.filter(id=fourth.pk, history_type="-").get()
    assert deleted.history_user == officer


def test_bad_cadences_are_refused_and_nothing_saved(generated, officer):
    jwg = Commitment.objects.get(reference="jwg-quarterly")
    for rule in ("FREQ=SOMETIMES", "FREQ=MONTHLY;INTERVAL=0", "not a rule"):
        with pytest.raises(ValidationError):
            commitment_update(
                commitment=jwg, actor=officer, reason="typo", cadence_rrule=rule
            )
    with pytest.raises(ValidationError):
        commitment_update(
            commitment=jwg,
            actor=officer,
            reason="typo",
            cadence_end=datetime.date(2026, 1, 1),
        )
    jwg.refresh_from_db()
    assert jwg.cadence_rrule == "FREQ=MONTHLY;INTERVAL=3"
    assert jwg.cadence_end is None
    assert len(days("jwg-quarterly")) == 4


def test_an_impossible_date_is_a_clear_error(seeded):
    forum = Commitment.objects.get(reference="global-security-cooperation-forum")
    forum.due_date = "2026-02-30"
    with pytest.raises(ValidationError, match="invalid date"):
        forum.full_clean()


def test_a_monthly_cadence_from_the_31st_falls_on_each_month_end(seeded, officer):
    unit = Commitment.objects.get(reference="rapid-response-systems")
    with time_machine.travel(AFTER_TALKS, tick=False):
        commitment_update(
            commitment=unit,
            actor=officer,
            reason="monthly progress report agreed",
            cadence_rrule="FREQ=MONTHLY",
            cadence_start=datetime.date(2026, 1, 31),
        )
    assert days("rapid-response-systems")[:3] == [
        "2026-01-31",
        "2026-02-28",
        "2026-03-31",
    ]


def test_reschedule_needs_a_reason_and_keeps_the_plan_date(generated, officer):
    first = Milestone.objects.filter(commitment__reference="jwg-quarterly").first()
    with pytest.raises(ValidationError, match="why"):
        milestone_move(
            milestone=first,
            due_date=datetime.date(2026, 5, 5),
            actor=officer,
            reason="",
        )
    moved = milestone_move(
        milestone=first,
        due_date=datetime.date(2026, 5, 5),
        actor=officer,
        reason="postponed at China's request",
    )
    assert moved.scheduled_date == datetime.date(2026, 4, 7)
    assert moved.due_date == datetime.date(2026, 5, 5)
    assert moved.is_rescheduled
    latest = moved.history.latest()
    assert latest.history_change_reason == "postponed at China's request"
    assert latest.history_user == officer


def test_holidays_of_either_party_are_marked_and_a_working_day_suggested(
    generated, officer
):
    jwg = Commitment.objects.get(reference="jwg-quarterly")
    labour_day = milestone_add(
        commitment=jwg,
        due_date=datetime.date(2026, 5, 1),
        actor=officer,
        reason="extra meeting",
    )
    assert "PK: " in labour_day.non_working_note
    assert "CN: " in labour_day.non_working_note
    suggestion = suggest_working_day(labour_day)
    assert suggestion > datetime.date(2026, 5, 1)
    assert suggestion.weekday() < 5
    assert labour_day.is_extra


def test_a_cadence_change_creates_no_occurrences_in_the_past(generated, officer):
    jwg = Commitment.objects.get(reference="jwg-quarterly")
    with time_machine.travel(datetime.datetime(2026, 9, 1, 6, tzinfo=UTC), tick=False):
        commitment_update(
            commitment=jwg,
            actor=officer,
            reason="monthly from now on",
            cadence_rrule="FREQ=MONTHLY",
        )
    created_in_the_past = [
        day for day in days("jwg-quarterly") if "2026-05" <= day < "2026-09-01"
    ]
    # April and July were generated back in January; nothing new before today.
    assert created_in_the_past == ["2026-07-07"]
    assert "2026-09-07" in days("jwg-quarterly")


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


def test_a_first_schedule_shows_meetings_that_fell_due_before_tracking(seeded, system):
    # Loaded in November: April, July and October were due and nobody said
    # whether they happened, so they appear (and the sweep flags them).
    milestones_generate(
        as_of=datetime.datetime(2026, 11, 27, 9, tzinfo=UTC), actor=system
    )
    assert days("jwg-quarterly")[:3] == ["2026-04-07", "2026-07-07", "2026-10-07"]
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
