"""The weekly summary reads its own figures: a few queries whatever the data,
and the same numbers the dashboard shows."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commitments.models import Milestone, Party
from commitments.permissions import MANAGER
from reporting import page_context
from reporting.models import WeeklySummary
from reporting.scope import Scope
from reporting.selectors import summary, weekly_summary_figures
from reporting.services.weekly_summary import (
    weekly_summaries_create,
    weekly_summary_send,
)
from tests.factories import UserFactory
from tests.unit import test_dashboard
from tests.unit.test_dashboard import at, grow
from tests.unit.test_weekly_summary import MONDAY

manager = test_dashboard.manager
portfolio = test_dashboard.portfolio
_empty_cache = test_dashboard._empty_cache

# What one send may cost: the outbox's claim and mark (with history rows),
# the recipient check, and the figures' handful of aggregates and two lists.
# The whole dashboard (breakdowns, calendar, trend) would be far more.
SEND_QUERIES = 31
# What the email reads from the context, under the dashboard's names.
SHOWN = (
    "status_total",
    "by_status",
    "due_30",
    "due_90",
    "overdue_ages",
    "overdue_total",
    "due_so_far",
    "on_time",
    "on_time_rate",
)


@pytest.fixture(params=["tallies", "domain tables"])
def path(request, monkeypatch):
    """Both ways the figures are read (docs/reporting.md, "The summary")."""
    monkeypatch.setattr(summary, "FORCE_FROM_SCRATCH", request.param != "tallies")
    return request.param


def _manager(username: str):
    user = UserFactory(username=username, email=f"{username}@example.org")
    user.groups.add(Group.objects.get(name=MANAGER))
    return user


def _send_queries(recipient) -> int:
    summary_id = WeeklySummary.objects.get(recipient=recipient).pk
    with CaptureQueriesContext(connection) as captured:
        assert weekly_summary_send(summary_id=summary_id, now=MONDAY) == "sent"
    return len(captured)


def test_one_send_makes_as_few_queries_with_many_rows_as_with_few(
    portfolio, system, path, django_assert_max_num_queries
):
    warm, first, second = _manager("warm"), _manager("first"), _manager("second")
    with at(MONDAY):
        weekly_summaries_create(as_of=MONDAY)
        # The first send of a process may look up what later ones reuse.
        _send_queries(warm)
        few = _send_queries(first)
    grow(6, system)
    assert Milestone.objects.count() > 150
    summary_id = WeeklySummary.objects.get(recipient=second).pk
    with at(MONDAY), django_assert_max_num_queries(few):
        assert weekly_summary_send(summary_id=summary_id, now=MONDAY) == "sent"
    assert few <= SEND_QUERIES


@pytest.mark.parametrize("side", [None, "PK"])
def test_the_summary_figures_are_the_dashboards(portfolio, system, path, side):
    grow(3, system)
    scope = Scope(party=Party.objects.get(code=side) if side else None)
    with at(MONDAY):
        today = timezone.localdate(MONDAY)
        dashboard = page_context.dashboard_context(
            scope,
            now=MONDAY,
            today=today,
            zone=timezone.get_current_timezone(),
            use_cache=False,
        )
        found = page_context.weekly_summary_context(
            weekly_summary_figures(scope, now=MONDAY, today=today), scope
        )
    assert dashboard["overdue_total"].value > 0
    for key in SHOWN:
        assert found[key] == dashboard[key], key
    cadence = (found["cadence"].held, found["cadence"].due)
    assert cadence == (dashboard["cadence"].held, dashboard["cadence"].due)
    for key in ("late", "upcoming"):
        assert [m.pk for m in found[key]] == [m.pk for m in dashboard[key]]
    notes = [(m.last_note, m.last_note_on) for m in found["late"]]
    assert notes == [(m.last_note, m.last_note_on) for m in dashboard["late"]]
