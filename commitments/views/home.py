"""My work: what the signed-in person should act on, most urgent first."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from access.scope import scope_key, visible_agreement_id_set
from commitments import selectors
from commitments.permissions import can_reassign
from core.fragments import cached_html

# A page, not a report: the rest is one click away in the search.
MAX_ROWS = 50


def home(request: HttpRequest) -> HttpResponse:
    """The signed-in person's milestones and commitments; a manager also sees
    the open commitments nobody owns."""
    user = request.user
    today = timezone.localdate()
    reassigns = can_reassign(user)
    can_log = user.has_perm("commitments.add_followup")

    def render_sections() -> str:
        unassigned = None
        if reassigns:
            unassigned = selectors.unassigned_commitments(user=user)[:MAX_ROWS]
        return render_to_string(
            "commitments/includes/my_work.html",
            {
                "milestones": selectors.my_work_milestones(user=user)[:MAX_ROWS],
                "commitments": selectors.my_work_commitments(user=user)[:MAX_ROWS],
                "unassigned": unassigned,
                "today": today,
                "can_log": can_log,
            },
        )

    # Everything the sections show depends on: whose work, what they may see
    # and do, and the day (the "in 3 days" under each date).
    scope = scope_key(visible_agreement_id_set(user))
    parts = (user.pk, scope, reassigns, can_log, today)
    return render(
        request,
        "commitments/home.html",
        {"sections": cached_html("my-work", parts, render_sections), "today": today},
    )
