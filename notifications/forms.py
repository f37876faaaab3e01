"""The preferences form a person uses to choose how reminders reach them."""

import zoneinfo

from django import forms

from notifications.models import Profile


class PreferencesForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        choices=[(zone, zone) for zone in sorted(zoneinfo.available_timezones())]
    )

    class Meta:
        model = Profile
        fields = ("frequency", "digest_hour", "time_zone", "emails_enabled")
        widgets = {"frequency": forms.RadioSelect}
        help_texts = {"emails_enabled": "Untick to stop all reminder emails."}

    def clean_digest_hour(self) -> int:
        hour = self.cleaned_data["digest_hour"]
        if not 0 <= hour <= 23:
            raise forms.ValidationError("Choose an hour from 0 to 23.")
        return hour
