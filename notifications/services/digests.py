"""Claiming reminders and grouping them into one digest per person.

1. `reminders_run` claims one Delivery row per owed reminder (unique key, so
   a second run claims nothing) and groups new ones into one Digest per person
   per period (unique too). It enqueues the sends after commit.
2. `digest_send` sends a digest through the outbox (services/outbox.py:
   claimed before sending, marked after, retried, recovered if its worker
   dies), after checking each item is still due.
"""

import datetime
import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from core.bulk import create_missing_with_history, update_with_history
from core.history import save_with_history, system_user
from notifications.channels import Channels, wants_app, wants_email
from notifications.emails import digest_message
from notifications.models import (
    Delivery,
    DeliveryStatus,
    Digest,
    DigestFrequency,
    DigestStatus,
    EscalationLevel,
    Profile,
    Watcher,
)
from notifications.services.collection import (
    candidate_milestones,
    deliveries_owed,
    is_still_owed,
    lead_days_by_kind,
)
from notifications.services.inbox import (
    notifications_create,
    reminder_kind,
    reminder_notification,
)
from notifications.services.outbox import (
    SENDING_LEASE,
    max_attempts,
    outbox_dispatch,
    outbox_resend,
    outbox_send,
)
from notifications.services.recipients import Visibility, can_receive

# Re-exported: the lease and bound are the outbox's, and tests read them here.
__all__ = ["SENDING_LEASE", "max_attempts"]
RUN_REASON = "reminder run"


@dataclass
class RunReport:
    """What one reminder run claimed and grouped."""

    deliveries: int = 0
    digests: list[int] = field(default_factory=list)
    notifications: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "deliveries": self.deliveries,
            "digests": len(self.digests),
            "notifications": self.notifications,
        }


def _period(profile: Profile | None, as_of: datetime.datetime) -> str | None:
    """The digest period a person's pending items belong to now, or None to wait."""
    if profile is not None and profile.frequency == DigestFrequency.WEEKLY:
        # One digest a local ISO week, from Monday's digest hour on: items
        # that come later that week wait for the next one.
        local = as_of.astimezone(zoneinfo.ZoneInfo(profile.time_zone))
        if local.weekday() == 0 and local.hour < profile.digest_hour:
            return None
        year, week, _ = local.date().isocalendar()
        return f"week:{year}-W{week:02d}"
    if profile is None or profile.frequency == DigestFrequency.DAILY:
        zone = profile.time_zone if profile else settings.TIME_ZONE
        hour = profile.digest_hour if profile else 8
        local = as_of.astimezone(zoneinfo.ZoneInfo(zone))
        return f"day:{local.date().isoformat()}" if local.hour >= hour else None
    return f"hour:{as_of.astimezone(datetime.UTC):%Y-%m-%dT%H}"


@transaction.atomic
def reminders_run(
    *, as_of: datetime.datetime, enqueue: Callable[[int], None] | None = None
) -> RunReport:
    """Claim every reminder owed as of `as_of` and group them into digests."""
    actor = system_user()
    report = RunReport()
    lead_days = lead_days_by_kind()
    levels = list(EscalationLevel.objects.select_related("senior_user__profile"))
    horizon = max([0, *[day for days in lead_days.values() for day in days], 30])
    owed: list[Delivery] = []
    # Each person's scope is read once per run, not once per milestone.
    visibility = Visibility()
    for milestone in candidate_milestones(as_of, horizon).iterator(chunk_size=1000):
        owed.extend(
            deliveries_owed(
                milestone,
                as_of=as_of,
                lead_days=lead_days,
                levels=levels,
                visibility=visibility,
            )
        )
    emails, in_app = _by_channel(owed)
    report.notifications = len(notifications_create(in_app, reason=RUN_REASON))
    report.deliveries = len(
        create_missing_with_history(
            emails, actor_id=actor.pk, reason=RUN_REASON, when=timezone.now()
        )
    )
    report.digests = _group_into_digests(as_of=as_of, actor=actor)
    if enqueue is not None:
        for digest_id in report.digests:
            transaction.on_commit(lambda digest_id=digest_id: enqueue(digest_id))
    return report


def _by_channel(owed: list[Delivery]) -> tuple[list[Delivery], list]:
    """Each owed reminder goes by email (a Delivery), in the product (a
    Notification with the same event key), both or neither, as its
    recipient chose for its kind (channels.py)."""
    channels = Channels()
    emails, in_app = [], []
    for delivery in owed:
        kind = reminder_kind(delivery)
        channel = channels.of(delivery.recipient, kind)
        if wants_app(channel):
            in_app.append(reminder_notification(delivery, kind))
        if wants_email(channel) and can_receive(delivery.recipient):
            emails.append(delivery)
    return emails, in_app


def _group_into_digests(*, as_of: datetime.datetime, actor) -> list[int]:
    actor_id = actor.pk
    waiting = Delivery.objects.filter(
        status=DeliveryStatus.PENDING, digest__isnull=True
    ).values_list("id", "recipient_id")
    by_recipient: dict[int, list[int]] = defaultdict(list)
    for delivery_id, recipient_id in waiting:
        by_recipient[recipient_id].append(delivery_id)
    profiles = Profile.objects.in_bulk(list(by_recipient), field_name="user_id")
    digest_ids = []
    for recipient_id, delivery_ids in by_recipient.items():
        period = _period(profiles.get(recipient_id), as_of)
        if period is None:
            continue
        # Locked until this run commits: a send that claims the digest now
        # waits, then sees the items added here instead of missing them.
        digest = (
            Digest.objects.select_for_update()
            .filter(recipient_id=recipient_id, period=period)
            .first()
        )
        if digest is None:
            # Due at once, but never stamped in the future of the wall clock
            # nor later than the run's instant (a replay selects by as_of).
            due = min(as_of, timezone.now())
            digest = save_with_history(
                Digest(recipient_id=recipient_id, period=period, next_attempt_at=due),
                actor=actor,
                reason=RUN_REASON,
            )
        if digest.status not in (DigestStatus.PENDING, DigestStatus.RETRY):
            continue  # already sent for this period: the items wait for the next
        update_with_history(
            Delivery.objects.filter(id__in=delivery_ids),
            values={"digest": digest.pk},
            actor_id=actor_id,
            reason=RUN_REASON,
            when=timezone.now(),
        )
        digest_ids.append(digest.pk)
    return digest_ids


def _set_deliveries(ids: list[int], status: str, actor_id: int, reason: str) -> None:
    if ids:
        update_with_history(
            Delivery.objects.filter(id__in=ids),
            values={"status": status},
            actor_id=actor_id,
            reason=reason,
            when=timezone.now(),
        )


def _still_owed_deliveries(digest: Digest) -> list[Delivery]:
    """The digest's items that are still due; the others are cancelled."""
    deliveries = list(
        digest.deliveries.filter(status=DeliveryStatus.PENDING)
        .select_related(
            "milestone__commitment__agreement",
            "milestone__commitment__owner__profile__manager",
        )
        .prefetch_related(
            Prefetch(
                "milestone__commitment__watchers",
                queryset=Watcher.objects.select_related("user__profile"),
            )
        )
    )
    levels = {
        level.level: level
        for level in EscalationLevel.objects.select_related("senior_user__profile")
    }
    visibility = Visibility()
    still = [
        d for d in deliveries if is_still_owed(d, levels=levels, visibility=visibility)
    ]
    stale = [d.pk for d in deliveries if d not in still]
    _set_deliveries(stale, DeliveryStatus.CANCELLED, system_user().pk, "no longer due")
    return still


def digest_send(
    *, digest_id: int, now: datetime.datetime | None = None, connection=None
) -> str:
    """Send one digest if it is still to be sent; return what happened."""
    actor_id = system_user().pk
    items: list[Delivery] = []

    def build(digest: Digest):
        items.extend(_still_owed_deliveries(digest))
        return digest_message(digest, items) if items else None

    return outbox_send(
        Digest,
        digest_id,
        build=build,
        actor_id=actor_id,
        now=now,
        connection=connection,
        on_sent=lambda digest: _set_deliveries(
            [d.pk for d in items], DeliveryStatus.SENT, actor_id, "sent"
        ),
        on_failed=lambda digest, error: _set_deliveries(
            [d.pk for d in items], DeliveryStatus.FAILED, actor_id, error[:100]
        ),
    )


def digests_dispatch(*, now: datetime.datetime | None = None) -> list[int]:
    """Take back digests whose worker died; return the ids due for sending."""
    return outbox_dispatch(Digest, actor_id=system_user().pk, now=now)


@transaction.atomic
def digest_resend(*, digest_id: int, actor, reason: str) -> bool:
    """Queue a failed digest and its failed items again; False if not failed.

    The dispatcher (every minute) sends it, with a fresh retry window.
    """
    if not outbox_resend(Digest, digest_id, actor_id=actor.pk, reason=reason):
        return False
    failed = Delivery.objects.filter(digest_id=digest_id, status=DeliveryStatus.FAILED)
    _set_deliveries(
        list(failed.values_list("pk", flat=True)),
        DeliveryStatus.PENDING,
        actor.pk,
        reason,
    )
    return True
