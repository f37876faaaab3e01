"""Follow-up visibility and the counterpart's own follow-ups (issue 14)."""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from access import scope
from commitments.models import FollowUp
from commitments.permissions import can_log_followup
from commitments.services.followups import (
    followup_log,
    followup_visibility_set,
    milestone_complete,
    milestone_status_set,
)
from tests.unit.counterpart_world import build_world

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 11)


@pytest.fixture
def world():
    with time_machine.travel(datetime.datetime(2026, 3, 11, 8, tzinfo=datetime.UTC)):
        yield build_world()


def log(world, who, where, note, **extra):
    return followup_log(
        commitment=world.commitments[where],
        actor=world.users[who],
        happened_on=DAY,
        note=note,
        **extra,
    )


def detail(client, world, who, where="joint"):
    client.force_login(world.users[who])
    url = reverse("commitments:commitment_detail", args=[where])
    return client.get(url)


def test_a_follow_up_is_internal_unless_shared(world):
    followup = log(world, "officer", "joint", "internal talk")
    assert followup.visibility == "internal"
    shared = log(world, "officer", "joint", "minutes", visibility="shared")
    assert shared.visibility == "shared"
    with pytest.raises(ValidationError):
        log(world, "officer", "joint", "x", visibility="public")


def test_a_counterpart_sees_exactly_the_shared_follow_ups(world, client):
    internal = log(world, "officer", "joint", "INTERNAL-NOTE")
    shared = log(world, "officer", "joint", "SHARED-NOTE", visibility="shared")
    log(world, "officer", "elsewhere", "ELSEWHERE-NOTE", visibility="shared")
    counterpart = world.users["counterpart"]
    assert list(scope.visible_followups(counterpart)) == [shared]
    # Staff see both kinds.
    assert set(scope.visible_followups(world.users["viewer"])) >= {internal, shared}
    text = detail(client, world, "counterpart").content.decode()
    assert "SHARED-NOTE" in text
    assert "INTERNAL-NOTE" not in text
    assert "ELSEWHERE-NOTE" not in text
    staff = detail(client, world, "viewer").content.decode()
    assert "INTERNAL-NOTE" in staff
    assert "SHARED-NOTE" in staff


def test_sharing_and_unsharing_is_in_the_history_with_actor_and_reason(world, client):
    followup = log(world, "officer", "joint", "minutes of the JWG")
    followup_visibility_set(
        followup=followup,
        visibility="shared",
        actor=world.users["officer"],
        reason="agreed to share the minutes",
    )
    counterpart = world.users["counterpart"]
    assert list(scope.visible_followups(counterpart)) == [followup]
    followup_visibility_set(
        followup=followup,
        visibility="internal",
        actor=world.users["manager"],
        reason="contains names",
    )
    assert not scope.visible_followups(counterpart).exists()
    rows = followup.history.order_by("history_date")
    assert [(r.visibility, r.history_user, r.history_change_reason) for r in rows][
        1:
    ] == [
        ("shared", world.users["officer"], "agreed to share the minutes"),
        ("internal", world.users["manager"], "contains names"),
    ]
    with pytest.raises(ValidationError):
        followup_visibility_set(
            followup=followup,
            visibility="shared",
            actor=world.users["officer"],
            reason=" ",
        )
    with pytest.raises(PermissionDenied):
        followup_visibility_set(
            followup=followup,
            visibility="shared",
            actor=world.users["counterpart"],
            reason="let me read it",
        )


def test_the_counterpart_logs_shared_follow_ups_on_its_own_side_only(world):
    mine = log(world, "counterpart", "joint", "Chinese side ready")
    assert (mine.visibility, mine.author) == ("shared", world.users["counterpart"])
    assert log(world, "counterpart", "theirs", "done on our side").visibility == (
        "shared"
    )
    with pytest.raises(ValidationError):
        log(world, "counterpart", "joint", "hide this", visibility="internal")
    with pytest.raises(PermissionDenied):
        log(world, "counterpart", "ours", "on the ministry's obligation")
    # An agreement it does not follow: refused by the same rule.
    with pytest.raises(PermissionDenied):
        log(world, "counterpart", "elsewhere", "not mine")
    counterpart = world.users["counterpart"]
    assert can_log_followup(counterpart, world.commitments["joint"])
    assert not can_log_followup(counterpart, world.commitments["ours"])
    assert not can_log_followup(world.users["viewer"], world.commitments["joint"])
    assert can_log_followup(world.users["officer"], world.commitments["ours"])


def test_a_counterpart_cannot_change_a_status_or_complete(world):
    for service, extra in (
        (milestone_complete, {}),
        (milestone_status_set, {"status": "cancelled", "reason": "no"}),
    ):
        with pytest.raises(PermissionDenied):
            service(
                commitment=world.commitments["joint"],
                milestone=world.milestones["joint"],
                actor=world.users["counterpart"],
                happened_on=DAY,
                **extra,
            )
    assert not FollowUp.objects.exists()


def test_the_counterpart_page_404_outside_scope_403_on_the_ministry_side(world, client):
    client.force_login(world.users["counterpart"])

    def form(reference):
        return reverse("commitments:followup_create", args=[reference])

    assert client.get(form("elsewhere")).status_code == 404
    assert client.get(form("ours")).status_code == 403
    posted = client.post(
        form("ours"), {"action": "note", "happened_on": "2026-03-11", "note": "x"}
    )
    assert posted.status_code == 403
    page = client.get(form("joint"))
    assert page.status_code == 200
    assert "visibility" not in page.context["form"].fields
    assert "This follow-up is shared" in page.content.decode()
    posted = client.post(
        form("joint"),
        {"action": "note", "happened_on": "2026-03-11", "note": "Delegation named"},
    )
    assert posted.status_code == 302
    assert FollowUp.objects.get().visibility == "shared"
    # The page offers the button only where the rule allows.
    assert detail(client, world, "counterpart", "joint").context["can_log"]
    assert not detail(client, world, "counterpart", "ours").context["can_log"]


def test_the_staff_form_asks_who_may_read_with_internal_preselected(world, client):
    client.force_login(world.users["officer"])
    url = reverse("commitments:followup_create", args=["joint"])
    html = client.get(url).content.decode()
    assert "Who may read it" in html
    radios = re.findall(r'<input type="radio" name="visibility"[^>]*>', html)
    assert len(radios) == 2
    assert [("checked" in r, 'value="internal"' in r) for r in radios] == [
        (True, True),
        (False, False),
    ]
    assert "Internal (the ministry only)" in html
    missing = client.post(
        url, {"action": "note", "happened_on": "2026-03-11", "note": "x"}
    )
    assert "visibility" in missing.context["form"].errors
    client.post(
        url,
        {
            "action": "note",
            "happened_on": "2026-03-11",
            "note": "for both",
            "visibility": "shared",
        },
    )
    assert FollowUp.objects.get().visibility == "shared"


def test_a_counterpart_receives_no_reminder_even_as_owner_or_watcher(world):
    from notifications.models import Delivery, Watcher
    from notifications.services.digests import reminders_run

    counterpart = world.users["counterpart"]
    Watcher.objects.create(commitment=world.commitments["joint"], user=counterpart)
    theirs = world.commitments["theirs"]
    theirs.owner = counterpart
    theirs.save()
    reminders_run(as_of=datetime.datetime(2026, 3, 6, 8, tzinfo=datetime.UTC))
    assert Delivery.objects.filter(recipient=world.users["officer"]).exists()
    assert not Delivery.objects.filter(recipient=counterpart).exists()
