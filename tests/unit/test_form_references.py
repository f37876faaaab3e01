"""A reference a path uses ("new": /agreements/new/) is refused by both forms
that set one, through the one check (commitments/forms/common.py)."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from commitments.forms.agreements import AgreementForm
from commitments.forms.commitments import CommitmentCreateForm

FORMS = [AgreementForm, CommitmentCreateForm]


@pytest.mark.parametrize("form", FORMS)
def test_the_reserved_reference_is_refused(form):
    with pytest.raises(ValidationError, match="reserved"):
        form.clean_reference(SimpleNamespace(cleaned_data={"reference": "new"}))


@pytest.mark.parametrize("form", FORMS)
def test_another_reference_is_kept(form):
    bound = SimpleNamespace(cleaned_data={"reference": "jwg-2027"})
    assert form.clean_reference(bound) == "jwg-2027"
