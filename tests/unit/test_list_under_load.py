"""What the lists do to stay fast with many people at once (issue 11, "Under
load" in docs/performance.md), checked for what a person sees: a broad search
lists the same commitments in the same order as a narrow one would; the lead
institutions offered by the filter follow a write at once although cached;
My work lists a person's commitments most urgent first."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from access.models import Desk, DeskAgreement, DeskMembership
from commitments import search
from commitments.models import StatusChoices
from commitments.permissions import POLICY_OFFICER
from commitments.services.commitments import (
    ObligationSpec,
    QuoteSpec,
    commitment_create,
)
from tests.factories import (
    AgreementFactory,
    CommitmentFactory,
    InstitutionFactory,
    MilestoneFactory,
    PartyFactory,
    SourceDocumentFactory,
    UserFactory,
)

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)


@pytest.fixture
def officer(client, db, desk_of_everything):
    user = desk_of_everything.add(UserFactory())
    user.groups.add(Group.objects.get(name=POLICY_OFFICER))
    client.force_login(user)
    return user


def listed(client, **query) -> tuple[list[str], object]:
    response = client.get(reverse("commitments:commitment_list"), query)
    assert response.status_code == 200
    page = response.context["page"]
    return [c.reference for c in page.object_list], response.context["filter"]


@on_postgresql
def test_a_broad_search_lists_the_matches_in_the_same_order_as_a_narrow_one(
    client, officer, monkeypatch
):
    statuses = [
        StatusChoices.PLANNED,
        StatusChoices.OVERDUE,
        StatusChoices.DONE,
        StatusChoices.DUE_SOON,
        StatusChoices.OVERDUE,
    ]
    for n, status in enumerate(statuses):
        commitment = CommitmentFactory(
            reference=f"coop-{n}", title=f"Cooperation item {5 - n}", status=status
        )
        MilestoneFactory(commitment=commitment, due_date=datetime.date(2027, 1, 9 - n))
    CommitmentFactory(reference="other", title="Unrelated training")

    narrow, narrow_filter = listed(client, q="cooperation")
    monkeypatch.setattr(search, "BROAD_SEARCH_MATCHES", 3)
    broad, broad_filter = listed(client, q="cooperation")

    assert narrow_filter.broad_search is False
    assert broad_filter.broad_search is True
    assert broad == narrow
    # Most urgent first (overdue, due soon, planned, closed), then by due date.
    assert broad == ["coop-4", "coop-1", "coop-3", "coop-0", "coop-2"]


@on_postgresql
def test_a_search_counts_its_matches_only_up_to_the_broad_threshold(db, monkeypatch):
    for n in range(4):
        CommitmentFactory(title=f"Maritime dialogue {n}")
    monkeypatch.setattr(search, "BROAD_SEARCH_MATCHES", 3)
    assert search.parse_search("maritime").broad is True
    assert search.parse_search("maritime dialogue 2").broad is False
    # Characters that mean something in a tsquery are only text.
    assert search.parse_search("maritime & | ! ( ):*").broad is True
    assert search.parse_search("   ") is None


def test_a_new_lead_institution_is_offered_by_the_filter_at_once(
    client, officer, django_capture_on_commit_callbacks
):
    party = PartyFactory(name="Norway")
    agreement = AgreementFactory()
    source = SourceDocumentFactory(text="Norway will host the meeting.")
    listed(client)  # the lead institutions of the world so far are cached
    police = InstitutionFactory(name="Norwegian Police University College", party=party)

    # The write bumps the data version when it commits (core/cache_version.py).
    with django_capture_on_commit_callbacks(execute=True):
        commitment_create(
            agreement=agreement,
            reference="no-cl-1",
            title="Host the meeting",
            kind="ongoing",
            obligations=[ObligationSpec(party=party, lead_institution=police)],
            quotes=[QuoteSpec(source, "Norway will host", 0, 16)],
            actor=officer,
            reason="test",
        )

    _, filterset = listed(client)
    offered = [i.name for i in filterset.form.fields["institution"].queryset]
    assert "Norwegian Police University College" in offered


def test_another_desks_lead_institution_is_not_offered(client, db):
    party = PartyFactory()
    mine, theirs = AgreementFactory(), AgreementFactory()
    source = SourceDocumentFactory(text="Each side will act.")
    for agreement, name in ((mine, "Our College"), (theirs, "Their Academy")):
        commitment_create(
            agreement=agreement,
            reference=name.lower().replace(" ", "-"),
            title=name,
            kind="ongoing",
            obligations=[
                ObligationSpec(
                    party=party,
                    lead_institution=InstitutionFactory(name=name, party=party),
                )
            ],
            quotes=[QuoteSpec(source, "Each side", 0, 9)],
            actor=None,
            reason="test",
        )
    desk = Desk.objects.create(name="Our desk")
    DeskAgreement.objects.create(desk=desk, agreement=mine)
    user = UserFactory()
    user.groups.add(Group.objects.get(name=POLICY_OFFICER))
    DeskMembership.objects.create(desk=desk, user=user)
    client.force_login(user)

    _, filterset = listed(client)
    offered = [i.name for i in filterset.form.fields["institution"].queryset]
    assert offered == ["Our College"]


def test_my_work_lists_my_commitments_most_urgent_first(client, officer):
    agreement = AgreementFactory()
    for reference, status, day in (
        ("planned-late", StatusChoices.PLANNED, 20),
        ("overdue", StatusChoices.OVERDUE, 25),
        ("planned-soon", StatusChoices.PLANNED, 10),
        ("due-soon", StatusChoices.DUE_SOON, 5),
    ):
        commitment = CommitmentFactory(
            agreement=agreement, reference=reference, status=status, owner=officer
        )
        MilestoneFactory(commitment=commitment, due_date=datetime.date(2027, 3, day))
    CommitmentFactory(agreement=agreement, reference="not-mine", status="overdue")

    response = client.get(reverse("commitments:home"))

    assert [c.reference for c in response.context["commitments"]] == [
        "overdue",
        "due-soon",
        "planned-soon",
        "planned-late",
    ]


def test_the_milestone_report_reads_each_sides_name_in_one_query(
    client, db, desk_of_everything
):
    """Sides are named in the reader's language from their ISO code: read with
    the rows, not one query per side (it was 50 more statements a page)."""
    manager = desk_of_everything.add(UserFactory())
    manager.groups.add(Group.objects.get(name="Manager"))
    client.force_login(manager)
    url = reverse("reporting:report_milestones")

    source = SourceDocumentFactory(text="Both will meet.")

    def grow(sides: int) -> None:
        for _ in range(sides):
            party = PartyFactory()
            commitment = commitment_create(
                agreement=AgreementFactory(),
                reference=f"side-{party.pk}",
                title="Meet",
                kind="ongoing",
                obligations=[ObligationSpec(party=party)],
                quotes=[QuoteSpec(source, "Both", 0, 4)],
                actor=None,
                reason="test",
            )
            MilestoneFactory(commitment=commitment)

    grow(10)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.context["page"].paginator.count == 10
    per_side = [
        q["sql"] for q in queries if 'FROM "commitments_party" WHERE' in q["sql"]
    ]
    assert per_side == []


def test_the_time_zone_database_is_not_listed_on_every_request(
    client, officer, monkeypatch
):
    """Checking a person's time zone listed the whole tz database each request
    (~4 ms of every page); the list is read once per process (core/zones.py)."""
    import zoneinfo

    from core.zones import known_zones

    known_zones.cache_clear()
    calls = []
    real = zoneinfo.available_timezones

    def counting() -> set[str]:
        calls.append(1)
        return real()

    monkeypatch.setattr(zoneinfo, "available_timezones", counting)
    for _ in range(3):
        assert client.get(reverse("commitments:home")).status_code == 200
    assert len(calls) <= 1
