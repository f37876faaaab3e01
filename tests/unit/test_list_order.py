"""The commitment list's stored order (issue 11, migration 0009) against the
order computed from the milestones, after every kind of write."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import F
from django.urls import reverse

from commitments import selectors
from commitments.models import Commitment, Milestone, Party, StatusChoices
from commitments.ordering import in_list_order
from commitments.services.archive import commitment_archive, commitment_restore
from commitments.services.commitments import commitment_set_status, commitment_update
from commitments.services.milestones import (
    milestone_add,
    milestone_move,
    milestone_transition,
    milestones_generate,
    milestones_regenerate,
)
from commitments.services.sweeps import milestone_statuses_flag
from tests.factories import CommitmentFactory

UTC = datetime.UTC
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the stored order is PostgreSQL's"
)


def computed() -> list[tuple]:
    # Today's order and keys, from commitment_overview's annotations.
    return list(
        selectors.commitment_overview()
        .order_by("urgency", "next_due", "title", "pk")
        .values_list("pk", "urgency", "next_due", "title")
    )


def stored() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT commitment_id, urgency, next_due, title"
            " FROM commitments_commitmentorder"
            " ORDER BY urgency, next_due NULLS LAST, title, commitment_id"
        )
        return [tuple(row) for row in cursor.fetchall()]


def assert_same_order() -> None:
    expected = computed()
    assert expected, "nothing listed: the comparison would prove nothing"
    assert stored() == expected


@pytest.fixture
def lived_in(seeded, system):
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    milestone_statuses_flag(
        as_of=datetime.datetime(2026, 4, 10, tzinfo=UTC), actor=system
    )
    return system


def open_milestone(**filters) -> Milestone:
    return (
        Milestone.objects.filter(status__in=["planned", "due_soon", "overdue"])
        .filter(**filters)
        .order_by("due_date", "id")
        .first()
    )


@on_postgresql
def test_stored_order_follows_generation_and_the_sweep(lived_in):
    assert any(urgency == 0 for _, urgency, _, _ in stored())
    assert any(next_due is not None for _, _, next_due, _ in stored())
    assert_same_order()
    milestone_statuses_flag(
        as_of=datetime.datetime(2026, 9, 10, tzinfo=UTC), actor=lived_in
    )
    assert_same_order()


@on_postgresql
def test_stored_order_follows_milestone_services(lived_in):
    system = lived_in
    first = open_milestone()
    milestone_transition(
        milestone=first,
        status=StatusChoices.DONE,
        actor=system,
        completed_on=first.due_date,
    )
    assert_same_order()
    second = open_milestone(commitment=first.commitment)
    milestone_transition(
        milestone=second,
        status=StatusChoices.CANCELLED,
        actor=system,
        reason="the meeting was dropped",
    )
    assert_same_order()
    milestone_transition(
        milestone=Milestone.objects.get(pk=second.pk),
        status=StatusChoices.PLANNED,
        actor=system,
        reason="cancelled by mistake",
    )
    assert_same_order()
    third = open_milestone(commitment=first.commitment)
    milestone_move(
        milestone=third,
        due_date=datetime.date(2025, 12, 1),
        actor=system,
        reason="brought forward",
    )
    assert_same_order()
    milestone_add(
        commitment=Commitment.objects.exclude(pk=first.commitment_id).first(),
        due_date=datetime.date(2026, 2, 3),
        actor=system,
        reason="an extra meeting",
    )
    assert_same_order()


@on_postgresql
def test_stored_order_follows_commitment_writes(lived_in):
    system = lived_in
    commitment = Commitment.objects.filter(status="overdue").first()
    commitment_update(
        commitment=commitment, actor=system, reason="renamed", title="Aaa first"
    )
    assert_same_order()
    commitment_archive(commitment=commitment, actor=system, reason="superseded")
    assert commitment.pk not in [pk for pk, *_ in stored()]
    assert_same_order()
    commitment_restore(commitment=commitment, actor=system, reason="still needed")
    assert_same_order()
    other = Commitment.objects.filter(status="planned").first()
    commitment_set_status(
        commitment=other,
        status=StatusChoices.DONE,
        actor=system,
        reason="fully met",
    )
    assert_same_order()
    CommitmentFactory(title="A new one")
    assert_same_order()


@on_postgresql
def test_stored_order_follows_regeneration(lived_in):
    system = lived_in
    cadenced = Commitment.objects.exclude(cadence_rrule="").first()
    commitment_update(
        commitment=cadenced,
        actor=system,
        reason="now monthly",
        cadence_rrule="FREQ=MONTHLY;BYMONTHDAY=15",
    )
    milestones_regenerate(
        commitment=Commitment.objects.get(pk=cadenced.pk),
        as_of=datetime.datetime(2026, 4, 10, tzinfo=UTC),
        actor=system,
    )
    assert_same_order()


@on_postgresql
def test_raw_bulk_writes_and_truncate_are_followed(lived_in):
    # Paths outside the services (a data fix, a loader) are kept too.
    Milestone.objects.filter(status="overdue").update(
        status="done", completed_on=F("due_date")
    )
    assert_same_order()
    Milestone.objects.filter(status="done").update(status="planned", completed_on=None)
    Milestone.objects.update(due_date=F("due_date") + datetime.timedelta(days=3))
    assert_same_order()
    with connection.cursor() as cursor:
        # The test's transaction holds deferred foreign-key checks.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE commitments_milestone CASCADE")
    assert_same_order()


@pytest.fixture
def as_viewer(client, lived_in, officer):
    officer.groups.add(Group.objects.get(name="Viewer"))
    client.force_login(officer)
    for status in ("overdue", "planned", "done"):
        CommitmentFactory.create_batch(20, status=status, title="Alike")
    return client


def listed(client, **query) -> list[str]:
    url = reverse("commitments:commitment_list")
    rows = []
    for number in (1, 2, 3):
        page = client.get(url, {**query, "page": number}).context["page"]
        rows += [c.reference for c in page.object_list]
        if not page.has_next():
            break
    return rows


def expected(**filters) -> list[str]:
    return list(
        selectors.commitment_search_rows()
        .filter(**filters)
        .values_list("reference", flat=True)
    )


QUERIES = [
    ({}, {}),
    ({"status": "overdue"}, {"status": "overdue"}),
    ({"status": "planned"}, {"status": "planned"}),
    ({"status": "done"}, {"status": "done"}),
]


@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])
def test_list_pages_keep_the_computed_order_with_either_path(
    as_viewer, monkeypatch, vendor
):
    if vendor == "sqlite":
        # The demo's path: the computed order, no stored table read.
        monkeypatch.setattr(connection, "vendor", "sqlite")
    for query, filters in QUERIES:
        assert listed(as_viewer, **query) == expected(**filters), query
    assert listed(as_viewer, q="Alike") == expected(title="Alike")
    side = Party.objects.get(code="PK")
    assert listed(as_viewer, party=side.pk) == expected(obligations__party=side)


@on_postgresql
def test_a_page_of_the_list_is_a_range_of_the_stored_index(lived_in):
    ids = in_list_order(selectors.commitment_overview(), status="planned").values("pk")[
        :50
    ]
    with connection.cursor() as cursor:
        # A few rows here, not 100,000: make every other plan dear, so the
        # plan shows whether the index can give the order at all (if it could
        # not, PostgreSQL would still have to sort).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        sql, params = ids.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "commitments_commitmentorder_list" in plan
    assert "Sort" not in plan


@on_postgresql
def test_a_searched_page_sorts_its_matches_instead_of_walking_the_index(lived_in):
    # The planner cannot estimate a text search's matches: never walk the
    # whole index testing each commitment against it.
    ids = in_list_order(selectors.commitment_overview(), searched=True).values("pk")
    assert 'urgency" + 0)' in str(ids.query)
