"""The commitment page (quote, sides, cadence, timeline, history) and its edit form."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from commitments import selectors
from commitments.models import Commitment, Milestone
from commitments.services.commitments import StaleVersionError, commitment_update
from commitments.services.milestones import milestones_generate
from commitments.services.sweeps import milestone_statuses_flag
from tests.factories import UserFactory

UTC = datetime.UTC
JWG = "jwg-quarterly"
FORUM = "global-security-cooperation-forum"


@pytest.fixture(autouse=True)
def _frozen():
    # 10 April 2026: the first JWG meeting (7 April) is three days late.
    with time_machine.travel(datetime.datetime(2026, 4, 10, 6, tzinfo=UTC)):
        yield


@pytest.fixture
def world(seeded, system, officer):
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    milestone_statuses_flag(
        as_of=datetime.datetime(2026, 4, 10, tzinfo=UTC), actor=system
    )
    officer.groups.add(Group.objects.get(name="Policy officer"))
    for commitment in Commitment.objects.filter(reference__in=[JWG, FORUM]):
        commitment_update(
            commitment=commitment, actor=system, reason="assigned", owner=officer
        )
    return officer


@pytest.fixture
def as_officer(client, world):
    client.force_login(world)
    return client


def page(client, reference=JWG):
    response = client.get(reverse("commitments:commitment_detail", args=[reference]))
    assert response.status_code == 200
    return response.content.decode()


def edit_data(commitment, **changes):
    data = {
        "title": commitment.title,
        "kind": commitment.kind,
        "description": commitment.description,
        "cadence": commitment.cadence_rrule,
        "cadence_phrase": commitment.cadence_phrase,
        "cadence_start": commitment.cadence_start or "",
        "cadence_end": "",
        "cadence_count": "",
        "schedule_basis": commitment.schedule_basis,
        "due_date": commitment.due_date or "",
        "due_precision": "day"
        if commitment.due_precision == "unknown"
        else commitment.due_precision,
        "due_phrase": commitment.due_phrase,
        "resolution_note": commitment.resolution_note,
        "duration_days": commitment.duration_days or "",
        "reason": "",
        "version": commitment.version,
    }
    data.update(changes)
    return data


def test_the_quote_is_highlighted_inside_the_full_source_text(as_officer):
    html = page(as_officer)
    assert (
        "<mark>It was confirmed that Pakistan and China have agreed to convene "
        "Joint Working Group meetings every three months</mark>, while the two"
    ) in html
    # The whole text is there, not only the sentence around the quote.
    assert "Pakistan to set up special protection unit in Islamabad" in html


def test_sides_leads_and_cadence_in_words(as_officer):
    html = page(as_officer)
    assert "Ministry of Public Security (MPS)" in html
    assert "Ministry of Interior (MoI)" in html
    assert "every 3 months" in html
    assert "every three months" in html  # as the source states it


def test_the_timeline_shows_past_and_next_milestones(as_officer):
    html = page(as_officer)
    past, _, ahead = html.partition("Today, 2026-04-10")
    assert "2026-04-07" in past
    assert "2026-07-07" in ahead
    first = Milestone.objects.filter(commitment__reference=JWG).first()
    assert f'id="milestone-{first.pk}" class="overdue next"' in html


def test_an_undated_commitment_asks_for_a_target_date(as_officer):
    html = page(as_officer, "islamabad-protection-unit")
    assert "needs a target date" in html


def test_history_reads_as_a_diff_with_who_and_why(as_officer, world):
    forum = Commitment.objects.get(reference=FORUM)
    commitment_update(
        commitment=forum,
        actor=world,
        reason="postponed at China's request",
        due_date=datetime.date(2026, 10, 15),
        due_precision="day",
    )
    entries = selectors.commitment_history(commitment=forum)
    entry = next(e for e in entries if e.subject == "commitment")
    assert entry.sentence == (
        "due date 2026-09-30 -> 2026-10-15; due precision Month -> Day "
        "by A. Khan: postponed at China's request"
    )
    html = page(as_officer, FORUM)
    history = html.split('id="history"')[1]
    assert "<del>2026-09-30</del> → <ins>2026-10-15</ins>" in history
    assert "A. Khan" in history
    assert "postponed at China&#x27;s request" in history


def test_history_names_the_new_owner_not_an_id(
    as_officer, world, admin_user, desk_of_everything
):
    jwg = Commitment.objects.get(reference=JWG)
    manager = desk_of_everything.add(
        UserFactory(username="mgr", first_name="S.", last_name="Rao")
    )
    commitment_update(
        commitment=jwg, actor=admin_user, reason="handover", owner=manager
    )
    history = page(as_officer).split('id="history"')[1]
    assert "<del>A. Khan</del> → <ins>S. Rao</ins>" in history


def test_an_edit_saves_only_what_changed_with_the_reason(as_officer):
    jwg = Commitment.objects.get(reference=JWG)
    before = jwg.version
    response = as_officer.post(
        reverse("commitments:commitment_edit", args=[JWG]),
        edit_data(jwg, title="Quarterly JWG meetings", reason="shorter title"),
    )
    assert response.status_code == 302
    jwg.refresh_from_db()
    assert jwg.title == "Quarterly JWG meetings"
    assert jwg.version == before + 1
    latest = jwg.history.first()
    assert latest.history_change_reason == "shorter title"
    assert [c.field for c in latest.diff_against(latest.prev_record).changes] == [
        "title"
    ]


def test_an_invalid_edit_keeps_every_field_and_says_where(as_officer):
    jwg = Commitment.objects.get(reference=JWG)
    response = as_officer.post(
        reverse("commitments:commitment_edit", args=[JWG]),
        edit_data(
            jwg,
            title="Kept title",
            cadence="every so often",
            description="Kept description",
            reason="",
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"cadence", "reason"}
    html = response.content.decode()
    assert 'value="Kept title"' in html
    assert "Kept description</textarea>" in html
    assert 'value="every so often"' in html
    assert "Cannot read the cadence" in html
    jwg.refresh_from_db()
    assert jwg.title == "Quarterly Joint Working Group meetings"


def test_a_stale_edit_is_refused_and_keeps_the_input(as_officer, admin_user):
    jwg = Commitment.objects.get(reference=JWG)
    opened = edit_data(jwg, title="My new title", reason="my edit")
    # Someone else saves first.
    commitment_update(
        commitment=jwg, actor=admin_user, reason="their edit", description="Theirs"
    )
    response = as_officer.post(
        reverse("commitments:commitment_edit", args=[JWG]), opened
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this commitment after you opened it" in html
    assert 'value="My new title"' in html
    assert "their edit" in html  # what they changed, and why
    jwg.refresh_from_db()
    assert jwg.title == "Quarterly Joint Working Group meetings"
    assert jwg.description == "Theirs"
    # The form now carries the new version: saving again is deliberate.
    assert response.context["form"]["version"].value() == str(jwg.version)


def test_the_service_refuses_a_stale_version(world, admin_user):
    jwg = Commitment.objects.get(reference=JWG)
    seen = jwg.version
    commitment_update(commitment=jwg, actor=admin_user, reason="a", title="A")
    with pytest.raises(StaleVersionError):
        commitment_update(
            commitment=jwg, actor=world, reason="b", title="B", expected_version=seen
        )
    jwg.refresh_from_db()
    assert (jwg.title, jwg.version) == ("A", seen + 1)


def test_an_officer_does_not_see_the_owner_field_but_a_manager_does(
    as_officer, client, desk_of_everything
):
    url = reverse("commitments:commitment_edit", args=[JWG])
    assert "owner" not in as_officer.get(url).context["form"].fields
    manager = desk_of_everything.add(UserFactory(username="mgr"))
    manager.groups.add(Group.objects.get(name="Manager"))
    client.force_login(manager)
    assert "owner" in client.get(url).context["form"].fields


def test_a_manager_reassigns_a_commitment(client, world, desk_of_everything):
    manager = desk_of_everything.add(UserFactory(username="mgr"))
    manager.groups.add(Group.objects.get(name="Manager"))
    client.force_login(manager)
    jwg = Commitment.objects.get(reference=JWG)
    response = client.post(
        reverse("commitments:commitment_edit", args=[JWG]),
        edit_data(jwg, owner=manager.pk, reason="Khan on leave"),
    )
    assert response.status_code == 302
    jwg.refresh_from_db()
    assert jwg.owner == manager


def test_setting_a_target_date_generates_its_milestone(as_officer, world):
    unit = Commitment.objects.get(reference="islamabad-protection-unit")
    unit.owner = world
    unit.save()
    response = as_officer.post(
        reverse("commitments:commitment_edit", args=[unit.reference]),
        edit_data(unit, due_date="2026-06-30", reason="target agreed at the JWG"),
    )
    assert response.status_code == 302
    assert list(unit.milestones.values_list("due_date", flat=True)) == [
        datetime.date(2026, 6, 30)
    ]


def test_a_missing_commitment_is_404(as_officer):
    url = reverse("commitments:commitment_detail", args=["no-such-thing"])
    assert as_officer.get(url).status_code == 404
