"""Forms of a joint milestone: propose, confirm or dispute, decide (issue 14)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commitments.forms.common import SupportedDateField
from commitments.joint import ConfirmationDecision
from commitments.models import StatusChoices


class ProposalForm(forms.Form):
    """The other side proposes a new date and/or status, saying why."""

    proposed_date = SupportedDateField(required=False, label=_("New date"))
    proposed_status = forms.ChoiceField(
        choices=[
            ("", "—"),
            *(c for c in StatusChoices.choices if c[0] != StatusChoices.DONE),
        ],
        required=False,
        label=_("New status"),
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Why"))


class ConfirmationForm(forms.Form):
    """The other side confirms the milestone was done, or disputes it."""

    decision = forms.ChoiceField(
        choices=ConfirmationDecision.choices, widget=forms.RadioSelect
    )
    happened_on = SupportedDateField(required=False, label=_("Done on"))
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Shared with the ministry; needed for a dispute."),
    )


class DecisionForm(forms.Form):
    """Accept or reject a proposal; a rejection needs a reason."""

    proposal = forms.IntegerField(widget=forms.HiddenInput)
    accept = forms.ChoiceField(
        choices=[("yes", _("Accept")), ("no", _("Reject"))], widget=forms.RadioSelect
    )
    reason = forms.CharField(max_length=100, required=False)


class DoneByDecisionForm(forms.Form):
    """A manager declares the milestone done without both sides."""

    happened_on = SupportedDateField(label=_("Done on"))
    reason = forms.CharField(max_length=90)
