"""Lists count at most LIST_COUNT rows: the cost of a page is bounded however
many rows a filter matches, and past the cap the list says so."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.permissions import MANAGER
from core.pagination import CappedCountPaginator
from tests.factories import CommitmentFactory, MilestoneFactory, UserFactory


@pytest.fixture
def cap(settings):
    settings.TRACKER_LIMITS = {**settings.TRACKER_LIMITS, "LIST_COUNT": 3}
    return 3


@pytest.fixture
def manager(client, db, desk_of_everything):
    user = desk_of_everything.add(UserFactory())  # not a test of scope
    user.groups.add(Group.objects.get(name=MANAGER))
    client.force_login(user)
    return client


def count_statement(captured) -> str:
    # The list's count (the header's unread count, issue 18, is another).
    [sql] = [
        q["sql"]
        for q in captured
        if "COUNT(" in q["sql"].upper() and "notifications_" not in q["sql"]
    ]
    return sql


def test_below_the_cap_the_count_is_exact_and_nothing_is_said(cap, manager):
    CommitmentFactory.create_batch(3)
    html = manager.get(reverse("commitments:commitment_list")).content.decode()
    assert '<span class="count">3</span>' in html
    assert "narrow the filters" not in html


def test_past_the_cap_the_list_says_more_than_and_counts_no_further(cap, manager):
    CommitmentFactory.create_batch(5)
    with CaptureQueriesContext(connection) as captured:
        html = manager.get(reverse("commitments:commitment_list")).content.decode()
    assert '<span class="count">more than 3</span>' in html
    assert "Only the first 3 are listed" in html
    # The count stops after cap + 1 rows, and orders nothing.
    counted = count_statement(captured.captured_queries)
    assert "LIMIT 4" in counted
    assert "ORDER BY" not in counted


def test_the_pages_end_at_the_cap(db, settings):
    settings.TRACKER_LIMITS = {**settings.TRACKER_LIMITS, "LIST_COUNT": 5}
    CommitmentFactory.create_batch(8)
    from commitments.models import Commitment

    paginator = CappedCountPaginator(Commitment.objects.order_by("pk"), 2)
    assert paginator.count == 6  # cap + 1: "more than 5"
    assert paginator.count_is_capped
    assert paginator.num_pages == 3
    last = paginator.get_page(99)
    assert last.number == 3
    assert len(last.object_list) == 2
    assert not last.has_next()


def test_the_milestone_report_counts_no_further_than_the_cap(cap, manager):
    MilestoneFactory.create_batch(5, commitment=CommitmentFactory())
    with CaptureQueriesContext(connection) as captured:
        html = manager.get(reverse("reporting:report_milestones")).content.decode()
    assert 'id="result-count">more than 3</span>' in html
    assert "LIMIT 4" in count_statement(captured.captured_queries)
