"""Thin views: parse the request, call selectors, render. One module per page
family; this package re-exports them for urls.py."""

from reporting.views.briefing import (
    briefing_agreement,
    briefing_index,
    briefing_party,
)
from reporting.views.dashboard import dashboard
from reporting.views.exports import export
from reporting.views.lists import followup_list, milestone_list

__all__ = [
    "briefing_agreement",
    "briefing_index",
    "briefing_party",
    "dashboard",
    "export",
    "followup_list",
    "milestone_list",
]
