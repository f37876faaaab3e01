"""Which channel each kind of notification takes for a person: in the product,
by email, both or none, with sensible defaults per role.

A person's own choices live in Profile.channels ({kind: channel}); a kind they
never chose takes their role's default. Reminder-type kinds (due soon,
overdue, escalation, unassigned work) and the weekly summary can go by email
(the digest and summary outboxes); the others are in the product only for now.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from commitments.permissions import MANAGER, OVERSIGHT, VIEWER
from notifications.models import NotificationKind, Profile


class Channel(TextChoices):
    BOTH = "both", _("In the product and by email")
    APP = "app", _("In the product")
    EMAIL = "email", _("By email")
    NONE = "none", _("Not at all")


K = NotificationKind
EMAIL_KINDS = frozenset(
    {K.DUE_SOON, K.OVERDUE, K.ESCALATION, K.UNASSIGNED, K.WEEKLY_SUMMARY}
)
# Kinds whose channel a person may set (the weekly summary: managers only).
DEFAULTS: dict[str, str] = {
    K.DUE_SOON: Channel.BOTH,
    K.OVERDUE: Channel.BOTH,
    K.ESCALATION: Channel.BOTH,
    K.UNASSIGNED: Channel.BOTH,
    K.ASSIGNED: Channel.APP,
    K.MENTION: Channel.APP,
    K.CHANGED: Channel.APP,
    K.REVIEW: Channel.APP,
    K.WEEKLY_SUMMARY: Channel.BOTH,
}
# Readers (viewers, oversight) follow in the product; email is opt-in.
READER_DEFAULTS = {kind: Channel.APP for kind in DEFAULTS}
MANAGER_DEFAULTS = {**DEFAULTS, K.REVIEW: Channel.APP, K.CHANGED: Channel.NONE}


def role_defaults(group_names: set[str]) -> dict[str, str]:
    """The channel per kind for someone in these groups, before their choices."""
    if MANAGER in group_names:
        return MANAGER_DEFAULTS
    if group_names & {VIEWER, OVERSIGHT} and len(group_names) == 1:
        return READER_DEFAULTS
    return DEFAULTS


def channel_for(kind: str, profile: Profile | None, group_names: set[str]) -> str:
    """The person's channel for `kind`: their choice, else the role's default."""
    chosen = (profile.channels or {}).get(kind) if profile is not None else None
    if chosen in Channel.values:
        if chosen in (Channel.EMAIL, Channel.BOTH) and kind not in EMAIL_KINDS:
            return Channel.APP  # no email path for this kind yet
        return chosen
    default = role_defaults(group_names).get(kind, Channel.APP)
    if default == Channel.BOTH and kind not in EMAIL_KINDS:
        return Channel.APP
    return default


def wants_app(channel: str) -> bool:
    return channel in (Channel.APP, Channel.BOTH)


def wants_email(channel: str) -> bool:
    return channel in (Channel.EMAIL, Channel.BOTH)


@dataclass
class Channels:
    """Channels asked once per person for a run (one query per person for
    their groups; the profile usually comes select_related)."""

    _groups: dict[int, set[str]] = field(default_factory=dict)

    def groups(self, user: AbstractBaseUser) -> set[str]:
        if user.pk not in self._groups:
            self._groups[user.pk] = set(user.groups.values_list("name", flat=True))
        return self._groups[user.pk]

    def of(self, user: AbstractBaseUser, kind: str) -> str:
        profile = getattr(user, "profile", None) if _has_profile(user) else None
        return channel_for(kind, profile, self.groups(user))


def _has_profile(user: AbstractBaseUser) -> bool:
    try:
        return user.profile is not None
    except Profile.DoesNotExist:
        return False
