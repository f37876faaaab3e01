"""Reads of joint milestones for the pages: each side's word and the open
proposals of a commitment (issue 14)."""

from dataclasses import dataclass, field

from commitments.joint import MilestoneConfirmation, MilestoneProposal, ProposalState
from commitments.models import Commitment, Milestone
from commitments.sides import Sides, commitment_sides


@dataclass
class JointOverview:
    """A commitment's sides, its open proposals and each milestone's words."""

    sides: Sides
    open_proposals: list[MilestoneProposal] = field(default_factory=list)
    words: dict[int, list[MilestoneConfirmation]] = field(default_factory=dict)


def joint_overview(*, commitment: Commitment) -> JointOverview:
    """Nothing is read beyond the sides unless the commitment is joint."""
    sides = commitment_sides(commitment)
    if not sides.is_joint:
        return JointOverview(sides)
    proposals = list(
        MilestoneProposal.objects.filter(
            milestone__commitment=commitment, state=ProposalState.OPEN
        ).select_related("milestone", "proposer")
    )
    words: dict[int, list[MilestoneConfirmation]] = {}
    for row in MilestoneConfirmation.objects.filter(
        milestone__commitment=commitment
    ).select_related("party"):
        words.setdefault(row.milestone_id, []).append(row)
    return JointOverview(sides, proposals, words)


def milestone_proposals(*, milestone: Milestone) -> list[MilestoneProposal]:
    """Every proposal on a milestone, newest first, with who made and decided it."""
    return list(milestone.proposals.select_related("proposer", "decided_by"))
