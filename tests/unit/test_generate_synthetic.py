import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commitments.cadence import due_at
from commitments.models import (
    Agreement,
    Commitment,
    DatePrecision,
    Milestone,
    Obligation,
    StatusChoices,
)
from commitments.services.sweeps import SWEEP_REASON, milestone_statuses_flag
from core.history import system_user

AS_OF = datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)
ARGS = (
    "--agreements",
    "3",
    "--commitments",
    "20",
    "--milestones",
    "200",
    "--overdue-fraction",
    "0.25",
    "--as-of",
    "2026-06-01T00:00Z",
)


def generate() -> str:
    stderr = StringIO()
    call_command("generate_synthetic", *ARGS, stdout=StringIO(), stderr=stderr)
    return stderr.getvalue()


def counts() -> tuple[int, int, int, int]:
    return (
        Agreement.objects.count(),
        Commitment.objects.count(),
        Obligation.objects.count(),
        Milestone.objects.count(),
    )


def sweep() -> int:
    return milestone_statuses_flag(as_of=AS_OF, actor=system_user()).milestones_overdue


@pytest.mark.django_db
def test_generate_synthetic_writes_the_requested_rows_and_reports_progress():
    progress = generate()

    assert counts() == (3, 20, 20, 200)
    assert "milestones: 200/200 (100%)" in progress
    assert "commitments: 20/20 (100%)" in progress
    assert set(Milestone.objects.values_list("status", flat=True)) == {
        StatusChoices.PLANNED
    }
    assert set(Agreement.objects.values_list("time_zone", flat=True)) == {
        "Asia/Karachi"
    }


@pytest.mark.django_db
def test_generate_synthetic_mixes_recurring_and_one_off_commitments():
    generate()

    recurring = Commitment.objects.exclude(cadence_rrule="")
    one_off = Commitment.objects.filter(cadence_rrule="")
    assert recurring.exists()
    assert one_off.exists()
    assert Commitment.objects.values("kind").distinct().count() > 2
    for commitment in recurring:
        assert commitment.cadence_rrule == "FREQ=MONTHLY;INTERVAL=3"
        assert commitment.cadence_start is not None
        assert commitment.due_date is None
        assert commitment.due_precision == DatePrecision.UNKNOWN
    for commitment in one_off:
        assert commitment.due_date is not None
        assert commitment.due_precision == DatePrecision.DAY


@pytest.mark.django_db
def test_generate_synthetic_due_at_ends_the_due_day_in_karachi():
    generate()

    for milestone in Milestone.objects.all():
        assert milestone.due_at == due_at(milestone.due_date, "Asia/Karachi")
        assert milestone.scheduled_date == milestone.due_date
        # Overdue at AS_OF, or clear of the due-soon window.
        assert milestone.due_at <= AS_OF or milestone.due_at > AS_OF + (
            datetime.timedelta(days=30)
        )


@pytest.mark.django_db
def test_generate_synthetic_writes_no_history_for_bulk_rows():
    generate()

    assert Agreement.history.count() == 0
    assert Commitment.history.count() == 0
    assert Obligation.history.count() == 0
    assert Milestone.history.count() == 0


@pytest.mark.django_db
def test_generate_synthetic_twice_doubles_the_rows_with_unique_references():
    generate()
    generate()

    assert counts() == (6, 40, 40, 400)
    for model in (Agreement, Commitment):
        references = list(model.objects.values_list("reference", flat=True))
        assert len(references) == len(set(references))
        assert all(reference.startswith("syn-") for reference in references)


@pytest.mark.django_db
def test_sweep_flags_exactly_the_overdue_fraction_after_each_run():
    generate()
    assert sweep() == 50

    generate()
    assert sweep() == 50
    assert Milestone.objects.filter(status=StatusChoices.OVERDUE).count() == 100
    assert Milestone.history.filter(history_change_reason=SWEEP_REASON).count() == 100


@pytest.mark.django_db
def test_sweep_after_two_runs_flags_both_runs_overdue_milestones():
    generate()
    generate()

    report = milestone_statuses_flag(as_of=AS_OF, actor=system_user())

    assert report.milestones_overdue == 100
    assert report.milestones_due_soon == 0
    assert (
        report.commitments_overdue
        == Commitment.objects.filter(milestones__status=StatusChoices.OVERDUE)
        .distinct()
        .count()
    )


@pytest.mark.django_db
def test_generate_synthetic_refuses_an_overdue_fraction_above_one():
    with pytest.raises(CommandError, match=r"not in 0\.\.1"):
        call_command(
            "generate_synthetic",
            "--agreements",
            "1",
            "--commitments",
            "1",
            "--milestones",
            "1",
            "--overdue-fraction",
            "1.5",
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert Milestone.objects.count() == 0


@pytest.mark.django_db
def test_generate_synthetic_beside_the_seed_reuses_its_parties(seeded):
    agreements_before = Agreement.objects.count()

    generate()

    assert Agreement.objects.count() == agreements_before + 3
    obligation = Obligation.objects.filter(
        commitment__reference__startswith="syn-"
    ).first()
    assert not obligation.party.code.startswith("SYN")
