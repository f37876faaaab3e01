"""Reminder settings, who hears about what, and the delivery log that makes
every email go out exactly once (see docs/reminders.md)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commitments.models import (
    Agreement,
    Commitment,
    CommitmentKind,
    FollowUp,
    Milestone,
)
from core.outbox import OutboxStatus, OutgoingEmail


def new_token() -> str:
    """An unguessable token for a calendar feed URL."""
    return secrets.token_urlsafe(24)


class DigestFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately (one email per reminder run)")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest (Mondays)")


class Profile(models.Model):
    """A person's reminder preferences, manager and calendar feed token."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # users are deactivated, never deleted
        null=True,
        blank=True,
        related_name="reports",
        help_text=_(
            "Hears about this person's overdue items after the escalation delay."
        ),
    )
    time_zone = models.CharField(max_length=64, default=settings.TIME_ZONE)
    # Empty: the browser's language (or the switcher's choice). Applied on
    # every page by notifications.user_locale (docs/i18n.md).
    language = models.CharField(
        max_length=12, blank=True, default="", choices=settings.LANGUAGES
    )
    frequency = models.CharField(
        max_length=12, choices=DigestFrequency.choices, default=DigestFrequency.DAILY
    )
    digest_hour = models.PositiveSmallIntegerField(
        default=8, help_text=_("Local hour (0-23) at which the daily digest goes out.")
    )
    emails_enabled = models.BooleanField(default=True)
    # Per kind of notification (NotificationKind): "app", "email", "both" or
    # "none". A kind missing here takes the role's default (channels.py).
    channels = models.JSONField(default=dict, blank=True)
    calendar_token = models.CharField(max_length=64, unique=True, default=new_token)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(digest_hour__lte=23), name="profile_digest_hour_0_23"
            )
        ]

    def __str__(self) -> str:
        return f"Preferences of {self.user}"


class Watcher(models.Model):
    """A person who wants the reminders of a commitment they do not own."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="watchers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watching"
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "user"], name="watcher_once_per_commitment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} watches {self.commitment}"


class ReminderRule(models.Model):
    """How many days before a due date a reminder goes out, per commitment kind.

    Rows with a blank kind are the defaults for kinds that have none of their own.
    """

    commitment_kind = models.CharField(
        max_length=20, choices=CommitmentKind.choices, blank=True
    )
    days_before = models.PositiveSmallIntegerField(help_text=_("0 means on the day."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["commitment_kind", "-days_before"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment_kind", "days_before"], name="reminder_rule_unique"
            )
        ]

    def __str__(self) -> str:
        kind = self.get_commitment_kind_display() or gettext("Any kind")
        return ngettext(
            "%(kind)s: %(days)s day before",
            "%(kind)s: %(days)s days before",
            self.days_before,
        ) % {"kind": kind, "days": self.days_before}


class EscalationRecipient(models.TextChoices):
    OWNER = "owner", _("The owner (and watchers)")
    MANAGER = "manager", _("The owner's manager")
    SENIOR = "senior", _("A named senior recipient")


class EscalationLevel(models.Model):
    """Who hears about an overdue milestone, and after how many days."""

    level = models.PositiveSmallIntegerField(unique=True)
    days_overdue = models.PositiveSmallIntegerField()
    recipient = models.CharField(max_length=10, choices=EscalationRecipient.choices)
    senior_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # users are deactivated, never deleted
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For the senior level: the person who hears."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["level"]

    def __str__(self) -> str:
        who = self.get_recipient_display()
        return ngettext(
            "Level %(level)s: %(who)s after %(days)s day",
            "Level %(level)s: %(who)s after %(days)s days",
            self.days_overdue,
        ) % {"level": self.level, "who": who, "days": self.days_overdue}


# Kept for readability where a digest is meant.
DigestStatus = OutboxStatus


class Digest(OutgoingEmail):
    """One email to one person, listing their due, overdue and escalated items."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="digests"
    )
    period = models.CharField(
        max_length=32,
        help_text=_(
            "The run this digest belongs to: a local day for daily digests, "
            "the hour for immediate ones. One digest per person per period."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "period"], name="digest_once_per_period"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"Digest {self.period} for {self.recipient}"


class DeliveryKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder before the due date")
    ESCALATION = "escalation", _("Overdue escalation")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled (no longer due)")


class Delivery(models.Model):
    """One reminder owed to one person; the unique key makes it exactly once."""

    # PROTECT: a reminder that went out stays on record; a cadence change keeps
    # the milestones someone was reminded of (services/milestones.py).
    milestone = models.ForeignKey(
        Milestone, on_delete=models.PROTECT, related_name="deliveries"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deliveries"
    )
    kind = models.CharField(max_length=10, choices=DeliveryKind.choices)
    step = models.PositiveSmallIntegerField(
        help_text=_("Days before the due date (reminders) or escalation level.")
    )
    due_date = models.DateField(help_text=_("The due date this reminder was about."))
    reason = models.CharField(max_length=300, help_text=_("Why the recipient gets it."))
    digest = models.ForeignKey(
        Digest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["milestone__due_date"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "recipient", "kind", "step", "due_date"],
                name="delivery_exactly_once",
            )
        ]
        indexes = [models.Index(fields=["status", "digest"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.step}) to {self.recipient}"


class AgreementFeed(models.Model):
    """The secret token of an agreement's calendar feed (regenerate to revoke)."""

    agreement = models.OneToOneField(
        Agreement, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Calendar feed of {self.agreement}"


class NotificationKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    ESCALATION = "escalation", _("Escalation")
    UNASSIGNED = "unassigned", _("Unassigned work")
    ASSIGNED = "assigned", _("Assigned to you")
    MENTION = "mention", _("Mentioned in a follow-up")
    CHANGED = "changed", _("Changed by someone else")
    REVIEW = "review", _("Review queue waiting")
    WEEKLY_SUMMARY = "weekly_summary", _("Weekly summary")


class Notification(models.Model):
    """One in-app notification to one person: the in-app channel's delivery row.

    `key` names the event (a reminder step of a milestone, a history row, a
    follow-up, a week); the unique (recipient, key) makes it exactly once, as
    Delivery's key does for the email channel.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    key = models.CharField(max_length=120)
    title = models.CharField(max_length=300)
    reason = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=300, help_text=_("Where it leads, anchored."))
    # SET_NULL: a milestone a cadence change removes leaves its notification
    # pointing at the commitment (the url still opens the page).
    agreement = models.ForeignKey(
        Agreement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    commitment = models.ForeignKey(
        Commitment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    followup = models.ForeignKey(
        FollowUp, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="notification_once_per_event"
            )
        ]
        indexes = [
            # The bell: a person's unread count.
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
            # The page: a person's newest first.
            models.Index(
                fields=["recipient", "-created_at", "-id"], name="notification_list"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient}: {self.title}"


class SummaryPage(models.Model):
    """A weekly summary as a manager received it, kept for a year to reopen."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    week = models.CharField(max_length=10, help_text=_("ISO week, e.g. 2026-W15."))
    html = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-week"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "week"], name="summary_page_once_per_week"
            )
        ]

    def __str__(self) -> str:
        return f"Weekly summary {self.week} for {self.recipient}"
