"""Commitment forms: edit, create from a selected quote, and the selection itself."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from commitments import selectors
from commitments.bounds import cadence_bounds
from commitments.cadence import CadenceError, base_rule, cadence_build
from commitments.forms.common import (
    DATED_PRECISIONS,
    SupportedDateField,
    cadence_clean,
    cadence_initial,
    cadence_start_check,
    quantity_check,
    quantity_field,
    quantity_unit_field,
    reason_field,
    reference_check,
)
from commitments.models import (
    Commitment,
    CommitmentKind,
    DatePrecision,
    ScheduleBasis,
    SourceDocument,
)
from commitments.services.commitments import COMMITMENT_FIELDS
from core.forms import IdChoiceField, IdMultipleChoiceField

CADENCE_FIELDS = {"cadence", "cadence_start", "cadence_end", "cadence_count"}


class CommitmentFieldsForm(forms.Form):
    """What a commitment says and when it falls due: shared by create and edit."""

    title = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=CommitmentKind.choices)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    cadence = forms.CharField(
        max_length=300,
        required=False,
        label=_("Repeats"),
        help_text=_(
            "Blank for a one-off. “quarterly”, “every 3 months”, “annually”, "
            "“twice a year” or an RRULE such as FREQ=MONTHLY;INTERVAL=3."
        ),
    )
    cadence_phrase = forms.CharField(
        max_length=200,
        required=False,
        label=_("Cadence as the source states it"),
    )
    cadence_start = SupportedDateField(required=False, label=_("First occurrence"))
    cadence_end = SupportedDateField(
        required=False, label=_("Last possible occurrence")
    )
    cadence_count = forms.IntegerField(
        required=False, min_value=1, label=_("Number of occurrences")
    )
    schedule_basis = forms.ChoiceField(
        choices=ScheduleBasis.choices,
        initial=ScheduleBasis.PLAN,
        label=_("Next occurrence follows"),
    )
    due_date = SupportedDateField(
        required=False,
        label=_("Due date"),
        help_text=_("Leave blank when no date is stated: it will show “needs a date”."),
    )
    due_precision = forms.ChoiceField(
        choices=DATED_PRECISIONS, initial=DatePrecision.DAY, label=_("Date precision")
    )
    due_phrase = forms.CharField(
        max_length=200, required=False, label=_("Date as the source states it")
    )
    resolution_note = forms.CharField(
        max_length=500,
        required=False,
        label=_("How the stated phrase became this date"),
    )
    duration_days = forms.IntegerField(
        required=False, min_value=1, label=_("Duration (days)")
    )
    quantity = quantity_field()
    quantity_unit = quantity_unit_field()
    owner = IdChoiceField(
        queryset=selectors.owner_choices(), required=False, empty_label=_("(nobody)")
    )

    # The model fields the form writes: the service's list, less those the
    # form does not show (resolved_against is set by extraction).
    MODEL_FIELDS = tuple(
        name for name in COMMITMENT_FIELDS if name != "resolved_against"
    )

    def __init__(
        self,
        *args: Any,
        can_reassign: bool = False,
        user: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:
            # Only what the person may see is offered, or accepted.
            for name, choices in (
                ("agreement", selectors.agreement_choices),
                ("source", selectors.source_choices),
            ):
                if name in self.fields:
                    self.fields[name].queryset = choices(user=user)
        if not can_reassign:
            # Reassigning work is a manager's call; officers do not see it.
            del self.fields["owner"]

    def clean_cadence(self) -> str:
        return cadence_clean(self.cleaned_data["cadence"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # A missing first date is the error to fix before the rule is built.
        has_start = cadence_start_check(self, data)
        if (
            has_start
            and data.get("cadence")
            and not self.errors.keys() & CADENCE_FIELDS
        ):
            self._clean_rule(data)
        if not data.get("due_date") and "due_date" not in self.errors:
            data["due_precision"] = DatePrecision.UNKNOWN
        quantity_check(self, data)
        return data

    def _clean_rule(self, data: dict[str, Any]) -> None:
        # Checked here, next to the field, with the bounds the services use: a
        # rule that never falls due, runs sub-daily or past the range is refused.
        try:
            cadence_build(
                base_rule(data["cadence"]),
                data["cadence_start"],
                end=data.get("cadence_end"),
                count=data.get("cadence_count"),
                bounds=cadence_bounds(),
            )
        except CadenceError as error:
            self.add_error("cadence", str(error))

    def model_values(self) -> dict[str, Any]:
        """The cleaned values under the model's field names."""
        data = dict(self.cleaned_data)
        data["cadence_rrule"] = data.pop("cadence", "")
        return {name: data[name] for name in self.MODEL_FIELDS if name in data}


class CommitmentEditForm(CommitmentFieldsForm):
    """Edit a commitment; the hidden version catches someone else's edit meanwhile."""

    reason = reason_field()
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, commitment: Commitment) -> dict[str, Any]:
        """The form's starting values for an existing commitment."""
        initial = {
            name: getattr(commitment, name)
            for name in cls.MODEL_FIELDS
            if name not in ("cadence_rrule", "owner")
        }
        initial["cadence"] = cadence_initial(commitment.cadence_rrule)
        initial["owner"] = commitment.owner_id
        initial["version"] = commitment.version
        if commitment.due_precision == DatePrecision.UNKNOWN:
            initial["due_precision"] = DatePrecision.DAY
        return initial

    def changes(self, commitment: Commitment) -> dict[str, Any]:
        """Only the fields whose value differs from the stored commitment."""
        return {
            name: value
            for name, value in self.model_values().items()
            if getattr(commitment, name) != value
        }


class CommitmentCreateForm(CommitmentFieldsForm):
    """A new commitment from a sentence selected in a source document."""

    agreement = IdChoiceField(queryset=selectors.agreement_choices())
    reference = forms.SlugField(
        max_length=80,
        help_text=_("Short unique name used in links, e.g. jwg-quarterly."),
    )
    parties = IdMultipleChoiceField(
        queryset=selectors.party_list(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Obligated sides"),
    )
    lead_institutions = IdMultipleChoiceField(
        queryset=selectors.institution_list(),
        required=False,
        label=_("Lead institutions"),
        help_text=_("At most one per obligated side (hold Ctrl to choose several)."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    source = IdChoiceField(
        queryset=selectors.source_choices(), widget=forms.HiddenInput
    )
    quote = forms.CharField(widget=forms.HiddenInput, strip=False)
    quote_start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    quote_end = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    reason = reason_field(
        required=False, help_text=_("Optional; defaults to “created from a source”.")
    )

    field_order = ["agreement", "reference", "title", "kind", "parties"]

    def clean_reference(self) -> str:
        return reference_check(self.cleaned_data["reference"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        parties = data.get("parties") or []
        leads = data.get("lead_institutions") or []
        seen: set[int] = set()
        for lead in leads:
            if lead.party not in parties:
                self.add_error(
                    "lead_institutions",
                    _("%(lead)s belongs to %(party)s, which is not an obligated side.")
                    % {"lead": lead, "party": lead.party},
                )
            elif lead.party_id in seen:
                self.add_error(
                    "lead_institutions",
                    _("Choose one lead for %(party)s only.") % {"party": lead.party},
                )
            seen.add(lead.party_id)
        start, end = data.get("quote_start"), data.get("quote_end")
        if start is not None and end is not None and end <= start:
            self.add_error(
                None, _("Select the sentence again: the selection is empty.")
            )
        return data


class SelectionForm(forms.Form):
    """The source and offsets a selection in the source page sends."""

    source = IdChoiceField(queryset=selectors.source_choices())
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)
    quote = forms.CharField(required=False, strip=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["source"].queryset = selectors.source_choices(user=user)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        source: SourceDocument | None = data.get("source")
        start, end = data.get("start"), data.get("end")
        if source is None or start is None or end is None:
            return data
        text = source.text
        if not start < end <= len(text):
            raise ValidationError(_("The selection is outside the text; select again."))
        quote = data.get("quote") or ""
        if quote and text[start:end] != quote:
            # The browser counted differently (rare characters): find the
            # quote itself, but only where it occurs exactly once.
            if text.count(quote) != 1:
                raise ValidationError(
                    _("The selection does not match the text; select it again.")
                )
            start = text.index(quote)
            end = start + len(quote)
        data["start"], data["end"] = start, end
        data["quote"] = text[start:end]
        return data
