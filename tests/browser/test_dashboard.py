"""A manager's Monday in a real browser: open the dashboard, follow a figure to
the list behind it, and find the same number there."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from commitments.models import Commitment, Milestone
from commitments.services.commitments import commitment_update
from commitments.services.followups import followup_log, milestone_complete
from commitments.services.sweeps import milestone_statuses_flag
from tests.browser.conftest import log_in
from tests.unit import test_dashboard
from tests.unit.test_dashboard import NOW, at, grow

# Transactional, for the live server's thread; serialized_rollback restores
# what migrations stored (roles, reminder settings) for the tests after these.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

manager = test_dashboard.manager
portfolio = test_dashboard.portfolio
UTC = datetime.UTC
REASONS = [
    "Counterpart asked to move it after the budget session; new date awaited.",
    "Venue in Islamabad not confirmed by the Interior Division.",
    "Minutes drafted, waiting for the other side's signature.",
    "Delegation list still with the Foreign Office for clearance.",
]


def held_on(milestone: Milestone, day: datetime.date, actor) -> None:
    milestone_complete(
        commitment=milestone.commitment,
        actor=actor,
        happened_on=day,
        milestone=milestone,
        note="Held; minutes filed",
    )


@pytest.fixture
def lived_in(portfolio, system):
    """The seed and four more agreements through half a year: a sweep every
    Monday since April, and some of the monthly meetings held, some late."""
    grow(4, system, swept_at=datetime.datetime(2026, 4, 6, 3, tzinfo=UTC))
    monday = datetime.datetime(2026, 4, 13, 3, tzinfo=UTC)
    week = 0
    while monday < NOW:
        with at(monday):
            # Some meetings are logged as held on their day, before the sweep
            # ...
            last_week = Milestone.objects.filter(
                commitment__reference__startswith="grown-",
                status__in=["planned", "due_soon"],
                due_date__lt=timezone.localdate(),
            ).order_by("due_date", "id")
            for milestone in list(last_week)[: 2 + week % 3]:
                held_on(milestone, milestone.due_date, portfolio["manager"])
            milestone_statuses_flag(as_of=timezone.now(), actor=system)
            # ... and some late ones are caught up with.
            late = Milestone.objects.filter(
                status="overdue", commitment__reference__startswith="grown-"
            ).order_by("due_date", "id")
            for milestone in list(late)[: week % 2]:
                held_on(milestone, timezone.localdate(), portfolio["manager"])
        week += 1
        monday += datetime.timedelta(weeks=1)
    with at(NOW):
        milestone_statuses_flag(as_of=timezone.now(), actor=system)
        commitment_update(
            commitment=Commitment.objects.get(reference="grown-3-2"),
            actor=system,
            reason="owner left",
            owner=None,
        )
        for milestone, why in zip(
            Milestone.objects.filter(status="overdue").order_by("due_date", "id"),
            REASONS,
            strict=False,
        ):
            followup_log(
                commitment=milestone.commitment,
                actor=portfolio["manager"],
                happened_on=timezone.localdate() - datetime.timedelta(days=2),
                milestone=milestone,
                note=why,
            )
    cache.clear()
    with time_machine.travel(NOW, tick=True):
        yield portfolio["manager"]
    cache.clear()


def test_a_manager_follows_a_figure_to_the_list_behind_it(page, lived_in, screenshots):
    page.goto("/reports/")
    log_in(page, "mgr", "pw-user-1")
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    expect(page.locator("nav.mainnav a[aria-current=page]")).to_have_text("Dashboard")
    overdue = page.locator("#kpi-overdue .kpi-value")
    count = int(overdue.inner_text())
    assert count == Milestone.objects.filter(status="overdue").count() > 5
    # The charts are inline SVG drawn by the server.
    expect(page.locator("#trend svg.chart polyline")).to_have_count(3)
    expect(page.locator("#calendar svg.chart a")).to_have_count(13)
    page.screenshot(path=screenshots / "dashboard.png", full_page=True)

    overdue.click()
    expect(page.get_by_role("heading", name="Milestones", exact=True)).to_be_visible()
    expect(page.locator("#result-count")).to_have_text(str(count))
    expect(page.locator("#milestones tbody .badge.overdue").first).to_be_visible()
    expect(page.locator("#id_status")).to_have_value("overdue")
    page.screenshot(path=screenshots / "dashboard-overdue-list.png")

    page.go_back()
    row = page.locator("#by-agreement tbody tr").first
    cell = row.locator("td.num a").nth(1)  # the agreement's overdue commitments
    figure = int(cell.inner_text())
    cell.click()
    expect(page.get_by_role("heading", name="Commitments", exact=True)).to_be_visible()
    expect(page.locator("#id_status")).to_have_value("overdue")
    expect(page.locator("section.card h2 .count").first).to_have_text(str(figure))
