"""An id past the 64-bit range is an invalid choice, not a 500 (SQLite, the
demo, raised OverflowError; found by the hostile-input walker)."""

import pytest
from django import forms

from commitments.models import Party
from core.forms import MAX_ID, IdChoiceField, IdMultipleChoiceField
from tests.factories import PartyFactory


class PartyForm(forms.Form):
    one = IdChoiceField(queryset=Party.objects.all(), required=False)
    many = IdMultipleChoiceField(queryset=Party.objects.all(), required=False)


@pytest.mark.parametrize(
    "huge", [str(MAX_ID + 1), "9" * 20, "-" + "9" * 20, "9" * 5000]
)
@pytest.mark.parametrize("field", ["one", "many"])
def test_an_id_past_the_range_is_an_invalid_choice(db, field, huge):
    form = PartyForm({field: [huge] if field == "many" else huge})
    assert not form.is_valid()
    assert "valid choice" in form.errors[field][0]


def test_real_ids_still_choose_their_rows(db):
    party = PartyFactory()
    form = PartyForm({"one": str(party.pk), "many": [str(party.pk)]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["one"] == party
    assert list(form.cleaned_data["many"]) == [party]
