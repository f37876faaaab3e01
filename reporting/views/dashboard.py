"""The manager dashboard."""

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString

from commitments.permissions import permission_required
from reporting.filters import DashboardForm
from reporting.page_context import (
    DASHBOARD_CACHE_SECONDS,
    dashboard_cache_key,
    dashboard_context,
)
from reporting.scope import Scope, for_viewer

FIGURES_TEMPLATE = "reporting/_dashboard_figures.html"


@permission_required("commitments.view_dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    """Where every commitment stands, each figure a link to its list."""
    form = DashboardForm(request.GET or None, user=request.user)
    # Every figure, list and cache key below counts only the viewer's
    # agreements (access/scope.py); Oversight and administrators see all.
    scope = for_viewer(form.scope() if form.is_bound else Scope(), request.user)
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
            "figures_html": figures_html(scope, context, today=today),
            **context,
        },
    )


def figures_html(scope: Scope, context: dict, *, today) -> SafeString:
    """The figures' HTML, rendered once per scope and data version.

    Rendering the panels (charts, tables, some 1,500 links) was ~85 % of a
    cached dashboard's time, and every manager's reload repeated it. The key
    is the figures' own key (data version, scope with the viewer's visible
    agreements, day) plus what changes the words and times on the page: the
    language and the time zone. The figures carry no user and no form, so one
    rendering serves every manager who sees the same agreements.
    """
    key = ":".join(
        (
            dashboard_cache_key(scope, today),
            "html",
            translation.get_language() or "",
            timezone.get_current_timezone_name(),
        )
    )
    if (found := cache.get(key)) is not None:
        return found
    html = render_to_string(FIGURES_TEMPLATE, {"today": today, **context})
    cache.set(key, html, DASHBOARD_CACHE_SECONDS)
    return html
