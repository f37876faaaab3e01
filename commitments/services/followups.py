"""Follow-ups: what a person logs against a commitment, and the change it carries.

One service per action the follow-up form offers: `followup_log` (a note or
evidence), `milestone_complete`, `milestone_reschedule`, `milestone_status_set`.
Each stores the entry and its change in one transaction, or neither; each
refuses (PermissionDenied) what the actor may not change: the page, the admin's
actions, an import and the API all come through here, so the rule holds for each.
"""

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
    FollowUpVisibility,
    Milestone,
    StatusChoices,
)
from commitments.permissions import can_apply_followup, is_counterpart
from commitments.services.commitments import commitment_set_status
from commitments.services.dates import check_dates
from commitments.services.joint import AWAITING, milestone_side_done
from commitments.services.milestones import milestone_move, milestone_transition
from commitments.sides import milestone_sides
from core.history import save_with_history

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


def _visibility_for(actor: AbstractBaseUser, visibility: str | None) -> str:
    """Internal unless chosen otherwise; the other side's own entries are
    always shared (it cannot write what it may not read)."""
    if is_counterpart(actor):
        if visibility not in (None, FollowUpVisibility.SHARED):
            raise ValidationError(
                {"visibility": "The counterpart's follow-ups are always shared."}
            )
        return FollowUpVisibility.SHARED
    if visibility is None:
        return FollowUpVisibility.INTERNAL
    if visibility not in FollowUpVisibility.values:
        raise ValidationError({"visibility": f"Unknown visibility {visibility!r}."})
    return visibility


def _history_reason(text: str) -> str:
    return Truncator(text).chars(REASON_MAX_LENGTH)


def _milestone_of(commitment: Commitment, milestone: Milestone | None) -> Milestone:
    if milestone is None:
        raise ValidationError({"milestone": "Choose the milestone this concerns."})
    if milestone.commitment_id != commitment.pk:
        raise ValidationError(
            {"milestone": "The milestone belongs to another commitment."}
        )
    return milestone


def _admit(
    action: FollowUpAction,
    *,
    commitment: Commitment,
    actor: AbstractBaseUser,
    on_milestone: bool,
    happened_on: datetime.date,
    evidence_file: File | None,
    due_date: datetime.date | None = None,
) -> None:
    """The checks every follow-up passes first: the actor's right, the dates,
    the evidence file."""
    if not can_apply_followup(actor, commitment, action, on_milestone=on_milestone):
        raise PermissionDenied(
            "You may log notes on this commitment, but only its owner or a "
            "manager may complete, move or re-status its milestones."
        )
    check_dates(happened_on=happened_on, due_date=due_date)
    if evidence_file:
        evidence_check(evidence_file)


def _record(
    *,
    commitment: Commitment,
    milestone: Milestone | None,
    actor: AbstractBaseUser,
    kind: FollowUpKind,
    happened_on: datetime.date,
    note: str,
    evidence_file: File | None,
    evidence_url: str,
    summary: str = "",
    from_status: str = "",
    to_status: str = "",
    visibility: str | None = None,
    reason: str = "",
) -> FollowUp:
    followup = FollowUp(
        commitment=commitment,
        milestone=milestone,
        author=actor,
        kind=kind,
        happened_on=happened_on,
        note="\n\n".join(part for part in (summary, note.strip()) if part),
        from_status=from_status,
        to_status=to_status,
        evidence_url=evidence_url,
        visibility=_visibility_for(actor, visibility),
    )
    if evidence_file:
        # Assigned, not saved yet: the file is written by the save below, last,
        # so a refused status change leaves no stray file behind.
        followup.evidence_file = evidence_file
    label = f"follow-up: {kind.label.lower()}"
    return save_with_history(
        followup,
        actor=actor,
        reason=_history_reason(
            f"{label}: {reason.strip()}" if reason.strip() else label
        ),
    )


def _joint_side_done(
    *,
    commitment: Commitment,
    milestone: Milestone,
    actor: AbstractBaseUser,
    happened_on: datetime.date,
    note: str,
    evidence_file: File | None,
    evidence_url: str,
    visibility: str | None,
) -> FollowUp:
    """A joint milestone marked done by the ministry: its side's word, and
    done only once the other side confirms too (services/joint.py)."""
    from_status = milestone.status
    word = milestone_side_done(
        milestone=milestone, actor=actor, happened_on=happened_on, note=note
    )
    milestone.refresh_from_db()
    return _record(
        commitment=commitment,
        milestone=milestone,
        actor=actor,
        kind=FollowUpKind.COMPLETION,
        happened_on=happened_on,
        note=note,
        evidence_file=evidence_file,
        evidence_url=evidence_url,
        summary=(
            "Done on both sides."
            if word.completed
            else f"Done on the ministry's side. {AWAITING}"
        ),
        from_status=from_status if word.completed else "",
        to_status=milestone.status if word.completed else "",
        visibility=visibility,
    )


@transaction.atomic
def followup_log(
    *,
    commitment: Commitment,
    actor: AbstractBaseUser,
    happened_on: datetime.date,
    milestone: Milestone | None = None,
    note: str = "",
    evidence_file: File | None = None,
    evidence_url: str = "",
    visibility: str | None = None,
    reason: str = "",
) -> FollowUp:
    """Log a note or evidence against a commitment (or one of its milestones);
    it changes nothing else. `reason`, optional, is kept on its history row."""
    _admit(
        FollowUpAction.NOTE,
        commitment=commitment,
        actor=actor,
        on_milestone=milestone is not None,
        happened_on=happened_on,
        evidence_file=evidence_file,
    )
    if not (note.strip() or evidence_file or evidence_url):
        raise ValidationError({"note": "Write a note or attach evidence."})
    target = _milestone_of(commitment, milestone) if milestone is not None else None
    return _record(
        visibility=visibility,
        commitment=commitment,
        milestone=target,
        actor=actor,
        kind=(
            FollowUpKind.EVIDENCE
            if evidence_file or evidence_url
            else FollowUpKind.NOTE
        ),
        happened_on=happened_on,
        note=note,
        evidence_file=evidence_file,
        evidence_url=evidence_url,
        reason=reason,
    )


@transaction.atomic
def milestone_complete(
    *,
    commitment: Commitment,
    milestone: Milestone | None,
    actor: AbstractBaseUser,
    happened_on: datetime.date,
    reason: str = "",
    note: str = "",
    evidence_file: File | None = None,
    evidence_url: str = "",
    visibility: str | None = None,
) -> FollowUp:
    """Mark a milestone done on the day it happened, and log it."""
    _admit(
        FollowUpAction.COMPLETE,
        commitment=commitment,
        actor=actor,
        on_milestone=milestone is not None,
        happened_on=happened_on,
        evidence_file=evidence_file,
    )
    target = _milestone_of(commitment, milestone)
    from_status = target.status
    if milestone_sides(target).is_joint:
        return _joint_side_done(
            commitment=commitment,
            milestone=target,
            actor=actor,
            happened_on=happened_on,
            note=note,
            evidence_file=evidence_file,
            evidence_url=evidence_url,
            visibility=visibility,
        )
    milestone_transition(
        milestone=target,
        status=StatusChoices.DONE,
        actor=actor,
        reason=_history_reason(reason.strip() or note.strip() or "completed"),
        completed_on=happened_on,
    )
    return _record(
        visibility=visibility,
        commitment=commitment,
        milestone=target,
        actor=actor,
        kind=FollowUpKind.COMPLETION,
        happened_on=happened_on,
        note=note,
        evidence_file=evidence_file,
        evidence_url=evidence_url,
        from_status=from_status,
        to_status=StatusChoices.DONE,
    )


@transaction.atomic
def milestone_reschedule(
    *,
    commitment: Commitment,
    milestone: Milestone | None,
    due_date: datetime.date | None,
    actor: AbstractBaseUser,
    happened_on: datetime.date,
    reason: str,
    note: str = "",
    evidence_file: File | None = None,
    evidence_url: str = "",
    visibility: str | None = None,
) -> FollowUp:
    """Move a milestone to another day (reason required), and log the move."""
    _admit(
        FollowUpAction.RESCHEDULE,
        commitment=commitment,
        actor=actor,
        on_milestone=milestone is not None,
        happened_on=happened_on,
        evidence_file=evidence_file,
        due_date=due_date,
    )
    target = _milestone_of(commitment, milestone)
    from_status = target.status
    if due_date is None:
        raise ValidationError({"due_date": "Choose the new date."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the milestone moves."})
    old_date = target.due_date
    moved = milestone_move(
        milestone=target,
        due_date=due_date,
        actor=actor,
        reason=_history_reason(reason.strip()),
    )
    return _record(
        visibility=visibility,
        commitment=commitment,
        milestone=target,
        actor=actor,
        kind=FollowUpKind.RESCHEDULE,
        happened_on=happened_on,
        note=note,
        evidence_file=evidence_file,
        evidence_url=evidence_url,
        summary=f"Moved from {old_date:%Y-%m-%d} to {due_date:%Y-%m-%d}: {reason}",
        from_status=from_status,
        to_status=moved.status,
    )


@transaction.atomic
def milestone_status_set(
    *,
    commitment: Commitment,
    milestone: Milestone | None,
    status: str,
    actor: AbstractBaseUser,
    happened_on: datetime.date,
    reason: str = "",
    note: str = "",
    evidence_file: File | None = None,
    evidence_url: str = "",
    visibility: str | None = None,
) -> FollowUp:
    """Set a milestone's status (or, with no milestone, the commitment's own: a
    manager's call), and log it; missed and cancelled need a reason."""
    _admit(
        FollowUpAction.STATUS,
        commitment=commitment,
        actor=actor,
        on_milestone=milestone is not None,
        happened_on=happened_on,
        evidence_file=evidence_file,
    )
    target = _milestone_of(commitment, milestone) if milestone is not None else None
    from_status = target.status if target else commitment.status
    if not status:
        raise ValidationError({"status": "Choose the new status."})
    history_reason = _history_reason(reason.strip())
    if (
        target is not None
        and status == StatusChoices.DONE
        and milestone_sides(target).is_joint
    ):
        return _joint_side_done(
            commitment=commitment,
            milestone=target,
            actor=actor,
            happened_on=happened_on,
            note=note,
            evidence_file=evidence_file,
            evidence_url=evidence_url,
            visibility=visibility,
        )
    if target is not None:
        milestone_transition(
            milestone=target,
            status=status,
            actor=actor,
            reason=history_reason,
            completed_on=happened_on,
        )
    else:
        commitment_set_status(
            commitment=commitment, status=status, actor=actor, reason=history_reason
        )
    return _record(
        visibility=visibility,
        commitment=commitment,
        milestone=target,
        actor=actor,
        kind=FollowUpKind.STATUS_CHANGE,
        happened_on=happened_on,
        note=note,
        evidence_file=evidence_file,
        evidence_url=evidence_url,
        summary=reason.strip(),
        from_status=from_status,
        to_status=status,
    )


@transaction.atomic
def followup_visibility_set(
    *,
    followup: FollowUp,
    visibility: str,
    actor: AbstractBaseUser,
    reason: str,
) -> FollowUp:
    """Share a follow-up with the counterpart or take it back to internal;
    the history row names who and why. The other side's own entries stay
    shared, and only staff who may log here change it."""
    if is_counterpart(actor) or not can_apply_followup(
        actor, followup.commitment, FollowUpAction.NOTE, on_milestone=False
    ):
        raise PermissionDenied("You may not change who sees this follow-up.")
    if visibility not in FollowUpVisibility.values:
        raise ValidationError({"visibility": f"Unknown visibility {visibility!r}."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why: it goes into the history."})
    locked = FollowUp.objects.select_for_update().get(pk=followup.pk)
    if is_counterpart(locked.author) and visibility != FollowUpVisibility.SHARED:
        raise ValidationError(
            {"visibility": "The counterpart's own follow-ups stay shared."}
        )
    if locked.visibility == visibility:
        return locked
    locked.visibility = visibility
    return save_with_history(locked, actor=actor, reason=_history_reason(reason))
