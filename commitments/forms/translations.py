"""The form that adds or changes a commitment's title in another language."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commitments.forms.common import reason_field
from commitments.translations import TITLE_MAX, translation_languages


class TranslationForm(forms.Form):
    """One language's title and notes; the source quote is never translated."""

    language = forms.ChoiceField(choices=translation_languages, label=_("Language"))
    title = forms.CharField(max_length=TITLE_MAX, label=_("Translated title"))
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Translated notes"),
    )
    reason = reason_field()
