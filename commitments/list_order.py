"""The commitment list's sort keys, stored per commitment (PostgreSQL only).

A read-only view of ``commitments_commitmentorder``: migration 0009 creates
the table and the triggers that keep it, in the writing transaction, on every
write to commitments and milestones. Nothing in Python writes it, so it has no
history of its own (it is derived from rows that have theirs) and is not
managed by Django (SQLite, the demo, has no such table: commitments/ordering.py
falls back to the computed order there).
"""

from django.db import models


class CommitmentOrder(models.Model):
    """One unarchived commitment's place in the list: urgency (0 overdue,
    1 due soon, 2 planned, 3 closed), next open due date, title."""

    commitment = models.OneToOneField(
        "commitments.Commitment",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        related_name="stored_order",
        db_constraint=False,
    )
    urgency = models.SmallIntegerField()
    next_due = models.DateField(null=True)
    title = models.CharField(max_length=300)

    class Meta:
        managed = False
        db_table = "commitments_commitmentorder"
        # Derived and read-only: no role may add, change, delete or browse it
        # (permissions.py's roles expand to every model's permissions).
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.commitment_id}: {self.urgency}, {self.next_due}"
