"""Filtering: the pages' django-filter classes, narrowed to the caller's scope.

Views name a page's FilterSet as their `filterset_class` (commitments/
filters.py's CommitmentFilter, reporting/filters.py's MilestoneFilter and
FollowUpFilter), so a query string means the same on the API as on the page.
The backend then offers (and accepts) only the agreements and owners the
caller may see (commitments.filters.scope_filters): another desk's agreement
id is "not one of the available choices", a 400, like a missing one.

The few filter sets here are for lists that have no page of their own.
"""

from typing import TYPE_CHECKING

import django_filters
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.request import Request

from commitments.filters import (
    RefusingFilterSet,
    filter_chars_validator,
    scope_filters,
)
from commitments.models import Obligation
from extraction.models import Candidate, CandidateStatus

if TYPE_CHECKING:
    from rest_framework.views import APIView


class ScopedFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend whose choices are the caller's scope; an invalid
    value is a 400 naming the parameter (raise_exception, DRF's default)."""

    def get_filterset(
        self, request: Request, queryset: QuerySet, view: "APIView"
    ) -> django_filters.FilterSet | None:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            scope_filters(filterset, request.user)
        return filterset


class ObligationFilter(RefusingFilterSet):
    """Obligations by commitment reference, side and lead institution."""

    commitment = django_filters.CharFilter(
        field_name="commitment__reference",
        label="Commitment reference",
        validators=[filter_chars_validator],
    )

    class Meta:
        model = Obligation
        fields = ["commitment", "party", "lead_institution"]


class CandidateFilter(RefusingFilterSet):
    """Review-queue candidates by status and source document."""

    status = django_filters.ChoiceFilter(choices=CandidateStatus.choices)
    # A plain number, not a choice of every source: whether another desk's
    # source exists is not disclosed (it just matches nothing here).
    source = django_filters.NumberFilter(field_name="source_id", min_value=1)

    class Meta:
        model = Candidate
        fields = ["status", "source"]
