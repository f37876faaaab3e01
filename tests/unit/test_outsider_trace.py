"""Issue 14, "Done when": `outsider` (a policy officer of the Afghanistan desk)
cannot find any trace of the seed's agreements: not by searching their words,
not in the figures, lists, filter choices, exports, feeds or the API."""

import json

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from access.models import Desk
from access.services import desk_member_add
from core.history import system_user
from tests.factories import UserFactory
from tests.unit.access_matrix_world import (
    World,
    get,
    leaks,
    module_world,
    readable,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from module_world(django_db_blocker, tmp_path_factory)


SEARCHES = ("Beijing", "Joint Working Group", "police", "JWG", "China")


def _outsider(world: World, path: str, **extra: str) -> tuple[int, str]:
    response, body = get(Client(), world.cookies["outsider"], path, **extra)
    return response.status_code, readable(response, body)


def test_filter_choices_offer_no_institution_of_the_seed(world):
    # The lead-institution dropdowns listed every institution, the seed's
    # "Beijing Police College" among them, to every desk.
    for path in ("/commitments/", "/reports/milestones/", "/reports/follow-ups/"):
        status, text = _outsider(world, path)
        assert status == 200
        assert "Beijing" not in text, path
        assert "Ministry of Public Security" not in text, path
    # The China desk still gets them.
    _response, body = get(Client(), world.cookies["viewer"], "/commitments/")
    assert "Beijing Police College" in body.decode()


def _api(world: World, role: str, path: str) -> tuple[int, str]:
    key = world.api_keys[role]
    response, body = get(Client(), {}, path, HTTP_AUTHORIZATION=f"Token {key}")
    return response.status_code, readable(response, body)


def test_the_api_lists_no_institution_of_the_seed(world):
    # /api/v1/institutions/ listed the whole directory to every token.
    status, text = _api(world, "outsider", "/api/v1/institutions/")
    assert status == 200
    assert "Beijing" not in text
    assert "Ministry of Public Security" not in text
    status, text = _api(world, "viewer", "/api/v1/institutions/")
    assert "Beijing Police College" in text


def _seen(text: str, query: str = "") -> list[str]:
    """The seed's texts in `text`, the echo of the person's own query aside."""
    if query:
        text = text.replace(f'value="{query}"', "").replace(f"q={query}", "")
    return leaks("outsider", text)


@pytest.mark.parametrize("word", SEARCHES)
def test_searching_the_seeds_words_finds_nothing(world, word):
    for path in ("/commitments/", "/reports/milestones/", "/reports/follow-ups/"):
        status, text = _outsider(world, path, data={"q": word})
        assert status == 200
        assert not _seen(text, word), (path, word)
    status, text = _outsider(world, "/commitments/", data={"q": word})
    assert 'Matching commitments <span class="count">0</span>' in text
    for kind in ("commitments", "milestones", "followups"):
        for fmt in ("csv", "xlsx"):
            status, text = _outsider(
                world, f"/reports/export/{kind}.{fmt}", data={"q": word}
            )
            assert status == 200
            assert not _seen(text), (kind, fmt, word)
    status, text = _api(world, "outsider", f"/api/v1/commitments/?q={word}")
    assert json.loads(text)["results"] == []


def test_every_list_export_feed_and_api_list_holds_only_their_own(world):
    paths = [
        "/",
        "/agreements/",
        "/commitments/",
        "/sources/",
        "/reports/milestones/",
        "/reports/follow-ups/",
        "/reports/briefing/",
        "/reports/briefing/party/CN/",
        "/reports/briefing/party/PK/",
        "/reports/briefing/party/PK.pdf",
        "/extraction/",
        "/notifications/preferences/",
        f"/calendar/{world.personal_feeds['outsider']}.ics",
        f"/calendar/agreement/{world.agreement_feeds['outsider']['out']}.ics",
    ]
    paths += [
        f"/reports/export/{kind}.{fmt}"
        for kind in ("commitments", "milestones", "followups")
        for fmt in ("csv", "xlsx")
    ]
    for path in paths:
        status, text = _outsider(world, path)
        assert status == 200, path
        assert not _seen(text), path
    # Their own work is there: the checks above would pass on an empty page.
    _status, text = _outsider(world, "/reports/export/commitments.csv")
    assert "Border coordination meetings every six months" in text
    for name in (
        "agreements",
        "commitments",
        "obligations",
        "milestones",
        "followups",
        "sources",
        "institutions",
        "candidates",
    ):
        status, text = _api(world, "outsider", f"/api/v1/{name}/")
        assert status == 200, name
        assert not _seen(text), name
    _status, text = _api(world, "outsider", "/api/v1/commitments/")
    assert len(json.loads(text)["results"]) == 1


def test_the_dashboard_of_their_desk_counts_only_its_own_work(world):
    # The outsider (a policy officer) is refused the dashboard; their desk's
    # manager sees it, and every figure counts the desk's one commitment.
    assert _outsider(world, "/reports/")[0] == 403
    manager = UserFactory(username="af-manager")
    manager.groups.add(Group.objects.get(name="Manager"))
    desk_member_add(
        desk=Desk.objects.get(pk=world.ids["af_desk"]),
        user=manager,
        actor=system_user(),
        reason="the Afghanistan desk's manager",
    )
    client = Client()
    client.force_login(manager)
    page = client.get("/reports/")
    assert page.status_code == 200
    assert not leaks("outsider", page.content.decode())
    figures = client.get("/api/v1/dashboard/").json()
    assert figures["commitments"]["value"] == 1
    by_status = {
        row["status"]: row["value"] for row in figures["commitments_by_status"]
    }
    assert by_status == {
        "planned": 1,
        "due_soon": 0,
        "overdue": 0,
        "done": 0,
        "missed": 0,
        "cancelled": 0,
    }
    assert not leaks("outsider", json.dumps(figures))
