"""Who hears about a milestone, and why: owner, watchers, manager, senior.

Only people who may see the milestone's agreement (access/scope.py) hear
about it: an owner moved off the desk, a watcher of another desk, a manager
or senior contact whose desks do not hold the agreement are left out.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.utils.translation import gettext_noop, ngettext

from access.scope import counterpart_account, visible_agreement_id_set
from commitments.models import Commitment
from commitments.permissions import MANAGER
from notifications.models import EscalationLevel, EscalationRecipient, Profile


@dataclass(frozen=True)
class Recipient:
    user: AbstractBaseUser
    reason: str


@dataclass
class Visibility:
    """Which agreements each person may see, asked of access/scope.py once per
    person (one query) and remembered for a run or a send."""

    _ids: dict[int, frozenset[int] | None] = field(default_factory=dict)
    _managers: dict[int, list[AbstractBaseUser]] = field(default_factory=dict)

    def desk_managers(self, agreement_id: int) -> list[AbstractBaseUser]:
        """The active managers of the agreement's desks, or else the people
        named in TRACKER_UNASSIGNED_FALLBACK: who hears of unowned work. One
        query per agreement per run."""
        if agreement_id not in self._managers:
            fallback = [
                name.strip()
                for name in getattr(settings, "TRACKER_UNASSIGNED_FALLBACK", "").split(
                    ","
                )
                if name.strip()
            ]
            people = list(
                get_user_model()
                .objects.filter(is_active=True)
                .filter(
                    Q(
                        groups__name=MANAGER,
                        desk_memberships__desk__agreement_links__agreement_id=(
                            agreement_id
                        ),
                    )
                    | Q(username__in=fallback)
                )
                .select_related("profile")
                .distinct()
                .order_by("pk")
            )
            managers = [p for p in people if p.username not in fallback]
            self._managers[agreement_id] = managers or [
                p for p in people if p.username in fallback
            ]
        return self._managers[agreement_id]

    def sees(self, user: AbstractBaseUser, agreement_id: int) -> bool:
        if user.pk not in self._ids:
            # A counterpart hears nothing by email (docs/security.md): a
            # reminder names the ministry's owners and work; the other side
            # follows its milestones on the pages. No extra query: scope
            # reads the same cached account.
            self._ids[user.pk] = (
                frozenset()
                if counterpart_account(user) is not None
                else visible_agreement_id_set(user)
            )
        ids = self._ids[user.pk]
        return ids is None or agreement_id in ids


def is_reachable(user: AbstractBaseUser | None) -> bool:
    """Someone who may hear at all (in the product at least): an active person."""
    return user is not None and user.is_active


def can_receive(user: AbstractBaseUser | None) -> bool:
    """A person with an email address who has not turned emails off."""
    if not is_reachable(user) or not user.email:
        return False
    profile = getattr(user, "profile", None)
    return profile is None or profile.emails_enabled


def _visible_to(
    recipients: list[Recipient], commitment: Commitment, visibility: Visibility
) -> list[Recipient]:
    return [r for r in recipients if visibility.sees(r.user, commitment.agreement_id)]


def owner_and_watchers(
    commitment: Commitment, visibility: Visibility | None = None
) -> list[Recipient]:
    """The owner and the watchers of a commitment (watchers prefetched) who
    may see its agreement."""
    visibility = visibility or Visibility()
    return _visible_to(
        _owner_and_watchers(commitment, visibility), commitment, visibility
    )


# Stored in English as written (reminder_kind reads them); marked so that an
# email translates them when it is rendered in its reader's language.
UNOWNED_REASON = gettext_noop(
    "No one owns this commitment; you manage a desk that holds it."
)
OWNER_REASON = gettext_noop("You own this commitment.")
WATCHER_REASON = gettext_noop("You watch this commitment.")


def _owner_and_watchers(
    commitment: Commitment, visibility: Visibility
) -> list[Recipient]:
    """Who hears, whether or not they take email (the channels decide that:
    reminders_run). Unowned work reminds the desks' managers (issue 18)."""
    recipients = []
    if commitment.owner_id is None:
        for manager in visibility.desk_managers(commitment.agreement_id):
            recipients.append(Recipient(manager, UNOWNED_REASON))
    elif is_reachable(commitment.owner):
        recipients.append(Recipient(commitment.owner, OWNER_REASON))
    listed = {r.user.pk for r in recipients}
    for watcher in commitment.watchers.all():
        if watcher.user_id not in listed and is_reachable(watcher.user):
            recipients.append(Recipient(watcher.user, WATCHER_REASON))
    return recipients


def escalation_recipients(
    commitment: Commitment,
    level: EscalationLevel,
    days_late: int,
    visibility: Visibility | None = None,
) -> list[Recipient]:
    """Who hears at this escalation level, among those who may see the
    commitment's agreement (a manager of another desk does not)."""
    visibility = visibility or Visibility()
    return _visible_to(
        _escalation_recipients(commitment, level, days_late, visibility),
        commitment,
        visibility,
    )


def _escalation_recipients(
    commitment: Commitment,
    level: EscalationLevel,
    days_late: int,
    visibility: Visibility,
) -> list[Recipient]:
    late = ngettext(
        "it is %(days)d day overdue", "it is %(days)d days overdue", days_late
    ) % {"days": days_late}
    if level.recipient == EscalationRecipient.OWNER:
        return [
            Recipient(r.user, f"{r.reason[:-1]}, and {late}.")
            for r in _owner_and_watchers(commitment, visibility)
        ]
    if level.recipient == EscalationRecipient.MANAGER:
        owner = commitment.owner
        profile: Profile | None = getattr(owner, "profile", None) if owner else None
        manager = profile.manager if profile else None
        if is_reachable(manager):
            name = owner.get_full_name() or owner.get_username()
            return [Recipient(manager, f"You manage {name}, the owner, and {late}.")]
        return []
    if is_reachable(level.senior_user):
        return [
            Recipient(
                level.senior_user,
                f"You are the senior escalation contact (level {level.level}), "
                f"and {late}.",
            )
        ]
    return []
