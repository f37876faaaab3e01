"""The number of an exchange or quota in /api/v1/: read on commitments and
candidates, changed by PATCH within 1..1,000,000, carried by accept."""

import pytest

from commitments.models import Commitment
from extraction.models import Candidate
from tests.api_world import World, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db) -> World:
    return make_world()


def patch(world: World, body: dict):
    return world.client("officer_a").patch(
        f"/api/v1/commitments/{world.commitment.pk}/",
        {"version": world.commitment.version, "reason": "minutes", **body},
        content_type="application/json",
    )


def test_a_commitment_reads_with_its_number(world):
    Commitment.objects.filter(pk=world.commitment.pk).update(
        quantity=20, quantity_unit="officers"
    )
    body = (
        world.client("officer_a")
        .get(f"/api/v1/commitments/{world.commitment.pk}/")
        .json()
    )
    assert (body["quantity"], body["quantity_unit"]) == (20, "officers")


def test_a_patch_sets_the_number(world):
    response = patch(world, {"quantity": 1_000_000, "quantity_unit": "students"})
    assert response.status_code == 200, response.content
    assert (response.json()["quantity"], response.json()["quantity_unit"]) == (
        1_000_000,
        "students",
    )
    row = Commitment.objects.get(pk=world.commitment.pk).history.latest()
    assert row.quantity == 1_000_000


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"quantity": 0}, "The number must be at least 1."),
        ({"quantity": 1_000_001}, "The number must be at most 1,000,000."),
        (
            {"quantity_unit": "officers"},
            "Give the number the unit counts, or clear the unit.",
        ),
    ],
)
def test_a_number_out_of_range_is_a_400_that_says_why(world, body, message):
    response = patch(world, body)
    assert response.status_code == 400
    assert message in str(response.json())
    assert Commitment.objects.get(pk=world.commitment.pk).quantity is None


def test_a_candidate_reads_with_its_number_and_link(world):
    Candidate.objects.filter(pk=world.candidate.pk).update(
        quantity=5, quantity_unit="analysts", due_link="next-meeting"
    )
    rows = world.client("officer_a").get("/api/v1/candidates/").json()["results"]
    body = next(row for row in rows if row["id"] == world.candidate.pk)
    assert (body["quantity"], body["quantity_unit"], body["due_link"]) == (
        5,
        "analysts",
        "next-meeting",
    )


def test_accepting_through_the_api_carries_the_number(world):
    Candidate.objects.filter(pk=world.candidate.pk).update(
        quantity=5, quantity_unit="analysts"
    )
    party = world.a.parties.get(code="PK")
    response = world.client("officer_a").post(
        f"/api/v1/candidates/{world.candidate.pk}/accept/",
        {
            "agreement": world.a.pk,
            "reference": "share-intel",
            "parties": [party.pk],
            "reason": "a clear undertaking",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert (response.json()["quantity"], response.json()["quantity_unit"]) == (
        5,
        "analysts",
    )
    commitment = Commitment.objects.get(reference="share-intel")
    assert (commitment.quantity, commitment.quantity_unit) == (5, "analysts")
