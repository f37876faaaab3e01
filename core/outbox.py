"""The outbox row: an email owed to one person, as an abstract model that each
app's delivery log inherits (notifications' Digest, reporting's WeeklySummary),
so that one outbox (notifications/services/outbox.py) claims, sends and retries
them all."""

from django.db import models


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    RETRY = "retry", "Waiting to retry"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled (nothing left to say)"


class OutgoingEmail(models.Model):
    """An email owed to one person, sent exactly once by
    notifications/services/outbox.py.

    The row is claimed (pending/retry -> sending) before the email leaves and
    marked sent after; the status, attempts and lease live here, not in the
    broker.
    """

    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def message_id(self) -> str:
        """Stable across retries, so a mail system can drop a resent duplicate."""
        return f"<{self._meta.model_name}-{self.pk}@commitment-tracker>"
