"""The weekly summary's delivery log: one row per manager per ISO week, so that
the email goes out exactly once however often the job runs (docs/reporting.md).

Claiming, sending, retrying and recovering are notifications' outbox
(notifications/services/outbox.py), shared with the reminder digests.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from core.outbox import OutboxStatus, OutgoingEmail

# The outbox's statuses: pending, sending, retry, sent, failed, cancelled.
SummaryStatus = OutboxStatus


class WeeklySummary(OutgoingEmail):
    """The weekly summary email owed to one manager for one ISO week."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="weekly_summaries",
    )
    week = models.CharField(max_length=10, help_text="ISO week, e.g. 2026-W15.")
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
