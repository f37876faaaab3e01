"""The API's lists: the pages' filters (same classes, same answers), cursor
pagination (every row once, bad cursors a 400), constant query counts, and
each record's history."""

import base64
import datetime
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from access.models import Desk
from access.scope import visible_commitments
from access.services import desk_agreement_add
from commitments.filters import CommitmentFilter
from commitments.models import Commitment, Obligation
from commitments.services.commitments import commitment_update
from commitments.services.followups import followup_log
from extraction.models import Candidate
from tests.api_world import World, make_world
from tests.factories import (
    AgreementFactory,
    CommitmentFactory,
    InstitutionFactory,
    MilestoneFactory,
    PartyFactory,
    SourceDocumentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db) -> World:
    return make_world()


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_commitment_filters_answer_as_the_page_filter_does(world):
    CommitmentFactory(agreement=world.a, title="Alpha training", kind="training")
    CommitmentFactory(agreement=world.a, title="Alpha visit", kind="visit")
    client = world.client("officer_a")
    user = world.users["officer_a"]
    for params in (
        {"kind": "training"},
        {"q": "visit"},
        {"status": "planned"},
        {"agreement": world.a.pk},
        {"owner": user.pk},
        {"due_after": "2026-05-01", "due_before": "2026-07-01"},
    ):
        got = {row["id"] for row in results(client.get("/api/v1/commitments/", params))}
        page = CommitmentFilter(
            {k: str(v) for k, v in params.items()},
            visible_commitments(
                user, Commitment.objects.filter(archived_at__isnull=True)
            ),
            user=user,
        )
        assert page.is_valid(), params
        assert got == set(page.qs.values_list("pk", flat=True)), params
        assert got, params


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/v1/commitments/", {"kind": "no-such-kind"}),
        ("/api/v1/commitments/", {"status": "nonsense"}),
        ("/api/v1/commitments/", {"owner": "abc"}),
        ("/api/v1/commitments/", {"agreement": "99999999999999999999"}),
        ("/api/v1/commitments/", {"due_after": "0001-01-01"}),
        ("/api/v1/commitments/", {"due_before": "9999-12-31"}),
        ("/api/v1/commitments/", {"due_after": "2026-02-30"}),
        ("/api/v1/commitments/", {"q": "word " * 50}),
        ("/api/v1/milestones/", {"status": "late-ish"}),
        ("/api/v1/milestones/", {"due_after": "1000-01-01"}),
        ("/api/v1/milestones/", {"commitment": "x" * 5000}),
        ("/api/v1/followups/", {"happened_after": "99999-01-01"}),
        ("/api/v1/followups/", {"kind": "gossip"}),
        ("/api/v1/obligations/", {"party": "-1"}),
        ("/api/v1/candidates/", {"status": "maybe"}),
        ("/api/v1/candidates/", {"source": "abc"}),
    ],
)
def test_bad_filter_values_are_a_400_naming_the_parameter(world, url, params):
    response = world.client("officer_a").get(url, params)
    assert response.status_code == 400, response.content
    assert response.json()


def test_another_desks_agreement_is_not_a_filter_choice(world):
    client = world.client("officer_b")
    response = client.get("/api/v1/commitments/", {"agreement": world.a.pk})
    assert response.status_code == 400
    assert "agreement" in response.json()
    response = client.get("/api/v1/milestones/", {"agreement": world.a.pk})
    assert response.status_code == 400


def test_milestone_and_followup_filters_are_the_report_lists(world):
    client = world.client("officer_a")
    rows = results(client.get("/api/v1/milestones/", {"status": "open"}))
    assert [row["id"] for row in rows] == [world.milestone.pk]
    rows = results(client.get("/api/v1/milestones/", {"commitment": "alpha-pledge"}))
    assert [row["id"] for row in rows] == [world.milestone.pk]
    rows = results(
        client.get(
            "/api/v1/followups/",
            {"happened_after": "2026-01-21", "happened_before": "2026-01-31"},
        )
    )
    assert [row["id"] for row in rows] == [world.shared.pk]


def test_ordering_is_an_allow_list(world):
    CommitmentFactory(agreement=world.a, title="AAA first")
    client = world.client("officer_a")
    rows = results(client.get("/api/v1/commitments/", {"ordering": "title"}))
    assert rows[0]["title"] == "AAA first"
    # A field outside the list (or a join) is ignored, not a 500.
    for ordering in ("owner__password", "description", "-nope"):
        response = client.get("/api/v1/commitments/", {"ordering": ordering})
        assert response.status_code == 200


def follow(client, url: str, params: dict) -> list[list[int]]:
    pages = []
    response = client.get(url, params)
    while True:
        body = response.json()
        assert response.status_code == 200, body
        pages.append([row["id"] for row in body["results"]])
        if not body["next"]:
            return pages
        response = client.get(body["next"])


def test_the_cursor_walks_every_row_once(world):
    for _ in range(119):
        CommitmentFactory(agreement=world.a)
    client = world.client("officer_a")
    pages = follow(client, "/api/v1/commitments/", {})
    assert [len(page) for page in pages] == [50, 50, 20]
    seen = [pk for page in pages for pk in page]
    assert len(seen) == len(set(seen)) == 120
    pages = follow(client, "/api/v1/commitments/", {"ordering": "title"})
    assert sorted(pk for page in pages for pk in page) == sorted(seen)
    # At most 200 a page, whatever is asked.
    big = client.get("/api/v1/commitments/", {"page_size": 5000}).json()
    assert len(big["results"]) == 120


def cursor(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "value",
    [
        "garbage!!",
        cursor("p=abc"),
        cursor("p=" + "9" * 40),
        cursor("o=-4"),
        cursor("r=1&p=2026-99-99"),
        "",
    ],
)
def test_a_bad_cursor_is_a_400(world, value):
    response = world.client("officer_a").get(
        "/api/v1/commitments/?" + urlencode({"cursor": value})
    )
    if value == "":
        assert response.status_code == 200
        return
    assert response.status_code == 400, response.content
    assert "cursor" in response.json()


def test_a_bad_date_cursor_on_a_date_ordering_is_a_400(world):
    client = world.client("officer_a")
    url = "/api/v1/milestones/?" + urlencode(
        {"ordering": "due_date", "cursor": cursor("p=2026-02-31")}
    )
    assert client.get(url).status_code == 400
    url = "/api/v1/milestones/?" + urlencode(
        {"ordering": "due_date", "cursor": cursor("p=2026-02-01")}
    )
    assert client.get(url).status_code == 200


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def grow(world: World, kind: str, rows: int) -> None:
    """Add `rows` rows of `kind` that desk A's officer sees, each with the
    related rows its page shows (parties, sources, obligations, authors)."""
    desk = Desk.objects.get(name="Desk A")
    actor = world.users["manager_a"]
    party = PartyFactory()
    offset = Candidate.objects.count()
    for n in range(offset, offset + rows):
        if kind in ("agreements", "sources"):
            agreement = AgreementFactory()
            agreement.parties.add(party)
            agreement.sources.add(SourceDocumentFactory())
            desk_agreement_add(desk=desk, agreement=agreement, actor=actor, reason="r")
        elif kind == "candidates":
            source = world.a.sources.get()
            Candidate.objects.create(
                source=source,
                quote=source.text[n : n + 1],
                start=n,
                end=n + 1,
                kind="training",
                title=f"c{n}",
                confidence=0.5,
                extractor_version="t",
            )
        else:
            commitment = CommitmentFactory(
                agreement=world.a, owner=world.users["viewer_a"]
            )
            Obligation.objects.create(
                commitment=commitment,
                party=party,
                lead_institution=InstitutionFactory(party=party),
            )
            MilestoneFactory(commitment=commitment)
            followup_log(
                commitment=commitment,
                actor=actor,
                happened_on=datetime.date(2026, 1, 5),
                note="n",
            )


@pytest.mark.parametrize(
    "kind",
    [
        "agreements",
        "commitments",
        "obligations",
        "milestones",
        "followups",
        "sources",
        "candidates",
    ],
)
def test_a_page_costs_the_same_queries_for_5_and_50_rows(
    world, kind, django_assert_max_num_queries
):
    client = world.client("officer_a")
    url = f"/api/v1/{kind}/"
    client.get(url)  # the token's last use is stamped once a minute
    grow(world, kind, 5)
    few = count_queries(client, url)
    grow(world, kind, 45)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert len(response.json()["results"]) == 50
    assert few <= 8


def test_history_lists_who_when_why_and_what_changed(world):
    commitment_update(
        commitment=world.commitment,
        actor=world.users["manager_a"],
        reason="the talks moved it",
        description="Now due later",
    )
    client = world.client("officer_a")
    rows = results(client.get(f"/api/v1/commitments/{world.commitment.pk}/history/"))
    latest = rows[0]
    assert latest["who"] == "manager_a"
    assert latest["reason"] == "the talks moved it"
    assert latest["type"] == "changed"
    changed = {change["field"]: change for change in latest["changes"]}
    assert changed["description"]["new"] == "Now due later"
    assert rows[-1]["type"] == "created"
    assert datetime.datetime.fromisoformat(latest["when"])


def test_history_pages_keep_the_changes_across_the_page_boundary(world):
    for n in range(3):
        commitment_update(
            commitment=world.commitment,
            actor=world.users["manager_a"],
            reason=f"edit {n}",
            description=f"v{n}",
        )
    client = world.client("officer_a")
    url = f"/api/v1/commitments/{world.commitment.pk}/history/"
    first = client.get(url, {"page_size": 1}).json()
    assert first["results"][0]["changes"] == [
        {"field": "description", "old": "v1", "new": "v2"}
    ] or {c["field"] for c in first["results"][0]["changes"]} >= {"description"}
    second = client.get(first["next"]).json()
    assert second["results"][0]["reason"] == "edit 1"
    change = {c["field"]: c for c in second["results"][0]["changes"]}
    assert change["description"]["old"] == "v0"
    assert parse_qs(urlparse(first["next"]).query)["cursor"]


@pytest.mark.parametrize(
    "kind", ["agreements", "milestones", "followups", "sources", "obligations"]
)
def test_every_kind_has_a_history(world, kind):
    objects = {
        "agreements": world.a,
        "milestones": world.milestone,
        "followups": world.internal,
        "sources": world.a.sources.get(),
        "obligations": world.commitment.obligations.first(),
    }
    target = objects[kind]
    response = world.client("officer_a").get(f"/api/v1/{kind}/{target.pk}/history/")
    assert response.status_code == 200
    assert response.json()["results"]
