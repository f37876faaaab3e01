"""Tables of a joint milestone, one both sides answer for (issue 14).

A milestone is joint when its commitment binds both sides and the other side
is in the tracker (commitments/services/joint.py, ``milestone_sides``). The
counterpart proposes changes to it (MilestoneProposal) instead of making them,
and each side confirms or disputes that it was done (MilestoneConfirmation).
Loaded by commitments/models.py, so Django registers them under commitments.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commitments.models import Milestone, Party, StatusChoices


class ProposalState(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class MilestoneProposal(models.Model):
    """The other side asks for a status or a new date; the ministry decides."""

    milestone = models.ForeignKey(
        Milestone, on_delete=models.PROTECT, related_name="proposals"
    )
    proposed_status = models.CharField(
        max_length=12, choices=StatusChoices.choices, blank=True
    )
    proposed_date = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="milestone_proposals",
    )
    state = models.CharField(
        max_length=10, choices=ProposalState.choices, default=ProposalState.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="milestone_proposals_decided",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(proposed_status="")
                | models.Q(proposed_date__isnull=False),
                name="proposal_proposes_something",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        state=ProposalState.OPEN,
                        decided_by__isnull=True,
                        decided_at__isnull=True,
                    )
                    | (
                        ~models.Q(state=ProposalState.OPEN)
                        & models.Q(decided_by__isnull=False, decided_at__isnull=False)
                    )
                ),
                name="proposal_decided_iff_closed",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=ProposalState.REJECTED)
                | ~models.Q(decision_reason=""),
                name="proposal_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Proposal on {self.milestone} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state == ProposalState.OPEN


class ConfirmationDecision(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed done")
    DISPUTED = "disputed", _("Disputed")


class MilestoneConfirmation(models.Model):
    """One side's word on whether a joint milestone was done: one row per
    side, changed in place (its history keeps every earlier word)."""

    milestone = models.ForeignKey(
        Milestone, on_delete=models.PROTECT, related_name="confirmations"
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="milestone_confirmations"
    )
    decision = models.CharField(max_length=10, choices=ConfirmationDecision.choices)
    happened_on = models.DateField(
        null=True, blank=True, help_text=_("The day it was done, as this side says.")
    )
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="milestone_confirmations",
    )
    at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["party__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "party"], name="confirmation_one_per_side"
            ),
            models.CheckConstraint(
                condition=~models.Q(decision=ConfirmationDecision.DISPUTED)
                | ~models.Q(note=""),
                name="confirmation_dispute_has_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.get_decision_display()} ({self.milestone})"

    @property
    def is_confirmed(self) -> bool:
        return self.decision == ConfirmationDecision.CONFIRMED
