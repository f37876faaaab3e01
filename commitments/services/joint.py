"""Joint milestones: each side's word that one was done, and the manager's
decision when the two sides cannot agree (issue 14).

A joint milestone (commitments/sides.py) is done when the ministry's side
and every counterpart side bound by it have confirmed, or when a manager
decides so with a reason. Until then it keeps its open status (planned, due
soon, overdue): the sweep keeps flagging it like any open milestone, and the
pages say "awaiting the other side's confirmation". A dispute keeps it open
with the other side's note. Non-joint milestones never come here.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from access.scope import counterpart_account
from commitments import lifecycle
from commitments.joint import ConfirmationDecision, MilestoneConfirmation
from commitments.models import (
    FollowUp,
    FollowUpKind,
    FollowUpVisibility,
    Milestone,
    Party,
    StatusChoices,
)
from commitments.permissions import can_confirm, can_decide_completion
from commitments.services.milestones import milestone_transition
from commitments.sides import Sides, milestone_sides
from core.history import save_with_history

AGREED_REASON = "confirmed by both sides"
AWAITING = "Awaiting the other side's confirmation."
# simple_history keeps a change reason in 100 characters.
REASON_MAX_LENGTH = 100


@dataclass(frozen=True)
class SideWord:
    """What one side's confirmation did: its row, and whether it completed
    the milestone."""

    confirmation: MilestoneConfirmation
    completed: bool


def _reason(text: str) -> str:
    return Truncator(text).chars(REASON_MAX_LENGTH)


def _check_open(milestone: Milestone) -> None:
    if not lifecycle.is_open(milestone.status):
        raise ValidationError(
            {
                "milestone": f"This milestone is already "
                f"{milestone.get_status_display().lower()}."
            }
        )


def _word_set(
    *,
    milestone: Milestone,
    party: Party,
    decision: str,
    note: str,
    happened_on: datetime.date | None,
    actor: AbstractBaseUser,
    reason: str,
) -> MilestoneConfirmation:
    row = (
        MilestoneConfirmation.objects.select_for_update()
        .filter(milestone=milestone, party=party)
        .first()
    ) or MilestoneConfirmation(milestone=milestone, party=party)
    row.decision = decision
    row.note = note.strip()
    row.happened_on = happened_on
    row.by = actor
    row.at = timezone.now()
    return save_with_history(row, actor=actor, reason=_reason(reason))


def _complete_if_agreed(
    *, milestone: Milestone, sides: Sides, actor: AbstractBaseUser
) -> bool:
    """Mark the milestone done once every side has confirmed; the day is the
    ministry's (what it reported), else the latest one a side gave."""
    words = {
        row.party_id: row
        for row in MilestoneConfirmation.objects.filter(milestone=milestone)
    }
    needed = [sides.ministry_party, *sides.counterpart]
    if not all(p.pk in words and words[p.pk].is_confirmed for p in needed):
        return False
    ministry = words[sides.ministry_party.pk]
    days = [day for p in needed if (day := words[p.pk].happened_on) is not None]
    day = ministry.happened_on or (max(days) if days else None)
    milestone_transition(
        milestone=milestone,
        status=StatusChoices.DONE,
        actor=actor,
        reason=AGREED_REASON,
        completed_on=day,
    )
    return True


@transaction.atomic
def milestone_side_done(
    *,
    milestone: Milestone,
    actor: AbstractBaseUser,
    happened_on: datetime.date,
    note: str = "",
) -> SideWord:
    """The ministry's side says a joint milestone was done (the follow-up
    services call this instead of closing it; they checked the actor's right).
    It is done only if the other side has confirmed too."""
    _check_open(milestone)
    sides = milestone_sides(milestone)
    row = _word_set(
        milestone=milestone,
        party=sides.ministry_party,
        decision=ConfirmationDecision.CONFIRMED,
        note=note,
        happened_on=happened_on,
        actor=actor,
        reason="done on the ministry's side",
    )
    completed = _complete_if_agreed(milestone=milestone, sides=sides, actor=actor)
    return SideWord(row, completed)


@transaction.atomic
def milestone_confirm(
    *,
    milestone: Milestone,
    actor: AbstractBaseUser,
    decision: str,
    note: str = "",
    happened_on: datetime.date | None = None,
) -> SideWord:
    """The counterpart confirms a joint milestone was done, or disputes it
    (with a note); its word is logged as a shared follow-up, and both sides'
    confirmations make it done."""
    if not can_confirm(actor, milestone):
        raise PermissionDenied("Only the other side of a joint milestone confirms.")
    if decision not in ConfirmationDecision.values:
        raise ValidationError({"decision": f"Unknown decision {decision!r}."})
    if decision == ConfirmationDecision.DISPUTED and not note.strip():
        raise ValidationError({"note": "Say what was not done: it is a dispute."})
    locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
    _check_open(locked)
    account = counterpart_account(actor)
    sides = milestone_sides(locked)
    label = ConfirmationDecision(decision).label.lower()
    row = _word_set(
        milestone=locked,
        party=account.party,
        decision=decision,
        note=note,
        happened_on=happened_on,
        actor=actor,
        reason=f"{label} by {account.party}",
    )
    completed = decision == ConfirmationDecision.CONFIRMED and _complete_if_agreed(
        milestone=locked, sides=sides, actor=actor
    )
    summary = f"{ConfirmationDecision(decision).label} by {account.party}."
    if decision == ConfirmationDecision.CONFIRMED and not completed:
        summary += " Awaiting the ministry's side."
    _log(
        milestone=locked,
        actor=actor,
        kind=FollowUpKind.COMPLETION if completed else FollowUpKind.NOTE,
        happened_on=happened_on or timezone.localdate(),
        text="\n\n".join(part for part in (summary, note.strip()) if part),
        from_status=locked.status if completed else "",
        to_status=StatusChoices.DONE if completed else "",
    )
    return SideWord(row, completed)


@transaction.atomic
def milestone_complete_by_decision(
    *,
    milestone: Milestone,
    actor: AbstractBaseUser,
    reason: str,
    happened_on: datetime.date,
) -> Milestone:
    """A manager declares a joint milestone done without both sides'
    confirmation (a dispute that will not be settled); the reason goes into
    the history and a shared follow-up, so the other side reads it too."""
    if not can_decide_completion(actor):
        raise PermissionDenied("Only a manager decides a milestone is done.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why it is done without both sides."})
    locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
    _check_open(locked)
    from_status = locked.status
    done = milestone_transition(
        milestone=locked,
        status=StatusChoices.DONE,
        actor=actor,
        reason=_reason(f"manager's decision: {reason.strip()}"),
        completed_on=happened_on,
    )
    _log(
        milestone=done,
        actor=actor,
        kind=FollowUpKind.COMPLETION,
        happened_on=happened_on,
        text=f"Done by the manager's decision: {reason.strip()}",
        from_status=from_status,
        to_status=StatusChoices.DONE,
    )
    return done


def _log(
    *,
    milestone: Milestone,
    actor: AbstractBaseUser,
    kind: FollowUpKind,
    happened_on: datetime.date,
    text: str,
    from_status: str = "",
    to_status: str = "",
) -> FollowUp:
    # Both sides' words are shared: each must read what the other said.
    return save_with_history(
        FollowUp(
            commitment_id=milestone.commitment_id,
            milestone=milestone,
            author=actor,
            kind=kind,
            happened_on=happened_on,
            note=text,
            from_status=from_status,
            to_status=to_status,
            visibility=FollowUpVisibility.SHARED,
        ),
        actor=actor,
        reason=f"follow-up: {kind.label.lower()}",
    )
