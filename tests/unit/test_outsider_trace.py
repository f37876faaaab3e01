"""Issue 14, "Done when": `outsider` (a policy officer of the Afghanistan desk)
cannot find any trace of the seed's agreements: not by searching their words,
not in the figures, lists, filter choices, exports, feeds or the API."""

import pytest
from django.test import Client

from tests.unit.access_matrix_world import (
    World,
    get,
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
