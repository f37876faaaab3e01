"""Reads of the notifications app: whose feed, which commitments, which preferences.

Reads only: a selector never saves. A person without a saved profile, or an
agreement whose feed was never issued, is answered with defaults or None; the
services in services/preferences.py create them when someone acts (a POST).
"""

import datetime
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone, translation

from access.scope import visible_agreements, visible_commitments
from commitments.models import Agreement, Commitment, Milestone, StatusChoices
from core.outbox import OutboxStatus, OutgoingEmail
from notifications.models import (
    AgreementFeed,
    Digest,
    Notification,
    Profile,
    SummaryPage,
)


def profile_get(*, user: AbstractBaseUser) -> Profile:
    """The person's saved preferences, or unsaved defaults (`_state.adding`)
    when they never saved any; reading creates nothing."""
    profile = Profile.objects.filter(user=user).first()
    return profile if profile is not None else Profile(user=user)


def profile_by_calendar_token(*, token: str) -> Profile | None:
    """The profile whose personal feed token this is, with its user."""
    return Profile.objects.select_related("user").filter(calendar_token=token).first()


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
    """Commitments a person owns or watches on agreements they may see
    (access/scope.py), with their milestones of the last FEED_PAST_DAYS days
    and ahead."""
    mine = Commitment.objects.filter(Q(owner=user) | Q(watchers__user=user))
    return _with_irregular(
        visible_commitments(user, mine)
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


def agreement_feed_get(*, agreement: Agreement) -> AgreementFeed | None:
    """The agreement's feed token, or None if none was issued yet."""
    return AgreementFeed.objects.filter(agreement=agreement).first()


def agreement_feed_by_token(*, token: str) -> AgreementFeed | None:
    """The agreement feed whose secret this is, with its agreement."""
    return AgreementFeed.objects.select_related("agreement").filter(token=token).first()


def agreement_for_calendar(*, reference: str, user: AbstractBaseUser) -> Agreement:
    """The agreement a calendar page is about, if `user` may see it
    (Agreement.DoesNotExist if none, or outside their scope: the same answer)."""
    return visible_agreements(user).get(reference=reference)


def feed_holder(*, user_id: int) -> AbstractBaseUser | None:
    """The person an agreement feed address was issued to."""
    return get_user_model().objects.filter(pk=user_id).first()


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


# The bell shows "99+" past this: counting further would read every unread row.
UNREAD_CAP = 99
INBOX_PAGE_SIZE = 25


def unread_count_key(user_id: int) -> str:
    """The shared cache's key of a person's unread count (the bell)."""
    return f"notifications:unread:{user_id}"


def unread_count(*, user: AbstractBaseUser) -> int:
    """The person's unread notifications, capped at UNREAD_CAP + 1 (one query,
    on the partial index of unread rows, whatever their number)."""
    return (
        Notification.objects.filter(recipient=user, read_at__isnull=True)
        .order_by()
        .values("pk")[: UNREAD_CAP + 1]
        .count()
    )


def notification_list(
    *,
    user: AbstractBaseUser,
    kind: str = "",
    agreement_id: int | None = None,
    unread_only: bool = False,
) -> QuerySet[Notification]:
    """The person's notifications, newest first, filtered; with their agreement."""
    rows = Notification.objects.filter(recipient=user).select_related("agreement")
    if kind:
        rows = rows.filter(kind=kind)
    if agreement_id:
        rows = rows.filter(agreement_id=agreement_id)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-created_at", "-id")


def notification_agreements(*, user: AbstractBaseUser) -> QuerySet[Agreement]:
    """The agreements the person's notifications are about (the filter's
    choices), among those they may still see: one query."""
    return (
        visible_agreements(user)
        .filter(
            pk__in=Notification.objects.filter(
                recipient=user, agreement__isnull=False
            ).values("agreement_id")
        )
        .order_by("title")
        .only("pk", "title", "reference")
    )


def notification_get(*, user: AbstractBaseUser, pk: int) -> Notification | None:
    """One of the person's own notifications (someone else's is None)."""
    return Notification.objects.filter(recipient=user, pk=pk).first()


def summary_page_get(*, user: AbstractBaseUser, week: str) -> SummaryPage | None:
    """The weekly summary the person received for `week`."""
    return SummaryPage.objects.filter(recipient=user, week=week).first()


def summary_pages(*, user: AbstractBaseUser) -> QuerySet[SummaryPage]:
    """The person's weekly summaries of the last year, newest first."""
    return SummaryPage.objects.filter(recipient=user).only("week", "created_at")


@dataclass(frozen=True)
class OptOut:
    person: AbstractBaseUser
    kinds: list[str]  # the labels of the kinds they hear nothing of
    emails_off: bool


def escalation_opt_outs(*, manager: AbstractBaseUser) -> list[OptOut]:
    """People on the manager's desks who hear nothing of overdue work or of
    escalations (channel "none"), or who turned every email off: three queries."""
    from notifications.channels import Channel, channel_for
    from notifications.models import NotificationKind

    people = (
        get_user_model()
        .objects.filter(
            is_active=True, desk_memberships__desk__memberships__user=manager
        )
        .exclude(pk=manager.pk)
        .distinct()
        .select_related("profile")
        .prefetch_related("groups")
        .order_by("username")
    )
    watched = (NotificationKind.OVERDUE, NotificationKind.ESCALATION)
    rows = []
    for person in people:
        profile = getattr(person, "profile", None) if _has_profile(person) else None
        groups = {group.name for group in person.groups.all()}
        silent = [
            NotificationKind(kind).label
            for kind in watched
            if channel_for(kind, profile, groups) == Channel.NONE
        ]
        emails_off = profile is not None and not profile.emails_enabled
        if silent or emails_off:
            rows.append(OptOut(person=person, kinds=silent, emails_off=emails_off))
    return rows


def _has_profile(user: AbstractBaseUser) -> bool:
    try:
        return user.profile is not None
    except Profile.DoesNotExist:
        return False


def person_locale(user: AbstractBaseUser | None) -> tuple[str, str]:
    """The language and time zone `user` reads in: their preferences
    (Profile.language, Profile.time_zone), else the site's defaults.

    Tolerant of a person without a profile, an empty language (the browser's
    choice, which an email cannot know) and an unknown zone or language."""
    profile = getattr(user, "profile", None) if user is not None else None
    language = getattr(profile, "language", "") or settings.LANGUAGE_CODE
    zone = getattr(profile, "time_zone", "") or settings.TIME_ZONE
    known = {code.lower() for code, _name in settings.LANGUAGES}
    if language.lower() not in known and language.split("-")[0] not in known:
        language = settings.LANGUAGE_CODE
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = settings.TIME_ZONE
    return language, zone


@contextmanager
def in_locale_of(user: AbstractBaseUser | None) -> Iterator[tuple[str, str]]:
    """Render inside this block in `user`'s language and time zone: an email
    or digest is read by its recipient, not by whoever triggered it."""
    language, zone = person_locale(user)
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        yield language, zone
