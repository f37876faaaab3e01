"""The sweep with nothing to do asks the milestones' index and stops there; with
something flagged, its commitments still follow, and repairs are by state."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.models import Commitment, Milestone, StatusChoices
from commitments.services.milestones import milestones_generate
from commitments.services.sweeps import milestone_statuses_flag

UTC = datetime.UTC
AS_OF = datetime.datetime(2026, 7, 10, 6, tzinfo=UTC)
MILESTONES = Milestone._meta.db_table


@pytest.fixture
def swept(seeded, system):
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    report = milestone_statuses_flag(as_of=AS_OF, actor=system)
    assert report.milestones_overdue > 0
    assert report.commitments_overdue > 0


def make_late(commitments) -> Commitment:
    """Move a future milestone of an open, not overdue commitment into the past."""
    milestone = Milestone.objects.filter(
        commitment__in=commitments.filter(
            status__in=[StatusChoices.PLANNED, StatusChoices.DUE_SOON]
        ),
        due_at__gt=AS_OF,
    ).first()
    Milestone.objects.filter(pk=milestone.pk).update(
        due_at=AS_OF - datetime.timedelta(hours=1)
    )
    return milestone.commitment


def test_a_sweep_with_nothing_to_flag_never_reads_the_commitments(swept, system):
    with CaptureQueriesContext(connection) as queries:
        report = milestone_statuses_flag(as_of=AS_OF, actor=system)
    assert set(report.as_dict().values()) == {0}
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    # Two probes, both on the milestones ("due and not flagged", due soon).
    assert [sql.split()[1] for sql in updates] == [f'"{MILESTONES}"'] * 2


def test_a_late_milestone_still_makes_its_commitment_overdue(swept, system):
    commitment = make_late(Commitment.objects.all())
    report = milestone_statuses_flag(as_of=AS_OF, actor=system)
    assert report.commitments_overdue == 1
    commitment.refresh_from_db()
    assert commitment.status == StatusChoices.OVERDUE


def test_once_anything_is_flagged_every_commitment_left_behind_is_repaired(
    swept, system
):
    # A commitment put back to planned outside the services, its milestone
    # still overdue: the next sweep that flags anything repairs it too.
    behind = Commitment.objects.filter(status=StatusChoices.OVERDUE).first()
    Commitment.objects.filter(pk=behind.pk).update(status=StatusChoices.PLANNED)
    make_late(Commitment.objects.exclude(pk=behind.pk))
    report = milestone_statuses_flag(as_of=AS_OF, actor=system)
    assert report.commitments_overdue == 2
    behind.refresh_from_db()
    assert behind.status == StatusChoices.OVERDUE
