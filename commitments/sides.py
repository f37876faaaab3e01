"""Who answers for a milestone: the ministry's side and the other side.

A milestone is *joint* when its commitment binds both sides: at least one
obligated party is followed in the tracker by a counterpart account (access.
CounterpartAccount on this agreement, active) and at least one is not (the
ministry's side). Only then do the two-sided rules hold (proposals, both
sides' confirmation); a bilateral commitment whose other side has no login
keeps the single-sided completion, since nobody could confirm for it.
"""

from dataclasses import dataclass

from access.selectors import counterpart_followed_parties
from commitments.models import Commitment, Milestone, Party


@dataclass(frozen=True)
class Sides:
    """The obligated parties of a commitment, split by who answers for them."""

    ministry: tuple[Party, ...]
    counterpart: tuple[Party, ...]

    @property
    def is_joint(self) -> bool:
        return bool(self.ministry and self.counterpart)

    @property
    def ministry_party(self) -> Party | None:
        """The party the ministry's confirmation is recorded for."""
        return self.ministry[0] if self.ministry else None


def commitment_sides(commitment: Commitment) -> Sides:
    """Split the commitment's obligated parties into the ministry's and the
    counterpart's (one query, none with fewer than two parties, which are
    never joint; obligations may be prefetched)."""
    parties = sorted(
        (obligation.party for obligation in commitment.obligations.all()),
        key=lambda party: party.name,
    )
    if len(parties) < 2:
        # One side only: never joint, and no look-up needed.
        return Sides(ministry=tuple(parties), counterpart=())
    followed = counterpart_followed_parties(
        agreement_id=commitment.agreement_id,
        party_ids=[party.pk for party in parties],
    )
    return Sides(
        ministry=tuple(p for p in parties if p.pk not in followed),
        counterpart=tuple(p for p in parties if p.pk in followed),
    )


def milestone_sides(milestone: Milestone) -> Sides:
    """The sides of the milestone's commitment."""
    return commitment_sides(milestone.commitment)
