"""The commitment list's order: most urgent first, then by next due date.

The order is urgency (from the status: overdue, due soon, planned, the
rest), the next open due date (none last), title and id. On PostgreSQL the
four keys are read from ``commitments_commitmentorder`` (commitments/
list_order.py, kept by the triggers of migration 0009), whose index is in this
order: a page is a range of that index, joined to the commitments it names,
instead of the next due date computed for every commitment of the first
urgency group and sorted (80-95 ms at 100,000 commitments; docs/performance.md,
"Stored next due date"). Elsewhere (SQLite, the demo) the keys are computed
as before (``selectors.commitment_overview``'s annotations). Both give the same
rows in the same order (tests/unit/test_list_order.py).
"""

from django.db import connections
from django.db.models import F, QuerySet

from commitments.models import Commitment, StatusChoices

# The stored urgency of each status that has one of its own (the closed
# statuses share 3): a status filter becomes a range of the index.
URGENCY_OF = {
    StatusChoices.OVERDUE.value: 0,
    StatusChoices.DUE_SOON.value: 1,
    StatusChoices.PLANNED.value: 2,
}


def stored_order_available(queryset: QuerySet) -> bool:
    """Whether the database keeps the stored order (PostgreSQL)."""
    return connections[queryset.db].vendor == "postgresql"


def in_list_order(
    queryset: QuerySet[Commitment],
    *,
    status: str | None = None,
    searched: bool = False,
) -> QuerySet[Commitment]:
    """``queryset`` (built on ``selectors.commitment_overview``) in the list's
    order. ``status``: the status the queryset is already filtered to, if any,
    so that only that urgency's range of the index is read. ``searched``: the
    queryset is narrowed by a text search matching few commitments
    (not ``search.ParsedSearch.broad``), whose matches are sorted instead (see
    below)."""
    if not stored_order_available(queryset):
        return queryset.order_by("urgency", "next_due", "title", "pk")
    # An inner join (the table holds exactly the unarchived commitments), so
    # the planner may walk the index and stop after one page.
    ordered = queryset.filter(stored_order__isnull=False)
    if status in URGENCY_OF:
        ordered = ordered.filter(stored_order__urgency=URGENCY_OF[status])
    # PostgreSQL cannot estimate how many commitments a text search matches
    # (its tsquery is built inside the statement), and walking the index to
    # test each commitment against a search matching a few hundred took ~300
    # ms at 100,000. "+ 0" keeps the index from providing the order: the
    # matches are found through the search index, then sorted (same keys,
    # same order). A broad search (a word in most titles) is the opposite
    # case: sorting its 100,000 matches took 230-900 ms, walking the index
    # finds a page of matches in the first rows (4 ms), so its caller passes
    # searched=False.
    urgency = F("stored_order__urgency") + 0 if searched else F("stored_order__urgency")
    return ordered.order_by(
        urgency.asc(),
        F("stored_order__next_due").asc(nulls_last=True),
        "stored_order__title",
        "stored_order__commitment_id",
    )
