"""Sending a stored email row exactly once: claim, send, mark; retry; recover.

Any model built on `notifications.models.OutgoingEmail` (a reminder digest, a
weekly summary) is sent through here:

- `outbox_send` claims the row with a conditional UPDATE (pending or retry,
  and due -> sending) in a short transaction of its own, so a second task for
  the same row matches nothing and does nothing. It builds the message, sends
  it, and marks the row sent. SMTP trouble (TRANSIENT_ERRORS) puts it back in
  "retry" with a growing delay, and "failed" after MAX_ATTEMPTS.
- `outbox_dispatch` (every few minutes) returns the rows due for sending and
  takes back rows stuck in "sending" past SENDING_LEASE: their worker died.
  Such a row is sent again with the same Message-ID; a worker killed after SMTP
  accepted the message but before the database heard costs at most one
  duplicate (docs/reminders.md).
"""

import datetime
import logging
import smtplib
from collections.abc import Callable
from typing import TypeVar

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from commitments.services.bulk import update_with_history
from notifications.models import OutboxStatus, OutgoingEmail

logger = logging.getLogger(__name__)

Row = TypeVar("Row", bound=OutgoingEmail)

# Longer than a task's hard time limit (CELERY_TASK_TIME_LIMIT, 15 min): a row
# still "sending" after this lost its worker, it is not merely slow.
SENDING_LEASE = datetime.timedelta(minutes=20)
# Five tries over about an hour and a half, then "failed", visible in the admin.
MAX_ATTEMPTS = 5
RETRY_DELAYS = (60, 300, 900, 3600)
# SMTP trouble worth another try; anything else is a bug and fails loudly.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)
CLAIMABLE = [OutboxStatus.PENDING, OutboxStatus.RETRY]


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
) -> bool:
    """Take the row for this worker; False if another has it or it is done."""
    with transaction.atomic():
        # The first UPDATE locks the row; a second claimer waits, then re-reads
        # the status and matches nothing. The history row comes just after.
        taken = model.objects.filter(
            pk=pk, status__in=CLAIMABLE, next_attempt_at__lte=now
        ).update(attempts=F("attempts") + 1)
        if taken:
            update_with_history(
                model.objects.filter(pk=pk),
                values={"status": OutboxStatus.SENDING, "claimed_at": now},
                actor_id=actor_id,
                reason="claimed for sending",
                when=now,
            )
    return bool(taken)


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
    (the row is then cancelled).
    """
    now = now or timezone.now()
    if not outbox_claim(model, pk, now, actor_id):
        return "not claimable"
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
        outcome, text = _failed(model, pk, error, now, actor_id)
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
    model: type[OutgoingEmail],
    pk: int,
    error: Exception,
    now: datetime.datetime,
    actor_id: int,
) -> tuple[str, str]:
    attempts = model.objects.values_list("attempts", flat=True).get(pk=pk)
    text = f"{type(error).__name__}: {error}"
    name = model._meta.verbose_name
    if attempts >= MAX_ATTEMPTS:
        logger.error("%s %s failed for good: %s", name, pk, text)
        outbox_set(
            model,
            pk,
            {"status": OutboxStatus.FAILED, "last_error": text},
            actor_id,
            "failed after retries",
        )
        return "failed", text
    delay = RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]
    logger.warning("%s %s will retry in %ss: %s", name, pk, delay, text)
    outbox_set(
        model,
        pk,
        {
            "status": OutboxStatus.RETRY,
            "last_error": text,
            "next_attempt_at": now + datetime.timedelta(seconds=delay),
        },
        actor_id,
        "SMTP error, will retry",
    )
    return "retry", text


@transaction.atomic
def outbox_dispatch(
    model: type[OutgoingEmail], *, actor_id: int, now: datetime.datetime | None = None
) -> list[int]:
    """Take back rows whose worker died; return the ids due for sending."""
    now = now or timezone.now()
    stuck = model.objects.filter(
        status=OutboxStatus.SENDING, claimed_at__lt=now - SENDING_LEASE
    )
    update_with_history(
        stuck.filter(attempts__lt=MAX_ATTEMPTS),
        values={"status": OutboxStatus.RETRY, "next_attempt_at": now},
        actor_id=actor_id,
        reason="worker lost while sending",
        when=now,
    )
    update_with_history(
        stuck.filter(attempts__gte=MAX_ATTEMPTS),
        values={"status": OutboxStatus.FAILED, "last_error": "worker lost too often"},
        actor_id=actor_id,
        reason="worker lost while sending",
        when=now,
    )
    return list(
        model.objects.filter(status__in=CLAIMABLE, next_attempt_at__lte=now)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
