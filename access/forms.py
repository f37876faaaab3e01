"""The desk pages' forms: each asks why, for the history."""

from django import forms
from django.core.exceptions import ObjectDoesNotExist

from access import selectors
from access.models import Desk
from access.services import REASON_MAX_LENGTH


def reason_field(*, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label="Reason for the change",
        max_length=REASON_MAX_LENGTH,
        required=required,
        help_text="Shown in the desk's history next to the change.",
    )


class DeskForm(forms.Form):
    name = forms.CharField(max_length=Desk._meta.get_field("name").max_length)
    reason = reason_field()


class MemberAddForm(forms.Form):
    username = forms.CharField(label="Username", max_length=150)
    reason = reason_field()

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        try:
            self.cleaned_data["user"] = selectors.active_user_get(username=username)
        except ObjectDoesNotExist:
            raise forms.ValidationError(f"No active user named “{username}”.") from None
        return username


class AgreementAddForm(forms.Form):
    reference = forms.CharField(label="Agreement reference", max_length=80)
    reason = reason_field()

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        try:
            self.cleaned_data["agreement"] = selectors.agreement_get(
                reference=reference
            )
        except ObjectDoesNotExist:
            raise forms.ValidationError(
                f"No agreement with the reference “{reference}”."
            ) from None
        return reference


class RemoveForm(forms.Form):
    reason = reason_field()
