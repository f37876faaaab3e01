"""Milestones: generating them from cadences and changing one occurrence."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.utils import timezone

from commitments import calendars, lifecycle
from commitments.bounds import cadence_bounds
from commitments.cadence import (
    CadenceError,
    add_months,
    base_rule,
    cadence_build,
    due_at,
    local_date,
)
from commitments.models import (
    Commitment,
    Milestone,
    Obligation,
    ScheduleBasis,
    StatusChoices,
)
from commitments.services.commitments import OPEN, commitment_status_refresh
from commitments.services.dates import check_dates
from core.bulk import create_missing_with_history
from core.history import save_with_history

GENERATION_REASON = "milestone generation"


@dataclass
class GenerationReport:
    """What one generation run created and removed, per commitment reference."""

    created: dict[str, list[datetime.date]] = field(default_factory=dict)
    removed: dict[str, list[datetime.date]] = field(default_factory=dict)
    # Commitments the run skipped, with why (a stored rule now refused).
    refused: dict[str, str] = field(default_factory=dict)

    @property
    def created_count(self) -> int:
        return sum(len(days) for days in self.created.values())


def _party_codes(commitment: Commitment) -> tuple[str, ...]:
    return tuple(sorted(o.party.code for o in commitment.obligations.all()))


def milestone_build(
    commitment: Commitment, day: datetime.date, *, scheduled: bool, title: str = ""
) -> Milestone:
    """An unsaved milestone due on `day` (a day in the agreement's zone)."""
    reasons = calendars.non_working_reasons(day, _party_codes(commitment))
    return Milestone(
        commitment=commitment,
        title=title,
        scheduled_date=day if scheduled else None,
        due_date=day,
        due_at=due_at(day, commitment.agreement.time_zone),
        is_extra=not scheduled,
        non_working_note="; ".join(reasons),
    )


def planned_days(
    commitment: Commitment,
    *,
    today: datetime.date,
    horizon_months: int,
    backfill: bool = False,
) -> list[datetime.date]:
    """Days up to the horizon the commitment should have milestones on.

    With `backfill` (a commitment's first schedule) the cadence starts at its
    start date: meetings that fell due before anyone tracked them are shown,
    overdue, for a person to mark held or missed. Otherwise (the daily run, a
    changed cadence) it starts today, so a change never fills the past with
    milestones that are overdue at once. A one-off date is kept as it is.
    """
    until = add_months(today, horizon_months)
    if not commitment.cadence_rrule:
        return [commitment.due_date] if commitment.due_date else []
    yesterday = (
        commitment.cadence_start - datetime.timedelta(days=1)
        if backfill
        else today - datetime.timedelta(days=1)
    )
    if commitment.schedule_basis == ScheduleBasis.LAST_COMPLETION:
        return _next_after_last_completion(commitment, yesterday, until)
    cadence = cadence_build(
        base_rule(commitment.cadence_rrule),
        commitment.cadence_start,
        end=commitment.cadence_end,
        count=commitment.cadence_count,
        bounds=cadence_bounds(),
    )
    return cadence.occurrences(after=yesterday, until=until)


def _next_after_last_completion(
    commitment: Commitment, yesterday: datetime.date, until: datetime.date
) -> list[datetime.date]:
    # The next one is due one interval after the last one was held, so a late
    # meeting delays the rest of the schedule; one milestone is kept ahead.
    done = sorted(m.completed_on for m in commitment.milestones.all() if m.completed_on)
    count = commitment.cadence_count
    if count is not None and len(done) >= count:
        return []
    start = done[-1] if done else commitment.cadence_start
    if commitment.cadence_end and commitment.cadence_end < start:
        return []
    # Rebuilt from the rule as entered: the month-end clamp of the old start
    # must not carry over to the new one.
    restarted = cadence_build(
        base_rule(commitment.cadence_rrule),
        start,
        end=commitment.cadence_end,
        bounds=cadence_bounds(),
    )
    after = max(done[-1], yesterday) if done else yesterday
    return restarted.occurrences(after=after, until=until)[:1]


def generation_queryset():
    return (
        Commitment.objects.filter(status__in=OPEN)
        .exclude(cadence_rrule="", due_date__isnull=True)
        .select_related("agreement")
        .prefetch_related(
            Prefetch(
                "obligations", queryset=Obligation.objects.select_related("party")
            ),
            "milestones",
        )
    )


@transaction.atomic
def milestones_generate(
    *,
    as_of: datetime.datetime,
    actor: AbstractBaseUser | None,
    commitment_ids: list[int] | None = None,
    horizon_months: int | None = None,
    backfill: bool = True,
    reason: str = GENERATION_REASON,
) -> GenerationReport:
    """Create the missing planned milestones up to the horizon; idempotent.

    A commitment with no milestones yet gets its past occurrences too
    (`backfill`); see planned_days.
    """
    horizon = horizon_months or settings.TRACKER_HORIZON_MONTHS
    report = GenerationReport()
    commitments = generation_queryset()
    if commitment_ids is not None:
        commitments = commitments.filter(pk__in=commitment_ids)
    new: list[Milestone] = []
    for commitment in commitments.iterator(chunk_size=500):
        today = local_date(as_of, commitment.agreement.time_zone)
        have = {m.scheduled_date for m in commitment.milestones.all()}
        try:
            planned = planned_days(
                commitment,
                today=today,
                horizon_months=horizon,
                backfill=backfill and not have,
            )
        except CadenceError as error:
            if commitment_ids is not None:
                # A person's action: they see why, next to the rule.
                raise ValidationError({"cadence_rrule": str(error)}) from error
            # The nightly run: one unusable rule must not stop the others.
            report.refused[commitment.reference] = str(error)
            continue
        missing = [day for day in planned if day not in have]
        new.extend(milestone_build(commitment, day, scheduled=True) for day in missing)
    # ON CONFLICT DO NOTHING: a run overlapping another (the nightly job and a
    # person's cadence edit) skips the days the other has just created.
    inserted = create_missing_with_history(
        new,
        actor_id=actor.pk if actor else None,
        reason=reason,
        when=timezone.now(),
    )
    # Report what the INSERT did (its RETURNING ids), not what this run meant
    # to insert: an overlapping run's days are the other run's to report.
    report.created = _created_days(inserted)
    return report


def _created_days(ids: list[int]) -> dict[str, list[datetime.date]]:
    created: dict[str, list[datetime.date]] = {}
    rows = (
        Milestone.objects.filter(pk__in=ids)
        .order_by("commitment__reference", "scheduled_date")
        .values_list("commitment__reference", "scheduled_date")
    )
    for reference, day in rows:
        created.setdefault(reference, []).append(day)
    return created


@transaction.atomic
def milestones_regenerate(
    *,
    commitment: Commitment,
    as_of: datetime.datetime,
    actor: AbstractBaseUser | None,
    reason: str = "",
) -> GenerationReport:
    """After a cadence change: drop untouched future milestones (no follow-up,
    no reminder sent, not moved or extra), with history, then generate.
    A person's `reason` (the admin's action) goes on every history row."""
    commitment = generation_queryset().filter(pk=commitment.pk).first() or commitment
    today = local_date(as_of, commitment.agreement.time_zone)
    try:
        wanted = set(
            planned_days(
                commitment,
                today=today,
                horizon_months=settings.TRACKER_HORIZON_MONTHS,
            )
        )
    except CadenceError as error:
        raise ValidationError({"cadence_rrule": str(error)}) from error
    report = GenerationReport()
    untouched = (
        Milestone.objects.filter(
            commitment=commitment,
            is_extra=False,
            status__in=[StatusChoices.PLANNED, StatusChoices.DUE_SOON],
            due_date__gt=today,
        )
        .annotate(followup_count=Count("followups"))
        .filter(followup_count=0)
        # Someone was reminded of it: the reminder stays on record, so does it.
        .exclude(deliveries__isnull=False)
    )
    for milestone in untouched:
        if milestone.scheduled_date in wanted or milestone.is_rescheduled:
            continue
        report.removed.setdefault(commitment.reference, []).append(milestone.due_date)
        milestone._history_user = actor
        milestone._change_reason = reason or "cadence changed"
        milestone.delete()
    generated = milestones_generate(
        as_of=as_of,
        actor=actor,
        commitment_ids=[commitment.pk],
        backfill=False,
        reason=reason or GENERATION_REASON,
    )
    report.created = generated.created
    return report


def _locked(milestone: Milestone) -> Milestone:
    return (
        Milestone.objects.select_for_update()
        .select_related("commitment__agreement")
        .get(pk=milestone.pk)
    )


@transaction.atomic
def milestone_transition(
    *,
    milestone: Milestone,
    status: str,
    actor: AbstractBaseUser | None,
    reason: str = "",
    completed_on: datetime.date | None = None,
) -> Milestone:
    """Move a milestone through the lifecycle; a same-status call changes nothing."""
    check_dates(completed_on=completed_on)
    locked = _locked(milestone)
    try:
        changed = lifecycle.check_transition(locked.status, status, reason=reason)
    except lifecycle.TransitionError as error:
        raise ValidationError(str(error)) from error
    if not changed:
        return locked
    locked.status = status
    locked.status_reason = reason
    if status == StatusChoices.DONE:
        locked.completed_on = completed_on or local_date(
            datetime.datetime.now(datetime.UTC), locked.commitment.agreement.time_zone
        )
    else:
        locked.completed_on = None
    if status == StatusChoices.PLANNED:
        locked.overdue_flagged_at = None
    save_with_history(locked, actor=actor, reason=reason or f"marked {status}")
    commitment_status_refresh(commitment=locked.commitment, actor=actor, reason=reason)
    return locked


@transaction.atomic
def milestone_move(
    *,
    milestone: Milestone,
    due_date: datetime.date,
    actor: AbstractBaseUser | None,
    reason: str,
) -> Milestone:
    """Move one occurrence to another day (reason required); the plan date stays."""
    if not reason.strip():
        raise ValidationError("Say why the milestone moves.")
    check_dates(due_date=due_date)
    locked = _locked(milestone)
    if not lifecycle.is_open(locked.status):
        raise ValidationError(
            "A closed milestone cannot be rescheduled; reopen it first."
        )
    fresh = milestone_build(locked.commitment, due_date, scheduled=False)
    locked.due_date, locked.due_at = fresh.due_date, fresh.due_at
    locked.non_working_note = fresh.non_working_note
    # The sweep decides afresh whether the new date is due soon or overdue.
    locked.status, locked.overdue_flagged_at = StatusChoices.PLANNED, None
    save_with_history(locked, actor=actor, reason=reason)
    commitment_status_refresh(commitment=locked.commitment, actor=actor, reason=reason)
    return locked


def suggest_working_day(milestone: Milestone) -> datetime.date:
    """The first day on or after the due date that is a working day for every party."""
    return calendars.next_working_day(
        milestone.due_date, _party_codes(milestone.commitment)
    )


@transaction.atomic
def milestone_add(
    *,
    commitment: Commitment,
    due_date: datetime.date,
    actor: AbstractBaseUser | None,
    reason: str,
    title: str = "",
) -> Milestone:
    """Add an extra occurrence outside the cadence (an extra JWG meeting)."""
    check_dates(due_date=due_date)
    milestone = milestone_build(commitment, due_date, scheduled=False, title=title)
    save_with_history(milestone, actor=actor, reason=reason)
    commitment_status_refresh(commitment=commitment, actor=actor, reason=reason)
    return milestone


@transaction.atomic
def milestone_revise(
    *,
    milestone: Milestone,
    title: str,
    due_date: datetime.date,
    actor: AbstractBaseUser | None,
    reason: str,
) -> Milestone:
    """Rename an occurrence and/or move it to another day, with one reason."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the milestone changes."})
    check_dates(due_date=due_date)
    locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if locked.title != title:
        locked.title = title
        save_with_history(locked, actor=actor, reason=reason)
    if locked.due_date != due_date:
        locked = milestone_move(
            milestone=locked, due_date=due_date, actor=actor, reason=reason
        )
    return locked
