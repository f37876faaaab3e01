"""What the weekly summary email shows, read on its own: a few aggregates and
two short lists, not the whole dashboard (no breakdowns, calendar or trend)."""

import datetime
from dataclasses import dataclass

from commitments.lifecycle import OPEN_STATUSES
from commitments.models import Commitment, Milestone
from reporting.scope import Scope, commitment_conditions
from reporting.selectors.figures import (
    MilestoneFigure,
    commitment_status_counts,
    dashboard_late,
    dashboard_milestone_counts,
    dashboard_reads,
    dashboard_upcoming,
    headline_figures,
    timeliness_totals,
)


@dataclass(frozen=True)
class WeeklySummaryFigures:
    """The summary's numbers, each counted as the dashboard counts it."""

    status: dict[str, int]
    # The milestone figures (due in 30/90 days, overdue by age, due so far
    # and done on time) and their counts, by key.
    specs: list[MilestoneFigure]
    counts: dict[str, int]
    cadence_held: int
    cadence_due: int
    late: list[Milestone]
    upcoming: list[Milestone]
    # Open commitments nobody owns: what the summary leads with (issue 18).
    unassigned: int = 0


def unassigned_count(scope: Scope) -> int:
    """Open commitments in scope without an owner (one query)."""
    return (
        Commitment.objects.filter(*commitment_conditions(scope))
        .filter(owner__isnull=True, status__in=[s.value for s in OPEN_STATUSES])
        .count()
    )


def weekly_summary_figures(
    scope: Scope | None = None, *, now: datetime.datetime, today: datetime.date
) -> WeeklySummaryFigures:
    """The weekly summary's figures, in a fixed handful of queries whatever the
    number of commitments and milestones (the dashboard's own selectors)."""
    scope = scope or Scope()
    specs = headline_figures(scope, today=today)
    with dashboard_reads():
        status = commitment_status_counts(scope)
        counts = dashboard_milestone_counts(scope, specs, now=now)
        totals = timeliness_totals(scope, now=now)
        late = dashboard_late(scope)
        upcoming = dashboard_upcoming(scope, today=today)
        unassigned = unassigned_count(scope)
    counts.update(timely_due=totals["due"], timely_on_time=totals["held"])
    return WeeklySummaryFigures(
        status=status,
        specs=specs,
        counts=counts,
        cadence_held=totals["cadence_held"],
        cadence_due=totals["cadence_due"],
        late=late,
        upcoming=upcoming,
        unassigned=unassigned,
    )
