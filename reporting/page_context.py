"""The figures as the dashboard page and the weekly summary show them: each
number paired with the link to the list that counts the same rows, and the
dashboard's charts.

The numbers come from reporting.selectors (one query per panel); the SVG from
reporting.charts. Nothing here reads the database itself.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commitments.models import StatusChoices
from core.cache_version import data_version
from reporting import charts, selectors
from reporting.scope import Scope

COLOURS = {
    "planned": "#5b7fa6",
    "due_soon": "#e0a400",
    "overdue": "#d0352b",
    "done": "#2a9a55",
    "missed": "#8e44ad",
    "cancelled": "#9aa3ad",
    "open": "#1f6fb2",
}
# Oldest overdue in the deepest red.
AGE_COLOURS = ("#f08a5d", "#e0603a", "#cc3b2a", "#9e1f1a")
# A dashboard is read, not watched: figures up to two minutes old spare the
# database a dozen aggregates over a million rows on every reload. The first
# view of a scope computes them (docs/performance.md has both timings). The
# key carries the data version, which every counted write bumps after commit:
# nobody sees the figures from before their own change.
DASHBOARD_CACHE_SECONDS = 120
BREAKDOWN_STATUSES = ("overdue", "due_soon", "planned", "done", "missed", "cancelled")


@dataclass(frozen=True)
class Figure:
    """A number on the page and the list behind it."""

    label: str
    value: int
    url: str
    status: str = ""


def _link(name: str, params: dict[str, str]) -> str:
    query = urlencode({key: value for key, value in params.items() if value})
    return f"{reverse(name)}?{query}" if query else reverse(name)


def commitments_url(scope: Scope, **params: str) -> str:
    """The commitments list filtered to the scope and `params`."""
    return _link("commitments:commitment_list", {**scope.params(), **params})


def milestones_url(scope: Scope, **params: str) -> str:
    """The milestone list filtered to the scope and `params`."""
    return _link("reporting:report_milestones", {**scope.params(), **params})


def _breakdown(rows: list[dict], scope: Scope, key: str) -> list[dict]:
    table = []
    for row in rows:
        ident = row[key]
        param = "null" if ident is None else str(ident)
        target = {"agreement_id": "agreement", "party_id": "party"}.get(key)
        target = target or {"lead_institution_id": "institution"}.get(key, "owner")
        cells = [
            Figure(
                label=str(StatusChoices(status).label),
                value=row[status],
                url=commitments_url(scope, **{target: param, "status": status}),
                status=status,
            )
            for status in BREAKDOWN_STATUSES
        ]
        table.append(
            {
                "name": row["name"],
                "total": Figure(
                    _("Total"), row["total"], commitments_url(scope, **{target: param})
                ),
                "cells": cells,
            }
        )
    return table


def dashboard_cache_key(scope: Scope, today: datetime.date) -> str:
    """Where the figures of a scope are cached for the day and the data version.

    The viewer's visible agreements are part of the scope, so one desk's
    figures are never served to another (docs/security.md). The labels and
    chart texts are in the active language, so the language is part of it."""
    return (
        f"reporting:dashboard:v4:{data_version()}:{scope.visibility_key()}:"
        f"{urlencode(scope.params())}:{today}:{translation.get_language() or ''}"
    )


def dashboard_context(
    scope: Scope,
    *,
    now: datetime.datetime,
    today: datetime.date,
    zone: datetime.tzinfo,
    use_cache: bool = True,
) -> dict:
    """Everything the dashboard template shows, cached per scope for
    DASHBOARD_CACHE_SECONDS (the lists behind the links are always live)."""
    key = dashboard_cache_key(scope, today)
    if use_cache and (found := cache.get(key)) is not None:
        return found
    with selectors.dashboard_reads():
        context = _context(scope, now=now, today=today, zone=zone)
    context["computed_at"] = now
    if use_cache:
        cache.set(key, context, DASHBOARD_CACHE_SECONDS)
    return context


def _milestone_links(
    scope: Scope, specs: list[selectors.MilestoneFigure], counts: dict[str, int]
) -> dict[str, Figure]:
    return {
        spec.key: Figure(
            spec.label, counts[spec.key], milestones_url(scope, **spec.params())
        )
        for spec in specs
    }


def _headline(scope: Scope, status: dict[str, int], figures: dict[str, Figure]) -> dict:
    """The figures the dashboard and the weekly summary both show."""
    by_status = [
        Figure(str(label), status[value], commitments_url(scope, status=value), value)
        for value, label in StatusChoices.choices
    ]
    ages = [figures[f"overdue_{n}"] for n in range(len(selectors.AGE_BUCKETS))]
    due_so_far, on_time = figures["timely_due"], figures["timely_on_time"]
    return {
        "status_total": Figure(
            _("Commitments"), status["total"], commitments_url(scope)
        ),
        "by_status": by_status,
        "due_30": figures["due_30"],
        "due_90": figures["due_90"],
        "overdue_ages": ages,
        "overdue_total": Figure(
            _("Overdue milestones"),
            sum(figure.value for figure in ages),
            milestones_url(scope, status="overdue"),
        ),
        "due_so_far": due_so_far,
        "on_time": on_time,
        "on_time_rate": on_time.value / due_so_far.value if due_so_far.value else None,
    }


def weekly_summary_context(
    found: selectors.WeeklySummaryFigures, scope: Scope | None = None
) -> dict:
    """The weekly summary's figures with their links, under the dashboard's
    names (the email's templates read them as the page does)."""
    scope = scope or Scope()
    return {
        **_headline(
            scope, found.status, _milestone_links(scope, found.specs, found.counts)
        ),
        "cadence": selectors.Cadence(held=found.cadence_held, due=found.cadence_due),
        "late": found.late,
        "upcoming": found.upcoming,
        "unassigned": unassigned_figure(scope, found.unassigned),
    }


def unassigned_figure(scope: Scope, count: int) -> Figure:
    """Open commitments without an owner, and the list of them."""
    return Figure(
        _("Unassigned"), count, commitments_url(scope, owner="null"), "unassigned"
    )


def _context(
    scope: Scope, *, now: datetime.datetime, today: datetime.date, zone
) -> dict:
    breakdowns = selectors.dashboard_breakdowns(scope)
    specs = selectors.milestone_figures(scope, today=today)
    counts = selectors.dashboard_milestone_counts(scope, specs, now=now)
    timeliness = selectors.dashboard_timeliness(scope, now=now)
    counts.update(timely_due=timeliness.due, timely_on_time=timeliness.held)
    figures = _milestone_links(scope, specs, counts)
    headline = _headline(scope, breakdowns.status, figures)
    by_status, ages = headline["by_status"], headline["overdue_ages"]
    cadence = timeliness.cadence
    calendar = [figures[f"week_{n}"] for n in range(selectors.CALENDAR_WEEKS)]
    points = selectors.trend_points(
        now=now, zone=zone, date_from=scope.date_from, date_to=scope.date_to
    )
    trend = _since_first_record(
        selectors.dashboard_trend(scope, points=points, now=now)
    )
    return {
        **headline,
        "unassigned": unassigned_figure(scope, selectors.unassigned_count(scope)),
        "status_chart": _svg(
            charts.stacked_bar(
                [
                    charts.Bar(f.label, f.value, COLOURS[f.status], f.url)
                    for f in by_status
                ],
                title=_("Commitments by status"),
                width=900,
                height=34,
                language=translation.get_language() or "",
            )
        ),
        "age_chart": _svg(
            charts.bar_chart(
                [
                    charts.Bar(f.label, f.value, colour, f.url)
                    for f, colour in zip(ages, AGE_COLOURS, strict=True)
                ],
                title=_("Overdue milestones by days overdue"),
                width=420,
                height=170,
                language=translation.get_language() or "",
            )
        ),
        "cadence": cadence,
        "cadence_due_url": milestones_url(scope, timeliness="due", recurring="yes"),
        "cadence_held_url": milestones_url(
            scope, timeliness="on_time", recurring="yes"
        ),
        "cadence_rows": [
            {
                "commitment": row,
                "held": row.held_on_time,
                "due": row.due_so_far,
                "rate": row.rate,
                "url": milestones_url(
                    scope, commitment=row.reference, timeliness="due"
                ),
            }
            for row in cadence.rows
        ],
        "trend": trend,
        "trend_chart": trend_chart(trend, now=now, zone=zone),
        "calendar": calendar,
        "calendar_chart": _svg(
            charts.bar_chart(
                [
                    charts.Bar(
                        week.label,
                        week.value,
                        COLOURS["open"],
                        week.url,
                        ngettext(
                            "%(count)s open milestone due in the week from %(day)s",
                            "%(count)s open milestones due in the week from %(day)s",
                            week.value,
                        )
                        % {"count": week.value, "day": week.label},
                    )
                    for week in calendar
                ],
                title=_("Open milestones due in each week of the coming quarter"),
                width=900,
                height=170,
                language=translation.get_language() or "",
            )
        ),
        "upcoming": selectors.dashboard_upcoming(scope, today=today),
        "late": selectors.dashboard_late(scope),
        "by_agreement": _breakdown(breakdowns.by_agreement, scope, "agreement_id"),
        "by_party": _breakdown(breakdowns.by_party, scope, "party_id"),
        "by_institution": _breakdown(
            breakdowns.by_institution, scope, "lead_institution_id"
        ),
        "by_owner": _breakdown(breakdowns.by_owner, scope, "owner_id"),
        "breakdown_statuses": [StatusChoices(s).label for s in BREAKDOWN_STATUSES],
        "quarter_end": today
        + datetime.timedelta(days=7 * selectors.CALENDAR_WEEKS - 1),
    }


def _since_first_record(trend: list) -> list:
    """The trend from the first week end with anything recorded: before the
    history starts every count is zero, and a new install would draw a flat
    line at 0 for twelve weeks."""
    for index, point in enumerate(trend):
        if point.open or point.overdue or point.done:
            return trend[index:]
    return []


def trend_chart(
    trend: list, *, now: datetime.datetime, zone: datetime.tzinfo
) -> SafeString | str:
    """The trend's line chart, or "" while fewer than two week ends have any
    history (the template then says there is not enough history yet)."""
    if len(trend) < 2:
        return ""
    return _svg(
        charts.line_chart(
            [_week_label(point.at, now, zone) for point in trend],
            [
                charts.Series(_("Open"), [p.open for p in trend], COLOURS["open"]),
                charts.Series(
                    _("Overdue"), [p.overdue for p in trend], COLOURS["overdue"]
                ),
                charts.Series(_("Done"), [p.done for p in trend], COLOURS["done"]),
            ],
            title=_("Milestones open, overdue and done at each week's end"),
            width=640,
            height=250,
            language=translation.get_language() or "",
        )
    )


def _week_label(
    moment: datetime.datetime, now: datetime.datetime, zone: datetime.tzinfo
) -> str:
    # A week end is the midnight starting Monday: label it with its Sunday.
    if moment >= now:
        return _("now")
    return date_format(moment.astimezone(zone) - datetime.timedelta(seconds=1), "j M")


def _svg(markup: str) -> SafeString:
    # charts.py escapes every text it draws.
    return mark_safe(markup)  # noqa: S308  # nosec B308 B703
