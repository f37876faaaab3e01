"""Claiming reminders, grouping them into one digest per person, and sending it.

Exactly once, in three steps that each leave their state in the database:
1. `reminders_run` claims one Delivery row per owed reminder (unique key, so
   a second run claims nothing) and groups new ones into one Digest per person
   per period (unique too). It enqueues the sends after commit.
2. `digest_send` claims the digest (pending/retry -> sending) in its own short
   transaction, sends one email, then marks it sent. A second task for the same
   digest finds nothing to claim.
3. `digests_dispatch` (every few minutes) re-enqueues digests that are due or
   waiting to retry, and takes back a digest stuck in "sending" longer than
   SENDING_LEASE: its worker died. That digest is sent again with the same
   Message-ID, so a worker killed after SMTP accepted the message but before
   the database was told costs at most one duplicate (docs/reminders.md).
"""

import datetime
import logging
import smtplib
import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from commitments.services.bulk import create_missing_with_history, update_with_history
from commitments.services.history import system_user
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

logger = logging.getLogger(__name__)

# Longer than an SMTP timeout (EMAIL_TIMEOUT) and a render: a digest still
# "sending" after this lost its worker.
SENDING_LEASE = datetime.timedelta(minutes=10)
# Five tries over about two hours, then "failed", visible in the admin.
MAX_ATTEMPTS = 5
RETRY_DELAYS = (60, 300, 900, 3600)
# SMTP trouble worth another try; anything else is a bug and fails loudly.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)
RUN_REASON = "reminder run"


@dataclass
class RunReport:
    """What one reminder run claimed and grouped."""

    deliveries: int = 0
    digests: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {"deliveries": self.deliveries, "digests": len(self.digests)}


def _period(profile: Profile | None, as_of: datetime.datetime) -> str | None:
    """The digest period a person's pending items belong to now, or None to wait."""
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
    for milestone in candidate_milestones(as_of, horizon).iterator(chunk_size=1000):
        owed.extend(
            deliveries_owed(milestone, as_of=as_of, lead_days=lead_days, levels=levels)
        )
    report.deliveries = len(
        create_missing_with_history(
            owed, actor_id=actor.pk, reason=RUN_REASON, when=timezone.now()
        )
    )
    report.digests = _group_into_digests(as_of=as_of, actor_id=actor.pk)
    if enqueue is not None:
        for digest_id in report.digests:
            transaction.on_commit(lambda digest_id=digest_id: enqueue(digest_id))
    return report


def _group_into_digests(*, as_of: datetime.datetime, actor_id: int) -> list[int]:
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
        digest, _ = Digest.objects.get_or_create(
            recipient_id=recipient_id,
            period=period,
            defaults={"next_attempt_at": as_of},
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


def _claim(digest_id: int, now: datetime.datetime, actor_id: int) -> bool:
    """Take the digest for this worker; False if another has it or it is done."""
    with transaction.atomic():
        # The first UPDATE locks the row; a second claimer waits, then re-reads
        # the status and matches nothing. Its history row comes just after.
        taken = Digest.objects.filter(
            pk=digest_id,
            status__in=[DigestStatus.PENDING, DigestStatus.RETRY],
            next_attempt_at__lte=now,
        ).update(attempts=F("attempts") + 1)
        if taken:
            update_with_history(
                Digest.objects.filter(pk=digest_id),
                values={"status": DigestStatus.SENDING, "claimed_at": now},
                actor_id=actor_id,
                reason="claimed for sending",
                when=now,
            )
    return bool(taken)


def _set_digest(digest_id: int, values: dict, actor_id: int, reason: str) -> None:
    update_with_history(
        Digest.objects.filter(pk=digest_id),
        values=values,
        actor_id=actor_id,
        reason=reason,
        when=timezone.now(),
    )


def _set_deliveries(ids: list[int], status: str, actor_id: int, reason: str) -> None:
    if ids:
        update_with_history(
            Delivery.objects.filter(id__in=ids),
            values={"status": status},
            actor_id=actor_id,
            reason=reason,
            when=timezone.now(),
        )


def digest_send(
    *, digest_id: int, now: datetime.datetime | None = None, connection=None
) -> str:
    """Send one digest if it is still to be sent; return what happened."""
    now = now or timezone.now()
    actor = system_user()
    if not _claim(digest_id, now, actor.pk):
        return "not claimable"
    digest = Digest.objects.select_related("recipient__profile").get(pk=digest_id)
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
    still = [d for d in deliveries if is_still_owed(d, levels=levels)]
    stale = [d.pk for d in deliveries if d not in still]
    _set_deliveries(stale, DeliveryStatus.CANCELLED, actor.pk, "no longer due")
    if not still:
        _set_digest(
            digest_id,
            {"status": DigestStatus.CANCELLED},
            actor.pk,
            "nothing left to send",
        )
        return "cancelled"
    message = digest_message(digest, still)
    try:
        message.connection = connection or get_connection()
        message.send()
    except TRANSIENT_ERRORS as error:
        return _failed(digest, [d.pk for d in still], error, now, actor.pk)
    _set_digest(
        digest_id,
        {
            "status": DigestStatus.SENT,
            "sent_at": timezone.now(),
            "subject": message.subject,
        },
        actor.pk,
        "sent",
    )
    _set_deliveries([d.pk for d in still], DeliveryStatus.SENT, actor.pk, "sent")
    return "sent"


def _failed(digest, delivery_ids, error, now, actor_id) -> str:
    attempts = Digest.objects.values_list("attempts", flat=True).get(pk=digest.pk)
    text = f"{type(error).__name__}: {error}"
    if attempts >= MAX_ATTEMPTS:
        logger.error("Digest %s failed for good: %s", digest.pk, text)
        _set_digest(
            digest.pk,
            {"status": DigestStatus.FAILED, "last_error": text},
            actor_id,
            "failed after retries",
        )
        _set_deliveries(delivery_ids, DeliveryStatus.FAILED, actor_id, text[:100])
        return "failed"
    delay = RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]
    logger.warning("Digest %s will retry in %ss: %s", digest.pk, delay, text)
    _set_digest(
        digest.pk,
        {
            "status": DigestStatus.RETRY,
            "last_error": text,
            "next_attempt_at": now + datetime.timedelta(seconds=delay),
        },
        actor_id,
        "SMTP error, will retry",
    )
    return "retry"


@transaction.atomic
def digests_dispatch(*, now: datetime.datetime | None = None) -> list[int]:
    """Take back digests whose worker died; return the ids due for sending."""
    now = now or timezone.now()
    actor_id = system_user().pk
    update_with_history(
        Digest.objects.filter(
            status=DigestStatus.SENDING, claimed_at__lt=now - SENDING_LEASE
        ).filter(attempts__lt=MAX_ATTEMPTS),
        values={"status": DigestStatus.RETRY, "next_attempt_at": now},
        actor_id=actor_id,
        reason="worker lost while sending",
        when=now,
    )
    update_with_history(
        Digest.objects.filter(
            status=DigestStatus.SENDING,
            claimed_at__lt=now - SENDING_LEASE,
            attempts__gte=MAX_ATTEMPTS,
        ),
        values={"status": DigestStatus.FAILED, "last_error": "worker lost too often"},
        actor_id=actor_id,
        reason="worker lost while sending",
        when=now,
    )
    return list(
        Digest.objects.filter(
            status__in=[DigestStatus.PENDING, DigestStatus.RETRY],
            next_attempt_at__lte=now,
        ).values_list("id", flat=True)
    )
