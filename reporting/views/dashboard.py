"""The manager dashboard."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from commitments.permissions import permission_required
from reporting.dashboard import dashboard_context
from reporting.filters import DashboardForm
from reporting.scope import Scope


@permission_required("commitments.view_dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    """Where every commitment stands, each figure a link to its list."""
    form = DashboardForm(request.GET or None)
    scope = form.scope() if form.is_bound else Scope()
    now = timezone.now()
    today = timezone.localdate(now)
    context = dashboard_context(
        scope, now=now, today=today, zone=timezone.get_current_timezone()
    )
    return render(
        request,
        "reporting/dashboard.html",
        {
            "form": form,
            "scope": scope,
            "is_filtered": bool(scope.params()),
            "today": today,
            "now": now,
            **context,
        },
    )
