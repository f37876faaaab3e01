"""My work: what the signed-in person should act on, most urgent first."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from commitments import selectors
from commitments.permissions import can_reassign

# A page, not a report: the rest is one click away in the search.
MAX_ROWS = 50


def home(request: HttpRequest) -> HttpResponse:
    """The signed-in person's milestones and commitments; a manager also sees
    the open commitments nobody owns."""
    user = request.user
    unassigned = None
    if can_reassign(user):
        unassigned = selectors.unassigned_commitments(user=user)[:MAX_ROWS]
    return render(
        request,
        "commitments/home.html",
        {
            "milestones": selectors.my_work_milestones(user=user)[:MAX_ROWS],
            "commitments": selectors.my_work_commitments(user=user)[:MAX_ROWS],
            "unassigned": unassigned,
            "today": timezone.localdate(),
        },
    )
