"""Changing a person's reminder preferences and feed tokens, with history."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from commitments.models import Agreement
from core.history import save_with_history
from notifications.models import AgreementFeed, Profile, new_token


@transaction.atomic
def profile_ensure(
    *, user: AbstractBaseUser, actor: AbstractBaseUser | None = None
) -> Profile:
    """The person's profile, saved with defaults (and history) if they had none."""
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        return profile
    profile = Profile(user=user)
    try:
        with transaction.atomic():  # a savepoint: a concurrent first save wins
            save_with_history(
                profile, actor=actor or user, reason="preferences created"
            )
    except IntegrityError:
        return Profile.objects.get(user=user)
    return profile


@transaction.atomic
def agreement_feed_ensure(
    *, agreement: Agreement, actor: AbstractBaseUser
) -> AgreementFeed:
    """The agreement's feed token, issued (with history) if none was yet."""
    feed = AgreementFeed.objects.filter(agreement=agreement).first()
    if feed is not None:
        return feed
    feed = AgreementFeed(agreement=agreement)
    try:
        with transaction.atomic():  # a savepoint: a concurrent first issue wins
            save_with_history(feed, actor=actor, reason="calendar feed issued")
    except IntegrityError:
        return AgreementFeed.objects.get(agreement=agreement)
    return feed


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
    """Issue a new personal feed token: the old feed URL stops working. An
    unsaved profile (selectors.profile_get's defaults) is saved with it."""
    profile.calendar_token = new_token()
    return save_with_history(profile, actor=actor, reason="calendar feed revoked")


@transaction.atomic
def agreement_feed_regenerate(
    *, feed: AgreementFeed, actor: AbstractBaseUser
) -> AgreementFeed:
    """Issue a new agreement feed token: the old URL stops working."""
    feed.token = new_token()
    return save_with_history(feed, actor=actor, reason="calendar feed revoked")
