"""The in-app channel: notification rows, exactly once per event and person,
and marking them read.

Every notification is created through `notifications_create`: one INSERT …
ON CONFLICT DO NOTHING on the unique (recipient, key), so a repeated or
overlapping run (the reminder run, the event sweep, the weekly summary) adds
nothing twice. `key` names the event; for reminders it is Delivery's own key
(kind, milestone, step, due date), so the email and in-app channels of one
reminder are claimed by the same event.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.bulk import create_missing_with_history, update_with_history
from core.history import system_user
from notifications.models import (
    Delivery,
    DeliveryKind,
    Notification,
    NotificationKind,
    SummaryPage,
)
from notifications.selectors import unread_count_key

# A year of notifications and weekly summaries is kept (issue 18).
KEEP_DAYS = 366


def commitment_path(reference: str) -> str:
    return reverse("commitments:commitment_detail", args=[reference])


def milestone_path(reference: str, milestone_id: int) -> str:
    """The milestone's row on its commitment's page (milestone_row.html's id)."""
    return f"{commitment_path(reference)}#milestone-{milestone_id}"


def followup_path(reference: str, followup_id: int) -> str:
    """The follow-up's entry on its commitment's page."""
    return f"{commitment_path(reference)}#followup-{followup_id}"


def reminder_key(delivery: Delivery) -> str:
    """The event a reminder is: Delivery's unique key without the recipient."""
    return (
        f"{delivery.kind}:{delivery.milestone_id}:{delivery.step}:"
        f"{delivery.due_date.isoformat()}"
    )


def reminder_kind(delivery: Delivery) -> str:
    """due soon, overdue (to the owner or a watcher), escalation (to a manager
    or senior), or unassigned work (to the desks' managers)."""
    commitment = delivery.milestone.commitment
    if commitment.owner_id is None:
        return NotificationKind.UNASSIGNED
    if delivery.kind == DeliveryKind.REMINDER:
        return NotificationKind.DUE_SOON
    if delivery.reason.startswith(("You own", "You watch")):
        return NotificationKind.OVERDUE
    return NotificationKind.ESCALATION


def reminder_notification(delivery: Delivery, kind: str) -> Notification:
    """The in-app twin of an owed reminder (unsaved)."""
    milestone = delivery.milestone
    commitment = milestone.commitment
    label = NotificationKind(kind).label
    what = milestone.title or commitment.title
    return Notification(
        recipient_id=delivery.recipient_id,
        kind=kind,
        key=reminder_key(delivery),
        title=f"{label}: {what} (due {delivery.due_date:%Y-%m-%d})"[:300],
        reason=delivery.reason[:300],
        url=milestone_path(commitment.reference, milestone.pk),
        agreement_id=commitment.agreement_id,
        commitment_id=commitment.pk,
        milestone_id=milestone.pk,
    )


def forget_unread_counts(user_ids: set[int]) -> None:
    """Drop the bells' cached counts once this transaction commits."""

    def forget() -> None:
        cache.delete_many([unread_count_key(pk) for pk in user_ids])

    if user_ids:
        transaction.on_commit(forget, robust=True)


def notifications_create(items: list[Notification], *, reason: str) -> list[int]:
    """Insert the notifications not yet held; return the new ids."""
    if not items:
        return []
    created = create_missing_with_history(
        items, actor_id=system_user().pk, reason=reason, when=timezone.now()
    )
    if created:
        forget_unread_counts({item.recipient_id for item in items})
    return created


@transaction.atomic
def notification_mark_read(*, user: AbstractBaseUser, notification_id: int) -> bool:
    """Mark one of the person's own notifications read; False if not theirs
    or already read."""
    changed = update_with_history(
        Notification.objects.filter(
            pk=notification_id, recipient=user, read_at__isnull=True
        ),
        values={"read_at": timezone.now()},
        actor_id=user.pk,
        reason="read",
        when=timezone.now(),
    )
    forget_unread_counts({user.pk} if changed else set())
    return bool(changed)


@transaction.atomic
def notifications_mark_all_read(
    *, user: AbstractBaseUser, kind: str = "", agreement_id: int | None = None
) -> int:
    """Mark the person's unread notifications read (those the filters show)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if kind:
        unread = unread.filter(kind=kind)
    if agreement_id:
        unread = unread.filter(agreement_id=agreement_id)
    changed = update_with_history(
        unread,
        values={"read_at": timezone.now()},
        actor_id=user.pk,
        reason="all read",
        when=timezone.now(),
    )
    forget_unread_counts({user.pk} if changed else set())
    return len(changed)


@transaction.atomic
def notifications_cleanup(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Forget notifications and weekly summary pages older than a year.

    They are messages, not the record: the history of the commitments keeps
    what happened. Deleted with history rows (simple_history on delete).
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(days=KEEP_DAYS)
    removed = {"old_notifications": 0, "old_summary_pages": 0}
    actor = system_user()
    for name, model in (
        ("old_notifications", Notification),
        ("old_summary_pages", SummaryPage),
    ):
        for row in model.objects.filter(created_at__lt=cutoff).iterator():
            row._history_user = actor
            row._change_reason = "kept for a year"
            row.delete()
            removed[name] += 1
    return removed
