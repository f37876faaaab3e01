"""Exchanges and quotas keep their number (issue 16): from the rules' output to
the queued candidate, through accept to the tracked commitment, editable on
the commitment form within 1..1,000,000 and shown on the pages."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from commitments.forms.commitments import CommitmentEditForm
from commitments.models import Commitment
from commitments.services.commitments import commitment_update
from extraction.models import Candidate
from extraction.rules.pipeline import Candidate as Proposal
from extraction.services.ingest import candidate_from, document_ingest
from extraction.services.review import NEW_PARTY_PREFIX, candidate_accept_chosen
from tests.factories import CommitmentFactory, SourceDocumentFactory
from tests.norway_chile import ARTICLE, PUBLISHED, TITLE

EXCHANGE = "The two police forces will exchange ten officers every year."
# A report due "before the next meeting" of a yearly group the text schedules.
LINKED_TEXT = (
    ARTICLE + "\nThe joint working group will meet every year. Chile will present "
    "a report on cybercrime before the next meeting of the working group.\n"
)
AS_OF = datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC)


@pytest.fixture
def officer(officer):
    officer.groups.add(Group.objects.get(name="Policy officer"))
    return officer


@pytest.fixture
def exchange(seeded, officer):
    document = document_ingest(
        title=TITLE, text=ARTICLE, published_on=PUBLISHED, actor=officer
    ).document
    return Candidate.objects.get(source=document, quote=EXCHANGE)


def _accept(candidate, actor, **fields):
    return candidate_accept_chosen(
        candidate=candidate,
        actor=actor,
        reason="from the Oslo article",
        chosen={
            "agreement": None,
            "new_agreement_title": "Norway–Chile police cooperation",
            "new_agreement_kind": "joint_statement",
            "new_agreement_date": PUBLISHED,
            "new_agreement_parties": [f"{NEW_PARTY_PREFIX}Norway", "Chile"],
            "reference": "no-cl-officers",
            "title": "Yearly exchange of officers",
            "kind": "exchange",
            "parties": [f"{NEW_PARTY_PREFIX}Norway", f"{NEW_PARTY_PREFIX}Chile"],
            "owner": None,
        },
        fields={
            "cadence_rrule": "FREQ=YEARLY",
            "cadence_phrase": "every year",
            "cadence_start": datetime.date(2027, 3, 3),
            **fields,
        },
        as_of=AS_OF,
    )


# Ingest ----------------------------------------------------------------------


def test_an_ingested_exchange_keeps_its_number_and_unit(exchange):
    assert (exchange.kind, exchange.quantity, exchange.quantity_unit) == (
        "exchange",
        10,
        "officers",
    )
    assert exchange.history.get().quantity == 10


def test_a_date_before_the_next_meeting_keeps_its_link(seeded, officer):
    document = document_ingest(
        title=TITLE, text=LINKED_TEXT, published_on=PUBLISHED, actor=officer
    ).document
    report = Candidate.objects.get(
        source=document, quote__startswith="Chile will present a report"
    )
    assert report.due_link == "next-meeting"
    assert report.due_date is not None
    assert Candidate.objects.get(source=document, quote=EXCHANGE).due_link == ""


@pytest.mark.parametrize(
    ("number", "kept"), [(0, None), (1, 1), (1_000_000, 1_000_000), (1_000_001, None)]
)
def test_a_number_a_commitment_may_not_keep_is_dropped_not_refused(db, number, kept):
    document = SourceDocumentFactory()
    proposal = Proposal(
        quote=document.text[:9],
        start=0,
        end=9,
        kind="exchange",
        title="Exchange",
        quantity=number,
        quantity_unit="officers",
        confidence=0.9,
    )
    candidate = candidate_from(proposal, document)
    candidate.full_clean()
    assert candidate.quantity == kept
    assert candidate.quantity_unit == ("officers" if kept else "")


# Accept ----------------------------------------------------------------------


def test_accepting_an_exchange_carries_its_number_to_the_commitment(exchange, officer):
    commitment = _accept(exchange, officer)
    assert (commitment.quantity, commitment.quantity_unit) == (10, "officers")
    row = commitment.history.earliest()
    assert (row.quantity, row.quantity_unit) == (10, "officers")
    assert row.history_user == officer


def test_the_reviewer_may_correct_the_number_on_accept(exchange, officer):
    commitment = _accept(exchange, officer, quantity=12, quantity_unit="cadets")
    assert (commitment.quantity, commitment.quantity_unit) == (12, "cadets")


def test_the_accept_form_starts_from_the_candidates_number(client, exchange, officer):
    client.force_login(officer)
    response = client.get(reverse("extraction:accept", args=[exchange.pk]))
    html = response.content.decode()
    assert 'name="quantity" value="10"' in html
    assert 'name="quantity_unit" value="officers"' in html


def test_the_review_page_shows_the_number(client, exchange, officer):
    client.force_login(officer)
    html = client.get(
        reverse("extraction:document", args=[exchange.source_id])
    ).content.decode()
    assert "<dt>Number</dt><dd>10 officers</dd>" in html


def test_the_commitment_page_says_how_many_and_how_often(client, exchange, officer):
    commitment = _accept(exchange, officer)
    client.force_login(officer)
    html = client.get(
        reverse("commitments:commitment_detail", args=[commitment.reference])
    ).content.decode()
    assert '<dd id="quantity">10 officers every year</dd>' in html


# The commitment: model, service and form --------------------------------------


def edit_form(commitment, **changes):
    data = {
        name: ("" if value is None else value)
        for name, value in CommitmentEditForm.initial_for(commitment).items()
    }
    data.update(reason="corrected", **changes)
    return CommitmentEditForm(data)


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("0", "The number must be at least 1."),
        ("1", None),
        ("1000000", None),
        ("1000001", "The number must be at most 1,000,000."),
    ],
)
def test_the_form_takes_a_number_from_one_to_a_million(db, number, error):
    form = edit_form(CommitmentFactory(), quantity=number, quantity_unit="officers")
    if error is None:
        assert form.is_valid(), form.errors
        assert form.model_values()["quantity"] == int(number)
    else:
        assert not form.is_valid()
        assert form.errors["quantity"] == [error]


def test_the_form_refuses_a_long_unit_or_a_unit_without_a_number(db):
    commitment = CommitmentFactory()
    long_unit = edit_form(commitment, quantity="5", quantity_unit="x" * 61)
    assert not long_unit.is_valid()
    assert "at most 60 characters" in long_unit.errors["quantity_unit"][0]
    assert edit_form(commitment, quantity="5", quantity_unit="x" * 60).is_valid()
    bare = edit_form(commitment, quantity="", quantity_unit="officers")
    assert not bare.is_valid()
    assert bare.errors["quantity"] == [
        "Give the number the unit counts, or clear the unit."
    ]


def test_an_edit_of_the_number_is_in_the_history(db, system):
    commitment = CommitmentFactory()
    form = edit_form(commitment, quantity="20", quantity_unit="officers")
    assert form.is_valid(), form.errors
    commitment_update(
        commitment=commitment,
        actor=system,
        reason="minutes give the number",
        **form.changes(commitment),
    )
    row = Commitment.objects.get(pk=commitment.pk).history.latest()
    assert (row.quantity, row.quantity_unit) == (20, "officers")
    assert row.history_change_reason == "minutes give the number"


@pytest.mark.parametrize("number", [0, 1_000_001])
def test_the_service_refuses_a_number_out_of_range(db, system, number):
    commitment = CommitmentFactory()
    with pytest.raises(ValidationError) as refused:
        commitment_update(
            commitment=commitment, actor=system, reason="typo", quantity=number
        )
    assert "quantity" in refused.value.message_dict


def test_the_database_refuses_a_number_out_of_range(db):
    commitment = CommitmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=commitment.pk).update(quantity=1_000_001)
