"""The dashboard's figures read from the tallies PostgreSQL keeps (migration
reporting 0006, docs/reporting.md "The summary behind the dashboard").

Each function answers exactly what its from-scratch counterpart in
reporting.selectors.figures counts, for the scopes it `covers`; the callers
fall back to the domain tables otherwise, and always on SQLite (the demo has
no tallies). Date-relative figures read the tallies by due date; the few
milestones whose due day is still ending somewhere are read from the
milestone table itself.
"""

import datetime

from django.db import connection

from commitments.models import StatusChoices
from core.db_router import reporting_connection
from reporting.scope import OPEN, Scope

# Tests set this to run the from-scratch path on PostgreSQL too.
FORCE_FROM_SCRATCH = False
STATUSES = list(StatusChoices.values)
TREND_COLUMNS = ("open", "overdue", "done")


def summary_available() -> bool:
    return connection.vendor == "postgresql" and not FORCE_FROM_SCRATCH


def covers_commitments(scope: Scope) -> bool:
    """The commitment and side tallies hold every commitment by agreement, so
    they answer the whole portfolio, one agreement, or a viewer's agreements
    (summed over them); a side, a lead or a date range is counted from scratch."""
    return summary_available() and not (
        scope.party or scope.institution or scope.date_from or scope.date_to
    )


def covers_milestones(scope: Scope) -> bool:
    """The milestone tally is by due date and status, not by commitment: it
    answers only a viewer who sees every agreement."""
    return summary_available() and not (
        scope.agreement or scope.party or scope.institution or scope.is_narrowed
    )


def covers_misses(scope: Scope) -> bool:
    """The misses are per commitment, not by due date: the whole portfolio."""
    return summary_available() and not scope.params() and not scope.is_narrowed


def _rows(sql: str, params: list) -> list[tuple]:
    # Reads: the reporting database (the replica when there is one).
    with reporting_connection().cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _grouped(rows: list[tuple], ident: str) -> list[dict]:
    """(id, status, count) rows as the ORM's grouped status counts."""
    groups: dict = {}
    for key, status, count in rows:
        row = groups.get(key)
        if row is None:
            row = groups[key] = {ident: key, "total": 0, **dict.fromkeys(STATUSES, 0)}
        row[status] += count
        row["total"] += count
    return [row for row in groups.values() if row["total"]]


def tally_breakdowns(scope: Scope) -> tuple[list[dict], list[dict], list[dict]]:
    """Commitments per status by owner, by agreement, and by side and lead:
    the rows of dashboard_breakdowns' three grouped queries, in two reads."""
    clauses, params = [], []
    if scope.agreement:
        clauses.append("agreement_id = %s")
        params.append(scope.agreement.pk)
    if scope.visible is not None:
        # The viewer's agreements: the per-agreement tallies summed over them.
        clauses.append("agreement_id = ANY(%s)")
        params.append(sorted(scope.visible))
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    # One pass for owners and agreements; 0 stands for "nobody".
    found = _rows(
        f"""
        SELECT GROUPING(owner_id), owner_id, agreement_id, status, sum(n)
        FROM reporting_commitment_tally {where}
        GROUP BY GROUPING SETS ((owner_id, status), (agreement_id, status))
        HAVING sum(n) <> 0
        """,  # noqa: S608  # nosec B608: a constant clause; values are parameters
        params,
    )
    owners = _grouped(
        [(owner or None, status, n) for by, owner, _, status, n in found if not by],
        "owner_id",
    )
    agreements = _grouped(
        [(agreement, status, n) for by, _, agreement, status, n in found if by],
        "agreement_id",
    )
    sides = _rows(
        f"""
        SELECT party_id, lead_institution_id, status, sum(n)
        FROM reporting_side_tally {where}
        GROUP BY 1, 2, 3 HAVING sum(n) <> 0
        """,  # noqa: S608  # nosec B608
        params,
    )
    side_groups: dict = {}
    for party, lead, status, count in sides:
        key = (party, lead or None)
        row = side_groups.get(key)
        if row is None:
            row = side_groups[key] = {
                "party_id": party,
                "lead_institution_id": lead or None,
                "total": 0,
                **dict.fromkeys(STATUSES, 0),
            }
        row[status] += count
        row["total"] += count
    return owners, agreements, [row for row in side_groups.values() if row["total"]]


def tally_milestone_counts(figures: list) -> dict[str, int]:
    """The overdue and open milestone figures (MilestoneFigure) in one read
    of the milestone tally: each a status set and a due-date window."""
    sums, params = [], []
    for figure in figures:
        statuses = [StatusChoices.OVERDUE.value] if figure.base == "overdue" else OPEN
        condition = "status = ANY(%s)"
        params.append(statuses)
        if figure.due_after:
            condition += " AND due_date >= %s"
            params.append(figure.due_after)
        if figure.due_before:
            condition += " AND due_date <= %s"
            params.append(figure.due_before)
        sums.append(f"coalesce(sum(n) FILTER (WHERE {condition}), 0)")
    if not sums:
        return {}
    sql = f"SELECT {', '.join(sums)} FROM reporting_milestone_tally"  # noqa: S608  # nosec B608
    values = _rows(sql, params)[0]
    return {
        figure.key: int(value) for figure, value in zip(figures, values, strict=True)
    }


def settled_cutoff(now: datetime.datetime) -> tuple[datetime.date, datetime.datetime]:
    """The last due date whose day has ended in every time zone by `now`, and
    an instant before which no later due day can end.

    A due day ends at the next local midnight, between 14 hours before and
    12 hours after the UTC one (the IANA zones' range): so two days back is
    over everywhere, and a later day ends after the cutoff's UTC midnight.
    """
    today = now.astimezone(datetime.UTC).date()
    cutoff = today - datetime.timedelta(days=2)
    floor = datetime.datetime.combine(cutoff, datetime.time(), tzinfo=datetime.UTC)
    return cutoff, floor


def tally_timeliness(scope: Scope, *, cutoff: datetime.date) -> dict[str, int]:
    """Due so far and done on time, all and recurring, among milestones due
    on or before `cutoff` (and in the scope's date range)."""
    condition, params = "due_date <= %s", [cutoff]
    if scope.date_from:
        condition += " AND due_date >= %s"
        params.append(scope.date_from)
    if scope.date_to:
        condition += " AND due_date <= %s"
        params.append(scope.date_to)
    found = _rows(
        f"""
        SELECT coalesce(sum(n), 0),
               coalesce(sum(n) FILTER (WHERE on_time), 0),
               coalesce(sum(n) FILTER (WHERE recurring), 0),
               coalesce(sum(n) FILTER (WHERE recurring AND on_time), 0)
        FROM reporting_milestone_tally
        WHERE status <> 'cancelled' AND {condition}
        """,  # noqa: S608  # nosec B608
        params,
    )[0]
    return dict(
        zip(
            ("due", "held", "cadence_due", "cadence_held"), map(int, found), strict=True
        )
    )


MISSES_SQL = """
WITH tally AS (
    SELECT commitment_id, sum(n) AS n FROM reporting_miss_tally GROUP BY 1
),
-- Counted in the tally, but their due day has not ended: not yet due.
early AS (
    SELECT m.commitment_id, -1 AS n FROM commitments_milestone m
    WHERE m.status IN ('overdue', 'missed', 'done') AND m.due_at > %(now)s
      AND (m.status <> 'done' OR m.completed_on > m.due_date)
),
-- Not in the tally (still open, not yet flagged) but their due day is over.
unflagged AS (
    SELECT m.commitment_id, 1 AS n FROM commitments_milestone m
    WHERE m.status IN ('planned', 'due_soon') AND m.due_at <= %(now)s
),
adjust AS (
    SELECT a.commitment_id, sum(a.n) AS n
    FROM (SELECT * FROM early UNION ALL SELECT * FROM unflagged) a
    JOIN commitments_commitment c ON c.id = a.commitment_id
    WHERE c.cadence_rrule <> ''
    GROUP BY 1
)
SELECT coalesce(t.commitment_id, a.commitment_id) AS id,
       coalesce(t.n, 0) + coalesce(a.n, 0) AS missed
FROM tally t FULL JOIN adjust a ON a.commitment_id = t.commitment_id
WHERE coalesce(t.n, 0) + coalesce(a.n, 0) > 0
ORDER BY missed DESC, id
LIMIT %(limit)s
"""


def tally_most_missed(*, now: datetime.datetime, limit: int) -> list[int]:
    """The recurring commitments with the most occurrences due so far and not
    held on time, most first (ties by id): the tally of misses, less those
    whose due day has not ended, plus open ones the sweep has not flagged yet
    (both read from the status/due_at index)."""
    return [row[0] for row in _rows(MISSES_SQL, {"now": now, "limit": limit})]


def trend_weeks_read(points: list[datetime.datetime]) -> dict:
    """The stored unfiltered trend at these week ends."""
    if not points:
        return {}
    found = _rows(
        "SELECT at, open, overdue, done FROM reporting_trend_week WHERE at = ANY(%s)",
        [points],
    )
    return {
        at: {"open": open_, "overdue": overdue, "done": done}
        for at, open_, overdue, done in found
    }


def trend_weeks_store(values: dict) -> None:
    """Store settled week ends once (a second writer's copy is the same)."""
    if not values:
        return
    points = list(values)
    columns = [
        [values[at][name] for at in points] for name in ("open", "overdue", "done")
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO reporting_trend_week (at, open, overdue, done) "
            "SELECT * FROM unnest(%s::timestamptz[], %s::int[], %s::int[], %s::int[]) "
            "ON CONFLICT (at) DO NOTHING",
            [points, *columns],
        )
