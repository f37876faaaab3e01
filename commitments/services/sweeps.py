"""The sweep that keeps milestone statuses true: due soon, then overdue.

It selects by state ("past due, still open, not yet flagged"), never by
"since the last run", so a missed or repeated run changes nothing twice.
"""

import datetime
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from commitments.lifecycle import OPEN_STATUSES
from commitments.models import Commitment, Milestone, StatusChoices
from core.bulk import update_with_history

SWEEP_REASON = "overdue sweep"
# A commitment a person closed (done, missed, cancelled) keeps its milestones
# as they are: nothing of it is flagged any more.
OPEN = [status.value for status in OPEN_STATUSES]
# One key for every sweep: two sweeps at once queue on it instead of racing.
SWEEP_LOCK_KEY = zlib.crc32(b"commitments.milestone_statuses_flag")


@dataclass(frozen=True)
class SweepReport:
    """How many rows one sweep changed."""

    milestones_overdue: int
    milestones_due_soon: int
    commitments_overdue: int
    commitments_due_soon: int

    def as_dict(self) -> dict[str, int]:
        return self.__dict__.copy()


def _lock_sweep() -> None:
    # SQLite transactions are IMMEDIATE (settings), which serialises writers.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SWEEP_LOCK_KEY])


@transaction.atomic
def milestone_statuses_flag(
    *,
    as_of: datetime.datetime,
    actor: AbstractBaseUser,
    due_soon_days: int | None = None,
    commitment_ids: list[int] | None = None,
    reason: str = SWEEP_REASON,
) -> SweepReport:
    """Flag open milestones overdue (past due) or due soon (inside the window);
    only those of `commitment_ids` when given (a commitment just made is
    flagged by the same rule as the hourly run, in its own transaction)."""
    _lock_sweep()
    window = datetime.timedelta(days=due_soon_days or settings.TRACKER_DUE_SOON_DAYS)
    now = timezone.now()
    audit = {"actor_id": actor.pk, "reason": reason, "when": now}
    milestones = Milestone.objects.all()
    commitments = Commitment.objects.all()
    if commitment_ids is not None:
        milestones = milestones.filter(commitment_id__in=commitment_ids)
        commitments = commitments.filter(pk__in=commitment_ids)
    overdue = update_with_history(
        milestones.filter(
            status__in=[StatusChoices.PLANNED, StatusChoices.DUE_SOON],
            due_at__lte=as_of,
            commitment__status__in=OPEN,
        ),
        values={"status": StatusChoices.OVERDUE, "overdue_flagged_at": now},
        **audit,
    )
    due_soon = update_with_history(
        milestones.filter(
            status=StatusChoices.PLANNED,
            due_at__gt=as_of,
            due_at__lte=as_of + window,
            commitment__status__in=OPEN,
        ),
        values={"status": StatusChoices.DUE_SOON},
        **audit,
    )
    # A commitment's status follows its milestones: every other path that
    # changes a milestone refreshes its commitment in the same transaction
    # (services/milestones.py), so only this run's flags can leave one behind.
    # When nothing was flagged, nothing needs following: the hourly no-op run
    # is answered by the two index probes above (milestone_status_due_at),
    # without the commitments' pass over every overdue milestone (~100 ms at
    # 1,000,000 milestones; docs/performance.md). Once anything is flagged the
    # pass runs in full, by state, repairing whatever it finds.
    commitments_overdue = (
        update_with_history(
            commitments.filter(
                status__in=[StatusChoices.PLANNED, StatusChoices.DUE_SOON],
            ).filter(
                Exists(
                    Milestone.objects.filter(
                        commitment=OuterRef("pk"), status=StatusChoices.OVERDUE
                    )
                )
            ),
            values={"status": StatusChoices.OVERDUE},
            **audit,
        )
        if overdue
        else []
    )
    commitments_due_soon = (
        update_with_history(
            commitments.filter(status=StatusChoices.PLANNED).filter(
                Exists(
                    Milestone.objects.filter(
                        commitment=OuterRef("pk"), status=StatusChoices.DUE_SOON
                    )
                )
            ),
            values={"status": StatusChoices.DUE_SOON},
            **audit,
        )
        if due_soon
        else []
    )
    return SweepReport(
        milestones_overdue=len(overdue),
        milestones_due_soon=len(due_soon),
        commitments_overdue=len(commitments_overdue),
        commitments_due_soon=len(commitments_due_soon),
    )
