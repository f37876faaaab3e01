"""Proposals: the other side asks for a new date or status of a joint
milestone, and the ministry (the milestone's owner or a manager) accepts or
rejects it (issue 14). An accepted proposal is applied through the follow-up
services, as the accepting person, so every rule of a direct change holds."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from commitments import lifecycle
from commitments.joint import MilestoneProposal, ProposalState
from commitments.models import FollowUpVisibility, Milestone, StatusChoices
from commitments.permissions import can_decide_proposal, can_propose
from commitments.services.dates import check_dates
from commitments.services.followups import (
    milestone_reschedule,
    milestone_status_set,
)
from core.history import save_with_history

REASON_MAX_LENGTH = 100


def _reason(text: str) -> str:
    return Truncator(text).chars(REASON_MAX_LENGTH)


@transaction.atomic
def proposal_create(
    *,
    milestone: Milestone,
    actor: AbstractBaseUser,
    note: str,
    proposed_status: str = "",
    proposed_date: datetime.date | None = None,
) -> MilestoneProposal:
    """The counterpart proposes a new date and/or status for a joint, open
    milestone of its side, saying why."""
    if not can_propose(actor, milestone):
        raise PermissionDenied("Only the other side of a joint milestone proposes.")
    if not lifecycle.is_open(milestone.status):
        raise ValidationError({"milestone": "This milestone is closed."})
    if not (proposed_status or proposed_date):
        raise ValidationError(
            {"proposed_date": "Propose a new date, a new status, or both."}
        )
    if not note.strip():
        raise ValidationError({"note": "Say why: the ministry reads it."})
    if proposed_status == StatusChoices.DONE:
        raise ValidationError(
            {"proposed_status": "To say it was done, confirm the milestone instead."}
        )
    if proposed_status:
        try:
            lifecycle.check_transition(milestone.status, proposed_status, reason=note)
        except (lifecycle.TransitionError, ValueError) as error:
            raise ValidationError({"proposed_status": str(error)}) from error
    check_dates(proposed_date=proposed_date)
    proposal = MilestoneProposal(
        milestone=milestone,
        proposed_status=proposed_status,
        proposed_date=proposed_date,
        note=note.strip(),
        proposer=actor,
    )
    return save_with_history(proposal, actor=actor, reason="proposed by the other side")


def _decide(proposal: MilestoneProposal, actor: AbstractBaseUser) -> MilestoneProposal:
    locked = (
        MilestoneProposal.objects.select_for_update()
        .select_related("milestone__commitment__agreement")
        .get(pk=proposal.pk)
    )
    if not can_decide_proposal(actor, locked.milestone.commitment):
        raise PermissionDenied(
            "Only the milestone's owner or a manager decides a proposal."
        )
    if not locked.is_open:
        raise ValidationError(
            {"proposal": f"This proposal is already {locked.get_state_display()}."}
        )
    return locked


@transaction.atomic
def proposal_accept(
    *, proposal: MilestoneProposal, actor: AbstractBaseUser, reason: str = ""
) -> MilestoneProposal:
    """Apply the proposal (move, then re-status, through the follow-up
    services, as `actor`, logged as shared follow-ups) and close it accepted."""
    locked = _decide(proposal, actor)
    milestone = locked.milestone
    commitment = milestone.commitment
    why = reason.strip() or f"proposal accepted: {locked.note}"
    today = timezone.localdate()
    entry = {
        "commitment": commitment,
        "actor": actor,
        "happened_on": today,
        "visibility": FollowUpVisibility.SHARED,
    }
    if locked.proposed_date and locked.proposed_date != milestone.due_date:
        milestone_reschedule(
            milestone=milestone,
            due_date=locked.proposed_date,
            reason=_reason(why),
            **entry,
        )
        milestone.refresh_from_db()
    if locked.proposed_status and locked.proposed_status != milestone.status:
        milestone_status_set(
            milestone=milestone,
            status=locked.proposed_status,
            reason=_reason(why),
            **entry,
        )
    locked.state = ProposalState.ACCEPTED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_reason = reason.strip()
    return save_with_history(locked, actor=actor, reason=_reason(f"accepted: {why}"))


@transaction.atomic
def proposal_reject(
    *, proposal: MilestoneProposal, actor: AbstractBaseUser, reason: str
) -> MilestoneProposal:
    """Close the proposal unapplied; the reason is required (the other side
    reads it)."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the proposal is rejected."})
    locked = _decide(proposal, actor)
    locked.state = ProposalState.REJECTED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_reason = reason.strip()
    return save_with_history(
        locked, actor=actor, reason=_reason(f"rejected: {reason.strip()}")
    )
