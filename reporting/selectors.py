"""Every read the dashboard needs: one SQL aggregate per panel, so the number of
queries stays the same however many commitments and milestones there are.

Figures are counted with the conditions of reporting.scope, the same ones the
lists behind their links apply.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Count,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast

from commitments.models import (
    Commitment,
    FollowUp,
    Milestone,
    Obligation,
    StatusChoices,
)
from reporting.scope import (
    OPEN,
    OPEN_PARAM,
    Scope,
    commitment_conditions,
    milestone_conditions,
    milestone_q,
)

STATUSES = list(StatusChoices.values)
# Age of an overdue milestone in days since its due date; the last has no end.
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0–7 days", 0, 7),
    ("8–30 days", 8, 30),
    ("31–90 days", 31, 90),
    ("over 90 days", 91, None),
)
CALENDAR_WEEKS = 13  # the coming quarter
TOP_ROWS = 10


@dataclass(frozen=True)
class MilestoneFigure:
    """A milestone count: what it counts, as the milestone list's parameters."""

    key: str
    label: str
    status: str = ""
    timeliness: str = ""
    due_after: datetime.date | None = None
    due_before: datetime.date | None = None

    def q(self, now: datetime.datetime) -> Q:
        return milestone_q(
            now=now,
            status=self.status,
            timeliness=self.timeliness,
            due_after=self.due_after,
            due_before=self.due_before,
        )

    def params(self) -> dict[str, str]:
        """Only the parameters this figure sets (the scope adds its own)."""
        found = {
            "status": self.status,
            "timeliness": self.timeliness,
            "due_after": self.due_after.isoformat() if self.due_after else "",
            "due_before": self.due_before.isoformat() if self.due_before else "",
        }
        return {key: value for key, value in found.items() if value}


def _days(today: datetime.date, days: int) -> datetime.date:
    return today + datetime.timedelta(days=days)


def milestone_figures(scope: Scope, *, today: datetime.date) -> list[MilestoneFigure]:
    """The headline milestone figures, each narrowed to the scope's date range."""
    figures = []
    for days in (30, 90):
        start, end = scope.window(today, _days(today, days))
        figures.append(
            MilestoneFigure(
                f"due_{days}",
                f"Due in the next {days} days",
                OPEN_PARAM,
                "",
                start,
                end,
            )
        )
    for index, (label, low, high) in enumerate(AGE_BUCKETS):
        # The youngest bucket has no upper end: a milestone of an agreement
        # whose day ends before ours may be overdue on what is still "today".
        latest = _days(today, -low) if index else None
        earliest = _days(today, -high) if high is not None else None
        start, end = scope.window(earliest, latest)
        figures.append(
            MilestoneFigure(f"overdue_{index}", label, "overdue", "", start, end)
        )
    for key, label in (("due", "due so far"), ("on_time", "done on time")):
        figures.append(
            MilestoneFigure(
                f"timely_{key}", label, "", key, scope.date_from, scope.date_to
            )
        )
    return figures


def dashboard_milestone_counts(
    scope: Scope, figures: list[MilestoneFigure], *, now: datetime.datetime
) -> dict[str, int]:
    """Every headline milestone figure and the count per status, in one query."""
    counts = {figure.key: Count("id", filter=figure.q(now)) for figure in figures}
    counts.update(
        {
            f"status_{status}": Count("id", filter=Q(status=status))
            for status in STATUSES
        }
    )
    return Milestone.objects.filter(*milestone_conditions(scope)).aggregate(**counts)


def dashboard_commitment_status(scope: Scope) -> dict[str, int]:
    """Commitments in scope per status, and their total, in one query."""
    counts = {status: Count("id", filter=Q(status=status)) for status in STATUSES}
    return Commitment.objects.filter(*commitment_conditions(scope)).aggregate(
        total=Count("id"), **counts
    )


def _status_counts(path: str = "") -> dict[str, Count]:
    field_name = f"{path}status"
    target = f"{path}id" if path else "id"
    counts = {"total": Count(target)}
    counts.update(
        {status: Count(target, filter=Q(**{field_name: status})) for status in STATUSES}
    )
    return counts


def dashboard_by_agreement(scope: Scope, *, limit: int = TOP_ROWS) -> list[dict]:
    """Agreements with their commitments per status: most overdue first."""
    return list(
        Commitment.objects.filter(*commitment_conditions(scope))
        .values("agreement_id", "agreement__title")
        .annotate(**_status_counts())
        .order_by("-overdue", "-due_soon", "-total", "agreement__title")[:limit]
    )


def _obligations(scope: Scope) -> QuerySet[Obligation]:
    return Obligation.objects.filter(
        *commitment_conditions(scope, prefix="commitment__")
    )


def dashboard_by_party(scope: Scope) -> list[dict]:
    """Each side with the commitments it must act on, per status."""
    return list(
        _obligations(scope)
        .values("party_id", "party__name")
        .annotate(**_status_counts("commitment__"))
        .order_by("party__name")
    )


def dashboard_by_institution(scope: Scope, *, limit: int = TOP_ROWS) -> list[dict]:
    """Lead institutions with the commitments they lead, per status."""
    return list(
        _obligations(scope)
        .filter(lead_institution__isnull=False)
        .values(
            "lead_institution_id",
            "lead_institution__name",
            "lead_institution__acronym",
            "party__name",
        )
        .annotate(**_status_counts("commitment__"))
        .order_by("-overdue", "-due_soon", "-total", "lead_institution__name")[:limit]
    )


def dashboard_by_owner(scope: Scope, *, limit: int = TOP_ROWS) -> list[dict]:
    """Owners (nobody included) with their commitments per status."""
    return list(
        Commitment.objects.filter(*commitment_conditions(scope))
        .values("owner_id", "owner__first_name", "owner__last_name", "owner__username")
        .annotate(**_status_counts())
        .order_by("-overdue", "-due_soon", "-total", "owner__username")[:limit]
    )


@dataclass
class Cadence:
    """Recurring commitments: occurrences held on time of those due so far."""

    held: int = 0
    due: int = 0
    commitments: int = 0
    rows: list[Commitment] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return self.held / self.due if self.due else None


def dashboard_cadence(
    scope: Scope, *, now: datetime.datetime, limit: int = 8
) -> Cadence:
    """Totals over recurring commitments, and those keeping their cadence worst.

    Two queries: the per-commitment counts are computed once in SQL, then
    summed by an outer aggregate and, separately, sorted and cut to `limit`.
    """
    due = Q(milestones__due_at__lte=now) & ~Q(
        milestones__status=StatusChoices.CANCELLED
    )
    if scope.date_from:
        due &= Q(milestones__due_date__gte=scope.date_from)
    if scope.date_to:
        due &= Q(milestones__due_date__lte=scope.date_to)
    held = due & Q(
        milestones__status=StatusChoices.DONE,
        milestones__completed_on__lte=F("milestones__due_date"),
    )
    per_commitment = (
        Commitment.objects.filter(*commitment_conditions(scope.without_dates()))
        .exclude(cadence_rrule="")
        .annotate(
            due_so_far=Count("milestones", filter=due),
            held_on_time=Count("milestones", filter=held),
        )
        .filter(due_so_far__gt=0)
    )
    totals = per_commitment.aggregate(
        held=Sum("held_on_time"),
        due=Sum("due_so_far"),
        commitments=Count("id"),
    )
    rows = list(
        per_commitment.select_related("agreement")
        .annotate(
            rate=Cast(F("held_on_time"), FloatField())
            / Cast(F("due_so_far"), FloatField())
        )
        .order_by("rate", "-due_so_far", "title")[:limit]
    )
    return Cadence(
        held=totals["held"] or 0,
        due=totals["due"] or 0,
        commitments=totals["commitments"] or 0,
        rows=rows,
    )


def last_note_subquery(*, milestone: bool) -> Subquery:
    """The latest follow-up note on a milestone (else on its commitment)."""
    outer = "commitment_id" if milestone else "pk"
    notes = FollowUp.objects.filter(commitment_id=OuterRef(outer)).order_by(
        "-happened_on", "-created_at", "-pk"
    )
    return Subquery(notes.values("note")[:1])


def dashboard_late(scope: Scope, *, limit: int = TOP_ROWS) -> list[Milestone]:
    """The longest-overdue milestones with the last follow-up note on them."""
    latest = FollowUp.objects.filter(
        Q(milestone_id=OuterRef("pk"))
        | Q(commitment_id=OuterRef("commitment_id"), milestone__isnull=True)
    ).order_by("-happened_on", "-created_at", "-pk")
    return list(
        Milestone.objects.filter(
            *milestone_conditions(scope), status=StatusChoices.OVERDUE
        )
        .select_related("commitment__agreement", "commitment__owner")
        .annotate(
            last_note=Subquery(latest.values("note")[:1]),
            last_note_on=Subquery(latest.values("happened_on")[:1]),
        )
        .order_by("due_date", "id")[:limit]
    )


@dataclass(frozen=True)
class CalendarWeek:
    """One week of the coming quarter and the open milestones due in it."""

    start: datetime.date
    end: datetime.date
    count: int


def dashboard_calendar(
    scope: Scope, *, today: datetime.date, weeks: int = CALENDAR_WEEKS
) -> list[CalendarWeek]:
    """Open milestones due in each of the coming weeks, in one query."""
    spans = [(_days(today, 7 * n), _days(today, 7 * n + 6)) for n in range(weeks)]
    counts = {
        f"w{n}": Count("id", filter=Q(due_date__gte=start, due_date__lte=end))
        for n, (start, end) in enumerate(spans)
    }
    found = Milestone.objects.filter(
        *milestone_conditions(scope.without_dates()),
        status__in=OPEN,
        due_date__gte=spans[0][0],
        due_date__lte=spans[-1][1],
    ).aggregate(**counts)
    return [
        CalendarWeek(start, end, found[f"w{n}"] or 0)
        for n, (start, end) in enumerate(spans)
    ]


def dashboard_upcoming(
    scope: Scope, *, today: datetime.date, limit: int = 12
) -> list[Milestone]:
    """The next open milestones of the coming quarter, earliest first."""
    return list(
        Milestone.objects.filter(
            *milestone_conditions(scope.without_dates()),
            status__in=OPEN,
            due_date__gte=today,
            due_date__lte=_days(today, 7 * CALENDAR_WEEKS - 1),
        )
        .select_related("commitment__agreement")
        .order_by("due_date", "id")[:limit]
    )


# --- The trend, from the milestones' history ------------------------------------

TREND_BUCKETS = {
    "open": ("planned", "due_soon"),
    "overdue": ("overdue",),
    "done": ("done",),
}


@dataclass(frozen=True)
class TrendPoint:
    """How many milestones were open (not late), overdue and done at a moment."""

    at: datetime.datetime
    open: int
    overdue: int
    done: int


MAX_TREND_POINTS = 26


def trend_points(
    *,
    now: datetime.datetime,
    zone: datetime.tzinfo,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    weeks: int = 12,
) -> list[datetime.datetime]:
    """Week ends (midnight starting a Monday, local time) up to the end of
    `date_to` or now, back to `date_from` or `weeks` points; at most
    MAX_TREND_POINTS, spaced by whole weeks."""
    today = now.astimezone(zone).date()
    last_day = min(date_to, today) if date_to else today
    monday = last_day - datetime.timedelta(days=last_day.weekday())
    end_of_week = datetime.datetime.combine(monday, datetime.time(), tzinfo=zone)
    last = now if last_day == today else end_of_week + datetime.timedelta(days=7)
    last = min(last, now)
    count = weeks - 1
    if date_from:
        first_monday = date_from - datetime.timedelta(days=date_from.weekday())
        count = max(1, (monday - first_monday).days // 7)
    step = max(1, -(-count // (MAX_TREND_POINTS - 1)))
    earlier = [
        end_of_week - datetime.timedelta(weeks=n)
        for n in range(step * ((count - 1) // step), -1, -step)
    ]
    return [moment for moment in earlier if moment < last] + [last]


def dashboard_trend(
    scope: Scope, *, points: list[datetime.datetime]
) -> list[TrendPoint]:
    """Milestones per state at each moment, read from the history tables.

    A milestone's state at a moment is that of its latest history row at or
    before it. Only milestones with history rows after the first moment can
    differ from their current state; for them, one pass with LEAD() turns rows
    into [from, to) intervals, each counted in and out at the first point it
    covers and the first it no longer does. Everything else keeps its current
    state at every point. Two queries, whatever the number of rows or points.
    """
    commitments = Commitment.objects.filter(
        *commitment_conditions(scope.without_dates())
    )
    current = Milestone.objects.filter(
        *milestone_conditions(scope.without_dates())
    ).aggregate(
        **{
            bucket: Count("id", filter=Q(status__in=statuses))
            for bucket, statuses in TREND_BUCKETS.items()
        }
    )
    touched_in, touched_out, touched_now = _trend_deltas(commitments, scope, points)
    result = []
    running = dict.fromkeys(TREND_BUCKETS, 0)
    for index, moment in enumerate(points):
        for bucket in TREND_BUCKETS:
            running[bucket] += touched_in.get((index, bucket), 0)
            running[bucket] -= touched_out.get((index, bucket), 0)
        values = {
            bucket: (current[bucket] or 0)
            - touched_now.get(bucket, 0)
            + running[bucket]
            for bucket in TREND_BUCKETS
        }
        result.append(TrendPoint(at=moment, **values))
    return result


def _trend_deltas(
    commitments: QuerySet[Commitment],
    scope: Scope,
    points: list[datetime.datetime],
) -> tuple[dict, dict, dict]:
    history = Milestone.history.model._meta.db_table
    adapt = connection.ops.adapt_datetimefield_value
    moments = [adapt(point) for point in points]
    first = moments[0]
    in_scope, scope_params = "", []
    if scope.agreement or scope.party or scope.institution:
        sql, params = commitments.values("pk").query.sql_with_params()
        in_scope, scope_params = f"AND h.commitment_id IN ({sql})", list(params)

    def point_index(column: str) -> tuple[str, list]:
        whens = " ".join(f"WHEN {column} <= %s THEN {n}" for n in range(len(moments)))
        return f"CASE {whens} ELSE {len(moments)} END", list(moments)

    bucket_cases = " ".join(
        f"WHEN status IN ({', '.join(repr(s) for s in statuses)}) THEN '{bucket}'"
        for bucket, statuses in TREND_BUCKETS.items()
    )
    bucket = f"CASE {bucket_cases} ELSE 'other' END"
    from_index, from_params = point_index("valid_from")
    to_index, to_params = point_index("valid_to")
    sql = f"""
        WITH touched AS (
            SELECT DISTINCT h.id FROM {history} h
            WHERE h.history_date > %s {in_scope}
        ),
        intervals AS (
            SELECT h.status, h.history_type, h.history_date AS valid_from,
                   LEAD(h.history_date) OVER (
                       PARTITION BY h.id ORDER BY h.history_date, h.history_id
                   ) AS valid_to
            FROM {history} h
            WHERE h.id IN (SELECT id FROM touched)
        )
        SELECT 'in', {from_index}, {bucket}, COUNT(*) FROM intervals
        WHERE history_type <> '-' GROUP BY 2, 3
        UNION ALL
        SELECT 'out', {to_index}, {bucket}, COUNT(*) FROM intervals
        WHERE history_type <> '-' AND valid_to IS NOT NULL GROUP BY 2, 3
        UNION ALL
        SELECT 'now', 0, {bucket}, COUNT(*) FROM intervals
        WHERE history_type <> '-' AND valid_to IS NULL GROUP BY 3
    """  # noqa: S608 - only table names and generated CASE arms are formatted in
    params = [first, *scope_params, *from_params, *to_params]
    touched_in: dict[tuple[int, str], int] = {}
    touched_out: dict[tuple[int, str], int] = {}
    touched_now: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, index, name, count in cursor.fetchall():
            if kind == "in":
                touched_in[(index, name)] = count
            elif kind == "out":
                touched_out[(index, name)] = count
            else:
                touched_now[name] = count
    return touched_in, touched_out, touched_now


# --- The lists behind the figures, and their exports ------------------------------


def milestone_report_list() -> QuerySet[Milestone]:
    """Milestones with their commitment, agreement, owner and sides; earliest due
    first."""
    return (
        Milestone.objects.select_related("commitment__agreement", "commitment__owner")
        .prefetch_related(
            Prefetch(
                "commitment__obligations",
                queryset=Obligation.objects.select_related("party", "lead_institution"),
            )
        )
        .order_by("due_date", "id")
    )


def followup_report_list() -> QuerySet[FollowUp]:
    """Follow-ups with their commitment, agreement, milestone and author; newest
    first."""
    return FollowUp.objects.select_related(
        "commitment__agreement", "milestone", "author"
    ).order_by("-happened_on", "-created_at", "-pk")
