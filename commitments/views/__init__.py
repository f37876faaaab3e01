"""Thin views: parse the request, call a selector or service, render.

One module per page family; this package re-exports the views for urls.py.
"""

from commitments.views.agreements import (
    agreement_create,
    agreement_detail,
    agreement_edit,
    agreement_list,
)
from commitments.views.commitments import (
    commitment_create,
    commitment_detail,
    commitment_edit,
    commitment_search,
)
from commitments.views.followups import followup_create, followup_evidence
from commitments.views.home import home
from commitments.views.joint import milestone_sides_page
from commitments.views.milestones import milestone_create, milestone_edit
from commitments.views.sources import source_detail, source_list
from commitments.views.translations import commitment_translate

__all__ = [
    "agreement_create",
    "agreement_detail",
    "agreement_edit",
    "agreement_list",
    "commitment_create",
    "commitment_detail",
    "commitment_edit",
    "commitment_search",
    "commitment_translate",
    "followup_create",
    "followup_evidence",
    "home",
    "milestone_create",
    "milestone_edit",
    "milestone_sides_page",
    "source_detail",
    "source_list",
]
