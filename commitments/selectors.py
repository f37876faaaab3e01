"""Every read a view, export, command or task needs, with its joins applied."""

import datetime

from django.db.models import Count, F, Prefetch, Q, QuerySet

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


def with_cadence_compliance(
    queryset: QuerySet[Commitment], *, as_of: datetime.datetime
) -> QuerySet[Commitment]:
    """Annotate `due_so_far` and `held_on_time`: milestones due by `as_of`
    (cancelled ones excluded) and those of them done on or before their due date."""
    due = Q(milestones__due_at__lte=as_of) & ~Q(
        milestones__status=StatusChoices.CANCELLED
    )
    held = due & Q(
        milestones__status=StatusChoices.DONE,
        milestones__completed_on__lte=F("milestones__due_date"),
    )
    return queryset.annotate(
        due_so_far=Count("milestones", filter=due),
        held_on_time=Count("milestones", filter=held),
    )


def cadence_compliance(
    *, commitment: Commitment, as_of: datetime.datetime
) -> tuple[int, int]:
    """(held on time, due so far) for one commitment, e.g. (3, 4) JWG meetings."""
    row = with_cadence_compliance(
        Commitment.objects.filter(pk=commitment.pk), as_of=as_of
    ).values_list("held_on_time", "due_so_far")
    return row.get()
