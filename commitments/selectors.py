"""Every read a view, export, command or task needs, with its joins applied."""

from django.db.models import Count, Prefetch, Q, QuerySet

from commitments.models import (
    Agreement,
    Commitment,
    Milestone,
    Obligation,
    Provenance,
    StatusChoices,
)


def agreement_list_with_counts() -> QuerySet[Agreement]:
    """Agreements with the number of their commitments in each status."""
    counts = {
        f"count_{status}": Count("commitments", filter=Q(commitments__status=status))
        for status in StatusChoices.values
    }
    return Agreement.objects.prefetch_related("parties").annotate(
        commitment_count=Count("commitments"), **counts
    )


def commitment_list() -> QuerySet[Commitment]:
    """Every commitment with its agreement, obligations, leads, owner and quotes."""
    return Commitment.objects.select_related("agreement", "owner").prefetch_related(
        Prefetch(
            "obligations",
            queryset=Obligation.objects.select_related("party", "lead_institution"),
        ),
        Prefetch(
            "provenance",
            queryset=Provenance.objects.select_related("source").order_by(
                "source__file_name", "quote_start"
            ),
        ),
    )


def commitment_get(*, reference: str) -> Commitment:
    """One commitment by its reference, with what its detail page shows."""
    return commitment_list().prefetch_related("milestones").get(reference=reference)


def milestone_list_for(*, commitment: Commitment) -> QuerySet[Milestone]:
    """A commitment's milestones, earliest first."""
    return commitment.milestones.order_by("due_date", "id")
