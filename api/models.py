"""Per-user API tokens: only a digest of each key is stored, never the key."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

# Characters of the key shown beside a token's name (enough to tell two apart,
# far too few to guess the rest).
PREFIX_CHARS = 8


class ApiToken(models.Model):
    """A key a person gave a program to act as them through the API."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the key is for.")
    # SHA-256 of the key, hex: a stolen database gives no usable key.
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=PREFIX_CHARS, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
