"""Adding a milestone outside the cadence, renaming and moving one."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from commitments.models import Commitment, Milestone
from commitments.services.commitments import commitment_update
from commitments.services.milestones import milestone_transition, milestones_generate

UTC = datetime.UTC
JWG = "jwg-quarterly"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 2, 1, 6, tzinfo=UTC)):
        yield


@pytest.fixture
def as_officer(client, seeded, system, officer):
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    commitment_update(
        commitment=Commitment.objects.get(reference=JWG),
        actor=system,
        reason="assigned",
        owner=officer,
    )
    officer.groups.add(Group.objects.get(name="Policy officer"))
    client.force_login(officer)
    return client


def first_jwg():
    return Milestone.objects.filter(commitment__reference=JWG).first()


def test_an_extra_meeting_is_added_with_its_reason(as_officer, officer):
    response = as_officer.post(
        reverse("commitments:milestone_create", args=[JWG]),
        {
            "title": "Extraordinary JWG meeting",
            "due_date": "2026-03-03",
            "reason": "requested after the attack",
        },
    )
    assert response.status_code == 302
    extra = Milestone.objects.get(title="Extraordinary JWG meeting")
    assert extra.is_extra
    assert extra.history.get().history_user == officer


def test_adding_on_a_weekend_offers_the_next_working_day(as_officer):
    response = as_officer.post(
        reverse("commitments:milestone_create", args=[JWG]),
        {"title": "Extra", "due_date": "2026-03-07", "reason": "extra"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "weekend" in form.errors["due_date"][0]
    assert form.suggested_date == datetime.date(2026, 3, 9)
    assert 'value="Extra"' in response.content.decode()


def test_renaming_and_moving_in_one_edit(as_officer):
    milestone = first_jwg()
    response = as_officer.post(
        reverse("commitments:milestone_edit", args=[milestone.pk]),
        {
            "title": "First JWG meeting, Islamabad",
            "due_date": "2026-04-14",
            "reason": "venue and date agreed",
        },
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.title == "First JWG meeting, Islamabad"
    assert milestone.due_date == datetime.date(2026, 4, 14)
    assert milestone.scheduled_date == datetime.date(2026, 4, 7)
    assert milestone.history.first().history_change_reason == "venue and date agreed"


def test_a_closed_milestone_keeps_its_date(as_officer, officer):
    milestone = first_jwg()
    milestone_transition(
        milestone=milestone,
        status="done",
        actor=officer,
        completed_on=datetime.date(2026, 1, 30),
    )
    response = as_officer.get(
        reverse("commitments:milestone_edit", args=[milestone.pk])
    )
    assert response.context["form"].fields["due_date"].disabled
    response = as_officer.post(
        reverse("commitments:milestone_edit", args=[milestone.pk]),
        {"title": "Held early", "due_date": "2026-05-05", "reason": "renamed"},
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.title, milestone.due_date) == (
        "Held early",
        datetime.date(2026, 4, 7),
    )


def test_an_edit_without_a_reason_is_refused(as_officer):
    milestone = first_jwg()
    response = as_officer.post(
        reverse("commitments:milestone_edit", args=[milestone.pk]),
        {"title": "New name", "due_date": "2026-04-07", "reason": ""},
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
