"""The lists behind the figures, and their exports.

Each list reads only the columns its page shows, and its order is an index's
(reporting/migrations/0005_report_list_indexes.py), so that a page of 50 walks
the index and stops at 50 rows rather than joining and sorting every milestone.
"""

from collections.abc import Collection

from django.db.models import (
    Prefetch,
    QuerySet,
)

from commitments.models import (
    FollowUp,
    Milestone,
    Obligation,
)

# What a row of the milestone list shows (reporting/milestone_list.html).
MILESTONE_LIST_COLUMNS = (
    "id",
    "commitment_id",
    "title",
    "due_date",
    "status",
    "completed_on",
    "commitment__reference",
    "commitment__title",
    "commitment__agreement_id",
    "commitment__owner_id",
    "commitment__agreement__title",
    "commitment__owner__username",
    "commitment__owner__first_name",
    "commitment__owner__last_name",
)

# What a row of the follow-up list shows (reporting/followup_list.html).
FOLLOWUP_LIST_COLUMNS = (
    "id",
    "commitment_id",
    "milestone_id",
    "author_id",
    "kind",
    "happened_on",
    "note",
    "from_status",
    "to_status",
    "commitment__reference",
    "commitment__title",
    "commitment__agreement_id",
    "commitment__agreement__title",
    "milestone__due_date",
    "author__username",
    "author__first_name",
    "author__last_name",
)


def _sides() -> QuerySet[Obligation]:
    """A commitment's sides and leads, names only."""
    return Obligation.objects.select_related("party", "lead_institution").only(
        "commitment_id",
        "party_id",
        "lead_institution_id",
        "party__name",
        # The side's name in the reader's language (core/country_names.py).
        "party__iso_code",
        "lead_institution__name",
        "lead_institution__acronym",
    )


def milestone_report_list() -> QuerySet[Milestone]:
    """Milestones with their commitment, agreement, owner and sides; earliest due
    first (the order of the index reporting_milestone_due_id)."""
    return (
        Milestone.objects.select_related("commitment__agreement", "commitment__owner")
        .only(*MILESTONE_LIST_COLUMNS)
        .prefetch_related(Prefetch("commitment__obligations", queryset=_sides()))
        .order_by("due_date", "id")
    )


def followup_report_list() -> QuerySet[FollowUp]:
    """Follow-ups with their commitment, agreement, milestone and author; newest
    first (reporting_followup_happened, read backwards)."""
    return (
        FollowUp.objects.select_related("commitment__agreement", "milestone", "author")
        .only(*FOLLOWUP_LIST_COLUMNS)
        .order_by("-happened_on", "-created_at", "-pk")
    )


def obligation_names(commitment_ids: Collection[int]) -> QuerySet[Obligation]:
    """These commitments' obligations as (commitment id, side, lead id, lead
    name, lead acronym) tuples, sides in name order: an export's Sides and
    Leads columns."""
    return (
        Obligation.objects.filter(commitment_id__in=commitment_ids)
        .order_by("party__name")
        .values_list(
            "commitment_id",
            "party__name",
            "lead_institution_id",
            "lead_institution__name",
            "lead_institution__acronym",
        )
    )
