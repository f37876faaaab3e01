import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commitments.models import Commitment, Provenance
from commitments.services.commitments import (
    ObligationSpec,
    QuoteSpec,
    commitment_create,
    provenance_add,
)
from tests.factories import AgreementFactory, PartyFactory, SourceDocumentFactory

pytestmark = pytest.mark.django_db


def create(source, quote, start, end, actor):
    return commitment_create(
        agreement=AgreementFactory(),
        reference="meet-quarterly",
        title="Meet every three months",
        kind="recurring_meeting",
        obligations=[ObligationSpec(party=PartyFactory(code="PK"))],
        quotes=[QuoteSpec(source=source, quote=quote, start=start, end=end)],
        actor=actor,
        reason="entered by hand",
    )


def test_a_quote_that_is_not_the_source_text_is_rejected_and_nothing_saved(officer):
    source = SourceDocumentFactory(text="Both sides agreed to meet every three months.")
    with pytest.raises(ValidationError, match="not the source text at 5-10"):
        create(source, "sided", 5, 10, officer)
    assert not Commitment.objects.exists()
    assert not Provenance.objects.exists()


def test_an_exact_quote_is_stored_with_its_offsets_and_history(officer):
    text = "Both sides agreed to meet every three months."
    source = SourceDocumentFactory(text=text)
    start = text.index("meet")
    commitment = create(source, "meet every three months", start, start + 23, officer)
    provenance = commitment.provenance.get()
    assert (provenance.quote_start, provenance.quote_end) == (start, start + 23)
    record = provenance.history.get()
    assert record.history_user == officer
    assert record.history_change_reason == "entered by hand"


def test_offsets_index_python_characters_not_utf8_bytes(officer):
    text = "Pakistan’s Interior Minister will meet annually."
    source = SourceDocumentFactory(text=text)
    start = text.index("meet")
    create(source, "meet annually", start, start + 13, officer)
    # 34 characters in, though 36 bytes in UTF-8 (the apostrophe takes three).
    assert Provenance.objects.get().quote_start == 34
    assert text.encode("utf-8").index(b"meet") == 36


def test_database_refuses_a_quote_whose_length_disagrees_with_its_offsets(officer):
    text = "Both sides agreed to meet every three months."
    source = SourceDocumentFactory(text=text)
    commitment = create(source, "Both", 0, 4, officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Provenance.objects.create(
            commitment=commitment,
            source=source,
            quote="sides",
            quote_start=5,
            quote_end=9,
        )


def test_provenance_add_rejects_offsets_past_the_end(officer):
    source = SourceDocumentFactory(text="Short text.")
    commitment = create(source, "Short", 0, 5, officer)
    with pytest.raises(ValidationError):
        provenance_add(
            commitment=commitment,
            quote=QuoteSpec(source=source, quote="text.!", start=6, end=12),
            actor=officer,
            reason="typo",
        )
