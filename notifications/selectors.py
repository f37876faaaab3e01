"""Reads of the notifications app: whose feed, which commitments, which preferences."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from commitments.models import Agreement, Commitment, Milestone, StatusChoices
from notifications.models import AgreementFeed, Profile


def profile_for(user: AbstractBaseUser) -> Profile:
    """The person's preferences, created with defaults on first use."""
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


# How far back a feed reaches: a calendar shows what is coming and what just
# happened; older milestones stay on the commitment's page. Ahead, milestones
# exist only up to the generation horizon (12 months), so the feed is bounded.
FEED_PAST_DAYS = 180


def _feed_milestones() -> Prefetch:
    since = timezone.localdate() - datetime.timedelta(days=FEED_PAST_DAYS)
    return Prefetch(
        "milestones",
        # Cancelled ones too: they tell the feed a series is no longer regular.
        queryset=Milestone.objects.filter(due_date__gte=since).order_by(
            "due_date", "id"
        ),
    )


def _with_irregular(queryset: QuerySet[Commitment]) -> QuerySet[Commitment]:
    """`has_irregular`: any milestone ever extra, moved or cancelled, however old
    (the prefetch holds only recent ones, but a series stays irregular)."""
    irregular = Milestone.objects.filter(commitment=OuterRef("pk")).filter(
        Q(is_extra=True)
        | Q(status=StatusChoices.CANCELLED)
        | (Q(scheduled_date__isnull=False) & ~Q(due_date=F("scheduled_date")))
    )
    return queryset.annotate(has_irregular=Exists(irregular))


def feed_commitments_for_user(user: AbstractBaseUser) -> QuerySet[Commitment]:
    """Commitments a person owns or watches, with their milestones of the last
    FEED_PAST_DAYS days and ahead."""
    return _with_irregular(
        Commitment.objects.filter(Q(owner=user) | Q(watchers__user=user))
        .distinct()
        .select_related("agreement")
        .prefetch_related(_feed_milestones())
    )


def feed_commitments_for_agreement(agreement: Agreement) -> QuerySet[Commitment]:
    """An agreement's commitments, with their milestones of the last
    FEED_PAST_DAYS days and ahead."""
    return _with_irregular(
        agreement.commitments.select_related("agreement").prefetch_related(
            _feed_milestones()
        )
    )


def agreement_feed_for(agreement: Agreement) -> AgreementFeed:
    """The agreement's feed token, created on first use."""
    feed, _ = AgreementFeed.objects.get_or_create(agreement=agreement)
    return feed
