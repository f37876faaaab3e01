"""Every read of the reporting pages: the dashboard's figures, the trend from
history, and the lists behind the figures (one module each, re-exported here)."""

from reporting.selectors.dashboard import (
    AGE_BUCKETS,
    CALENDAR_WEEKS,
    STATUSES,
    TOP_ROWS,
    Breakdowns,
    Cadence,
    MilestoneFigure,
    Timeliness,
    dashboard_breakdowns,
    dashboard_late,
    dashboard_milestone_counts,
    dashboard_reads,
    dashboard_timeliness,
    dashboard_upcoming,
    milestone_figures,
)
from reporting.selectors.lists import followup_report_list, milestone_report_list
from reporting.selectors.trend import (
    MAX_TREND_POINTS,
    TREND_BUCKETS,
    TREND_CACHE_SECONDS,
    TREND_SETTLED,
    TrendPoint,
    dashboard_trend,
    trend_points,
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
    "dashboard_breakdowns",
    "dashboard_late",
    "dashboard_milestone_counts",
    "dashboard_reads",
    "dashboard_timeliness",
    "dashboard_trend",
    "dashboard_upcoming",
    "followup_report_list",
    "milestone_figures",
    "milestone_report_list",
    "trend_points",
]
