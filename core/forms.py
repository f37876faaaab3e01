"""Choice fields whose ids are checked before they reach the database.

An id past the 64-bit range ("99999999999999999999") is not an id of any row,
but Django's model choice fields hand it to the database, and SQLite (the demo)
raises OverflowError on it: a 500. These fields refuse it as an invalid choice,
as they do any other id that names no row.
"""

from typing import Any

from django import forms

# The largest primary key PostgreSQL's bigint (and SQLite's integer) can hold.
MAX_ID = 2**63 - 1


def _is_possible_id(value: Any) -> bool:
    digits = str(value).strip().lstrip("-")
    if not digits.isdigit():
        return True  # not a number: the field's own checks answer
    # Length first: int() refuses strings of over 4,300 digits with ValueError.
    return len(digits) <= len(str(MAX_ID)) and int(digits) <= MAX_ID


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that refuses out-of-range ids as invalid choices."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not _is_possible_id(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses out-of-range ids."""

    def _check_values(self, value: Any) -> Any:
        for item in value if isinstance(value, list | tuple) else [value]:
            if not _is_possible_id(item):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)
