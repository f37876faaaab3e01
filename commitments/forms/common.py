"""What the workspace's forms share: date inputs, reasons, service errors, holidays."""

import datetime
import zoneinfo
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from commitments import calendars
from commitments.cadence import CadenceError, describe, rule_from_phrase
from commitments.models import (
    QUANTITY_MAX,
    QUANTITY_UNIT_MAX,
    Commitment,
    DatePrecision,
    Milestone,
)
from commitments.services.followups import REASON_MAX_LENGTH
from commitments.services.milestones import suggest_working_day
from core.dates import supported_date_validator

# Paths such as /agreements/new/ would hide a record with this reference.
RESERVED_REFERENCES = frozenset({"new"})


def reference_check(reference: str) -> str:
    """An agreement's or commitment's reference, refused if a path uses it."""
    if reference in RESERVED_REFERENCES:
        raise ValidationError(_("This reference is reserved; choose another."))
    return reference


DATED_PRECISIONS = [
    (value, label) for value, label in DatePrecision.choices if value != "unknown"
]
TIME_ZONES = [(zone, zone) for zone in sorted(zoneinfo.available_timezones())]


class DateInput(forms.DateInput):
    """The browser's own date picker; values travel as ISO dates."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class SupportedDateField(forms.DateField):
    """A date the product supports (core.dates): every form's date field is one,
    so a date such as 9999-12-31 is a form error, never a 500 further on."""

    default_validators = [supported_date_validator]
    widget = DateInput


def reason_field(*, required: bool = True, help_text: str = "") -> forms.CharField:
    """Why a change is made; it goes into the history next to the change."""
    return forms.CharField(
        label=_("Reason for the change"),
        max_length=REASON_MAX_LENGTH,
        required=required,
        help_text=help_text or _("Shown in the history next to the change."),
    )


def quantity_field() -> forms.IntegerField:
    """The number an exchange or quota moves ("exchange 20 officers")."""
    return forms.IntegerField(
        required=False,
        min_value=1,
        max_value=QUANTITY_MAX,
        label=_("Number"),
        help_text=_("How many an exchange or quota moves, e.g. 20; blank if none."),
        error_messages={
            "min_value": _("The number must be at least 1."),
            "max_value": _("The number must be at most %(limit)s.")
            % {"limit": f"{QUANTITY_MAX:,}"},
        },
    )


def quantity_unit_field() -> forms.CharField:
    """What the number counts ("officers")."""
    return forms.CharField(
        required=False,
        max_length=QUANTITY_UNIT_MAX,
        label=_("What it counts"),
        help_text=_("e.g. officers, students."),
    )


def quantity_check(form: forms.Form, data: dict[str, Any]) -> None:
    """A unit needs its number (the model's rule, next to the field)."""
    if (
        (data.get("quantity_unit") or "").strip()
        and data.get("quantity") is None
        and "quantity" not in form.errors
    ):
        form.add_error(
            "quantity", _("Give the number the unit counts, or clear the unit.")
        )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's validation errors next to the fields they name, the rest on
    top of the form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            # A hidden field has no place to show its error: put it on top.
            field = form.fields.get(name)
            target = name if field and not field.widget.is_hidden else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def non_working_check(
    form: forms.Form, *, field: str, day: datetime.date | None, commitment: Commitment
) -> None:
    """Refuse a holiday or weekend unless the person ticked "keep this date";
    offer the next working day for every obligated side."""
    if day is None or form.cleaned_data.get("keep_non_working"):
        return
    codes = tuple(sorted(o.party.code for o in commitment.obligations.all()))
    reasons = calendars.non_working_reasons(day, codes)
    if not reasons:
        return
    suggestion = suggest_working_day(Milestone(commitment=commitment, due_date=day))
    form.suggested_date = suggestion
    form.add_error(
        field,
        _(
            "%(day)s is not a working day (%(reasons)s). The next working day "
            "for every side is %(suggestion)s: choose it, or tick “Keep this "
            "date” to keep yours."
        )
        % {
            "day": f"{day:%Y-%m-%d}",
            "reasons": "; ".join(reasons),
            "suggestion": f"{date_format(suggestion, 'l')} {suggestion:%Y-%m-%d}",
        },
    )


def cadence_clean(raw: str) -> str:
    """A cadence field's text ("quarterly", an RRULE) as a rule; blank for a
    one-off. The commitment forms and extraction's review form share it."""
    phrase = raw.strip()
    if not phrase:
        return ""
    try:
        return rule_from_phrase(phrase)
    except CadenceError as error:
        raise ValidationError(str(error)) from error


def cadence_initial(rule: str) -> str:
    """A stored rule as a cadence field shows it: in words ("every 6 months")
    when the words read back as the same rule, else the rule itself."""
    try:
        words = describe(rule) if rule else ""
        return words if words and rule_from_phrase(words) == rule else rule
    except CadenceError:
        return rule


def cadence_start_check(form: forms.Form, data: dict[str, Any]) -> bool:
    """False (with the error on the form) when a cadence has no first date."""
    if data.get("cadence") and not data.get("cadence_start"):
        form.add_error(
            "cadence_start", _("A recurring commitment needs its first date.")
        )
        return False
    return True
