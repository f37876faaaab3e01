"""Accepting, merging, rejecting candidates: rows, quotes, milestones, history."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from commitments.models import (
    Agreement,
    Commitment,
    Institution,
    Milestone,
    Party,
    Provenance,
    SourceDocument,
)
from extraction.models import Candidate, CandidateStatus
from extraction.services.ingest import document_ingest
from extraction.services.review import (
    candidate_accept,
    candidate_merge,
    candidate_reject,
    parties_ensure_proposed,
)

AS_OF = datetime.datetime(2026, 5, 21, tzinfo=datetime.UTC)
TEXT = (
    "Pakistan and China agreed to hold border talks every six months.\n"
    "China invited Pakistan's minister to attend the police expo this September.\n"
    "He commended the police and said the NPA will train 50 officers.\n"
)


@pytest.fixture
def queued(seeded, officer):
    result = document_ingest(
        title="New statement",
        text=TEXT,
        published_on=datetime.date(2026, 5, 20),
        actor=officer,
    )
    return {c.kind: c for c in Candidate.objects.filter(source=result.document)}


def test_ingest_queues_each_candidate_with_the_acting_user(queued, officer):
    assert set(queued) == {"recurring_meeting", "event_attendance", "training"}
    record = queued["recurring_meeting"].history.get()
    assert (record.history_user, record.history_change_reason) == (
        officer,
        "ingested for extraction",
    )


def test_accepting_creates_the_commitment_with_quote_milestones_and_history(
    queued, officer
):
    candidate = queued["recurring_meeting"]
    talks = Agreement.objects.get(reference="pk-cn-interior-talks-2026")
    commitment = candidate_accept(
        candidate=candidate,
        actor=officer,
        reason="confirmed from the statement",
        agreement=talks,
        reference="border-talks",
        title="Border talks every six months",
        kind=candidate.kind,
        parties=Party.objects.filter(code__in=["PK", "CN"]),
        lead_institutions=Institution.objects.filter(acronym="MPS"),
        cadence_rrule=candidate.cadence_rrule,
        cadence_phrase=candidate.cadence_phrase,
        cadence_start=candidate.cadence_start,
        resolved_against=candidate.resolved_against,
        as_of=AS_OF,
    )
    assert commitment.cadence_rrule == "FREQ=MONTHLY;INTERVAL=6"
    assert commitment.cadence_start == datetime.date(2026, 11, 20)
    (quote,) = commitment.provenance.all()
    assert (quote.quote, quote.quote_start, quote.quote_end) == (
        candidate.quote,
        candidate.start,
        candidate.end,
    )
    leads = {o.party.code: o.lead_institution for o in commitment.obligations.all()}
    assert leads["CN"].acronym == "MPS"
    assert leads["PK"] is None
    assert Milestone.objects.filter(commitment=commitment).exists()
    assert candidate.source in talks.sources.all()
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.ACCEPTED
    assert candidate.commitment == commitment
    assert candidate.reviewed_by == officer
    for record in (
        commitment.history.get(),
        quote.history.get(),
        candidate.history.first(),
    ):
        assert record.history_user == officer
        assert record.history_change_reason == "confirmed from the statement"
    milestone = Milestone.objects.filter(commitment=commitment).first()
    assert milestone.history.get().history_user == officer


def test_accepting_a_dated_one_off_keeps_the_phrase_and_precision(queued, officer):
    candidate = queued["event_attendance"]
    commitment = candidate_accept(
        candidate=candidate,
        actor=officer,
        reason="",
        agreement=Agreement.objects.get(reference="pk-cn-interior-talks-2026"),
        reference="police-expo",
        title="Attend the police expo",
        kind="event_attendance",
        parties=Party.objects.filter(code="PK"),
        due_date=candidate.due_date,
        due_precision=candidate.due_precision,
        due_phrase=candidate.due_phrase,
        resolved_against=candidate.resolved_against,
        as_of=AS_OF,
    )
    assert (commitment.due_date, commitment.due_precision, commitment.due_phrase) == (
        datetime.date(2026, 9, 30),
        "month",
        "this September",
    )
    assert commitment.milestones.get().due_date == datetime.date(2026, 9, 30)


def test_a_bad_accept_leaves_the_candidate_open_and_writes_nothing(queued, officer):
    candidate = queued["training"]
    before = Commitment.objects.count()
    with pytest.raises(ValidationError):
        candidate_accept(
            candidate=candidate,
            actor=officer,
            reason="x",
            agreement=Agreement.objects.first(),
            reference="jwg-quarterly",  # taken
            title="Training",
            kind="training",
            parties=Party.objects.filter(code="PK"),
            as_of=AS_OF,
        )
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.PROPOSED
    assert Commitment.objects.count() == before


def test_merging_adds_the_quote_to_an_existing_commitment(queued, officer):
    candidate = queued["training"]
    training = Commitment.objects.get(reference="asp-training-bpc")
    candidate_merge(candidate=candidate, commitment=training, actor=officer, reason="")
    quote = Provenance.objects.get(commitment=training, quote_start=candidate.start)
    assert quote.quote == candidate.quote
    assert quote.history.get().history_user == officer
    candidate.refresh_from_db()
    assert (candidate.status, candidate.commitment) == (
        CandidateStatus.MERGED,
        training,
    )
    assert candidate.reason == "merged into asp-training-bpc"


def test_rejecting_needs_a_reason_and_records_it(queued, officer):
    candidate = queued["training"]
    with pytest.raises(ValidationError, match="Say why"):
        candidate_reject(candidate=candidate, actor=officer, reason="  ")
    candidate_reject(candidate=candidate, actor=officer, reason="praise, not a promise")
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.REJECTED
    record = candidate.history.first()
    assert (record.history_user, record.history_change_reason) == (
        officer,
        "praise, not a promise",
    )


def test_a_decided_candidate_cannot_be_decided_again(queued, officer):
    candidate = queued["training"]
    candidate_reject(candidate=candidate, actor=officer, reason="duplicate")
    with pytest.raises(ValidationError, match="already rejected"):
        candidate_merge(
            candidate=candidate,
            commitment=Commitment.objects.first(),
            actor=officer,
        )


def test_proposed_sides_missing_from_the_directory_come_from_the_country_table(
    db, officer
):
    parties = parties_ensure_proposed(
        names=["Kenya", "Atlantis"], actor=officer, reason="accepted"
    )
    (kenya,) = parties
    assert (kenya.code, kenya.time_zone) == ("KE", "Africa/Nairobi")
    assert kenya.history.get().history_user == officer


def test_the_database_refuses_a_quote_that_does_not_fit_its_offsets(queued):
    candidate = queued["training"]
    candidate.quote = candidate.quote + "x"
    with pytest.raises(ValidationError):
        candidate.full_clean()
    assert SourceDocument.objects.filter(title="New statement").count() == 1
