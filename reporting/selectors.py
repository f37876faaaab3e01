"""Every read the dashboard needs: one SQL aggregate per panel, so the number of
queries stays the same however many commitments and milestones there are.

Figures are counted with the conditions of reporting.scope, the same ones the
lists behind their links apply.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import (
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)

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

    @property
    def base(self) -> str:
        """Which of the rows a partial index holds this figure counts among."""
        if self.timeliness:
            return "due"
        return "overdue" if self.status == StatusChoices.OVERDUE else "open"


@contextmanager
def dashboard_reads() -> Iterator[None]:
    """One transaction for a page's aggregates, with PostgreSQL's JIT off.

    JIT compiles a plan when its estimated cost is high, which these counts
    over a million rows are; the compiling (about 90 ms a query here) costs
    more than it saves on queries that read an index for tens of milliseconds.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield


def _days(today: datetime.date, days: int) -> datetime.date:
    return today + datetime.timedelta(days=days)


def milestone_figures(scope: Scope, *, today: datetime.date) -> list[MilestoneFigure]:
    """The headline milestone figures, each narrowed to the scope's date range,
    and the open milestones due in each week of the coming quarter (not
    narrowed: the calendar always shows the quarter)."""
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
    for week in range(CALENDAR_WEEKS):
        start, end = _days(today, 7 * week), _days(today, 7 * week + 6)
        figures.append(
            MilestoneFigure(
                f"week_{week}", f"{start:%d %b}", OPEN_PARAM, "", start, end
            )
        )
    return figures


def dashboard_milestone_counts(
    scope: Scope, figures: list[MilestoneFigure], *, now: datetime.datetime
) -> dict[str, int]:
    """Every milestone figure, in one query per kind (overdue, open, due so far).

    Each query is restricted to the rows one partial index holds (migration
    reporting 0002), so PostgreSQL counts from the index, not the table.
    """
    conditions = milestone_conditions(scope.without_dates())
    found: dict[str, int] = {}
    for base in ("overdue", "open", "due"):
        chosen = [figure for figure in figures if figure.base == base]
        if not chosen:
            continue
        restrict = {
            "overdue": Q(status=StatusChoices.OVERDUE),
            "due": Q(due_at__lte=now) & ~Q(status=StatusChoices.CANCELLED),
            "open": Q(status__in=OPEN),
        }[base]
        if base == "open":
            starts = [f.due_after for f in chosen]
            ends = [f.due_before for f in chosen]
            if None not in starts:
                restrict &= Q(due_date__gte=min(starts))
            if None not in ends:
                restrict &= Q(due_date__lte=max(ends))
        counts = {figure.key: Count("id", filter=figure.q(now)) for figure in chosen}
        found.update(
            Milestone.objects.filter(restrict, *conditions).aggregate(**counts)
        )
    return {key: value or 0 for key, value in found.items()}


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

    The definitions of commitments.selectors.with_cadence_compliance. One
    pass groups the milestones due so far per commitment; window sums give
    the totals beside the worst rows; a second query loads those commitments.
    """
    due = milestone_q(
        now=now,
        timeliness="due",
        due_after=scope.date_from,
        due_before=scope.date_to,
    )
    rows = (
        Milestone.objects.filter(due, *milestone_conditions(scope.without_dates()))
        .exclude(commitment__cadence_rrule="")
        .values("commitment_id", "status", "completed_on", "due_date")
    )
    inner, params = rows.query.sql_with_params()
    done = StatusChoices.DONE.value
    sql = f"""
        SELECT commitment_id, due, held, SUM(due) OVER (), SUM(held) OVER (),
               COUNT(*) OVER ()
        FROM (
            SELECT m.commitment_id, COUNT(*) AS due,
                   SUM(CASE WHEN m.status = '{done}'
                            AND m.completed_on <= m.due_date THEN 1 ELSE 0 END)
                       AS held
            FROM ({inner}) m
            GROUP BY m.commitment_id
        ) per_commitment
        ORDER BY held * 1.0 / due, due DESC, commitment_id
        LIMIT %s
    """  # noqa: S608 - the inner query is Django's, with its own parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        found = cursor.fetchall()
    if not found:
        return Cadence()
    commitments = Commitment.objects.select_related("agreement").in_bulk(
        [row[0] for row in found]
    )
    worst = []
    for commitment_id, due_count, held_count, *_ in found:
        commitment = commitments[commitment_id]
        commitment.due_so_far, commitment.held_on_time = due_count, held_count
        commitment.rate = held_count / due_count
        worst.append(commitment)
    _, _, _, total_due, total_held, count = found[0]
    return Cadence(
        held=int(total_held), due=int(total_due), commitments=count, rows=worst
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
    """Week ends (the midnight starting a Monday, local time): the last `weeks`
    before now, or those of the date range; at most MAX_TREND_POINTS, spaced
    by whole weeks. Only complete weeks: this week's figures are the headline."""
    today = now.astimezone(zone).date()
    last = today - datetime.timedelta(days=today.weekday())
    if date_to and date_to < last:
        last = date_to + datetime.timedelta(days=7 - date_to.weekday())
    count = weeks
    if date_from:
        first = date_from + datetime.timedelta(days=7 - date_from.weekday())
        count = max(1, (last - first).days // 7 + 1)
    step = -(-count // MAX_TREND_POINTS)
    mondays = [last - datetime.timedelta(weeks=n) for n in range(0, count, step)]
    return [
        datetime.datetime.combine(monday, datetime.time(), tzinfo=zone)
        for monday in reversed(mondays)
    ]


# A past week's figures never change (history rows are only ever appended), so
# they are cached; the margin keeps a point out of the cache while a
# transaction that started before it may still commit history dated before it.
TREND_CACHE_SECONDS = 8 * 24 * 3600
TREND_SETTLED = datetime.timedelta(hours=1)


def _trend_key(scope: Scope, moment: datetime.datetime) -> str:
    ids = [item.pk if item else "" for item in (scope.agreement, scope.party)]
    ids.append(scope.institution.pk if scope.institution else "")
    return f"reporting:trend:v1:{':'.join(map(str, ids))}:{moment.timestamp():.0f}"


def dashboard_trend(
    scope: Scope, *, points: list[datetime.datetime], now: datetime.datetime
) -> list[TrendPoint]:
    """Milestones per state at each week end, read from the history tables.

    A milestone's state at a moment is that of its latest history row at or
    before it. Settled points come from the cache; when one is missing, all
    are computed in one SQL pass over the history (_trend_from_history) and
    cached. No query at all once cached; two when not.
    """
    scope = scope.without_dates()
    settled = [point for point in points if point <= now - TREND_SETTLED]
    keys = {point: _trend_key(scope, point) for point in settled}
    found = cache.get_many(list(keys.values())) if keys else {}
    if len(found) < len(points):
        values = _trend_from_history(scope, points)
        cache.set_many(
            {keys[p]: v for p, v in zip(points, values, strict=True) if p in keys},
            TREND_CACHE_SECONDS,
        )
        return [
            TrendPoint(at=point, **value)
            for point, value in zip(points, values, strict=True)
        ]
    return [TrendPoint(at=point, **found[keys[point]]) for point in points]


def _trend_from_history(
    scope: Scope, points: list[datetime.datetime]
) -> list[dict[str, int]]:
    """The state counts at each point, in one query over the history.

    Only milestones with history rows after the first point can differ from
    their current state; for them, LEAD() turns their rows into [from, to)
    intervals, each counted in at the first point it covers and out at the
    first it no longer does. Every other milestone keeps its current state at
    every point, so count = current - touched now + touched at the point.
    """
    found = Milestone.objects.filter(*milestone_conditions(scope)).aggregate(
        **{
            bucket: Count("id", filter=Q(status__in=statuses))
            for bucket, statuses in TREND_BUCKETS.items()
        }
    )
    current = {bucket: found[bucket] or 0 for bucket in TREND_BUCKETS}
    commitments = Commitment.objects.filter(*commitment_conditions(scope))
    touched_in, touched_out, touched_now = _trend_deltas(commitments, scope, points)
    values = []
    running = dict.fromkeys(TREND_BUCKETS, 0)
    for index in range(len(points)):
        for bucket in TREND_BUCKETS:
            running[bucket] += touched_in.get((index, bucket), 0)
            running[bucket] -= touched_out.get((index, bucket), 0)
        values.append(
            {
                bucket: current[bucket] - touched_now.get(bucket, 0) + running[bucket]
                for bucket in TREND_BUCKETS
            }
        )
    return values


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
