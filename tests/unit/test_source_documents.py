import pytest
from django.core.exceptions import ValidationError

from commitments.models import SourceDocument
from commitments.services.sources import source_document_import

pytestmark = pytest.mark.django_db


def test_the_same_text_is_one_document(officer):
    first, created = source_document_import(
        title="Statement", text="We agree.", actor=officer, reason="pasted"
    )
    again, created_again = source_document_import(
        title="Other title", text="We agree.", actor=officer, reason="pasted"
    )
    assert created
    assert not created_again
    assert again.pk == first.pk
    assert SourceDocument.objects.count() == 1


def test_a_stored_text_cannot_be_edited(officer):
    document, _ = source_document_import(
        title="Statement", text="We agree.", actor=officer, reason="pasted"
    )
    document.text = "We agree, mostly."
    with pytest.raises(ValidationError, match="never edited"):
        document.full_clean()
