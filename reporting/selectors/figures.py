"""The aggregate reads behind the dashboard and the weekly summary: one SQL
aggregate per panel, so the number of queries stays the same however many
commitments and milestones there are.

Figures are counted with the conditions of reporting.scope, the same ones the
lists behind their links apply.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import (
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commitments.models import (
    Agreement,
    Commitment,
    FollowUp,
    Institution,
    Milestone,
    Obligation,
    Party,
    StatusChoices,
)
from core.country_names import country_name
from core.db_router import reporting_connection
from reporting.scope import (
    OPEN,
    OPEN_PARAM,
    Scope,
    commitment_conditions,
    milestone_conditions,
    milestone_q,
)
from reporting.selectors import summary

STATUSES = list(StatusChoices.values)
# Age of an overdue milestone in days since its due date; the last has no end.
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    (gettext_lazy("0–7 days"), 0, 7),
    (gettext_lazy("8–30 days"), 8, 30),
    (gettext_lazy("31–90 days"), 31, 90),
    (gettext_lazy("over 90 days"), 91, None),
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

    def q(self, now: datetime.datetime, *, with_status: bool = True) -> Q:
        return milestone_q(
            now=now,
            status=self.status if with_status else "",
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
    # On the database the reads go to (the replica when there is one), or
    # the settings would hold for a transaction that reads nothing.
    database = reporting_connection()
    with transaction.atomic(using=database.alias):
        if database.vendor == "postgresql":
            with database.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
                # Group-bys over 100,000 commitments sort on disk at 4 MB.
                cursor.execute("SET LOCAL work_mem = '64MB'")
                cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
                cursor.execute("SET LOCAL random_page_cost = 1.1")
        yield


def _days(today: datetime.date, days: int) -> datetime.date:
    return today + datetime.timedelta(days=days)


def milestone_figures(scope: Scope, *, today: datetime.date) -> list[MilestoneFigure]:
    """The headline milestone figures, each narrowed to the scope's date range,
    and the open milestones due in each week of the coming quarter (not
    narrowed: the calendar always shows the quarter)."""
    figures = headline_figures(scope, today=today)
    for week in range(CALENDAR_WEEKS):
        start, end = _days(today, 7 * week), _days(today, 7 * week + 6)
        figures.append(
            MilestoneFigure(
                f"week_{week}",
                date_format(start, "j M"),
                OPEN_PARAM,
                "",
                start,
                end,
            )
        )
    return figures


def headline_figures(scope: Scope, *, today: datetime.date) -> list[MilestoneFigure]:
    """Due in the next 30 and 90 days, overdue by age, due so far and done on
    time: the milestone figures the dashboard and the weekly summary share."""
    figures = []
    for days in (30, 90):
        start, end = scope.window(today, _days(today, days))
        figures.append(
            MilestoneFigure(
                f"due_{days}",
                _("Due in the next %(days)s days") % {"days": days},
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
            MilestoneFigure(f"overdue_{index}", str(label), "overdue", "", start, end)
        )
    for key, label in (("due", _("due so far")), ("on_time", _("done on time"))):
        figures.append(
            MilestoneFigure(
                f"timely_{key}", label, "", key, scope.date_from, scope.date_to
            )
        )
    return figures


def dashboard_milestone_counts(
    scope: Scope, figures: list[MilestoneFigure], *, now: datetime.datetime
) -> dict[str, int]:
    """The overdue and open milestone figures, in one query each.

    Each query is restricted to the rows one partial index holds (migration
    reporting 0002), so PostgreSQL counts from the index, not the table.
    """
    if summary.covers_milestones(scope):
        return summary.tally_milestone_counts(
            [figure for figure in figures if figure.base != "due"]
        )
    conditions = milestone_conditions(scope.without_dates())
    found: dict[str, int] = {}
    # The "due so far" figures come from dashboard_timeliness.
    for base in ("overdue", "open"):
        chosen = [figure for figure in figures if figure.base == base]
        if not chosen:
            continue
        restrict = {
            "overdue": Q(status=StatusChoices.OVERDUE),
            "open": Q(status__in=OPEN),
        }[base]
        if base == "open":
            starts = [f.due_after for f in chosen]
            ends = [f.due_before for f in chosen]
            if None not in starts:
                restrict &= Q(due_date__gte=min(starts))
            if None not in ends:
                restrict &= Q(due_date__lte=max(ends))
        # The restriction already holds the status: leaving it out of each
        # FILTER, and counting due_date (never null) rather than id, lets
        # PostgreSQL count from the partial index alone.
        counts = {
            figure.key: Count("due_date", filter=figure.q(now, with_status=False))
            for figure in chosen
        }
        found.update(
            Milestone.objects.filter(restrict, *conditions).aggregate(**counts)
        )
    return {key: value or 0 for key, value in found.items()}


def _status_counts(path: str = "") -> dict[str, Count]:
    field_name = f"{path}status"
    target = f"{path}id" if path else "id"
    counts = {"total": Count(target)}
    counts.update(
        {status: Count(target, filter=Q(**{field_name: status})) for status in STATUSES}
    )
    return counts


def commitment_status_counts(scope: Scope) -> dict[str, int]:
    """Commitments in scope per status, and their total, in one aggregate: the
    overall figures of dashboard_breakdowns without its groups."""
    return Commitment.objects.filter(*commitment_conditions(scope)).aggregate(
        **_status_counts()
    )


def _ranked(rows: list[dict], ident: str, limit: int) -> list[dict]:
    # Most overdue first: what a manager asks about.
    def key(row: dict) -> tuple:
        return (-row["overdue"], -row["due_soon"], -row["total"], row[ident] or 0)

    return sorted(rows, key=key)[:limit]


def _summed(rows: list[dict], keys: tuple[str, ...]) -> dict:
    total = {key: rows[0][key] for key in keys} if rows else {}
    for status in ("total", *STATUSES):
        total[status] = sum(row[status] for row in rows)
    return total


@dataclass
class Breakdowns:
    """Commitments per status: overall, and per agreement, owner, side, lead."""

    status: dict[str, int]
    by_agreement: list[dict]
    by_owner: list[dict]
    by_party: list[dict]
    by_institution: list[dict]


def _counted_breakdowns(scope: Scope) -> tuple[list[dict], list[dict], list[dict]]:
    """The three grouped queries over the domain tables."""
    commitments = Commitment.objects.filter(*commitment_conditions(scope)).order_by()
    owners = list(commitments.values("owner_id").annotate(**_status_counts()))
    agreements = list(commitments.values("agreement_id").annotate(**_status_counts()))
    sides = list(
        Obligation.objects.filter(*commitment_conditions(scope, prefix="commitment__"))
        .order_by()
        .values("party_id", "lead_institution_id")
        .annotate(**_status_counts("commitment__"))
    )
    return owners, agreements, sides


def dashboard_breakdowns(scope: Scope, *, limit: int = TOP_ROWS) -> Breakdowns:
    """Three grouped queries: per owner (their sum is the overall count), per
    agreement, and per side and lead institution together (a commitment has
    one obligation per side, so a side's count is the sum of its leads').

    Groups are by id only, so no name is joined to a hundred thousand rows;
    the few names shown are read afterwards (three small queries). Ranking
    and sums run over the groups, not over commitments.
    """
    if summary.covers_commitments(scope):
        owners, agreements, sides = summary.tally_breakdowns(scope)
    else:
        owners, agreements, sides = _counted_breakdowns(scope)
    status = _summed(owners, ())
    for value in ("total", *STATUSES):
        status.setdefault(value, 0)
    top_agreements = _ranked(agreements, "agreement_id", limit)
    top_owners = _ranked(owners, "owner_id", limit)
    leads = [row for row in sides if row["lead_institution_id"] is not None]
    top_leads = _ranked(leads, "lead_institution_id", limit)
    titles = dict(
        Agreement.objects.filter(
            pk__in=[row["agreement_id"] for row in top_agreements]
        ).values_list("pk", "title")
    )
    people = get_user_model().objects.in_bulk(
        [row["owner_id"] for row in top_owners if row["owner_id"]]
    )
    names = {party.pk: party for party in Party.objects.all()}
    institutions = Institution.objects.in_bulk(
        [row["lead_institution_id"] for row in top_leads]
    )
    by_party: dict[int, list[dict]] = {}
    for row in sides:
        by_party.setdefault(row["party_id"], []).append(row)
    for row in top_agreements:
        row["name"] = titles.get(row["agreement_id"], "")
    for row in top_owners:
        row["name"] = _person(people.get(row["owner_id"]))
    for row in top_leads:
        institution = institutions[row["lead_institution_id"]]
        row["name"] = str(institution)
    parties = [
        {**_summed(rows, ("party_id",)), "name": _party_name(names[party_id])}
        for party_id, rows in by_party.items()
    ]
    return Breakdowns(
        status=status,
        by_agreement=top_agreements,
        by_owner=top_owners,
        by_party=sorted(parties, key=lambda row: row["name"]),
        by_institution=top_leads,
    )


def _party_name(party: Party) -> str:
    # The country's name in the reader's language (CLDR), else the stored one.
    return country_name(party.iso_code, party.name, translation.get_language())


def _person(user) -> str:
    if user is None:
        return _("Nobody (unassigned)")
    return user.get_full_name() or user.get_username()


@dataclass
class Cadence:
    """Recurring commitments: occurrences held on time of those due so far."""

    held: int = 0
    due: int = 0
    rows: list[Commitment] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return self.held / self.due if self.due else None


@dataclass
class Timeliness:
    """Milestones due so far and those done on time: all, and recurring ones."""

    due: int = 0
    held: int = 0
    cadence: Cadence = field(default_factory=Cadence)


@dataclass(frozen=True)
class _TimelinessReads:
    """The conditions the timeliness figures share."""

    due: Q
    held: Q
    recurring: QuerySet
    in_scope: QuerySet


def _timeliness_reads(scope: Scope, now: datetime.datetime) -> _TimelinessReads:
    due = milestone_q(
        now=now, timeliness="due", due_after=scope.date_from, due_before=scope.date_to
    )
    return _TimelinessReads(
        due=due,
        held=Q(status=StatusChoices.DONE, completed_on__lte=F("due_date")),
        recurring=Commitment.objects.exclude(cadence_rrule="").values("pk"),
        in_scope=Milestone.objects.filter(
            due, *milestone_conditions(scope.without_dates())
        ).order_by(),
    )


def timeliness_totals(scope: Scope, *, now: datetime.datetime) -> dict[str, int]:
    """Milestones due so far and done on time, all ("due", "held") and of
    recurring commitments ("cadence_due", "cadence_held"): one pass over the
    due-so-far index, or the tally and the last days' index (two queries)."""
    return _totals(scope, now, _timeliness_reads(scope, now))


def _totals(
    scope: Scope, now: datetime.datetime, reads: _TimelinessReads
) -> dict[str, int]:
    held, in_scope = reads.held, reads.in_scope
    if not summary.covers_milestones(scope):
        return in_scope.aggregate(
            due=Count("due_date"),
            held=Count("due_date", filter=held),
            cadence_due=Count("due_date", filter=Q(commitment__in=reads.recurring)),
            cadence_held=Count(
                "due_date", filter=held & Q(commitment__in=reads.recurring)
            ),
        )
    # Days over everywhere from the tally; the last ones from the index.
    cutoff, floor = summary.settled_cutoff(now)
    totals = summary.tally_timeliness(scope, cutoff=cutoff)
    # A join to the few commitments, not a pass over every recurring one.
    cadence = ~Q(commitment__cadence_rrule="")
    ending = in_scope.filter(due_date__gt=cutoff, due_at__gt=floor).aggregate(
        due=Count("due_date"),
        held=Count("due_date", filter=held),
        cadence_due=Count("due_date", filter=cadence),
        cadence_held=Count("due_date", filter=held & cadence),
    )
    for key, value in ending.items():
        totals[key] += value
    return totals


def dashboard_timeliness(
    scope: Scope, *, now: datetime.datetime, limit: int = 8
) -> Timeliness:
    """The on-time rate, cadence compliance, and the recurring commitments that
    missed most occurrences (with their held-of-due), in three queries.

    The definitions of commitments.selectors.with_cadence_compliance: due so
    far is a due day ended and not cancelled; held is done on or before the
    due date. The totals are one pass over the due-so-far index; the worst
    are found among the misses only (a partial index holds them), then their
    own held-of-due is counted for those few commitments.
    """
    reads = _timeliness_reads(scope, now)
    totals = _totals(scope, now, reads)
    due, held = reads.due, reads.held
    if summary.covers_misses(scope):
        worst_ids = summary.tally_most_missed(now=now, limit=limit)
    else:
        worst_ids = list(
            reads.in_scope.filter(~held, commitment__in=reads.recurring)
            .values("commitment_id")
            .annotate(missed=Count("due_date"))
            .order_by("-missed", "commitment_id")
            .values_list("commitment_id", flat=True)[:limit]
        )
    rows = []
    if worst_ids:
        per_commitment = {
            row.pk: row
            for row in Commitment.objects.filter(pk__in=worst_ids)
            .select_related("agreement")
            .annotate(
                due_so_far=Count("milestones", filter=_prefixed(due)),
                held_on_time=Count("milestones", filter=_prefixed(due & held)),
            )
        }
        for commitment_id in worst_ids:
            row = per_commitment[commitment_id]
            row.rate = row.held_on_time / row.due_so_far if row.due_so_far else 0
            rows.append(row)
        rows.sort(key=lambda row: (row.rate, -row.due_so_far))
    return Timeliness(
        due=totals["due"],
        held=totals["held"],
        cadence=Cadence(
            held=totals["cadence_held"],
            due=totals["cadence_due"],
            rows=rows,
        ),
    )


def _prefixed(q: Q) -> Q:
    """A milestone condition, read from a commitment (milestones__…)."""
    copy = q.copy() if hasattr(q, "copy") else q
    children = []
    for child in copy.children:
        if isinstance(child, Q):
            children.append(_prefixed(child))
        else:
            name, value = child
            if isinstance(value, F):
                value = F(f"milestones__{value.name}")
            children.append((f"milestones__{name}", value))
    copy.children = children
    return copy


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
