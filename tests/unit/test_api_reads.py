"""Every read endpoint of /api/v1/ against the scoping rule and the roles: a
desk user reads its desk's rows only, another desk's object is a 404 (and
absent from every list), a counterpart reads its agreements and only shared
follow-ups, a user without the role gets 403, and no token gets 401."""

import pytest

from tests.api_world import A_NOTE_INTERNAL, A_NOTE_SHARED, A_TITLE, World, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db) -> World:
    return make_world()


LISTS = [
    "agreements",
    "sources",
    "commitments",
    "obligations",
    "milestones",
    "followups",
    "candidates",
]


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def detail_urls(world) -> dict[str, str]:
    """Desk A's objects, one per endpoint."""
    obligation = world.commitment.obligations.first()
    urls = {
        "agreements": f"/api/v1/agreements/{world.a.pk}/",
        "commitments": f"/api/v1/commitments/{world.commitment.pk}/",
        "milestones": f"/api/v1/milestones/{world.milestone.pk}/",
        "followups": f"/api/v1/followups/{world.internal.pk}/",
        "sources": f"/api/v1/sources/{world.a.sources.get().pk}/",
    }
    if obligation is not None:
        urls["obligations"] = f"/api/v1/obligations/{obligation.pk}/"
    return urls


def test_a_desk_user_lists_only_its_desks_rows(world):
    client = world.client("officer_a")
    assert ids(client.get("/api/v1/agreements/")) == {world.a.pk}
    assert ids(client.get("/api/v1/commitments/")) == {world.commitment.pk}
    assert ids(client.get("/api/v1/milestones/")) == {world.milestone.pk}
    assert ids(client.get("/api/v1/followups/")) == {
        world.internal.pk,
        world.shared.pk,
    }
    assert ids(client.get("/api/v1/candidates/")) == {world.candidate.pk}
    sources = ids(client.get("/api/v1/sources/"))
    assert world.a.sources.get().pk in sources
    assert world.b.sources.get().pk not in sources


def test_a_desk_user_reads_each_of_its_objects(world):
    client = world.client("viewer_a")
    for kind, url in detail_urls(world).items():
        response = client.get(url)
        assert response.status_code == 200, (kind, response.content)
    body = client.get(detail_urls(world)["agreements"]).json()
    assert body["title"] == A_TITLE
    assert body["commitment_count"] == 1


@pytest.mark.parametrize("kind", LISTS)
def test_an_outsider_gets_404_and_empty_lists(world, kind):
    client = world.client("officer_b")
    url = detail_urls(world).get(kind)
    if url is not None:
        response = client.get(url)
        assert response.status_code == 404
        assert "detail" in response.json()
        assert client.get(url + "history/").status_code == 404
    listed = client.get(f"/api/v1/{kind}/")
    assert listed.status_code == 200
    assert A_TITLE not in listed.content.decode()
    assert "Alpha" not in listed.content.decode()


def test_an_outsider_sees_its_own_desk(world):
    client = world.client("officer_b")
    assert ids(client.get("/api/v1/agreements/")) == {world.b.pk}
    assert ids(client.get("/api/v1/commitments/")) == {world.commitment_b.pk}


def test_oversight_reads_every_desk(world):
    client = world.client("oversight")
    assert ids(client.get("/api/v1/agreements/")) == {world.a.pk, world.b.pk}


def test_a_counterpart_reads_its_agreements_and_shared_followups_only(world):
    client = world.client("counterpart")
    assert ids(client.get("/api/v1/agreements/")) == {world.a.pk}
    assert ids(client.get("/api/v1/commitments/")) == {world.commitment.pk}
    assert ids(client.get("/api/v1/followups/")) == {world.shared.pk}
    body = client.get("/api/v1/followups/").content.decode()
    assert A_NOTE_SHARED in body
    assert A_NOTE_INTERNAL not in body
    assert client.get(f"/api/v1/followups/{world.internal.pk}/").status_code == 404
    assert client.get(f"/api/v1/followups/{world.shared.pk}/").status_code == 200
    # Owners' names are the ministry's business.
    commitment = client.get(f"/api/v1/commitments/{world.commitment.pk}/").json()
    assert commitment["owner"] is None
    assert client.get(f"/api/v1/commitments/{world.b.pk}/").status_code in (403, 404)
    # No history, no review queue.
    url = f"/api/v1/commitments/{world.commitment.pk}/history/"
    assert client.get(url).status_code == 403
    assert client.get("/api/v1/candidates/").status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/agreements/",
        "/api/v1/parties/",
        "/api/v1/institutions/",
        "/api/v1/sources/",
        "/api/v1/commitments/",
        "/api/v1/obligations/",
        "/api/v1/milestones/",
        "/api/v1/followups/",
        "/api/v1/candidates/",
        "/api/v1/dashboard/",
    ],
)
def test_a_user_without_a_role_gets_403_and_no_token_401(world, url, client):
    assert world.client("norole").get(url).status_code == 403
    response = client.get(url)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"


def test_the_directory_is_read_by_viewers_not_counterparts(world):
    assert world.client("viewer_a").get("/api/v1/parties/").status_code == 200
    assert world.client("viewer_a").get("/api/v1/institutions/").status_code == 200
    assert world.client("counterpart").get("/api/v1/parties/").status_code == 403


def test_the_dashboard_counts_the_callers_scope(world):
    mine = world.client("manager_a").get("/api/v1/dashboard/")
    assert mine.status_code == 200, mine.content
    assert mine.json()["commitments"]["value"] == 1
    theirs = world.client("manager_b").get("/api/v1/dashboard/").json()
    assert theirs["commitments"]["value"] == 1
    assert A_TITLE not in str(theirs)
    every = world.client("oversight").get("/api/v1/dashboard/").json()
    assert every["commitments"]["value"] == 2
    assert world.client("viewer_a").get("/api/v1/dashboard/").status_code == 403


def test_the_dashboard_refuses_bad_filters_with_400(world):
    client = world.client("manager_a")
    for query in (
        "due_after=1000-01-01",
        "due_after=2026-13-45",
        f"agreement={world.b.pk}",
        "agreement=99999999999999999999",
        "due_after=2026-06-01&due_before=2026-01-01",
    ):
        response = client.get(f"/api/v1/dashboard/?{query}")
        assert response.status_code == 400, (query, response.content)
        assert response.json()


def test_session_authentication_serves_the_browsable_api(world, client):
    client.force_login(world.users["viewer_a"])
    response = client.get("/api/v1/commitments/", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "Alpha pledge" in response.content.decode()
