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
