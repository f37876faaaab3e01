"""The weekly summary email to managers, exactly once per manager per ISO week.

1. `weekly_summaries_create` owes one WeeklySummary row per manager for the
   week (unique on recipient and week, inserted with ON CONFLICT DO NOTHING),
   so a second or overlapping run owes nothing new. Sends are enqueued after
   commit.
2. `weekly_summary_send` sends one row through notifications' outbox, as the
   reminder digests are sent: claimed (pending or retry, and due -> sending)
   by a conditional UPDATE before the email leaves, marked sent after; SMTP
   errors retried with growing delays, then "failed" after a bound.
3. `weekly_summaries_dispatch` re-enqueues rows due for a retry and takes
   back rows stuck in "sending" past the lease: their worker died. The resend
   carries the same Message-ID, so that crash costs at most one duplicate.
"""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.permissions import MANAGER
from core.bulk import create_missing_with_history
from core.emails import email_message
from core.history import system_user
from notifications.selectors import in_locale_of
from notifications.services.outbox import outbox_dispatch, outbox_send
from notifications.services.summaries import (
    summary_page_publish,
    summary_path,
    summary_wants_email,
)
from reporting.models import SummaryStatus, WeeklySummary
from reporting.page_context import weekly_summary_context
from reporting.scope import Scope, for_viewer
from reporting.selectors import weekly_summary_figures

RUN_REASON = "weekly summary run"
WAITING = [SummaryStatus.PENDING, SummaryStatus.RETRY]


def iso_week(moment: datetime.datetime) -> str:
    """The ISO week a moment falls in, in UTC (beat runs in UTC): '2026-W48'."""
    year, week, _day = moment.astimezone(datetime.UTC).isocalendar()
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
    owed = []
    for manager in managers():
        row = WeeklySummary(recipient=manager, week=week, next_attempt_at=as_of)
        # The same summary, kept as the manager's page and announced in the
        # product (notifications/services/summaries.py), email or not.
        _publish(row, now=as_of)
        if summary_wants_email(manager):
            owed.append(row)
    create_missing_with_history(
        owed, actor_id=actor.pk, reason=RUN_REASON, when=timezone.now()
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


def _publish(summary: WeeklySummary, *, now: datetime.datetime) -> None:
    message = summary_message(summary, now=now)
    html = message.alternatives[0][0] if message.alternatives else message.body
    summary_page_publish(
        recipient=summary.recipient,
        week=summary.week,
        html=html,
        unassigned=getattr(message, "unassigned", 0),
    )


def summary_message(
    summary: WeeklySummary, *, now: datetime.datetime
) -> EmailMultiAlternatives:
    """The email: the dashboard's headline figures, what is late and why, and
    what falls due next, with links to the dashboard and its lists; all of
    it only over the agreements the recipient may see, in the recipient's
    language and time zone."""
    with in_locale_of(summary.recipient):
        return _summary_message(summary, now=now)


def _summary_message(
    summary: WeeklySummary, *, now: datetime.datetime
) -> EmailMultiAlternatives:
    today = timezone.localdate(now)
    # The manager's own scope (access/scope.py): their desks' agreements, or
    # every one for Oversight. The links open lists that apply the same rule.
    scope = for_viewer(Scope(), summary.recipient)
    figures = weekly_summary_context(
        weekly_summary_figures(scope, now=now, today=today)
    )
    site = settings.SITE_URL.rstrip("/")
    subject = _(
        "Commitment Tracker weekly summary %(week)s: %(overdue)s overdue, "
        "%(due)s due in the next 30 days"
    ) % {
        "week": summary.week,
        "overdue": figures["overdue_total"].value,
        "due": figures["due_30"].value,
    }
    context = {
        "recipient": summary.recipient,
        "week": summary.week,
        "today": today,
        "site": site,
        "dashboard_url": f"{site}{reverse('reporting:dashboard')}",
        "summary_url": f"{site}{summary_path(summary.week)}",
        **figures,
    }
    message = email_message(
        subject=subject,
        template="reporting/email/weekly_summary",
        context=context,
        to=summary.recipient.email,
        message_id=summary.message_id,
    )
    message.unassigned = figures["unassigned"].value
    return message


def _still_owed(summary: WeeklySummary) -> bool:
    return managers().filter(pk=summary.recipient_id).exists()


def weekly_summary_send(
    *, summary_id: int, now: datetime.datetime | None = None, connection=None
) -> str:
    """Send one weekly summary if it is still to be sent; return what happened
    ("sent", "retry", "failed", "cancelled" or "not claimable")."""
    now = now or timezone.now()

    def build(summary: WeeklySummary) -> EmailMultiAlternatives | None:
        # Someone who stopped being a manager since the run is not sent it.
        if not _still_owed(summary):
            return None
        return summary_message(summary, now=now)

    return outbox_send(
        WeeklySummary,
        summary_id,
        build=build,
        actor_id=system_user().pk,
        now=now,
        connection=connection,
    )


def weekly_summaries_dispatch(*, now: datetime.datetime | None = None) -> list[int]:
    """Take back summaries whose worker died; return the ids due for sending."""
    return outbox_dispatch(WeeklySummary, actor_id=system_user().pk, now=now)
