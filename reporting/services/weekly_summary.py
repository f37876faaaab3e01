"""The weekly summary email to managers, exactly once per manager per ISO week.

The same three steps as the reminders' digests (docs/reminders.md):
1. `weekly_summaries_create` owes one WeeklySummary row per manager for the
   week (unique on recipient and week, inserted with ON CONFLICT DO NOTHING),
   so a second or overlapping run owes nothing new. Sends are enqueued after
   commit.
2. `weekly_summary_send` claims the row (pending or retry, and due -> sending)
   with a conditional UPDATE in its own short transaction, sends one email,
   then marks it sent. A second task for the same row claims nothing.
3. `weekly_summaries_dispatch` re-enqueues rows due for a retry and takes back
   rows stuck in "sending" past the lease: their worker died. The resend
   carries the same Message-ID, so that crash costs at most one duplicate.
SMTP errors are retried with the reminders' delays and bound, then "failed".
"""

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from commitments.permissions import MANAGER
from commitments.services.bulk import create_missing_with_history, update_with_history
from commitments.services.history import system_user
from notifications.services.digests import (
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    SENDING_LEASE,
    TRANSIENT_ERRORS,
)
from reporting.dashboard import dashboard_context
from reporting.models import SummaryStatus, WeeklySummary
from reporting.scope import Scope

logger = logging.getLogger(__name__)

RUN_REASON = "weekly summary run"
WAITING = [SummaryStatus.PENDING, SummaryStatus.RETRY]


def iso_week(moment: datetime.datetime) -> str:
    """The ISO week a moment falls in, in UTC (beat runs in UTC): '2026-W48'."""
    year, week, _ = moment.astimezone(datetime.UTC).isocalendar()
    return f"{year}-W{week:02d}"


def managers() -> QuerySet[AbstractBaseUser]:
    """Active people in the Manager group who have an email address."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=MANAGER)
        .exclude(email="")
        .exclude(username=settings.TRACKER_SYSTEM_USERNAME)
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def weekly_summaries_create(
    *, as_of: datetime.datetime, enqueue: Callable[[int], None] | None = None
) -> list[int]:
    """Owe this week's summary to every manager; return the ids to send now."""
    week = iso_week(as_of)
    actor = system_user()
    create_missing_with_history(
        [
            WeeklySummary(recipient=manager, week=week, next_attempt_at=as_of)
            for manager in managers()
        ],
        actor_id=actor.pk,
        reason=RUN_REASON,
        when=timezone.now(),
    )
    ids = list(
        WeeklySummary.objects.filter(
            week=week, status__in=WAITING, next_attempt_at__lte=as_of
        ).values_list("id", flat=True)
    )
    if enqueue is not None:
        for summary_id in ids:
            transaction.on_commit(lambda summary_id=summary_id: enqueue(summary_id))
    return ids


def _set(summary_id: int, values: dict, actor_id: int, reason: str) -> None:
    update_with_history(
        WeeklySummary.objects.filter(pk=summary_id),
        values=values,
        actor_id=actor_id,
        reason=reason,
        when=timezone.now(),
    )


def _claim(summary_id: int, now: datetime.datetime, actor_id: int) -> bool:
    """Take the row for this worker; False if another has it or it is done."""
    with transaction.atomic():
        # The first UPDATE locks the row; a second claimer waits, re-reads the
        # status and matches nothing.
        taken = WeeklySummary.objects.filter(
            pk=summary_id, status__in=WAITING, next_attempt_at__lte=now
        ).update(attempts=F("attempts") + 1)
        if taken:
            update_with_history(
                WeeklySummary.objects.filter(pk=summary_id),
                values={"status": SummaryStatus.SENDING, "claimed_at": now},
                actor_id=actor_id,
                reason="claimed for sending",
                when=now,
            )
    return bool(taken)


def summary_message(
    summary: WeeklySummary, *, now: datetime.datetime
) -> EmailMultiAlternatives:
    """The email: the dashboard's headline figures, what is late and why, and
    what falls due next, with links to the dashboard and its lists."""
    today = timezone.localdate(now)
    figures = dashboard_context(
        Scope(), now=now, today=today, zone=timezone.get_current_timezone()
    )
    site = settings.SITE_URL.rstrip("/")
    overdue = figures["overdue_total"].value
    subject = (
        f"Commitment Tracker weekly summary {summary.week}: {overdue} overdue, "
        f"{figures['due_30'].value} due in the next 30 days"
    )
    context = {
        "recipient": summary.recipient,
        "week": summary.week,
        "today": today,
        "site": site,
        "dashboard_url": f"{site}{reverse('reporting:dashboard')}",
        **figures,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("reporting/email/weekly_summary.txt", context),
        to=[summary.recipient.email],
        headers={"Message-ID": summary.message_id},
    )
    message.attach_alternative(
        render_to_string("reporting/email/weekly_summary.html", context), "text/html"
    )
    return message


def _still_owed(summary: WeeklySummary) -> bool:
    return managers().filter(pk=summary.recipient_id).exists()


def weekly_summary_send(
    *, summary_id: int, now: datetime.datetime | None = None, connection=None
) -> str:
    """Send one weekly summary if it is still to be sent; return what happened."""
    now = now or timezone.now()
    actor = system_user()
    if not _claim(summary_id, now, actor.pk):
        return "not claimable"
    summary = WeeklySummary.objects.select_related("recipient").get(pk=summary_id)
    if not _still_owed(summary):
        _set(
            summary_id,
            {"status": SummaryStatus.CANCELLED},
            actor.pk,
            "recipient is no longer a manager with an email",
        )
        return "cancelled"
    message = summary_message(summary, now=now)
    try:
        message.connection = connection or get_connection()
        message.send()
    except TRANSIENT_ERRORS as error:
        return _failed(summary, error, now, actor.pk)
    _set(
        summary_id,
        {
            "status": SummaryStatus.SENT,
            "sent_at": timezone.now(),
            "subject": message.subject[:300],
        },
        actor.pk,
        "sent",
    )
    return "sent"


def _failed(
    summary: WeeklySummary, error: Exception, now: datetime.datetime, actor_id: int
) -> str:
    attempts = WeeklySummary.objects.values_list("attempts", flat=True).get(
        pk=summary.pk
    )
    text = f"{type(error).__name__}: {error}"
    if attempts >= MAX_ATTEMPTS:
        logger.error("Weekly summary %s failed for good: %s", summary.pk, text)
        _set(
            summary.pk,
            {"status": SummaryStatus.FAILED, "last_error": text},
            actor_id,
            "failed after retries",
        )
        return "failed"
    delay = RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]
    logger.warning("Weekly summary %s will retry in %ss: %s", summary.pk, delay, text)
    _set(
        summary.pk,
        {
            "status": SummaryStatus.RETRY,
            "last_error": text,
            "next_attempt_at": now + datetime.timedelta(seconds=delay),
        },
        actor_id,
        "SMTP error, will retry",
    )
    return "retry"


@transaction.atomic
def weekly_summaries_dispatch(*, now: datetime.datetime | None = None) -> list[int]:
    """Take back summaries whose worker died; return the ids due for sending."""
    now = now or timezone.now()
    actor_id = system_user().pk
    stuck = WeeklySummary.objects.filter(
        status=SummaryStatus.SENDING, claimed_at__lt=now - SENDING_LEASE
    )
    update_with_history(
        stuck.filter(attempts__lt=MAX_ATTEMPTS),
        values={"status": SummaryStatus.RETRY, "next_attempt_at": now},
        actor_id=actor_id,
        reason="worker lost while sending",
        when=now,
    )
    update_with_history(
        stuck.filter(attempts__gte=MAX_ATTEMPTS),
        values={"status": SummaryStatus.FAILED, "last_error": "worker lost too often"},
        actor_id=actor_id,
        reason="worker lost while sending",
        when=now,
    )
    return list(
        WeeklySummary.objects.filter(
            status__in=WAITING, next_attempt_at__lte=now
        ).values_list("id", flat=True)
    )
