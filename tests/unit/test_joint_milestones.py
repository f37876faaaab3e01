"""Joint milestones: proposals, both sides' confirmation, the manager's
decision (issue 14)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from access.services import counterpart_account_update
from commitments.joint import MilestoneConfirmation, MilestoneProposal
from commitments.models import FollowUp
from commitments.services.followups import milestone_complete
from commitments.services.joint import (
    milestone_complete_by_decision,
    milestone_confirm,
)
from commitments.services.proposals import (
    proposal_accept,
    proposal_create,
    proposal_reject,
)
from commitments.services.sweeps import milestone_statuses_flag
from commitments.sides import milestone_sides
from tests.unit.counterpart_world import build_world

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 11, 8, tzinfo=datetime.UTC)  # a day late
HELD = datetime.date(2026, 3, 10)


@pytest.fixture
def world():
    with time_machine.travel(NOW, tick=False):
        yield build_world()


def refreshed(milestone):
    milestone.refresh_from_db()
    return milestone


def ministry_done(world, who="officer", where="joint"):
    return milestone_complete(
        commitment=world.commitments[where],
        milestone=world.milestones[where],
        actor=world.users[who],
        happened_on=HELD,
        note="JWG held in Islamabad",
    )


def test_only_a_milestone_binding_both_sides_with_a_counterpart_is_joint(world):
    assert milestone_sides(world.milestones["joint"]).is_joint
    assert not milestone_sides(world.milestones["ours"]).is_joint
    assert not milestone_sides(world.milestones["theirs"]).is_joint
    # Both sides bound, but the counterpart does not follow that agreement.
    assert not milestone_sides(world.milestones["elsewhere"]).is_joint


def test_a_non_joint_milestone_is_done_on_the_ministrys_word_alone(world):
    ministry_done(world, where="ours")
    assert refreshed(world.milestones["ours"]).status == "done"
    assert not MilestoneConfirmation.objects.exists()


def test_a_joint_milestone_is_done_only_after_both_sides_confirm(world):
    milestone = world.milestones["joint"]
    followup = ministry_done(world)
    assert refreshed(milestone).status == "planned"
    assert "Awaiting the other side's confirmation" in followup.note
    assert followup.to_status == ""
    # The sweep treats it as any open milestone: it is a day late.
    milestone_statuses_flag(as_of=timezone.now(), actor=world.users["manager"])
    assert refreshed(milestone).status == "overdue"
    word = milestone_confirm(
        milestone=milestone,
        actor=world.users["counterpart"],
        decision="confirmed",
        note="Held, minutes signed",
        happened_on=HELD,
    )
    assert word.completed
    milestone = refreshed(milestone)
    assert (milestone.status, milestone.completed_on) == ("done", HELD)
    last = milestone.history.first()
    assert (last.history_user, last.history_change_reason) == (
        world.users["counterpart"],
        "confirmed by both sides",
    )
    confirmations = {
        c.party.code: (c.decision, c.by.username)
        for c in MilestoneConfirmation.objects.all()
    }
    assert confirmations == {
        "PK": ("confirmed", "officer"),
        "CN": ("confirmed", "counterpart"),
    }
    shared = FollowUp.objects.filter(author=world.users["counterpart"]).get()
    assert (shared.visibility, shared.kind, shared.to_status) == (
        "shared",
        "completion",
        "done",
    )


def test_the_counterpart_may_confirm_first(world):
    milestone = world.milestones["joint"]
    word = milestone_confirm(
        milestone=milestone, actor=world.users["counterpart"], decision="confirmed"
    )
    assert not word.completed
    assert refreshed(milestone).status == "planned"
    ministry_done(world)
    assert refreshed(milestone).status == "done"


def test_a_dispute_keeps_it_open_with_the_note_in_the_history(world):
    milestone = world.milestones["joint"]
    ministry_done(world)
    with pytest.raises(ValidationError):
        milestone_confirm(
            milestone=milestone, actor=world.users["counterpart"], decision="disputed"
        )
    milestone_confirm(
        milestone=milestone,
        actor=world.users["counterpart"],
        decision="disputed",
        note="Our delegation was not invited",
    )
    assert refreshed(milestone).status == "planned"
    row = MilestoneConfirmation.objects.get(party__code="CN")
    assert (row.decision, row.note) == ("disputed", "Our delegation was not invited")
    history = row.history.first()
    assert (history.history_user, history.history_change_reason) == (
        world.users["counterpart"],
        "disputed by China",
    )
    note = FollowUp.objects.get(author=world.users["counterpart"])
    assert "Our delegation was not invited" in note.note
    assert note.visibility == "shared"
    # Changing its word later is one row, its history keeps both.
    milestone_confirm(
        milestone=milestone, actor=world.users["counterpart"], decision="confirmed"
    )
    assert refreshed(milestone).status == "done"
    assert row.history.count() == 2


def test_a_manager_decides_a_disputed_milestone_done_with_a_reason(world):
    milestone = world.milestones["joint"]
    ministry_done(world)
    milestone_confirm(
        milestone=milestone,
        actor=world.users["counterpart"],
        decision="disputed",
        note="not held",
    )
    for who in ("officer", "counterpart"):
        with pytest.raises(PermissionDenied):
            milestone_complete_by_decision(
                milestone=milestone,
                actor=world.users[who],
                reason="minutes prove it",
                happened_on=HELD,
            )
    with pytest.raises(ValidationError):
        milestone_complete_by_decision(
            milestone=milestone,
            actor=world.users["manager"],
            reason=" ",
            happened_on=HELD,
        )
    milestone_complete_by_decision(
        milestone=milestone,
        actor=world.users["manager"],
        reason="minutes signed by both delegations",
        happened_on=HELD,
    )
    milestone = refreshed(milestone)
    assert (milestone.status, milestone.completed_on) == ("done", HELD)
    last = milestone.history.first()
    assert last.history_user == world.users["manager"]
    assert last.history_change_reason == (
        "manager's decision: minutes signed by both delegations"
    )
    decision = FollowUp.objects.get(author=world.users["manager"])
    assert decision.visibility == "shared"


def test_only_the_counterpart_of_a_joint_milestone_confirms(world):
    with pytest.raises(PermissionDenied):
        milestone_confirm(
            milestone=world.milestones["joint"],
            actor=world.users["officer"],
            decision="confirmed",
        )
    with pytest.raises(PermissionDenied):
        milestone_confirm(
            milestone=world.milestones["ours"],
            actor=world.users["counterpart"],
            decision="confirmed",
        )


def test_an_accepted_proposal_is_applied_by_the_officer_with_history(world):
    milestone = world.milestones["joint"]
    proposal = proposal_create(
        milestone=milestone,
        actor=world.users["counterpart"],
        proposed_date=datetime.date(2026, 4, 14),
        note="Our minister travels that week",
    )
    assert proposal.state == "open"
    with pytest.raises(PermissionDenied):
        proposal_accept(proposal=proposal, actor=world.users["viewer"])
    with pytest.raises(PermissionDenied):
        proposal_accept(proposal=proposal, actor=world.users["counterpart"])
    proposal_accept(
        proposal=proposal, actor=world.users["officer"], reason="fine by us"
    )
    milestone = refreshed(milestone)
    assert milestone.due_date == datetime.date(2026, 4, 14)
    moved = milestone.history.first()
    assert (moved.history_user, moved.history_change_reason) == (
        world.users["officer"],
        "fine by us",
    )
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decided_by, proposal.decision_reason) == (
        "accepted",
        world.users["officer"],
        "fine by us",
    )
    rows = proposal.history.order_by("history_date")
    assert [
        (r.state, r.history_user.username, r.history_change_reason) for r in rows
    ] == [
        ("open", "counterpart", "proposed by the other side"),
        ("accepted", "officer", "accepted: fine by us"),
    ]
    assert FollowUp.objects.get(kind="reschedule").visibility == "shared"
    with pytest.raises(ValidationError):
        proposal_accept(proposal=proposal, actor=world.users["officer"])


def test_a_rejected_proposal_needs_a_reason_and_changes_nothing(world):
    milestone = world.milestones["joint"]
    proposal = proposal_create(
        milestone=milestone,
        actor=world.users["counterpart"],
        proposed_status="cancelled",
        note="No longer needed",
    )
    with pytest.raises(ValidationError):
        proposal_reject(proposal=proposal, actor=world.users["manager"], reason="")
    proposal_reject(
        proposal=proposal, actor=world.users["manager"], reason="the JWG must meet"
    )
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decided_by, proposal.decision_reason) == (
        "rejected",
        world.users["manager"],
        "the JWG must meet",
    )
    last = proposal.history.first()
    assert last.history_change_reason == "rejected: the JWG must meet"
    assert refreshed(milestone).status == "planned"


def test_an_accepted_status_proposal_applies_the_status(world):
    proposal = proposal_create(
        milestone=world.milestones["joint"],
        actor=world.users["counterpart"],
        proposed_status="cancelled",
        note="Merged with the next meeting",
    )
    proposal_accept(proposal=proposal, actor=world.users["manager"])
    milestone = refreshed(world.milestones["joint"])
    assert milestone.status == "cancelled"
    assert milestone.history.first().history_user == world.users["manager"]


def test_proposals_are_the_counterparts_on_joint_open_milestones(world):
    for who, where in (("officer", "joint"), ("counterpart", "ours")):
        with pytest.raises(PermissionDenied):
            proposal_create(
                milestone=world.milestones[where],
                actor=world.users[who],
                proposed_date=datetime.date(2026, 4, 1),
                note="x",
            )
    with pytest.raises(ValidationError):
        proposal_create(
            milestone=world.milestones["joint"],
            actor=world.users["counterpart"],
            note="nothing proposed",
        )
    with pytest.raises(ValidationError):
        proposal_create(
            milestone=world.milestones["joint"],
            actor=world.users["counterpart"],
            proposed_status="done",
            note="held",
        )
    assert not MilestoneProposal.objects.exists()


def test_a_counterpart_taken_off_the_agreement_ends_the_two_sided_rule(world):
    account = world.users["counterpart"].counterpart_account
    counterpart_account_update(
        account=account,
        agreements=[world.commitments["elsewhere"].agreement],
        actor=world.users["manager"],
        reason="moved",
    )
    ministry_done(world)
    assert refreshed(world.milestones["joint"]).status == "done"


def test_the_pages_show_the_words_and_let_each_side_act(world, client):
    from django.urls import reverse

    milestone = world.milestones["joint"]
    sides_url = reverse("commitments:milestone_sides", args=[milestone.pk])
    ministry_done(world)
    client.force_login(world.users["counterpart"])
    page = client.get(sides_url)
    assert page.status_code == 200
    assert page.context["rights"] == {
        "propose": True,
        "confirm": True,
        "decide": False,
        "done": False,
    }
    assert "Awaiting the other side" in page.content.decode()
    posted = client.post(
        sides_url,
        {
            "form": "propose",
            "propose-proposed_date": "2026-04-14",
            "propose-note": "Minister travels",
        },
    )
    assert posted.status_code == 302
    # Deciding is not the counterpart's: 403 inside scope.
    proposal = MilestoneProposal.objects.get()
    decide = {
        "form": "decide",
        "decide-proposal": proposal.pk,
        "decide-accept": "yes",
        "decide-reason": "",
    }
    assert client.post(sides_url, decide).status_code == 403
    # Not joint, or outside its agreements: 404.
    for other in ("ours", "elsewhere"):
        other_url = reverse(
            "commitments:milestone_sides", args=[world.milestones[other].pk]
        )
        assert client.get(other_url).status_code == 404
    client.force_login(world.users["officer"])
    detail = client.get(reverse("commitments:commitment_detail", args=["joint"]))
    html = detail.content.decode()
    assert "Proposals from the other side" in html
    assert "Minister travels" in html
    assert "Pakistan: confirmed done" in html
    assert client.post(sides_url, decide).status_code == 302
    assert refreshed(milestone).due_date == datetime.date(2026, 4, 14)
    client.force_login(world.users["counterpart"])
    client.post(
        sides_url,
        {
            "form": "confirm",
            "confirm-decision": "confirmed",
            "confirm-happened_on": "2026-03-10",
            "confirm-note": "Held, minutes signed",
        },
    )
    assert refreshed(milestone).status == "done"
    client.force_login(world.users["officer"])
    html = client.get(reverse("commitments:commitment_detail", args=["joint"]))
    assert "China: confirmed done" in html.content.decode()
    assert "Held, minutes signed" in html.content.decode()
