"""The lists behind the dashboard's figures: milestones and follow-ups."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from access.scope import visible_followups, visible_milestones
from commitments.filters import scope_filters
from commitments.permissions import permission_required
from core.pagination import CappedCountPaginator
from reporting import selectors
from reporting.filters import FollowUpFilter, MilestoneFilter

PAGE_SIZE = 50


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@permission_required("commitments.view_milestone")
def milestone_list(request: HttpRequest) -> HttpResponse:
    """Milestones filtered as a dashboard figure counts them, earliest due first."""
    filterset = MilestoneFilter(
        request.GET,
        queryset=visible_milestones(request.user, selectors.milestone_report_list()),
    )
    # Agreement and owner choices: only those the user may see.
    scope_filters(filterset, request.user)
    page = CappedCountPaginator(filterset.qs, PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reporting/milestone_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": _query(request),
            "today": timezone.localdate(),
        },
    )


@permission_required("commitments.view_followup")
def followup_list(request: HttpRequest) -> HttpResponse:
    """Follow-ups filtered by agreement, side, lead, kind, author and day."""
    filterset = FollowUpFilter(
        request.GET,
        queryset=visible_followups(request.user, selectors.followup_report_list()),
    )
    scope_filters(filterset, request.user)
    page = CappedCountPaginator(filterset.qs, PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reporting/followup_list.html",
        {"filter": filterset, "page": page, "query": _query(request)},
    )
