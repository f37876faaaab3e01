"""Every read of the reporting app, one module each, re-exported here:
figures.py (the dashboard's aggregates), weekly_summary.py (the summary
email's figures), trend.py (the trend from history), summary.py (the tallies
the figures read on PostgreSQL), lists.py (the lists behind the figures) and
briefing.py (the briefing packs)."""

from reporting.selectors.figures import (
    AGE_BUCKETS,
    CALENDAR_WEEKS,
    STATUSES,
    TOP_ROWS,
    Breakdowns,
    Cadence,
    MilestoneFigure,
    Timeliness,
    commitment_status_counts,
    dashboard_breakdowns,
    dashboard_late,
    dashboard_milestone_counts,
    dashboard_reads,
    dashboard_timeliness,
    dashboard_upcoming,
    headline_figures,
    milestone_figures,
    timeliness_totals,
)
from reporting.selectors.lists import (
    followup_report_list,
    milestone_report_list,
    obligation_names,
)
from reporting.selectors.trend import (
    MAX_TREND_POINTS,
    TREND_BUCKETS,
    TREND_CACHE_SECONDS,
    TREND_SETTLED,
    TrendPoint,
    dashboard_trend,
    trend_points,
)
from reporting.selectors.weekly_summary import (
    WeeklySummaryFigures,
    unassigned_count,
    weekly_summary_figures,
)

__all__ = [
    "AGE_BUCKETS",
    "CALENDAR_WEEKS",
    "MAX_TREND_POINTS",
    "STATUSES",
    "TOP_ROWS",
    "TREND_BUCKETS",
    "TREND_CACHE_SECONDS",
    "TREND_SETTLED",
    "Breakdowns",
    "Cadence",
    "MilestoneFigure",
    "Timeliness",
    "TrendPoint",
    "WeeklySummaryFigures",
    "commitment_status_counts",
    "dashboard_breakdowns",
    "dashboard_late",
    "dashboard_milestone_counts",
    "dashboard_reads",
    "dashboard_timeliness",
    "dashboard_trend",
    "dashboard_upcoming",
    "followup_report_list",
    "headline_figures",
    "milestone_figures",
    "milestone_report_list",
    "obligation_names",
    "timeliness_totals",
    "trend_points",
    "unassigned_count",
    "weekly_summary_figures",
]
