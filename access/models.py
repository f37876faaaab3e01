"""Who may see which agreements: desks (teams) and counterpart accounts.

The rows only record membership; the rule that reads them is access/scope.py.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from commitments.models import Agreement, Party


class Desk(models.Model):
    """A team of users (the China desk); it works on the agreements assigned to it."""

    name = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        permissions = [
            ("manage_desks", "Can manage desks, their members and agreements"),
            ("view_all_desks", "Can read the agreements of every desk"),
        ]

    def __str__(self) -> str:
        return self.name


class DeskMembership(models.Model):
    """A user works on a desk (a user may be on several)."""

    desk = models.ForeignKey(Desk, on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="desk_memberships",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["desk__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["desk", "user"], name="desk_membership_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.desk}"


class DeskAgreement(models.Model):
    """An agreement is worked on by a desk (an agreement may belong to several)."""

    desk = models.ForeignKey(
        Desk, on_delete=models.PROTECT, related_name="agreement_links"
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="desk_links"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["desk__name", "agreement__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["desk", "agreement"], name="desk_agreement_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} on {self.desk}"


class CounterpartAccount(models.Model):
    """A login of the other side: one party, and the agreements it may follow.

    A counterpart sees only its agreements (access/scope.py), is never staff,
    a superuser or a desk member (the services refuse it).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="counterpart_account",
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="counterpart_accounts"
    )
    agreements = models.ManyToManyField(Agreement, related_name="counterpart_accounts")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[agreements])

    class Meta:
        ordering = ["party__name", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} ({self.party})"
