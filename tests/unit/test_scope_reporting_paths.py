"""The scoping rule (access/scope.py) on every reporting and notification path:
the dashboard and its cache, the report lists, exports, briefing packs, the
weekly summary, reminder digests and calendar feeds.

Two desks, A (two agreements) and B (one), each with commitments, milestones
and follow-ups; a manager and an officer on each; an Oversight user. Every
title and note of B starts with "Bravo", so "Bravo" in a body is a leak.
"""

import datetime
import io

import openpyxl
import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from icalendar import Calendar

from access.services import (
    desk_agreement_add,
    desk_create,
    desk_member_add,
    desk_member_remove,
)
from commitments.models import Commitment, FollowUp, Milestone, StatusChoices
from commitments.permissions import MANAGER, OVERSIGHT, POLICY_OFFICER
from notifications.feed_tokens import holder_token, holder_token_read
from notifications.models import Delivery, Profile, Watcher
from notifications.services.digests import digest_send, digests_dispatch, reminders_run
from notifications.services.preferences import agreement_feed_ensure, profile_ensure
from reporting.selectors import summary
from reporting.services.weekly_summary import (
    weekly_summaries_create,
    weekly_summaries_dispatch,
    weekly_summary_send,
)
from tests.factories import (
    AgreementFactory,
    CommitmentFactory,
    MilestoneFactory,
    PartyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
NOW = datetime.datetime(2026, 7, 10, 9, 0, tzinfo=UTC)
MONDAY = datetime.datetime(2026, 7, 13, 3, 0, tzinfo=UTC)
CREATED = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
ALPHA, BRAVO = "Alpha", "Bravo"


def _milestone(commitment, title, day, status=StatusChoices.PLANNED):
    return MilestoneFactory(
        commitment=commitment,
        title=title,
        due_date=datetime.date.fromisoformat(day),
        status=status,
    )


def _commitment(agreement, title, owner, status=StatusChoices.PLANNED):
    return CommitmentFactory(
        agreement=agreement, title=title, owner=owner, status=status
    )


def _user(name, group):
    user = UserFactory(username=name)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def world(system):
    """Desk A: two agreements, three commitments (one done), one overdue
    milestone; desk B: one agreement, two commitments, two overdue. Made on
    1 June, so the history the trend reads has them at every week end after."""
    with time_machine.travel(CREATED, tick=False):
        return _world(system)


def _world(system):
    party = PartyFactory(code="CN", name="China")
    people = {
        "manager_a": _user("manager-a", MANAGER),
        "manager_b": _user("manager-b", MANAGER),
        "officer_a": _user("officer-a", POLICY_OFFICER),
        "officer_b": _user("officer-b", POLICY_OFFICER),
        "oversight": _user("overseer", OVERSIGHT),
    }
    alpha = AgreementFactory(title="Alpha accord", reference="alpha-accord")
    annex = AgreementFactory(title="Alpha annex", reference="alpha-annex")
    bravo = AgreementFactory(title="Bravo accord", reference="bravo-accord")
    for agreement in (alpha, annex, bravo):
        agreement.parties.set([party])
    owner_a, owner_b = people["officer_a"], people["officer_b"]
    a1 = _commitment(alpha, "Alpha patrols", owner_a)
    a2 = _commitment(annex, "Alpha annex training", owner_a)
    _commitment(alpha, "Alpha report filed", owner_a, StatusChoices.DONE)
    b1 = _commitment(bravo, "Bravo border posts", owner_b, StatusChoices.OVERDUE)
    b2 = _commitment(bravo, "Bravo exchange", owner_b)
    late_a = _milestone(a1, "Alpha first patrol", "2026-06-30", StatusChoices.OVERDUE)
    _milestone(a2, "Alpha course", "2026-07-20")
    _milestone(b1, "Bravo posts built", "2026-06-20", StatusChoices.OVERDUE)
    _milestone(b1, "Bravo posts staffed", "2026-06-25", StatusChoices.OVERDUE)
    _milestone(b2, "Bravo visit", "2026-07-25")
    _milestone(b2, "Bravo return visit", "2026-08-25")
    for commitment, milestone, note in (
        (a1, late_a, "Alpha note: patrol delayed by weather"),
        (b1, None, "Bravo note: posts await funding"),
    ):
        FollowUp.objects.create(
            commitment=commitment,
            milestone=milestone,
            author=system,
            kind="note",
            happened_on=datetime.date(2026, 7, 1),
            note=note,
        )
    desk_a = desk_create(name="Desk A", actor=system, reason="test")
    desk_b = desk_create(name="Desk B", actor=system, reason="test")
    for desk, agreements, members in (
        (desk_a, (alpha, annex), ("manager_a", "officer_a")),
        (desk_b, (bravo,), ("manager_b", "officer_b")),
    ):
        for agreement in agreements:
            desk_agreement_add(desk=desk, agreement=agreement, actor=system, reason="t")
        for name in members:
            desk_member_add(desk=desk, user=people[name], actor=system, reason="t")
    cache.clear()
    return {
        **people,
        "alpha": alpha,
        "bravo": bravo,
        "desk_a": desk_a,
        "desk_b": desk_b,
        "late_a": late_a,
        "a1": a1,
        "b1": b1,
    }


@pytest.fixture(params=["tallies", "from scratch"])
def figures_path(request, monkeypatch):
    """Both ways the figures are read: the tallies and the domain tables."""
    monkeypatch.setattr(summary, "FORCE_FROM_SCRATCH", request.param != "tallies")
    return request.param


def dashboard(client, user, query=""):
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("reporting:dashboard") + query)
    assert response.status_code == 200
    return response


def figures(response) -> dict:
    context = response.context
    return {
        "commitments": context["status_total"].value,
        "done": next(f.value for f in context["by_status"] if f.status == "done"),
        "overdue": context["overdue_total"].value,
        "due_30": context["due_30"].value,
        "agreements": sorted(row["name"] for row in context["by_agreement"]),
        "late": sorted(m.title for m in context["late"]),
        "upcoming": sorted(m.title for m in context["upcoming"]),
    }


A_FIGURES = {
    "commitments": 3,
    "done": 1,
    "overdue": 1,
    "due_30": 1,
    "agreements": ["Alpha accord", "Alpha annex"],
    "late": ["Alpha first patrol"],
    "upcoming": ["Alpha course"],
}


def test_a_desk_managers_dashboard_counts_only_their_desks_agreements(
    client, world, figures_path
):
    response = dashboard(client, world["manager_a"])
    assert figures(response) == A_FIGURES
    assert BRAVO not in response.content.decode()
    # Trend points are counted from history over the same agreements.
    now = response.context["trend"][-1]
    assert (now.open, now.overdue) == (1, 1)


def test_oversight_figures_are_both_desks_together(client, world, figures_path):
    response = dashboard(client, world["oversight"])
    found = figures(response)
    last = response.context["trend"][-1]
    assert (last.open, last.overdue) == (3, 3)
    assert found["commitments"] == 5
    assert found["overdue"] == 3
    assert found["agreements"] == ["Alpha accord", "Alpha annex", "Bravo accord"]
    b_only = figures(dashboard(client, world["manager_b"]))
    assert b_only["commitments"] + A_FIGURES["commitments"] == found["commitments"]
    assert b_only["overdue"] + A_FIGURES["overdue"] == found["overdue"]


def test_the_cached_dashboard_of_one_desk_is_not_served_to_another(client, world):
    first = dashboard(client, world["manager_a"]).content.decode()
    second = dashboard(client, world["manager_b"])
    body = second.content.decode()
    assert ALPHA in first
    assert BRAVO not in first
    assert ALPHA not in body
    assert "Bravo accord" in body
    assert figures(second)["commitments"] == 2
    # And back: A's figures come from A's cache entry, not B's.
    assert figures(dashboard(client, world["manager_a"])) == A_FIGURES


def test_another_desks_agreement_cannot_be_chosen_as_the_dashboards_filter(
    client, world
):
    response = dashboard(client, world["manager_a"], f"?agreement={world['bravo'].pk}")
    assert not response.context["form"].is_valid()
    assert BRAVO not in response.content.decode()
    assert figures(response)["commitments"] == 3


def test_a_desk_without_agreements_sees_zero_everywhere(client, world, figures_path):
    nobody = _user("manager-nodesk", MANAGER)
    found = figures(dashboard(client, nobody))
    assert (found["commitments"], found["overdue"], found["agreements"]) == (0, 0, [])


@pytest.mark.parametrize(
    ("url", "rows"),
    [
        ("reporting:report_milestones", ["Alpha course", "Alpha first patrol"]),
        ("reporting:report_followups", ["Alpha note: patrol delayed by weather"]),
    ],
)
def test_each_report_list_holds_only_the_desks_rows(client, world, url, rows):
    client.force_login(world["manager_a"])
    response = client.get(reverse(url))
    assert response.status_code == 200
    found = [
        getattr(row, "title", None) or row.note
        for row in response.context["page"].object_list
    ]
    assert sorted(found) == rows
    assert BRAVO not in response.content.decode()
    # Another desk's agreement as a filter is refused like a missing one.
    response = client.get(reverse(url) + f"?agreement={world['bravo'].pk}")
    assert list(response.context["page"].object_list) == []
    assert BRAVO not in response.content.decode()


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            "commitments",
            {"Alpha patrols", "Alpha annex training", "Alpha report filed"},
        ),
        ("milestones", {"Alpha first patrol", "Alpha course"}),
        ("followups", {"Alpha note: patrol delayed by weather"}),
    ],
)
def test_exports_hold_only_the_desks_rows(client, world, kind, expected):
    client.force_login(world["manager_a"])
    csv = client.get(f"/reports/export/{kind}.csv")
    assert csv.status_code == 200
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert BRAVO not in text
    assert all(title in text for title in expected)
    assert len(text.strip().splitlines()) == len(expected) + 1
    xlsx = client.get(f"/reports/export/{kind}.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row]
    assert sheet.max_row == len(expected) + 1
    assert not any(BRAVO in cell for cell in cells)


def test_another_desks_briefing_pack_is_404_and_the_party_pack_is_the_desks(
    client, world
):
    client.force_login(world["manager_a"])
    for name in ("reporting:briefing_agreement", "reporting:briefing_agreement_pdf"):
        assert client.get(reverse(name, args=["bravo-accord"])).status_code == 404
        assert client.get(reverse(name, args=["alpha-accord"])).status_code == 200
    with time_machine.travel(NOW, tick=False):
        pack = client.get(
            reverse("reporting:briefing_party", args=["CN"]) + "?since=2026-01-01"
        )
    body = pack.content.decode()
    assert "Alpha patrols" in body
    assert "Alpha note" in body
    assert BRAVO not in body
    index = client.get(reverse("reporting:briefing_index")).content.decode()
    assert "Alpha accord" in index
    assert BRAVO not in index


def test_each_managers_weekly_summary_holds_only_their_desks_figures(world):
    with time_machine.travel(MONDAY, tick=False):
        weekly_summaries_create(as_of=MONDAY)
        for summary_id in weekly_summaries_dispatch(now=MONDAY):
            weekly_summary_send(summary_id=summary_id, now=MONDAY)
    sent = {message.to[0]: message for message in mail.outbox}
    to_a = sent["manager-a@example.org"]
    body_a = to_a.body + to_a.alternatives[0][0]
    assert "COMMITMENTS: 3" in to_a.body
    assert "Alpha first patrol" in body_a
    assert BRAVO not in body_a + to_a.subject
    to_b = sent["manager-b@example.org"]
    assert "COMMITMENTS: 2" in to_b.body
    assert ALPHA not in to_b.body + to_b.alternatives[0][0]


def _run_reminders(day: str) -> None:
    moment = datetime.datetime.fromisoformat(f"{day}T10:00+05:00")
    reminders_run(as_of=moment)
    for digest_id in digests_dispatch(now=moment):
        digest_send(digest_id=digest_id, now=moment)


def test_an_escalation_to_another_desks_manager_leaves_out_what_they_may_not_see(
    world,
):
    # A's officer is (wrongly) filed under B's manager: the escalation to the
    # manager (7 days late) must not tell B's manager about A's milestone.
    officer_a, manager_a, manager_b = (
        world["officer_a"],
        world["manager_a"],
        world["manager_b"],
    )
    Profile.objects.create(user=officer_a, manager=manager_b)
    Profile.objects.create(user=world["officer_b"], manager=manager_b)
    _run_reminders("2026-07-10")
    to_b = Delivery.objects.filter(recipient=manager_b, kind="escalation")
    assert to_b.exists()  # B's own late milestones
    assert not to_b.filter(milestone__commitment__agreement=world["alpha"]).exists()
    for message in mail.outbox:
        if message.to == [manager_b.email]:
            assert ALPHA not in message.body
    # Filed under A's manager, A's milestone does reach them.
    Profile.objects.filter(user=officer_a).update(manager=manager_a)
    _run_reminders("2026-07-11")
    assert Delivery.objects.filter(
        recipient=manager_a, milestone=world["late_a"], kind="escalation"
    ).exists()


def test_a_watcher_of_another_desks_commitment_hears_nothing_of_it(world):
    Watcher.objects.create(commitment=world["a1"], user=world["officer_b"])
    _run_reminders("2026-07-10")
    assert not Delivery.objects.filter(
        recipient=world["officer_b"], milestone__commitment=world["a1"]
    ).exists()
    assert Delivery.objects.filter(
        recipient=world["officer_a"], milestone=world["late_a"]
    ).exists()


def test_a_claimed_reminder_is_not_sent_to_someone_who_left_the_desk(world, system):
    officer_a = world["officer_a"]
    moment = datetime.datetime(2026, 7, 10, 10, tzinfo=UTC)
    reminders_run(as_of=moment)
    claimed = Delivery.objects.filter(recipient=officer_a)
    assert claimed.exists()
    desk_member_remove(desk=world["desk_a"], user=officer_a, actor=system, reason="t")
    for digest_id in digests_dispatch(now=moment):
        digest_send(digest_id=digest_id, now=moment)
    assert not [m for m in mail.outbox if m.to == [officer_a.email]]
    assert set(claimed.values_list("status", flat=True)) == {"cancelled"}


def _events(response) -> set[str]:
    calendar = Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}


def test_a_personal_feed_holds_only_what_its_owner_may_see(client, world):
    officer_a = world["officer_a"]
    # Owner of a commitment of B too (reassigned across desks): not shown.
    Commitment.objects.filter(pk=world["b1"].pk).update(owner=officer_a)
    profile = profile_ensure(user=officer_a)
    url = reverse("feeds:personal_feed", args=[profile.calendar_token])
    with time_machine.travel(NOW, tick=False):
        found = _events(client.get(url))
    assert any(summary.startswith("Alpha first patrol") for summary in found)
    assert not any(BRAVO in summary for summary in found)


def test_an_agreement_feed_address_stops_when_its_holder_leaves_the_desk(
    client, world, system
):
    officer_a, manager_b = world["officer_a"], world["manager_b"]
    page = reverse("notifications:agreement_calendar", args=["bravo-accord"])
    client.force_login(officer_a)
    assert client.get(page).status_code == 404  # another desk's agreement
    assert client.post(page + "issue/").status_code == 404
    # Seconded to desk B for a while: their own address of B's feed works.
    desk_member_add(desk=world["desk_b"], user=officer_a, actor=system, reason="t")
    feed = agreement_feed_ensure(agreement=world["bravo"], actor=manager_b)
    mine = holder_token(feed.token, officer_a.pk)
    assert mine in client.get(page).content.decode()
    url = reverse("feeds:agreement_feed", args=[mine])
    client.logout()
    assert "Bravo visit [Planned]" in _events(client.get(url))
    # Back to desk A only: the address answers as a wrong one does; B's
    # manager's own address of the same feed still works.
    desk_member_remove(desk=world["desk_b"], user=officer_a, actor=system, reason="t")
    response = client.get(url)
    assert response.status_code == 404
    assert b"VCALENDAR" not in response.content
    theirs = reverse(
        "feeds:agreement_feed", args=[holder_token(feed.token, manager_b.pk)]
    )
    assert client.get(theirs).status_code == 200


def test_an_agreement_feed_address_cannot_be_forged_or_taken_bare(client, world):
    feed = agreement_feed_ensure(agreement=world["bravo"], actor=world["manager_b"])
    token = holder_token(feed.token, world["manager_b"].pk)
    forged = token.replace(f"{world['manager_b'].pk}.", f"{world['officer_a'].pk}.", 1)
    assert holder_token_read(token) == (world["manager_b"].pk, feed.token)
    assert holder_token_read(forged) is None
    for bad in (forged, feed.token):  # the bare secret of old addresses too
        url = reverse("feeds:agreement_feed", args=[bad])
        assert client.get(url).status_code == 404


def test_milestone_counts_for_a_desk_do_not_read_the_portfolio_tally(world):
    """A desk's scope cannot be answered by the tallies keyed by due date only
    (every desk's milestones): the from-scratch path counts it."""
    from reporting.scope import Scope, for_viewer

    scope = for_viewer(Scope(), world["manager_a"])
    assert scope.visible == {
        world["alpha"].pk,
        Commitment.objects.get(title="Alpha annex training").agreement_id,
    }
    assert summary.covers_commitments(scope)
    assert not summary.covers_milestones(scope)
    assert not summary.covers_misses(scope)
    everything = for_viewer(Scope(), world["oversight"])
    assert everything.visible is None
    assert summary.covers_milestones(everything)
    assert Milestone.objects.count() == 6
