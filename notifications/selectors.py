"""Reads of the notifications app: whose feed, which commitments, which preferences."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from commitments.models import Agreement, Commitment
from notifications.models import AgreementFeed, Profile


def profile_for(user: AbstractBaseUser) -> Profile:
    """The person's preferences, created with defaults on first use."""
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def feed_commitments_for_user(user: AbstractBaseUser) -> QuerySet[Commitment]:
    """Commitments a person owns or watches, with what a feed needs."""
    return (
        Commitment.objects.filter(Q(owner=user) | Q(watchers__user=user))
        .distinct()
        .select_related("agreement")
        .prefetch_related("milestones")
    )


def feed_commitments_for_agreement(agreement: Agreement) -> QuerySet[Commitment]:
    """An agreement's commitments, with what a feed needs."""
    return agreement.commitments.select_related("agreement").prefetch_related(
        "milestones"
    )


def agreement_feed_for(agreement: Agreement) -> AgreementFeed:
    """The agreement's feed token, created on first use."""
    feed, _ = AgreementFeed.objects.get_or_create(agreement=agreement)
    return feed
