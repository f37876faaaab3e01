"""Sending a stored email row exactly once: claim, send, mark; retry; recover.

Any model built on `core.outbox.OutgoingEmail` (a reminder digest, a
weekly summary) is sent through here:

- `outbox_send` claims the row with a conditional UPDATE (pending or retry,
  and due -> sending) in a short transaction of its own, so a second task for
  the same row matches nothing and does nothing. It builds the message, sends
  it, and marks the row sent. While it works it renews its lease
  (SENDING_LEASE) every LEASE_RENEWAL. SMTP trouble (TRANSIENT_ERRORS) puts it
  back in "retry" with a capped, doubling delay; it is "failed" only once the
  retries have covered TRACKER_OUTBOX_RETRY_WINDOW_HOURS (48 h), which
  outlasts a long mail outage.
- `outbox_dispatch` (every minute) returns the rows due for sending and takes
  back rows whose lease ran out: their worker died. Such a row is sent again
  with the same Message-ID; a worker killed after SMTP accepted the message
  but before the database heard costs at most one duplicate
  (docs/reminders.md).
- `outbox_resend` puts a failed row back in the queue (an administrator's
  action, with who and why on the history row).

Claims, leases and retry times are stamped with the wall clock, never with
the `now` a caller passes: `now` (an operator's `--as-of` replay, a test)
only decides which rows are due. A replay of a past instant must not leave a
claim that looks long expired to the regular dispatcher (issue 12).
"""

import datetime
import logging
import smtplib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.bulk import update_with_history
from core.outbox import OutboxStatus, OutgoingEmail

logger = logging.getLogger(__name__)

Row = TypeVar("Row", bound=OutgoingEmail)

# A sender renews its claim every LEASE_RENEWAL while it works, so a claim
# older than SENDING_LEASE has lost its worker (three renewals missed), not
# merely a slow SMTP server. With the dispatcher every minute
# (CELERY_BEAT_SCHEDULE), a killed send is taken back within
# SENDING_LEASE + 1 min, under two minutes.
SENDING_LEASE = datetime.timedelta(seconds=45)
LEASE_RENEWAL = datetime.timedelta(seconds=15)
# Retry delays double from RETRY_BASE up to RETRY_CAP: once SMTP is back, a
# waiting row goes out within RETRY_CAP (plus a dispatcher tick).
RETRY_BASE = datetime.timedelta(minutes=1)
RETRY_CAP = datetime.timedelta(minutes=15)
# SMTP trouble worth another try; anything else is a bug and fails loudly.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)
CLAIMABLE = [OutboxStatus.PENDING, OutboxStatus.RETRY]


def retry_delay(attempts: int) -> datetime.timedelta:
    """The wait after the `attempts`-th failed try: doubling, capped."""
    return min(RETRY_BASE * 2 ** min(max(attempts - 1, 0), 16), RETRY_CAP)


def retry_window() -> datetime.timedelta:
    """How long SMTP trouble is retried before a row is "failed"."""
    return datetime.timedelta(hours=settings.TRACKER_OUTBOX_RETRY_WINDOW_HOURS)


def max_attempts() -> int:
    """Tries whose waits add up to the retry window (the bound on attempts).

    Counted in attempts rather than from a timestamp so that a resend
    (attempts back to 0) gets a whole window again without a new column.
    """
    window, waited, attempts = retry_window(), datetime.timedelta(0), 1
    while waited < window:
        waited += retry_delay(attempts)
        attempts += 1
    return attempts


def outbox_set(
    model: type[OutgoingEmail], pk: int, values: dict, actor_id: int, reason: str
) -> None:
    """Change one row's delivery fields, with a history row."""
    update_with_history(
        model.objects.filter(pk=pk),
        values=values,
        actor_id=actor_id,
        reason=reason,
        when=timezone.now(),
    )


def outbox_claim(
    model: type[OutgoingEmail], pk: int, now: datetime.datetime, actor_id: int
) -> int | None:
    """Take the row for this worker if it is due by `now`; return the attempt
    number that fences its lease, or None if another has it or it is done."""
    stamp = timezone.now()  # the wall clock, whatever `now` says (see above)
    with transaction.atomic():
        # The first UPDATE locks the row; a second claimer waits, then re-reads
        # the status and matches nothing. The history row comes just after.
        taken = model.objects.filter(
            pk=pk, status__in=CLAIMABLE, next_attempt_at__lte=now
        ).update(attempts=F("attempts") + 1)
        if not taken:
            return None
        update_with_history(
            model.objects.filter(pk=pk),
            values={"status": OutboxStatus.SENDING, "claimed_at": stamp},
            actor_id=actor_id,
            reason="claimed for sending",
            when=stamp,
        )
        return model.objects.values_list("attempts", flat=True).get(pk=pk)


def outbox_renew(model: type[OutgoingEmail], pk: int, attempt: int) -> bool:
    """Extend this sender's claim; False if the row is no longer its own."""
    with transaction.atomic():
        if db_connection.vendor == "postgresql":
            # Bounded: a renewal must never wait long behind a lock.
            with db_connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '5s'")
        # A heartbeat, not a change of state: no history row for it.
        renewed = model.objects.filter(
            pk=pk, status=OutboxStatus.SENDING, attempts=attempt
        ).update(claimed_at=timezone.now())
    return bool(renewed)


@contextmanager
def _lease_kept(model: type[OutgoingEmail], pk: int, attempt: int) -> Iterator[None]:
    """Renew the claim every LEASE_RENEWAL until the block ends."""
    stop = threading.Event()

    def keep() -> None:
        try:
            while not stop.wait(LEASE_RENEWAL.total_seconds()):
                try:
                    if not outbox_renew(model, pk, attempt):
                        return
                except Exception:  # a missed renewal only shortens the lease
                    logger.warning("lease renewal of %s %s failed", model, pk)
        finally:
            db_connection.close()  # this thread's own connection

    keeper = threading.Thread(target=keep, name=f"lease-{pk}", daemon=True)
    keeper.start()
    try:
        yield
    finally:
        stop.set()
        keeper.join(timeout=LEASE_RENEWAL.total_seconds())


def outbox_send(
    model: type[Row],
    pk: int,
    *,
    build: Callable[[Row], EmailMessage | None],
    actor_id: int,
    now: datetime.datetime | None = None,
    connection=None,
    on_sent: Callable[[Row], None] | None = None,
    on_failed: Callable[[Row, str], None] | None = None,
) -> str:
    """Send one row's email if it is still to be sent; return what happened.

    `build` returns the message, or None when there is nothing left to say
    (the row is then cancelled). `now` only decides whether the row is due.
    """
    now = now or timezone.now()
    attempt = outbox_claim(model, pk, now, actor_id)
    if attempt is None:
        return "not claimable"
    with _lease_kept(model, pk, attempt):
        return _send_claimed(model, pk, build, actor_id, connection, on_sent, on_failed)


def _send_claimed(model, pk, build, actor_id, connection, on_sent, on_failed) -> str:
    row = model.objects.get(pk=pk)
    message = build(row)
    if message is None:
        outbox_set(
            model, pk, {"status": OutboxStatus.CANCELLED}, actor_id, "nothing to send"
        )
        return "cancelled"
    try:
        message.connection = connection or get_connection()
        message.send()
    except TRANSIENT_ERRORS as error:
        outcome, text = _failed(model, pk, error, actor_id)
        if outcome == "failed" and on_failed is not None:
            on_failed(row, text)
        return outcome
    # The row and what it carried are marked together, or not at all.
    with transaction.atomic():
        outbox_set(
            model,
            pk,
            {
                "status": OutboxStatus.SENT,
                "sent_at": timezone.now(),
                "subject": message.subject[:300],
            },
            actor_id,
            "sent",
        )
        if on_sent is not None:
            on_sent(row)
    return "sent"


def _failed(
    model: type[OutgoingEmail], pk: int, error: Exception, actor_id: int
) -> tuple[str, str]:
    attempts = model.objects.values_list("attempts", flat=True).get(pk=pk)
    text = f"{type(error).__name__}: {error}"
    name = model._meta.verbose_name
    if attempts >= max_attempts():
        logger.error("%s %s failed for good: %s", name, pk, text)
        outbox_set(
            model,
            pk,
            {"status": OutboxStatus.FAILED, "last_error": text},
            actor_id,
            "failed after retries",
        )
        return "failed", text
    delay = retry_delay(attempts)
    logger.warning("%s %s will retry in %s: %s", name, pk, delay, text)
    outbox_set(
        model,
        pk,
        {
            "status": OutboxStatus.RETRY,
            "last_error": text,
            "next_attempt_at": timezone.now() + delay,
        },
        actor_id,
        "SMTP error, will retry",
    )
    return "retry", text


@transaction.atomic
def outbox_dispatch(
    model: type[OutgoingEmail], *, actor_id: int, now: datetime.datetime | None = None
) -> list[int]:
    """Take back rows whose worker died; return the ids due by `now`."""
    wall = timezone.now()  # claims are wall-clock stamps: compare with the same
    now = now or wall
    stuck = model.objects.filter(
        status=OutboxStatus.SENDING, claimed_at__lt=wall - SENDING_LEASE
    )
    bound = max_attempts()
    update_with_history(
        stuck.filter(attempts__lt=bound),
        values={"status": OutboxStatus.RETRY, "next_attempt_at": wall},
        actor_id=actor_id,
        reason="worker lost while sending",
        when=wall,
    )
    update_with_history(
        stuck.filter(attempts__gte=bound),
        values={"status": OutboxStatus.FAILED, "last_error": "worker lost too often"},
        actor_id=actor_id,
        reason="worker lost while sending",
        when=wall,
    )
    return list(
        model.objects.filter(status__in=CLAIMABLE, next_attempt_at__lte=now)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def outbox_resend(
    model: type[OutgoingEmail], pk: int, *, actor_id: int, reason: str
) -> bool:
    """Queue a failed row again with a fresh retry window; False if not failed."""
    with transaction.atomic():
        stamp = timezone.now()
        queued = update_with_history(
            model.objects.filter(pk=pk, status=OutboxStatus.FAILED),
            values={
                "status": OutboxStatus.PENDING,
                "attempts": 0,
                "next_attempt_at": stamp,
            },
            actor_id=actor_id,
            reason=reason,
            when=stamp,
        )
    return bool(queued)
