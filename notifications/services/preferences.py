"""Changing a person's reminder preferences and feed tokens, with history."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from commitments.services.history import save_with_history
from notifications.models import AgreementFeed, Profile, new_token


@transaction.atomic
def profile_update(
    *, profile: Profile, actor: AbstractBaseUser, reason: str, **changes: object
) -> Profile:
    """Save new preferences; history records who changed them."""
    for name, value in changes.items():
        setattr(profile, name, value)
    return save_with_history(profile, actor=actor, reason=reason)


@transaction.atomic
def calendar_token_regenerate(*, profile: Profile, actor: AbstractBaseUser) -> Profile:
    """Issue a new personal feed token: the old feed URL stops working."""
    profile.calendar_token = new_token()
    return save_with_history(profile, actor=actor, reason="calendar feed revoked")


@transaction.atomic
def agreement_feed_regenerate(
    *, feed: AgreementFeed, actor: AbstractBaseUser
) -> AgreementFeed:
    """Issue a new agreement feed token: the old URL stops working."""
    feed.token = new_token()
    return save_with_history(feed, actor=actor, reason="calendar feed revoked")
