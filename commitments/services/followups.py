"""Follow-ups: what a person logs against a commitment, and the changes it carries."""

import datetime
from enum import StrEnum
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.text import Truncator

from commitments.models import (
    Commitment,
    FollowUp,
    FollowUpKind,
    Milestone,
    StatusChoices,
)
from commitments.permissions import can_apply_followup
from commitments.services.dates import check_dates
from commitments.services.history import save_with_history
from commitments.services.milestones import (
    commitment_set_status,
    milestone_reschedule,
    milestone_set_status,
)

# simple_history keeps a change reason in 100 characters.
REASON_MAX_LENGTH = 100

# The first bytes each accepted type starts with: a renamed executable is
# refused even when its name ends in ".pdf". Office formats are ZIP files.
_ZIP = (b"PK\x03\x04",)
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": _ZIP,
    "xlsx": _ZIP,
    "pptx": _ZIP,
    "odt": _ZIP,
    "ods": _ZIP,
}
TEXT_TYPES = frozenset({"txt", "csv"})


class FollowUpAction(StrEnum):
    """What a follow-up does besides recording a note."""

    NOTE = "note"
    COMPLETE = "complete"
    STATUS = "status"
    RESCHEDULE = "reschedule"


def evidence_check(file: File) -> None:
    """Refuse an evidence file that is too big, of a type not allowed, or not
    what its name says."""
    limit = settings.TRACKER_EVIDENCE_MAX_BYTES
    if file.size is not None and file.size > limit:
        raise ValidationError(
            {
                "evidence_file": (
                    f"The file is {filesizeformat(file.size)}; evidence may be at "
                    f"most {filesizeformat(limit)}."
                )
            }
        )
    extension = PurePath(file.name or "").suffix.lower().lstrip(".")
    allowed = settings.TRACKER_EVIDENCE_EXTENSIONS
    if extension not in allowed:
        raise ValidationError(
            {
                "evidence_file": (
                    f"Files of type “.{extension or '?'}” are not accepted; "
                    f"upload one of: {', '.join(sorted(allowed))}."
                )
            }
        )
    file.seek(0)
    head = file.read(2048)
    file.seek(0)
    if extension in TEXT_TYPES:
        looks_right = b"\x00" not in head
    else:
        looks_right = head.startswith(SIGNATURES.get(extension, (b"",)))
    if not looks_right:
        raise ValidationError(
            {"evidence_file": f"The file's content is not a .{extension} file."}
        )


def _reason(reason: str, note: str, default: str) -> str:
    return Truncator(reason.strip() or note.strip() or default).chars(REASON_MAX_LENGTH)


def _milestone_of(commitment: Commitment, milestone: Milestone | None) -> Milestone:
    if milestone is None:
        raise ValidationError({"milestone": "Choose the milestone this concerns."})
    if milestone.commitment_id != commitment.pk:
        raise ValidationError(
            {"milestone": "The milestone belongs to another commitment."}
        )
    return milestone


@transaction.atomic
def followup_log(
    *,
    commitment: Commitment,
    actor: AbstractBaseUser,
    happened_on: datetime.date,
    action: str = FollowUpAction.NOTE,
    milestone: Milestone | None = None,
    note: str = "",
    status: str = "",
    reason: str = "",
    due_date: datetime.date | None = None,
    evidence_file: File | None = None,
    evidence_url: str = "",
) -> FollowUp:
    """Log a follow-up and apply what it says (done, a status, a new date) in one
    transaction: either the entry and its change are both stored, or neither.
    Raises PermissionDenied when the actor may not make that change (the page,
    an import and the API all come through here, so the rule holds for each)."""
    action = FollowUpAction(action)
    if not can_apply_followup(
        actor, commitment, action, on_milestone=milestone is not None
    ):
        raise PermissionDenied(
            "You may log notes on this commitment, but only its owner or a "
            "manager may complete, move or re-status its milestones."
        )
    check_dates(happened_on=happened_on, due_date=due_date)
    if evidence_file:
        evidence_check(evidence_file)
    if action == FollowUpAction.NOTE and not (
        note.strip() or evidence_file or evidence_url
    ):
        raise ValidationError({"note": "Write a note or attach evidence."})
    needs_milestone = action in (FollowUpAction.COMPLETE, FollowUpAction.RESCHEDULE)
    target = milestone
    if needs_milestone or milestone is not None:
        target = _milestone_of(commitment, milestone)
    from_status = target.status if target else commitment.status
    kind, to_status, summary = FollowUpKind.NOTE, "", ""

    if action == FollowUpAction.COMPLETE:
        kind, to_status = FollowUpKind.COMPLETION, StatusChoices.DONE
        milestone_set_status(
            milestone=target,
            status=StatusChoices.DONE,
            actor=actor,
            reason=_reason(reason, note, "completed"),
            completed_on=happened_on,
        )
    elif action == FollowUpAction.STATUS:
        if not status:
            raise ValidationError({"status": "Choose the new status."})
        kind, to_status = FollowUpKind.STATUS_CHANGE, status
        if target is not None:
            milestone_set_status(
                milestone=target,
                status=status,
                actor=actor,
                reason=Truncator(reason.strip()).chars(REASON_MAX_LENGTH),
                completed_on=happened_on,
            )
        else:
            commitment_set_status(
                commitment=commitment,
                status=status,
                actor=actor,
                reason=Truncator(reason.strip()).chars(REASON_MAX_LENGTH),
            )
        summary = reason.strip()
    elif action == FollowUpAction.RESCHEDULE:
        if due_date is None:
            raise ValidationError({"due_date": "Choose the new date."})
        if not reason.strip():
            raise ValidationError({"reason": "Say why the milestone moves."})
        kind = FollowUpKind.RESCHEDULE
        old_date = target.due_date
        moved = milestone_reschedule(
            milestone=target,
            due_date=due_date,
            actor=actor,
            reason=Truncator(reason.strip()).chars(REASON_MAX_LENGTH),
        )
        to_status = moved.status
        summary = f"Moved from {old_date:%Y-%m-%d} to {due_date:%Y-%m-%d}: {reason}"
    elif evidence_file or evidence_url:
        kind = FollowUpKind.EVIDENCE

    followup = FollowUp(
        commitment=commitment,
        milestone=target,
        author=actor,
        kind=kind,
        happened_on=happened_on,
        note="\n\n".join(part for part in (summary, note.strip()) if part),
        from_status=from_status if to_status else "",
        to_status=to_status,
        evidence_url=evidence_url,
    )
    if evidence_file:
        # Assigned, not saved yet: the file is written by the save below, last,
        # so a refused status change leaves no stray file behind.
        followup.evidence_file = evidence_file
    return save_with_history(
        followup, actor=actor, reason=f"follow-up: {kind.label.lower()}"
    )
