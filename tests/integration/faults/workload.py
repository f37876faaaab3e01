"""The fault suite's workload, its clean-run baseline and its final-state snapshot.

A few hundred milestones and reminders, built with factories, keyed by natural
keys (references, usernames, periods) so that a faulted run and a clean run of
the same workload can be compared although their row ids differ.
"""

import datetime
import email
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from access.services import desk_agreement_add, desk_create, desk_member_add
from commitments.models import Commitment, Milestone
from notifications.models import Delivery, Digest, Watcher
from tests.factories import AgreementFactory, CommitmentFactory, UserFactory

UTC = datetime.UTC
OFFICERS = 40
COMMITMENTS_EACH = 3
# The moments the scheduled jobs run "as of": generation at the start of the
# year, the sweep and the reminder run at the end of March (Karachi, after the
# 08:00 digest hour), when each commitment has past and coming meetings.
GENERATE_AS_OF = datetime.datetime(2026, 1, 8, tzinfo=UTC)
RUN_AS_OF = datetime.datetime.fromisoformat("2026-03-31T10:00:00+05:00")


def workload_build() -> None:
    """40 officers, 120 monthly commitments, each watched by a second officer."""
    agreement = AgreementFactory(reference="faults")
    users = [
        UserFactory(username=f"fault{n:02d}", email=f"fault{n:02d}@moi.gov.pk")
        for n in range(OFFICERS)
    ]
    # Reminders go only to people who may see the agreement (issue 14): the
    # officers are the desk that holds it.
    desk = desk_create(name="Faults desk", actor=None, reason="fault workload")
    desk_agreement_add(desk=desk, agreement=agreement, actor=None, reason="workload")
    for user in users:
        desk_member_add(desk=desk, user=user, actor=None, reason="fault workload")
    for n, user in enumerate(users):
        for k in range(COMMITMENTS_EACH):
            commitment = CommitmentFactory(
                agreement=agreement,
                reference=f"fault-{n:02d}-{k}",
                kind="recurring_meeting",
                owner=user,
                cadence_rrule="FREQ=MONTHLY",
                cadence_start=datetime.date(2026, 1, 2 + (n + 7 * k) % 27),
            )
            Watcher.objects.create(
                commitment=commitment, user=users[(n + 1) % OFFICERS]
            )


def effects_reset(commitment_state: dict) -> None:
    """Remove what the jobs wrote, so that the same workload can run again."""
    Delivery.objects.all().delete()
    Digest.objects.all().delete()
    Milestone.objects.all().delete()
    for model in (Delivery, Digest, Milestone):
        model.history.all().delete()
    Commitment.history.exclude(history_type="+").delete()
    for reference, values in commitment_state.items():
        Commitment.objects.filter(reference=reference).update(**values)


def commitment_state() -> dict:
    """The commitments' mutable fields, to put back on a reset."""
    return {
        row["reference"]: {k: v for k, v in row.items() if k != "reference"}
        for row in Commitment.objects.values("reference", "status")
    }


@dataclass
class Snapshot:
    """The final state a fault must not change, by natural key."""

    milestones: dict
    milestone_history: dict
    commitments: dict
    commitment_history: dict
    deliveries: dict
    delivery_history: dict
    digests: dict

    def differences(self, other: "Snapshot") -> list[str]:
        return [
            name
            for name in self.__dataclass_fields__
            if getattr(self, name) != getattr(other, name)
        ]


def _per_record(model, key_fields: list[str]) -> dict:
    # History rows counted per record, keyed like the record itself.
    rows = (
        model.history.values_list("id")
        .annotate(n=Count("history_id"))
        .values_list("id", "n")
    )
    keys = {
        row[0]: tuple(row[1:]) for row in model.objects.values_list("id", *key_fields)
    }
    return {keys.get(pk, ("deleted", pk)): n for pk, n in rows}


def snapshot() -> Snapshot:
    milestone_key = ["commitment__reference", "scheduled_date"]
    delivery_key = [
        "milestone__commitment__reference",
        "milestone__scheduled_date",
        "recipient__username",
        "kind",
        "step",
    ]
    return Snapshot(
        milestones={
            (ref, day): status
            for ref, day, status in Milestone.objects.values_list(
                *milestone_key, "status"
            )
        },
        milestone_history=_per_record(Milestone, milestone_key),
        commitments=dict(Commitment.objects.values_list("reference", "status")),
        commitment_history=_per_record(Commitment, ["reference"]),
        deliveries={
            tuple(row[:-1]): row[-1]
            for row in Delivery.objects.values_list(*delivery_key, "status")
        },
        delivery_history=_per_record(Delivery, delivery_key),
        digests={
            (user, period): (status, items)
            for user, period, status, items in Digest.objects.values_list(
                "recipient__username", "period", "status"
            ).annotate(items=Count("deliveries"))
        },
    )


def emails_per_message_id(messages: list[tuple[list[str], bytes]]) -> Counter:
    """How many times each Message-ID reached the SMTP server."""
    return Counter(
        email.message_from_bytes(content)["Message-ID"] for _, content in messages
    )


def digest_message_ids() -> set[str]:
    return {digest.message_id for digest in Digest.objects.exclude(status="cancelled")}
