"""Finding the reminders that are due and claiming one delivery row for each.

Selects by state ("due and not yet claimed"), never by "since the last run":
the unique key on Delivery makes a repeated or overlapping run a no-op.
"""

import datetime
from collections import defaultdict

from django.db.models import Prefetch

from commitments.cadence import local_date
from commitments.lifecycle import OPEN_STATUSES
from commitments.models import Milestone, StatusChoices
from notifications.models import (
    Delivery,
    DeliveryKind,
    EscalationLevel,
    ReminderRule,
    Watcher,
)
from notifications.services.recipients import (
    Visibility,
    can_receive,
    escalation_recipients,
    owner_and_watchers,
)

DEFAULT_LEAD_DAYS = (30, 7, 1, 0)
OPEN = [status.value for status in OPEN_STATUSES]


def lead_days_by_kind() -> dict[str, tuple[int, ...]]:
    """Lead times per commitment kind; the blank kind holds the defaults."""
    table: dict[str, list[int]] = defaultdict(list)
    for rule in ReminderRule.objects.all():
        table[rule.commitment_kind].append(rule.days_before)
    return {kind: tuple(sorted(days)) for kind, days in table.items()}


def reminder_step(days_left: int, lead_days: tuple[int, ...]) -> int | None:
    """The most recent lead time reached: 5 days left of (30, 7, 1, 0) -> 7.

    Thresholds passed while nothing ran are not sent late one by one: the
    person hears once, about the nearest one.
    """
    reached = [lead for lead in lead_days if lead >= days_left >= 0]
    return min(reached) if reached else None


def candidate_milestones(as_of: datetime.datetime, horizon_days: int):
    """Open milestones of open commitments, due within the largest lead time or late."""
    return (
        Milestone.objects.filter(
            status__in=OPEN,
            commitment__status__in=OPEN,
            due_at__lte=as_of + datetime.timedelta(days=horizon_days + 1),
        )
        .select_related(
            "commitment__agreement",
            "commitment__owner__profile__manager",
        )
        .prefetch_related(
            Prefetch(
                "commitment__watchers",
                queryset=Watcher.objects.select_related("user__profile"),
            )
        )
    )


def deliveries_owed(
    milestone: Milestone,
    *,
    as_of: datetime.datetime,
    lead_days: dict[str, tuple[int, ...]],
    levels: list[EscalationLevel],
    visibility: Visibility | None = None,
) -> list[Delivery]:
    """The reminders and escalations this milestone owes as of `as_of`
    (unsaved), to people who may see its agreement. Pass one `visibility`
    for a whole run: each person's scope is then read once."""
    visibility = visibility or Visibility()
    commitment = milestone.commitment
    today = local_date(as_of, commitment.agreement.time_zone)
    days_left = (milestone.due_date - today).days
    owed = []
    if milestone.status == StatusChoices.OVERDUE:
        days_late = max(0, -days_left)
        for level in levels:
            if days_late < level.days_overdue:
                continue
            for recipient in escalation_recipients(
                commitment, level, days_late, visibility
            ):
                owed.append(
                    Delivery(
                        milestone=milestone,
                        recipient=recipient.user,
                        kind=DeliveryKind.ESCALATION,
                        step=level.level,
                        due_date=milestone.due_date,
                        reason=recipient.reason,
                    )
                )
        return owed
    leads = lead_days.get(commitment.kind) or lead_days.get("") or DEFAULT_LEAD_DAYS
    step = reminder_step(days_left, leads)
    if step is None:
        return owed
    for recipient in owner_and_watchers(commitment, visibility):
        owed.append(
            Delivery(
                milestone=milestone,
                recipient=recipient.user,
                kind=DeliveryKind.REMINDER,
                step=step,
                due_date=milestone.due_date,
                reason=recipient.reason,
            )
        )
    return owed


def is_still_owed(
    delivery: Delivery,
    *,
    levels: dict[int, EscalationLevel],
    visibility: Visibility | None = None,
) -> bool:
    """At send time: is the milestone still open, on the same date, and is the
    recipient still the owner, a watcher or the escalation contact, and may
    they still see its agreement (a desk left since the claim)?

    It does not recompute thresholds from the clock: a reminder claimed at the
    seven-day mark is still worth sending an hour later.
    """
    milestone = delivery.milestone
    commitment = milestone.commitment
    if milestone.status not in OPEN or commitment.status not in OPEN:
        return False
    if milestone.due_date != delivery.due_date:
        return False
    is_overdue = milestone.status == StatusChoices.OVERDUE
    if delivery.kind == DeliveryKind.REMINDER:
        if is_overdue:
            return False  # the escalation says it better now
        entitled = owner_and_watchers(commitment, visibility)
    else:
        level = levels.get(delivery.step)
        if not is_overdue or level is None:
            return False
        entitled = escalation_recipients(commitment, level, 0, visibility)
    # Still entitled, and still taking email (emails turned off since the claim).
    return any(
        r.user.pk == delivery.recipient_id and can_receive(r.user) for r in entitled
    )
