"""The desk pages' forms: each asks why, for the history."""

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _

from access import selectors
from access.models import Desk
from access.services import REASON_MAX_LENGTH


def reason_field(*, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=_("Reason for the change"),
        max_length=REASON_MAX_LENGTH,
        required=required,
        help_text=_("Shown in the desk's history next to the change."),
    )


class DeskForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=Desk._meta.get_field("name").max_length
    )
    reason = reason_field()


class MemberAddForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    reason = reason_field()

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        try:
            self.cleaned_data["user"] = selectors.active_user_get(username=username)
        except ObjectDoesNotExist:
            raise forms.ValidationError(
                _("No active user named “%(username)s”.") % {"username": username}
            ) from None
        return username


class AgreementAddForm(forms.Form):
    reference = forms.CharField(label=_("Agreement reference"), max_length=80)
    reason = reason_field()

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        try:
            self.cleaned_data["agreement"] = selectors.agreement_get(
                reference=reference
            )
        except ObjectDoesNotExist:
            raise forms.ValidationError(
                _("No agreement with the reference “%(reference)s”.")
                % {"reference": reference}
            ) from None
        return reference


class RemoveForm(forms.Form):
    reason = reason_field()
