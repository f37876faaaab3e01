"""Thin views: parse the request, call selectors, render. One module per page
family; this package re-exports them for urls.py."""

from core.db_router import reporting_view
from reporting.views import dashboard as _dashboard
from reporting.views import exports as _exports
from reporting.views.briefing import (
    briefing_agreement,
    briefing_index,
    briefing_party,
)
from reporting.views.lists import followup_list, milestone_list

# The dashboard and the exports only read: their reads go to the reporting
# database, a read replica when DATABASE_REPLICA_URL names one
# (core/db_router.py), including an export's rows streamed after the view.
dashboard = reporting_view(_dashboard.dashboard)
export = reporting_view(_exports.export)

__all__ = [
    "briefing_agreement",
    "briefing_index",
    "briefing_party",
    "dashboard",
    "export",
    "followup_list",
    "milestone_list",
]
