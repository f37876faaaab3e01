"""The trend: milestones open, overdue and done at each week's end, from history."""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import (
    Count,
    Q,
    QuerySet,
)

from commitments.models import (
    Commitment,
    Milestone,
)
from core.db_router import reporting_connection
from reporting.scope import (
    Scope,
    commitment_conditions,
    milestone_conditions,
)
from reporting.selectors import summary

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
    ids.append(scope.visibility_key())
    return f"reporting:trend:v2:{':'.join(map(str, ids))}:{moment.timestamp():.0f}"


def dashboard_trend(
    scope: Scope, *, points: list[datetime.datetime], now: datetime.datetime
) -> list[TrendPoint]:
    """Milestones per state at each week end, read from the history tables.

    A milestone's state at a moment is that of its latest history row at or
    before it. Settled points come from the cache; the missing ones are
    computed in one SQL pass over the history (_trend_from_history) and
    cached. No query at all once cached; two when not.
    """
    scope = scope.without_dates()
    settled = [point for point in points if point <= now - TREND_SETTLED]
    keys = {point: _trend_key(scope, point) for point in settled}
    found = cache.get_many(list(keys.values())) if keys else {}
    values = {point: found[keys[point]] for point in settled if keys[point] in found}
    # The whole portfolio's settled weeks are also stored in the database, so
    # an emptied cache does not send the pass over the history again.
    stored = _stores_weeks(scope)
    if stored:
        values.update(summary.trend_weeks_read([p for p in settled if p not in values]))
    # Usually only the newest week is missing: the pass then reads one week
    # of history, not the whole window's.
    missing = [point for point in points if point not in values]
    if missing:
        computed = dict(zip(missing, _trend_from_history(scope, missing), strict=True))
        values.update(computed)
        if stored:
            summary.trend_weeks_store({p: v for p, v in computed.items() if p in keys})
    uncached = {keys[p]: values[p] for p in settled if keys[p] not in found}
    if uncached:
        cache.set_many(uncached, TREND_CACHE_SECONDS)
    return [TrendPoint(at=point, **values[point]) for point in points]


def _stores_weeks(scope: Scope) -> bool:
    # Only the unfiltered trend: which commitments a filter holds can change
    # (a side added), while history rows, once written, never do.
    return summary.summary_available() and not (
        scope.agreement or scope.party or scope.institution or scope.is_narrowed
    )


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
    if scope.visible is not None and not scope.visible:
        # A viewer who sees no agreement: nothing to count (and an empty IN
        # cannot be written into the history query's SQL).
        return [dict.fromkeys(TREND_BUCKETS, 0) for _ in points]
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
    adapt = reporting_connection().ops.adapt_datetimefield_value
    moments = [adapt(point) for point in points]
    first = moments[0]
    in_scope, scope_params = "", []
    if scope.agreement or scope.party or scope.institution or scope.is_narrowed:
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
    # Only table names and generated CASE arms are formatted in; values are
    # parameters.
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
    """  # noqa: S608  # nosec B608
    params = [first, *scope_params, *from_params, *to_params]
    touched_in: dict[tuple[int, str], int] = {}
    touched_out: dict[tuple[int, str], int] = {}
    touched_now: dict[str, int] = {}
    with reporting_connection().cursor() as cursor:
        cursor.execute(sql, params)
        for kind, index, name, count in cursor.fetchall():
            if kind == "in":
                touched_in[(index, name)] = count
            elif kind == "out":
                touched_out[(index, name)] = count
            else:
                touched_now[name] = count
    return touched_in, touched_out, touched_now
