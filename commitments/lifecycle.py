"""Milestone and commitment statuses and the transitions allowed between them.

Pure Python: no ORM, so the rules are tested without a database.
"""

from enum import StrEnum

# Labels are translated lazily, when shown (no ORM: still pure).
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Status(StrEnum):
    PLANNED = "planned"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    DONE = "done"
    MISSED = "missed"
    CANCELLED = "cancelled"


# Lazy: translated when shown, in the reader's language.
LABELS: dict[Status, str | Promise] = {
    Status.PLANNED: _("Planned"),
    Status.DUE_SOON: _("Due soon"),
    Status.OVERDUE: _("Overdue"),
    Status.DONE: _("Done"),
    Status.MISSED: _("Missed"),
    Status.CANCELLED: _("Cancelled"),
}

OPEN_STATUSES = frozenset({Status.PLANNED, Status.DUE_SOON, Status.OVERDUE})
CLOSED_STATUSES = frozenset({Status.DONE, Status.MISSED, Status.CANCELLED})
# Closing without meeting the commitment must say why.
REASON_REQUIRED = frozenset({Status.MISSED, Status.CANCELLED})

ALLOWED: dict[Status, frozenset[Status]] = {
    Status.PLANNED: frozenset(
        {Status.DUE_SOON, Status.OVERDUE, Status.DONE, Status.MISSED, Status.CANCELLED}
    ),
    Status.DUE_SOON: frozenset(
        {Status.PLANNED, Status.OVERDUE, Status.DONE, Status.MISSED, Status.CANCELLED}
    ),
    Status.OVERDUE: frozenset(
        {Status.PLANNED, Status.DUE_SOON, Status.DONE, Status.MISSED, Status.CANCELLED}
    ),
    # A closed milestone reopens only to "planned" (a mistake corrected).
    Status.DONE: frozenset({Status.PLANNED}),
    Status.MISSED: frozenset({Status.PLANNED}),
    Status.CANCELLED: frozenset({Status.PLANNED}),
}


class TransitionError(ValueError):
    """A status change the lifecycle forbids, or one missing its reason."""


def check_transition(current: str, target: str, *, reason: str = "") -> bool:
    """Return True when the status changes, False for a no-op; raise if forbidden."""
    source, destination = Status(current), Status(target)
    if source == destination:
        return False
    if destination not in ALLOWED[source]:
        raise TransitionError(
            gettext("A milestone cannot go from '%(source)s' to '%(target)s'.")
            % {"source": LABELS[source], "target": LABELS[destination]}
        )
    if destination in REASON_REQUIRED and not reason.strip():
        raise TransitionError(
            gettext("Marking a milestone '%(target)s' needs a reason.")
            % {"target": LABELS[destination]}
        )
    return True


def is_open(status: str) -> bool:
    """Whether a milestone in this status still has work to do."""
    return Status(status) in OPEN_STATUSES


def derive_commitment_status(
    milestone_statuses: list[str], *, current: str, is_recurring: bool
) -> str:
    """An open commitment takes the most urgent status of its milestones.

    A commitment a person closed keeps its status. A one-off whose milestones
    are all closed is done if any was done, else missed or cancelled; a
    recurring one stays planned, because its next occurrence is coming.
    """
    if not is_open(current) or not milestone_statuses:
        return current
    statuses = {Status(status) for status in milestone_statuses}
    for urgent in (Status.OVERDUE, Status.DUE_SOON, Status.PLANNED):
        if urgent in statuses:
            return urgent.value
    if is_recurring:
        return Status.PLANNED.value
    if Status.DONE in statuses:
        return Status.DONE.value
    if statuses == {Status.CANCELLED}:
        return Status.CANCELLED.value
    return Status.MISSED.value
