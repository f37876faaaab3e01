"""The weekly summary's delivery log: one row per manager per ISO week, so that
the email goes out exactly once however often the job runs (docs/reporting.md)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class SummaryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    RETRY = "retry", "Waiting to retry"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled (no longer a manager)"


class WeeklySummary(models.Model):
    """The weekly summary email owed to one manager for one ISO week."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="weekly_summaries",
    )
    week = models.CharField(max_length=10, help_text="ISO week, e.g. 2026-W15.")
    status = models.CharField(
        max_length=10, choices=SummaryStatus.choices, default=SummaryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-week", "recipient_id"]
        verbose_name_plural = "weekly summaries"
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "week"], name="weekly_summary_once_per_week"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"Weekly summary {self.week} for {self.recipient}"

    @property
    def message_id(self) -> str:
        """Stable across retries, so a mail system can drop a resent duplicate."""
        return f"<weekly-summary-{self.pk}@commitment-tracker>"
