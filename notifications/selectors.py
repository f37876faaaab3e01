"""Reads of the notifications app: whose feed, which commitments, which preferences."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from commitments.models import Agreement, Commitment, Milestone, StatusChoices
from notifications.models import (
    AgreementFeed,
    Digest,
    OutboxStatus,
    OutgoingEmail,
    Profile,
)


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


@dataclass(frozen=True)
class OutboxBacklog:
    """Emails not yet delivered, for the health check and administrators."""

    pending: int  # owed, not tried yet
    sending: int  # claimed by a worker now
    retrying: int  # SMTP refused, waiting for the next try
    failed: int  # retried over the whole window; needs a resend
    oldest_pending_age: datetime.timedelta | None  # of those still to go out

    def as_dict(self) -> dict[str, int | float | None]:
        age = self.oldest_pending_age
        return {
            "pending": self.pending,
            "sending": self.sending,
            "retrying": self.retrying,
            "failed": self.failed,
            "oldest_pending_seconds": None if age is None else age.total_seconds(),
        }


def outbox_backlog(model: type[OutgoingEmail] = Digest) -> OutboxBacklog:
    """Counts of the outbox's undelivered rows (reminder digests by default),
    in one query."""
    unsent = [OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.RETRY]
    figures = model.objects.aggregate(
        pending=Count("pk", filter=Q(status=OutboxStatus.PENDING)),
        sending=Count("pk", filter=Q(status=OutboxStatus.SENDING)),
        retrying=Count("pk", filter=Q(status=OutboxStatus.RETRY)),
        failed=Count("pk", filter=Q(status=OutboxStatus.FAILED)),
        oldest=Min("created_at", filter=Q(status__in=unsent)),
    )
    oldest = figures.pop("oldest")
    age = (
        None if oldest is None else max(timezone.now() - oldest, datetime.timedelta(0))
    )
    return OutboxBacklog(oldest_pending_age=age, **figures)
