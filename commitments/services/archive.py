"""Archiving instead of deleting: a commitment leaves the lists, the sweeps and
the reminders, every row of it stays, and restoring brings it back.

See docs/decisions/0003-archive-not-delete.md.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from commitments import lifecycle
from commitments.models import Commitment, StatusChoices
from commitments.services.commitments import commitment_set_status
from core.history import save_with_history

ARCHIVE_REASON_MAX = Commitment._meta.get_field("archive_reason").max_length
# simple_history keeps a change reason in 100 characters; the whole reason
# stays on the commitment (archive_reason), the history row gets its start.
HISTORY_REASON_MAX = 100


def _history_reason(verb: str, reason: str) -> str:
    return Truncator(f"{verb}: {reason}").chars(HISTORY_REASON_MAX)


def _reason(reason: str, verb: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError(f"{verb} a commitment needs a reason.")
    if len(reason) > ARCHIVE_REASON_MAX:
        raise ValidationError(
            f"The reason is longer than {ARCHIVE_REASON_MAX} characters."
        )
    return reason


def _locked(commitment: Commitment) -> Commitment:
    return Commitment.objects.select_for_update().get(pk=commitment.pk)


@transaction.atomic
def commitment_archive(
    *, commitment: Commitment, actor: AbstractBaseUser, reason: str
) -> Commitment:
    """Archive a commitment with a reason: an open one is first closed as
    cancelled through the lifecycle; nothing is deleted."""
    reason = _reason(reason, "Archiving")
    locked = _locked(commitment)
    if locked.is_archived:
        raise ValidationError(f"{locked.reference!r} is already archived.")
    from_status = locked.status
    if lifecycle.is_open(from_status):
        # Closed, it drops out of the sweeps, reminders, calendars and My work,
        # which all follow open commitments only.
        locked = commitment_set_status(
            commitment=locked,
            status=StatusChoices.CANCELLED,
            actor=actor,
            reason=_history_reason("archived", reason),
        )
    locked.archived_at = timezone.now()
    locked.archived_by = actor
    locked.archive_reason = reason
    locked.archived_from_status = from_status
    # An edit form opened before the archive is refused, not applied.
    locked.version += 1
    return save_with_history(
        locked, actor=actor, reason=_history_reason("archived", reason)
    )


@transaction.atomic
def commitment_restore(
    *, commitment: Commitment, actor: AbstractBaseUser, reason: str
) -> Commitment:
    """Undo an archive: clear it and, if archiving closed the commitment,
    reopen it so that it follows its milestones again."""
    reason = _reason(reason, "Restoring")
    locked = _locked(commitment)
    if not locked.is_archived:
        raise ValidationError(f"{locked.reference!r} is not archived.")
    was_open = lifecycle.is_open(locked.archived_from_status)
    locked.archived_at = None
    locked.archived_by = None
    locked.archive_reason = ""
    locked.archived_from_status = ""
    locked.version += 1
    save_with_history(locked, actor=actor, reason=_history_reason("restored", reason))
    if was_open and locked.status == StatusChoices.CANCELLED:
        locked = commitment_set_status(
            commitment=locked,
            status=StatusChoices.PLANNED,
            actor=actor,
            reason=_history_reason("restored", reason),
        )
    return locked
