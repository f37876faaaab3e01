"""The preferences form a person uses to choose how reminders and
notifications reach them."""

import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.channels import EMAIL_KINDS, Channel, channel_for
from notifications.models import NotificationKind, Profile

# A kind's channels: email only where an email path exists (channels.py).
FULL = Channel.choices
APP_ONLY = [(Channel.APP, Channel.APP.label), (Channel.NONE, Channel.NONE.label)]


def channel_field_name(kind: str) -> str:
    return f"channel_{kind}"


class PreferencesForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[(zone, zone) for zone in sorted(zoneinfo.available_timezones())],
    )

    class Meta:
        model = Profile
        fields = ("frequency", "digest_hour", "language", "time_zone", "emails_enabled")
        widgets = {"frequency": forms.RadioSelect}
        labels = {
            "frequency": _("Digest rhythm"),
            "digest_hour": _("Digest hour"),
            "language": _("Language"),
            "emails_enabled": _("Emails enabled"),
        }
        help_texts = {"emails_enabled": _("Untick to stop all reminder emails.")}

    def __init__(self, *args: Any, group_names: set[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        groups = group_names or set()
        for kind, label in NotificationKind.choices:
            # Not required: a form that leaves a kind out keeps its channel.
            self.fields[channel_field_name(kind)] = forms.ChoiceField(
                required=False,
                label=label,
                choices=FULL if kind in EMAIL_KINDS else APP_ONLY,
                initial=channel_for(kind, self.instance, groups),
            )

    def channel_fields(self) -> list[forms.BoundField]:
        return [self[channel_field_name(kind)] for kind in NotificationKind.values]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.Meta.fields]

    def clean_digest_hour(self) -> int:
        hour = self.cleaned_data["digest_hour"]
        if not 0 <= hour <= 23:
            raise forms.ValidationError(_("Choose an hour from 0 to 23."))
        return hour

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # The per-kind fields are saved together, as Profile.channels.
        channels = dict(self.instance.channels or {})
        for kind in NotificationKind.values:
            chosen = data.pop(channel_field_name(kind), "")
            if chosen:
                channels[kind] = chosen
        data["channels"] = channels
        return data
