"""Who hears about a milestone, and why: owner, watchers, manager, senior.

Only people who may see the milestone's agreement (access/scope.py) hear
about it: an owner moved off the desk, a watcher of another desk, a manager
or senior contact whose desks do not hold the agreement are left out.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser

from access.scope import counterpart_account, visible_agreement_id_set
from commitments.models import Commitment
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


def can_receive(user: AbstractBaseUser | None) -> bool:
    """A person with an email address who has not turned emails off."""
    if user is None or not user.is_active or not user.email:
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
    return _visible_to(
        _owner_and_watchers(commitment), commitment, visibility or Visibility()
    )


def _owner_and_watchers(commitment: Commitment) -> list[Recipient]:
    recipients = []
    if can_receive(commitment.owner):
        recipients.append(Recipient(commitment.owner, "You own this commitment."))
    for watcher in commitment.watchers.all():
        if watcher.user_id != commitment.owner_id and can_receive(watcher.user):
            recipients.append(Recipient(watcher.user, "You watch this commitment."))
    return recipients


def escalation_recipients(
    commitment: Commitment,
    level: EscalationLevel,
    days_late: int,
    visibility: Visibility | None = None,
) -> list[Recipient]:
    """Who hears at this escalation level, among those who may see the
    commitment's agreement (a manager of another desk does not)."""
    return _visible_to(
        _escalation_recipients(commitment, level, days_late),
        commitment,
        visibility or Visibility(),
    )


def _escalation_recipients(
    commitment: Commitment, level: EscalationLevel, days_late: int
) -> list[Recipient]:
    late = f"it is {days_late} day(s) overdue"
    if level.recipient == EscalationRecipient.OWNER:
        return [
            Recipient(r.user, f"{r.reason[:-1]}, and {late}.")
            for r in _owner_and_watchers(commitment)
        ]
    if level.recipient == EscalationRecipient.MANAGER:
        owner = commitment.owner
        profile: Profile | None = getattr(owner, "profile", None) if owner else None
        manager = profile.manager if profile else None
        if can_receive(manager):
            name = owner.get_full_name() or owner.get_username()
            return [Recipient(manager, f"You manage {name}, the owner, and {late}.")]
        return []
    if can_receive(level.senior_user):
        return [
            Recipient(
                level.senior_user,
                f"You are the senior escalation contact (level {level.level}), "
                f"and {late}.",
            )
        ]
    return []
