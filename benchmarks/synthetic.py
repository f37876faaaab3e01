"""Synthetic agreements, commitments and milestones for benchmarks and load tests.

The rows are bulk-loaded WITHOUT history rows, on purpose: they are benchmark
fixtures, not user data, and a million historical "created" rows would only
double the load time and the table sizes the benchmark measures. The sweep then
writes history for what it changes, as it does in production. (STYLE.md asks
for `bulk_create_with_history`; this module is the deliberate exception.) The
two parties and their institutions, created only when missing, are few and go
through the directory services, with history.

On PostgreSQL the large tables (commitments, obligations, milestones) are
written with COPY; elsewhere (SQLite in local tests) with `bulk_create` in
batches. Every reference carries a run number (`syn-r<run>-c-<n>`), so running
the generator twice adds a second set instead of clashing with the first.

Milestones are "planned". A fraction of them (rounded to a whole count) falls
due before `as_of`; the rest fall due more than 30 days after it (and beyond
the due-soon window), so a sweep at `as_of` flags exactly that many overdue and
none due soon.
"""

import datetime
import random
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from commitments.cadence import due_at, local_date
from commitments.models import (
    Agreement,
    AgreementKind,
    Commitment,
    CommitmentKind,
    DatePrecision,
    Institution,
    Milestone,
    Obligation,
    Party,
    StatusChoices,
)
from commitments.services.directory import institution_ensure, party_ensure
from core.history import system_user

Progress = Callable[[str, int, int], None]

SYNTHETIC_REASON = "synthetic benchmark data"
TIME_ZONE = "Asia/Karachi"
REFERENCE_PREFIX = "syn-r"
RUN_PATTERN = re.compile(rf"^{REFERENCE_PREFIX}(\d+)-")
RECURRING_RULE = "FREQ=MONTHLY;INTERVAL=3"
# Every third commitment recurs; the others are one-off with a stated day.
RECURRING_EVERY = 3
# Future milestones start this far after as_of: past the due-soon window too.
FUTURE_GAP_DAYS = 30
# Occurrence k of a commitment lies in week k before or after as_of, so one
# commitment never gets two milestones on the same scheduled day.
DAYS_PER_OCCURRENCE = 7
# SQLite caps the variables per statement; Django splits further if needed.
BATCH_SIZE = 1000
PROGRESS_STEPS = 10


def synthetic_generate(
    *,
    agreements: int,
    commitments: int,
    milestones: int,
    overdue_fraction: float,
    as_of: datetime.datetime,
    seed: int,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Bulk-load synthetic rows without history; return what was written."""
    if agreements < 1 or commitments < 1 or milestones < 0:
        raise ValueError("Need at least 1 agreement and 1 commitment, 0+ milestones.")
    if not 0.0 <= overdue_fraction <= 1.0:
        raise ValueError(f"The overdue fraction {overdue_fraction} is not in 0..1.")
    if timezone.is_naive(as_of):
        raise ValueError("as_of must be an aware datetime.")
    report = progress or (lambda table, done, total: None)
    # Not for security: a seeded generator makes runs reproducible.
    rng = random.Random(seed)  # nosec B311
    overdue = round(milestones * overdue_fraction)
    with transaction.atomic():
        run = _next_run()
        parties, leads, parties_created, institutions_created = _ensure_parties()
        agreement_ids = _agreements_create(agreements, run, parties, as_of, report)
        commitment_ids = _commitments_write(
            commitments, run, agreement_ids, as_of, rng, report
        )
        _obligations_write(commitment_ids, parties, leads, report)
        _milestones_write(milestones, overdue, commitment_ids, as_of, rng, report)
    return {
        "run": run,
        "parties_created": parties_created,
        "institutions_created": institutions_created,
        "agreements": agreements,
        "commitments": commitments,
        "obligations": commitments,
        "milestones": milestones,
        "milestones_overdue": overdue,
    }


def _next_run() -> int:
    # Agreements are few, so reading their references is cheap; the unique
    # constraints still refuse a clash if two generators race.
    references = Agreement.objects.filter(
        reference__startswith=REFERENCE_PREFIX
    ).values_list("reference", flat=True)
    runs = [int(m[1]) for ref in references if (m := RUN_PATTERN.match(ref))]
    return max(runs, default=0) + 1


def _ensure_parties() -> tuple[list[Party], dict[int, int | None], int, int]:
    # The few directory rows go through the services, with history; only the
    # bulk rows skip it.
    actor = system_user()
    parties = list(Party.objects.order_by("pk")[:2])
    parties_created = 0
    for number in range(len(parties) + 1, 3):
        parties.append(
            party_ensure(
                code=f"SYN{number}",
                name=f"Synthetic party {number}",
                time_zone=TIME_ZONE,
                actor=actor,
                reason=SYNTHETIC_REASON,
            )
        )
        parties_created += 1
    institutions_created = 0
    if not Institution.objects.exists():
        for party in parties:
            institution_ensure(
                party=party,
                name=f"Synthetic ministry of {party.code}",
                actor=actor,
                reason=SYNTHETIC_REASON,
            )
            institutions_created += 1
    # An obligation's lead institution must belong to its party (clean()).
    leads: dict[int, int | None] = {party.pk: None for party in parties}
    for institution in Institution.objects.filter(party__in=parties).order_by("pk"):
        leads[institution.party_id] = leads[institution.party_id] or institution.pk
    return parties, leads, parties_created, institutions_created


def _agreements_create(
    count: int,
    run: int,
    parties: list[Party],
    as_of: datetime.datetime,
    report: Progress,
) -> list[int]:
    kinds = list(AgreementKind.values)
    today = local_date(as_of, TIME_ZONE)
    rows = (
        Agreement(
            reference=f"{REFERENCE_PREFIX}{run}-a-{n}",
            title=f"Synthetic agreement {run}-{n}",
            kind=kinds[n % len(kinds)],
            date=today - datetime.timedelta(days=365 + n % 365),
            date_precision=DatePrecision.DAY,
            time_zone=TIME_ZONE,
        )
        for n in range(1, count + 1)
    )
    ids: list[int] = []
    for batch in _progress_batches(rows, count, "agreements", report):
        ids.extend(a.pk for a in Agreement.objects.bulk_create(batch))
    through = Agreement.parties.through
    through.objects.bulk_create(
        (
            through(agreement_id=agreement_id, party_id=party.pk)
            for agreement_id in ids
            for party in parties
        ),
        batch_size=BATCH_SIZE,
    )
    return ids


COMMITMENT_COLUMNS = (
    "id",
    "agreement_id",
    "reference",
    "title",
    "description",
    "kind",
    "cadence_rrule",
    "cadence_phrase",
    "cadence_start",
    "schedule_basis",
    "due_date",
    "due_precision",
    "due_phrase",
    "resolution_note",
    "status",
    "created_at",
    "updated_at",
)


def _commitment_rows(
    count: int,
    run: int,
    ids: list[int] | None,
    agreement_ids: list[int],
    as_of: datetime.datetime,
    rng: random.Random,
) -> Iterator[dict[str, Any]]:
    one_off_kinds = [
        kind
        for kind in CommitmentKind.values
        if kind not in {CommitmentKind.RECURRING_MEETING, CommitmentKind.REVIEW}
    ]
    recurring_kinds = [CommitmentKind.RECURRING_MEETING, CommitmentKind.REVIEW]
    today = local_date(as_of, TIME_ZONE)
    now = timezone.now()
    for index in range(count):
        n = index + 1
        is_recurring = index % RECURRING_EVERY == 0
        row = {
            "id": ids[index] if ids else None,
            "agreement_id": agreement_ids[index % len(agreement_ids)],
            "reference": f"{REFERENCE_PREFIX}{run}-c-{n}",
            "title": f"Synthetic commitment {run}-{n}",
            "description": "",
            "cadence_rrule": "",
            "cadence_phrase": "",
            "cadence_start": None,
            "schedule_basis": "plan",
            "due_phrase": "",
            "resolution_note": "",
            "status": StatusChoices.PLANNED.value,
            "created_at": now,
            "updated_at": now,
        }
        # The CHECK constraint: no due date exactly when precision is unknown.
        if is_recurring:
            row.update(
                kind=recurring_kinds[index % len(recurring_kinds)],
                cadence_rrule=RECURRING_RULE,
                cadence_phrase="quarterly",
                cadence_start=today - datetime.timedelta(days=rng.randrange(1, 366)),
                due_date=None,
                due_precision=DatePrecision.UNKNOWN.value,
            )
        else:
            row.update(
                kind=one_off_kinds[index % len(one_off_kinds)],
                due_date=today + datetime.timedelta(days=rng.randrange(-180, 366)),
                due_precision=DatePrecision.DAY.value,
            )
        yield row


def _commitments_write(
    count: int,
    run: int,
    agreement_ids: list[int],
    as_of: datetime.datetime,
    rng: random.Random,
    report: Progress,
) -> list[int]:
    if connection.vendor == "postgresql":
        # Ids taken from the sequence up front let obligations and milestones
        # point at commitments without reading them back after the COPY.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                "FROM generate_series(1, %s)",
                [Commitment._meta.db_table, count],
            )
            ids = [row[0] for row in cursor.fetchall()]
        rows = _commitment_rows(count, run, ids, agreement_ids, as_of, rng)
        _copy(
            Commitment,
            COMMITMENT_COLUMNS,
            (tuple(row[c] for c in COMMITMENT_COLUMNS) for row in rows),
            count,
            "commitments",
            report,
        )
        return ids
    rows = _commitment_rows(count, run, None, agreement_ids, as_of, rng)
    objects = (Commitment(**{k: v for k, v in r.items() if k != "id"}) for r in rows)
    ids = []
    for batch in _progress_batches(objects, count, "commitments", report):
        ids.extend(c.pk for c in Commitment.objects.bulk_create(batch))
    return ids


def _obligations_write(
    commitment_ids: list[int],
    parties: list[Party],
    leads: dict[int, int | None],
    report: Progress,
) -> None:
    count = len(commitment_ids)

    def rows() -> Iterator[tuple[int, int, int | None]]:
        for index, commitment_id in enumerate(commitment_ids):
            party_id = parties[index % len(parties)].pk
            yield commitment_id, party_id, leads[party_id]

    if connection.vendor == "postgresql":
        columns = ("commitment_id", "party_id", "lead_institution_id")
        _copy(Obligation, columns, rows(), count, "obligations", report)
        return
    objects = (
        Obligation(commitment_id=c, party_id=p, lead_institution_id=lead)
        for c, p, lead in rows()
    )
    for batch in _progress_batches(objects, count, "obligations", report):
        Obligation.objects.bulk_create(batch)


MILESTONE_COLUMNS = (
    "commitment_id",
    "title",
    "scheduled_date",
    "due_date",
    "due_at",
    "status",
    "status_reason",
    "is_extra",
    "non_working_note",
    "created_at",
)


def _milestone_rows(
    count: int,
    overdue: int,
    commitment_ids: list[int],
    as_of: datetime.datetime,
    rng: random.Random,
) -> Iterator[tuple[Any, ...]]:
    today = local_date(as_of, TIME_ZONE)
    gap = max(FUTURE_GAP_DAYS, settings.TRACKER_DUE_SOON_DAYS) + 1
    due_instants: dict[datetime.date, datetime.datetime] = {}
    now = timezone.now()
    planned = StatusChoices.PLANNED.value
    left = overdue
    for index in range(count):
        # Selection sampling (Knuth's algorithm S): exactly `overdue` picks,
        # scattered at random, without holding a million flags in memory.
        is_overdue = rng.random() * (count - index) < left
        left -= is_overdue
        commitment_id = commitment_ids[index % len(commitment_ids)]
        occurrence = index // len(commitment_ids)
        offset = occurrence * DAYS_PER_OCCURRENCE + rng.randrange(DAYS_PER_OCCURRENCE)
        # The past day ends at or before the start of as_of's local day, so
        # its due_at is never after as_of.
        if is_overdue:
            day = today - datetime.timedelta(days=1 + offset)
        else:
            day = today + datetime.timedelta(days=gap + offset)
        instant = due_instants.get(day)
        if instant is None:
            instant = due_instants[day] = due_at(day, TIME_ZONE)
        yield (commitment_id, "", day, day, instant, planned, "", False, "", now)


def _milestones_write(
    count: int,
    overdue: int,
    commitment_ids: list[int],
    as_of: datetime.datetime,
    rng: random.Random,
    report: Progress,
) -> None:
    rows = _milestone_rows(count, overdue, commitment_ids, as_of, rng)
    if connection.vendor == "postgresql":
        _copy(Milestone, MILESTONE_COLUMNS, rows, count, "milestones", report)
        return
    objects = (
        Milestone(**dict(zip(MILESTONE_COLUMNS, row, strict=True))) for row in rows
    )
    for batch in _progress_batches(objects, count, "milestones", report):
        Milestone.objects.bulk_create(batch)


def _copy(
    model: type[Model],
    attnames: tuple[str, ...],
    rows: Iterable[tuple[Any, ...]],
    total: int,
    label: str,
    report: Progress,
) -> None:
    quote = connection.ops.quote_name
    given = [model._meta.get_field(name) for name in attnames]
    # Columns the rows leave out get their model default, so a field added
    # later (with a default) does not break the COPY.
    rest = [
        field
        for field in model._meta.concrete_fields
        if field not in given and not field.primary_key
    ]
    defaults = tuple(
        field.get_db_prep_save(field.get_default(), connection) for field in rest
    )
    missing = [
        f.name for f, v in zip(rest, defaults, strict=True) if v is None and not f.null
    ]
    if missing:
        raise ValueError(f"No synthetic value for {model.__name__}.{missing}.")
    columns = ", ".join(quote(field.column) for field in [*given, *rest])
    table = quote(model._meta.db_table)
    connection.ensure_connection()
    checkpoints = _checkpoints(total)
    # psycopg 3's COPY lives on the driver's connection; it shares Django's
    # transaction, so a failure rolls the whole run back.
    with (
        connection.connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        next_report = checkpoints.pop(0)
        for written, row in enumerate(rows, start=1):
            copy.write_row(row + defaults)
            # Compared per row, so it is one int comparison and nothing more.
            if written == next_report:
                report(label, written, total)
                next_report = checkpoints.pop(0)
    if total == 0:
        report(label, 0, 0)


def _progress_batches(
    objects: Iterable[Any], total: int, label: str, report: Progress
) -> Iterator[list[Any]]:
    checkpoints = _checkpoints(total)
    written = 0
    iterator = iter(objects)
    while batch := list(islice(iterator, BATCH_SIZE)):
        yield batch
        written += len(batch)
        if written >= checkpoints[0]:
            report(label, written, total)
            while written >= checkpoints[0]:
                checkpoints.pop(0)
    if total == 0:
        report(label, 0, 0)


def _checkpoints(total: int) -> list[int]:
    # The row counts at each tenth, then a sentinel no count ever reaches.
    steps = {total * step // PROGRESS_STEPS for step in range(1, PROGRESS_STEPS + 1)}
    return [*sorted(steps - {0}), total + 1]
