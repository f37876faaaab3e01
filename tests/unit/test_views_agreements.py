"""Agreements: the list with counts, one agreement, create and edit."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from commitments.models import Agreement, Party, SourceDocument
from commitments.services.milestones import milestones_generate
from commitments.services.sweeps import milestone_statuses_flag
from tests.factories import AgreementFactory, UserFactory

UTC = datetime.UTC
TALKS = "pk-cn-interior-talks-2026"


@pytest.fixture
def manager(seeded, system, desk_of_everything):
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    milestone_statuses_flag(
        as_of=datetime.datetime(2026, 4, 10, tzinfo=UTC), actor=system
    )
    user = desk_of_everything.add(
        UserFactory(username="mgr", first_name="S.", last_name="Rao")
    )
    user.groups.add(Group.objects.get(name="Manager"))
    return user


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


def agreement_data(**changes):
    data = {
        "reference": "pk-cn-mou-cyber-2026",
        "title": "MoU on cybercrime cooperation",
        "kind": "mou",
        "parties": [p.pk for p in Party.objects.all()],
        "date": "2026-03-02",
        "date_precision": "day",
        "date_note": "",
        "place": "Islamabad",
        "time_zone": "Asia/Karachi",
        "summary": "NCCIA and MPS agree to share cybercrime leads.",
        "sources": [],
        "reason": "",
    }
    data.update(changes)
    return data


def test_the_list_counts_commitments_by_status(as_manager):
    response = as_manager.get(reverse("commitments:agreement_list"))
    rows = {a.reference: a for a in response.context["agreements"]}
    talks = rows[TALKS]
    assert (talks.commitment_count, talks.count_overdue, talks.count_planned) == (
        10,
        1,
        9,
    )
    html = response.content.decode()
    assert '<span class="count-pill overdue">1</span>' in html


def test_the_detail_shows_parties_sources_and_commitments(as_manager):
    response = as_manager.get(reverse("commitments:agreement_detail", args=[TALKS]))
    html = response.content.decode()
    assert "China, Pakistan" in html
    assert "Pakistan to set up special protection unit in Islamabad" in html
    assert "Quarterly Joint Working Group meetings" in html
    assert "assumed" in html
    rows = list(response.context["commitments"])
    assert rows[0].reference == "jwg-quarterly"  # the overdue one first


def test_a_manager_creates_an_agreement(as_manager, manager):
    source = SourceDocument.objects.first()
    response = as_manager.post(
        reverse("commitments:agreement_create"), agreement_data(sources=[source.pk])
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(reference="pk-cn-mou-cyber-2026")
    assert set(agreement.parties.values_list("code", flat=True)) == {"PK", "CN"}
    assert list(agreement.sources.all()) == [source]
    record = agreement.history.earliest()
    assert (record.history_user, record.history_change_reason) == (manager, "created")


def test_an_agreement_without_a_date_is_stored_as_no_date_stated(as_manager):
    as_manager.post(reverse("commitments:agreement_create"), agreement_data(date=""))
    agreement = Agreement.objects.get(reference="pk-cn-mou-cyber-2026")
    assert (agreement.date, agreement.date_precision) == (None, "unknown")


def test_an_invalid_agreement_keeps_the_input(as_manager):
    response = as_manager.post(
        reverse("commitments:agreement_create"),
        agreement_data(reference=TALKS, parties=[], date="not a date"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"parties", "date"}
    html = response.content.decode()
    assert 'value="MoU on cybercrime cooperation"' in html
    assert "NCCIA and MPS agree to share cybercrime leads.</textarea>" in html
    assert 'value="not a date"' in html


def test_a_taken_reference_is_refused_next_to_the_field(as_manager):
    response = as_manager.post(
        reverse("commitments:agreement_create"), agreement_data(reference=TALKS)
    )
    assert response.status_code == 200
    assert "already exists" in response.context["form"].errors["reference"][0]


def test_the_reserved_reference_new_is_refused(as_manager):
    response = as_manager.post(
        reverse("commitments:agreement_create"), agreement_data(reference="new")
    )
    assert "reserved" in response.context["form"].errors["reference"][0]


def test_a_manager_confirms_the_assumed_date(as_manager, manager):
    talks = Agreement.objects.get(reference=TALKS)
    form = as_manager.get(reverse("commitments:agreement_edit", args=[TALKS])).context[
        "form"
    ]
    data = {
        key: value
        for key, value in form.initial.items()
        if key not in ("parties", "sources")
    }
    data.update(
        parties=[p.pk for p in talks.parties.all()],
        sources=[s.pk for s in talks.sources.all()],
        date="2026-01-14",
        date_is_assumed="",
        reason="date confirmed by the embassy",
    )
    data = {key: "" if value is None else value for key, value in data.items()}
    del data["date_is_assumed"]
    response = as_manager.post(
        reverse("commitments:agreement_edit", args=[TALKS]), data
    )
    assert response.status_code == 302
    talks.refresh_from_db()
    assert (talks.date, talks.date_is_assumed) == (datetime.date(2026, 1, 14), False)
    latest = talks.history.first()
    assert latest.history_change_reason == "date confirmed by the embassy"
    assert latest.history_user == manager


def test_an_edit_needs_a_reason(as_manager):
    response = as_manager.post(
        reverse("commitments:agreement_edit", args=[TALKS]),
        agreement_data(title="Changed", reason=""),
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors


def agreement_pages(client, *pages):
    url = reverse("commitments:agreement_list")
    return [
        [a.reference for a in client.get(url, {"page": page}).context["agreements"]]
        for page in pages
    ]


def test_the_list_pages_agreements_newest_first(as_manager):
    # 60 more agreements, all on the same day under the same title: only the
    # id tells them apart, and no agreement may show on two pages or none.
    AgreementFactory.create_batch(
        60, title="Same talks", date=datetime.date(2030, 1, 1)
    )
    total = Agreement.objects.count()
    first, second = agreement_pages(as_manager, 1, 2)
    assert len(first) == 50
    assert len(first) + len(second) == total
    assert set(first).isdisjoint(second)
    assert set(first) | set(second) == set(
        Agreement.objects.values_list("reference", flat=True)
    )
    # The newest first: the 60 of 2030 fill the first page, in creation order.
    assert first == sorted(first, key=lambda ref: int(ref.rsplit("-", 1)[1]))
    html = as_manager.get(reverse("commitments:agreement_list")).content.decode()
    assert "Page 1 of 2" in html
    assert 'href="?page=2"' in html


def test_the_same_page_twice_lists_the_same_agreements(as_manager):
    AgreementFactory.create_batch(
        60, title="Same talks", date=datetime.date(2030, 1, 1)
    )
    assert agreement_pages(as_manager, 2) == agreement_pages(as_manager, 2)


def test_a_page_past_the_end_shows_the_last_page(as_manager):
    AgreementFactory.create_batch(
        60, title="Same talks", date=datetime.date(2030, 1, 1)
    )
    response = as_manager.get(reverse("commitments:agreement_list"), {"page": 99})
    assert response.status_code == 200
    assert response.context["page"].number == 2
    assert response.context["agreements"] == response.context["page"].object_list
    assert agreement_pages(as_manager, 99) == agreement_pages(as_manager, 2)
    response = as_manager.get(reverse("commitments:agreement_list"), {"page": "x"})
    assert response.context["page"].number == 1
