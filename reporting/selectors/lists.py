"""The lists behind the figures, and their exports."""

from django.db.models import (
    Prefetch,
    QuerySet,
)

from commitments.models import (
    FollowUp,
    Milestone,
    Obligation,
)


def milestone_report_list() -> QuerySet[Milestone]:
    """Milestones with their commitment, agreement, owner and sides; earliest due
    first."""
    return (
        Milestone.objects.select_related("commitment__agreement", "commitment__owner")
        .prefetch_related(
            Prefetch(
                "commitment__obligations",
                queryset=Obligation.objects.select_related("party", "lead_institution"),
            )
        )
        .order_by("due_date", "id")
    )


def followup_report_list() -> QuerySet[FollowUp]:
    """Follow-ups with their commitment, agreement, milestone and author; newest
    first."""
    return FollowUp.objects.select_related(
        "commitment__agreement", "milestone", "author"
    ).order_by("-happened_on", "-created_at", "-pk")
