"""The agreement form."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from commitments import selectors
from commitments.forms.common import (
    DATED_PRECISIONS,
    TIME_ZONES,
    SupportedDateField,
    reason_field,
    reference_check,
)
from commitments.models import Agreement, AgreementKind, DatePrecision
from commitments.services.agreements import AGREEMENT_FIELDS
from core.forms import IdMultipleChoiceField


class AgreementForm(forms.Form):
    """An agreement: what, when, where, between whom, read from which sources."""

    reference = forms.SlugField(
        max_length=80,
        help_text=_("Short unique name used in links, e.g. pk-cn-mou-2026."),
    )
    title = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=AgreementKind.choices)
    parties = IdMultipleChoiceField(
        queryset=selectors.party_list(), widget=forms.CheckboxSelectMultiple
    )
    date = SupportedDateField(required=False)
    date_precision = forms.ChoiceField(
        choices=DATED_PRECISIONS,
        initial=DatePrecision.DAY,
        label=_("Date precision"),
        help_text=_("How much of the date the sources state."),
    )
    date_is_assumed = forms.BooleanField(
        required=False,
        label=_("The date is assumed"),
        help_text=_("The sources give no exact date; a person should confirm it."),
    )
    date_note = forms.CharField(max_length=500, required=False, label=_("Date note"))
    place = forms.CharField(max_length=200, required=False)
    time_zone = forms.ChoiceField(
        choices=TIME_ZONES,
        initial=settings.TIME_ZONE,
        help_text=_("Due dates of this agreement's milestones are days in this zone."),
    )
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    sources = IdMultipleChoiceField(
        queryset=selectors.source_choices(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reason = reason_field()

    def __init__(
        self,
        *args: Any,
        agreement: Agreement | None = None,
        user: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        if user is not None:
            # Only the texts the person may work from are offered, or accepted.
            self.fields["sources"].queryset = selectors.source_choices(user=user)
        if agreement is not None:
            # The reference is fixed once created: links and feeds point at it.
            del self.fields["reference"]
        else:
            self.fields["reason"].required = False
            self.fields["reason"].help_text = _("Optional; defaults to “created”.")

    @classmethod
    def initial_for(cls, agreement: Agreement) -> dict[str, Any]:
        """The form's starting values for an existing agreement."""
        initial = {name: getattr(agreement, name) for name in cls.changeable()}
        initial["parties"] = list(agreement.parties.all())
        initial["sources"] = list(agreement.sources.all())
        return initial

    @staticmethod
    def changeable() -> list[str]:
        """Plain fields an edit may change (parties and sources go separately)."""
        return list(AGREEMENT_FIELDS)

    def clean_reference(self) -> str:
        return reference_check(self.cleaned_data["reference"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("date") and "date" not in self.errors:
            data["date_precision"] = DatePrecision.UNKNOWN
        return data
