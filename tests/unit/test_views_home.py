"""My work: the signed-in person's milestones and commitments, most urgent first."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from commitments.models import Commitment
from commitments.services.commitments import commitment_update
from commitments.services.milestones import milestones_generate
from commitments.services.sweeps import milestone_statuses_flag
from tests.factories import UserFactory

UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 9, 20, 6, tzinfo=UTC)):
        yield


@pytest.fixture
def mine(seeded, system, officer):
    """The officer owns the JWG meetings and the forum; as of 20 September the
    July JWG meeting is overdue and the forum (30 September) is due soon."""
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    officer.groups.add(Group.objects.get(name="Policy officer"))
    for reference in ("jwg-quarterly", "global-security-cooperation-forum"):
        commitment_update(
            commitment=Commitment.objects.get(reference=reference),
            actor=system,
            reason="assigned",
            owner=officer,
        )
    milestone_statuses_flag(
        as_of=datetime.datetime(2026, 9, 20, tzinfo=UTC), actor=system
    )
    return officer


def test_my_work_lists_overdue_then_due_soon_then_the_rest(client, mine):
    client.force_login(mine)
    response = client.get(reverse("commitments:home"))
    rows = [
        (m.commitment.reference, m.due_date.isoformat(), m.status)
        for m in response.context["milestones"]
    ]
    assert rows == [
        ("jwg-quarterly", "2026-04-07", "overdue"),
        ("jwg-quarterly", "2026-07-07", "overdue"),
        ("global-security-cooperation-forum", "2026-09-30", "due_soon"),
        ("jwg-quarterly", "2026-10-07", "planned"),
        ("jwg-quarterly", "2027-01-07", "planned"),
    ]
    commitments = [c.reference for c in response.context["commitments"]]
    assert commitments == ["jwg-quarterly", "global-security-cooperation-forum"]
    html = response.content.decode()
    assert "Today is Sunday 20 September 2026" in html
    assert '<span class="badge overdue">Overdue</span>' in html
    assert '<span class="badge due_soon">Due soon</span>' in html


def test_my_work_leaves_out_other_peoples_work(client, mine, desk_of_everything):
    other = desk_of_everything.add(UserFactory(username="other"))
    other.groups.add(Group.objects.get(name="Policy officer"))
    client.force_login(other)
    response = client.get(reverse("commitments:home"))
    assert list(response.context["milestones"]) == []
    assert "No open milestones on commitments you own." in response.content.decode()
    assert response.context["unassigned"] is None


def test_a_manager_also_sees_open_commitments_nobody_owns(
    client, mine, desk_of_everything
):
    manager = desk_of_everything.add(UserFactory(username="mgr"))
    manager.groups.add(Group.objects.get(name="Manager"))
    client.force_login(manager)
    response = client.get(reverse("commitments:home"))
    unassigned = [c.reference for c in response.context["unassigned"]]
    assert "jwg-quarterly" not in unassigned
    assert "ministerial-review-annual" in unassigned
    assert len(unassigned) == 10
