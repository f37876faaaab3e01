"""Who hears about a milestone, and why: owner, watchers, manager, senior."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from commitments.models import Commitment
from notifications.models import EscalationLevel, EscalationRecipient, Profile


@dataclass(frozen=True)
class Recipient:
    user: AbstractBaseUser
    reason: str


def can_receive(user: AbstractBaseUser | None) -> bool:
    """A person with an email address who has not turned emails off."""
    if user is None or not user.is_active or not user.email:
        return False
    profile = getattr(user, "profile", None)
    return profile is None or profile.emails_enabled


def owner_and_watchers(commitment: Commitment) -> list[Recipient]:
    """The owner and the watchers of a commitment (watchers prefetched)."""
    recipients = []
    if can_receive(commitment.owner):
        recipients.append(Recipient(commitment.owner, "You own this commitment."))
    for watcher in commitment.watchers.all():
        if watcher.user_id != commitment.owner_id and can_receive(watcher.user):
            recipients.append(Recipient(watcher.user, "You watch this commitment."))
    return recipients


def escalation_recipients(
    commitment: Commitment, level: EscalationLevel, days_late: int
) -> list[Recipient]:
    """Who hears at this escalation level."""
    late = f"it is {days_late} day(s) overdue"
    if level.recipient == EscalationRecipient.OWNER:
        return [
            Recipient(r.user, f"{r.reason[:-1]}, and {late}.")
            for r in owner_and_watchers(commitment)
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
