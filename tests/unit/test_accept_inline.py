"""Accepting a candidate without leaving the product: the agreement, sides and
institution made inline (deduplicated), the owner, and the milestones with
their statuses, all in the accept transaction."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from access.models import DeskAgreement
from commitments.models import (
    Agreement,
    Commitment,
    Milestone,
    Party,
    StatusChoices,
)
from commitments.services.directory import (
    institution_find_or_create,
    party_find_or_create,
)
from extraction import selectors
from extraction.models import Candidate, CandidateStatus
from extraction.services.ingest import document_ingest
from extraction.services.review import (
    FLAG_REASON,
    NEW_PARTY_PREFIX,
    candidate_accept_chosen,
)
from tests.factories import UserFactory
from tests.norway_chile import ARTICLE, MEETINGS, PUBLISHED, TITLE

# After the first biannual meeting (3 September 2026), before the second.
AS_OF = datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC)


@pytest.fixture
def meetings(seeded, officer):
    document = document_ingest(
        title=TITLE, text=ARTICLE, published_on=PUBLISHED, actor=officer
    ).document
    return Candidate.objects.get(source=document, quote__startswith=MEETINGS)


def chosen(**overrides):
    base = {
        "agreement": None,
        "new_agreement_title": "Norway–Chile police cooperation",
        "new_agreement_kind": "joint_statement",
        "new_agreement_date": PUBLISHED,
        "new_agreement_parties": [f"{NEW_PARTY_PREFIX}Norway", "Chile"],
        "reference": "no-cl-jwg",
        "title": "Biannual joint working group meetings",
        "kind": "recurring_meeting",
        "parties": [f"{NEW_PARTY_PREFIX}Norway", f"{NEW_PARTY_PREFIX}Chile"],
        "new_parties": "",
        "lead_institutions": [],
        "new_institution_name": "",
        "new_institution_acronym": "",
        "new_institution_party": None,
        "owner": None,
    }
    return {**base, **overrides}


FIELDS = {
    "cadence_rrule": "FREQ=MONTHLY;INTERVAL=6",
    "cadence_phrase": "biannual",
    "cadence_start": datetime.date(2026, 9, 3),
}


def accept(candidate, actor, **overrides):
    return candidate_accept_chosen(
        candidate=candidate,
        actor=actor,
        reason="from the Oslo article",
        chosen=chosen(**overrides),
        fields=FIELDS,
        as_of=AS_OF,
    )


def test_accepting_makes_agreement_sides_owner_and_overdue_milestone_at_once(
    meetings, officer
):
    commitment = accept(meetings, officer)

    agreement = commitment.agreement
    assert agreement.title == "Norway–Chile police cooperation"
    assert {p.name for p in agreement.parties.all()} == {"Norway", "Chile"}
    assert meetings.source in agreement.sources.all()
    norway = Party.objects.get(name="Norway")
    assert (norway.code, norway.iso_code, norway.time_zone) == (
        "NO",
        "NO",
        "Europe/Oslo",
    )
    assert norway.history.get().history_user == officer
    assert {o.party.name for o in commitment.obligations.all()} == {"Norway", "Chile"}
    assert commitment.owner == officer  # the reviewer, by default
    # Made now, not at the next sweep: the September meeting is already late.
    first, second = Milestone.objects.filter(commitment=commitment).order_by(
        "due_date"
    )[:2]
    assert (first.scheduled_date, first.status) == (
        datetime.date(2026, 9, 3),
        StatusChoices.OVERDUE,
    )
    assert second.status == StatusChoices.PLANNED
    flagged = first.history.earliest("history_date")
    assert first.history.latest("history_date").history_change_reason == FLAG_REASON
    assert flagged.history_user == officer
    assert Commitment.objects.get(pk=commitment.pk).status == StatusChoices.OVERDUE
    candidate = Candidate.objects.get(pk=meetings.pk)
    assert (candidate.status, candidate.commitment) == (
        CandidateStatus.ACCEPTED,
        commitment,
    )


def test_a_new_agreement_goes_on_the_reviewers_desks(meetings, officer):
    commitment = accept(meetings, officer)
    desks = set(
        DeskAgreement.objects.filter(agreement=commitment.agreement).values_list(
            "desk_id", flat=True
        )
    )
    assert set(officer.desk_memberships.values_list("desk_id", flat=True)) <= desks


@pytest.mark.parametrize("spelling", ["norway", "Kingdom of Norway", "NO", "nor"])
def test_a_side_is_found_by_name_other_name_or_iso_code(db, system, spelling):
    norway, created = party_find_or_create(name="Norway", actor=system, reason="t")
    again, created_again = party_find_or_create(name=spelling, actor=system, reason="t")
    assert (created, again, created_again) == (True, norway, False)
    assert Party.objects.filter(iso_code="NO").count() == 1


def test_a_seeded_side_is_found_by_its_code(seeded, system):
    pakistan = Party.objects.get(name="Pakistan")
    assert pakistan.iso_code == "PK"
    found, created = party_find_or_create(
        name="Islamic Republic of Pakistan", actor=system, reason="t"
    )
    assert (found, created) == (pakistan, False)


def test_a_name_iso_3166_does_not_know_is_refused(db, system):
    with pytest.raises(ValidationError, match="not a country ISO 3166 knows"):
        party_find_or_create(name="Narnia", actor=system, reason="t")
    assert not Party.objects.exists()


def test_an_institution_is_found_by_name_or_acronym_within_its_side(db, system):
    norway, _ = party_find_or_create(name="Norway", actor=system, reason="t")
    chile, _ = party_find_or_create(name="Chile", actor=system, reason="t")
    police, created = institution_find_or_create(
        party=norway,
        name="Norwegian Police Service",
        acronym="NPS",
        actor=system,
        reason="t",
    )
    by_acronym, again = institution_find_or_create(
        party=norway,
        name="The Police (Norway)",
        acronym="nps",
        actor=system,
        reason="t",
    )
    by_name, _ = institution_find_or_create(
        party=norway, name="norwegian police service", actor=system, reason="t"
    )
    other_side, other_created = institution_find_or_create(
        party=chile,
        name="Norwegian Police Service",
        acronym="NPS",
        actor=system,
        reason="t",
    )
    assert (created, again) == (True, False)
    assert by_acronym == by_name == police
    assert other_created
    assert other_side != police


def test_a_new_institution_leads_its_side(meetings, officer):
    commitment = accept(
        meetings,
        officer,
        new_institution_name="Carabineros de Chile",
        new_institution_acronym="CARAB",
        new_institution_party=f"{NEW_PARTY_PREFIX}Chile",
    )
    lead = commitment.obligations.get(party__name="Chile").lead_institution
    assert (lead.name, lead.acronym, lead.party.iso_code) == (
        "Carabineros de Chile",
        "CARAB",
        "CL",
    )
    assert lead.history.get().history_change_reason == "from the Oslo article"


def test_another_owner_on_the_desk_is_kept(meetings, officer, desk_of_everything):
    colleague = desk_of_everything.add(UserFactory(username="colleague"))
    commitment = accept(meetings, officer, owner=colleague)
    assert commitment.owner == colleague


def test_an_owner_who_may_not_see_the_agreement_is_refused_and_nothing_kept(
    meetings, officer
):
    outsider = UserFactory(username="outsider")  # on no desk
    outsider.groups.add(Group.objects.get(name="Policy officer"))
    with pytest.raises(ValidationError) as refused:
        accept(meetings, officer, owner=outsider)
    assert "owner" in refused.value.message_dict
    # One transaction: no agreement, side or commitment was left behind.
    assert not Agreement.objects.filter(title__startswith="Norway").exists()
    assert not Party.objects.filter(name="Norway").exists()
    assert not Commitment.objects.filter(reference="no-cl-jwg").exists()
    assert Candidate.objects.get(pk=meetings.pk).status == CandidateStatus.PROPOSED


def test_a_reviewer_may_not_accept_into_an_agreement_they_cannot_see(meetings):
    stranger = UserFactory(username="stranger")  # on no desk
    talks = Agreement.objects.get(reference="pk-cn-interior-talks-2026")
    with pytest.raises(ValidationError) as refused:
        accept(meetings, stranger, agreement=talks)
    assert "agreement" in refused.value.message_dict


def test_a_new_agreement_needs_a_title(meetings, officer):
    with pytest.raises(ValidationError) as refused:
        accept(meetings, officer, new_agreement_title="  ")
    assert "new_agreement_title" in refused.value.message_dict


def test_the_merge_menu_offers_one_agreements_commitments_searched_and_bounded(
    seeded, officer
):
    talks = Agreement.objects.get(reference="pk-cn-interior-talks-2026")
    everything = selectors.merge_choices_for(agreement=talks, user=officer, limit=100)
    assert everything
    assert {
        c.agreement_id
        for c in Commitment.objects.filter(pk__in=[c.pk for c in everything])
    } == {talks.pk}
    word = everything[0].title.split()[0]
    found = selectors.merge_choices_for(
        agreement=talks, user=officer, query=word.lower(), limit=100
    )
    assert found
    assert all(
        word.lower() in c.title.lower() or word.lower() in c.reference for c in found
    )
    assert len(selectors.merge_choices_for(agreement=talks, user=officer, limit=1)) == 1
    assert selectors.merge_choices_for(agreement=None, user=officer, limit=100) == []


def test_the_articles_yearly_officer_exchange_is_queued_as_an_exchange(meetings):
    # The rules' kind for a quota of people is one the models accept: before
    # CommitmentKind.EXCHANGE, ingesting this article raised.
    exchange = Candidate.objects.get(
        source=meetings.source, quote__contains="exchange ten officers"
    )
    assert exchange.kind == "exchange"


def test_a_new_side_obliged_in_an_existing_agreement_becomes_its_party(
    meetings, officer
):
    talks = Agreement.objects.get(reference="pk-cn-interior-talks-2026")
    accept(
        meetings,
        officer,
        agreement=talks,
        parties=[f"{NEW_PARTY_PREFIX}Norway"],
    )
    assert "Norway" in {p.name for p in talks.parties.all()}
    changed = talks.history.latest("history_date")
    assert (changed.history_user, changed.history_change_reason) == (
        officer,
        "from the Oslo article",
    )
