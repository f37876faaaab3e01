"""The overdue sweep against raw SQL doing the same work, on PostgreSQL.

    bin/bench                                   1,000,000 milestones, 100,000 overdue
    bin/bench --milestones 100000 --overdue 10000

Needs DATABASE_URL to a PostgreSQL database it may wipe: it migrates it,
truncates the agreement, commitment, obligation and milestone tables (and their
historical tables), and loads synthetic rows with COPY. Then it times, each in
a fresh subprocess so that peak RSS belongs to one phase only:

  sweep     commitments.services.sweeps.milestone_statuses_flag
  baseline  the same UPDATE … RETURNING and INSERT … SELECT into the history
            tables, written by hand (MILESTONES_OVERDUE_SQL and the others
            below: keep them in step with the service)

After each phase the data is put back (statuses to planned, the phase's
history deleted, VACUUM ANALYZE), so every phase does the same work on the same
rows. One unmeasured pass first takes the table out of its fresh-from-COPY
state; then --rounds rounds (default 3) alternate which phase goes first, and
the medians are reported. --explain prints the plans of the two big UPDATEs.

--noop then times the sweep with nothing to do (every row already flagged, as
the hourly run finds it most hours): one real sweep, VACUUM ANALYZE, then
--noop-runs sweeps in one fresh process, median and each run reported (with
--explain, the plans of the no-op sweep's four statements too). --rounds 0
skips the comparison and measures only that.

It prints figures, then one JSON line. No asserts on time; it fails only when
a phase flags a different number of milestones than were generated overdue.
"""

import argparse
import datetime
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Run as a script (python benchmarks/overdue_sweep.py): the project is the parent.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SWEEP_TARGET_RATIO = 2.0
RSS_TARGET_MB = 300
# The domain tables a run replaces; parties and institutions are kept.
TRUNCATED_MODELS = ("Agreement", "Commitment", "Obligation", "Milestone")

# The baseline: what milestone_statuses_flag does, as hand-written SQL. A
# milestone is flagged only while its commitment is open (not closed by hand).
MILESTONES_OVERDUE_SQL = (
    "UPDATE commitments_milestone m SET status = 'overdue', "
    "overdue_flagged_at = %(now)s FROM commitments_commitment c "
    "WHERE c.id = m.commitment_id AND c.status = ANY(%(open)s) "
    "AND m.status IN ('planned', 'due_soon') AND m.due_at <= %(as_of)s "
    "RETURNING m.id"
)
MILESTONES_DUE_SOON_SQL = (
    "UPDATE commitments_milestone m SET status = 'due_soon' "
    "FROM commitments_commitment c "
    "WHERE c.id = m.commitment_id AND c.status = ANY(%(open)s) "
    "AND m.status = 'planned' AND m.due_at > %(as_of)s AND m.due_at <= %(soon)s "
    "RETURNING m.id"
)
COMMITMENTS_SQL = (
    "UPDATE commitments_commitment c SET status = %(status)s "
    "WHERE c.status = ANY(%(from)s) AND EXISTS ("
    "SELECT 1 FROM commitments_milestone m "
    "WHERE m.commitment_id = c.id AND m.status = %(status)s) RETURNING c.id"
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--milestones", type=int, default=1_000_000)
    parser.add_argument("--overdue", type=int, default=100_000)
    parser.add_argument(
        "--commitments", type=int, help="default: milestones / 10 (100,000)"
    )
    parser.add_argument(
        "--agreements", type=int, help="default: commitments / 100 (1,000)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="time each phase this many times (data reset between) and report "
        "the median (default 3)",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="also print EXPLAIN (ANALYZE, BUFFERS) of the sweep's statements",
    )
    parser.add_argument(
        "--noop",
        action="store_true",
        help="also time the sweep when nothing is left to flag",
    )
    parser.add_argument(
        "--noop-runs",
        type=int,
        default=7,
        help="no-op sweeps timed, in one process (default 7)",
    )
    # Internal: the orchestrator runs each measured phase as a subprocess.
    parser.add_argument(
        "--phase", choices=["sweep", "baseline", "noop"], help=argparse.SUPPRESS
    )
    parser.add_argument("--as-of", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.commitments is None:
        args.commitments = max(1, args.milestones // 10)
    if args.agreements is None:
        args.agreements = max(1, args.commitments // 100)
    if not 0 <= args.overdue <= args.milestones:
        parser.error("--overdue must be between 0 and --milestones")
    if args.rounds < 0 or (args.rounds == 0 and not args.noop):
        parser.error("--rounds must be at least 1 (or 0 with --noop)")
    if args.noop_runs < 1:
        parser.error("--noop-runs must be at least 1")
    return args


def setup_django() -> None:
    if not os.environ.get("DATABASE_URL"):
        sys.exit("overdue_sweep: error: DATABASE_URL is not set (run bin/bench)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.base")
    import django

    django.setup()
    from django.db import connection

    from tracker.celery import use_job_statement_timeout

    # Loading and the sweep are jobs (the worker runs the sweep with the job
    # timeout), not web requests.
    use_job_statement_timeout()
    if connection.vendor != "postgresql":
        sys.exit(
            f"overdue_sweep: error: DATABASE_URL must point to PostgreSQL, "
            f"not {connection.vendor}"
        )


# --- memory ------------------------------------------------------------------


def memory_kb() -> dict[str, int]:
    """Current (VmRSS) and peak (VmHWM) resident set of this process, in kB."""
    figures = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in {"VmRSS", "VmHWM"}:
            figures[name] = int(value.split()[0])
    figures["ru_maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return figures


def reset_peak_rss() -> bool:
    # Linux resets VmHWM to the current RSS on "5" (since 4.0); then the peak
    # after a phase is that phase's own. ru_maxrss cannot be reset, and it even
    # survives execve: in a child it starts at the parent's RSS at fork time
    # (the orchestrator's, after generating), so it is reported but not used.
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


# --- the measured phases (each in its own subprocess) -------------------------


def phase_sweep(as_of: datetime.datetime) -> dict[str, Any]:
    from commitments.services.sweeps import milestone_statuses_flag
    from core.history import system_user

    actor = system_user()
    started = time.perf_counter()
    report = milestone_statuses_flag(as_of=as_of, actor=actor)
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, **report.as_dict()}


def phase_noop(as_of: datetime.datetime, runs: int) -> dict[str, Any]:
    """Time sweeps that find nothing to flag; each must change no row."""
    from commitments.services.sweeps import milestone_statuses_flag
    from core.history import system_user

    actor = system_user()
    timings, changed = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        report = milestone_statuses_flag(as_of=as_of, actor=actor)
        timings.append(time.perf_counter() - started)
        changed += sum(report.as_dict().values())
    return {
        "seconds": statistics.median(timings),
        "runs_ms": [round(t * 1000, 2) for t in timings],
        "changed": changed,
    }


def _history_insert(cursor: Any, model: Any, ids: list[int], audit: dict) -> None:
    from core.bulk import HISTORY_META

    historical = model.history.model
    columns = ", ".join(
        f'"{field.column}"'
        for field in historical._meta.concrete_fields
        if field.attname not in HISTORY_META
    )
    cursor.execute(
        f"INSERT INTO {historical._meta.db_table} ({columns}, history_date, "
        f"history_change_reason, history_type, history_user_id) "
        f"SELECT {columns}, %(now)s, %(reason)s, '~', %(actor)s "
        f"FROM {model._meta.db_table} WHERE id = ANY(%(ids)s)",
        {**audit, "ids": ids},
    )


def phase_baseline(as_of: datetime.datetime) -> dict[str, Any]:
    from django.conf import settings
    from django.db import connection, transaction
    from django.utils import timezone

    from commitments.lifecycle import OPEN_STATUSES
    from commitments.models import Commitment, Milestone
    from commitments.services.sweeps import SWEEP_LOCK_KEY, SWEEP_REASON
    from core.history import system_user

    actor = system_user()
    window = datetime.timedelta(days=settings.TRACKER_DUE_SOON_DAYS)
    started = time.perf_counter()
    now = timezone.now()
    audit = {"now": now, "reason": SWEEP_REASON, "actor": actor.pk}
    bounds = {
        "now": now,
        "as_of": as_of,
        "soon": as_of + window,
        "open": sorted(status.value for status in OPEN_STATUSES),
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SWEEP_LOCK_KEY])
        flagged = {}
        for label, sql, params, model in (
            ("milestones_overdue", MILESTONES_OVERDUE_SQL, bounds, Milestone),
            ("milestones_due_soon", MILESTONES_DUE_SOON_SQL, bounds, Milestone),
            (
                "commitments_overdue",
                COMMITMENTS_SQL,
                {"status": "overdue", "from": ["planned", "due_soon"]},
                Commitment,
            ),
            (
                "commitments_due_soon",
                COMMITMENTS_SQL,
                {"status": "due_soon", "from": ["planned"]},
                Commitment,
            ),
        ):
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
            if ids:
                _history_insert(cursor, model, ids, audit)
            flagged[label] = len(ids)
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, **flagged}


def run_phase(args: argparse.Namespace) -> int:
    """Child process: time one phase and print its figures as one JSON line."""
    setup_django()
    from django.db import connection

    as_of = datetime.datetime.fromisoformat(args.as_of)
    connection.ensure_connection()
    before = memory_kb()
    is_reset = reset_peak_rss()
    if args.phase == "noop":
        result = phase_noop(as_of, args.noop_runs)
    else:
        measure = phase_sweep if args.phase == "sweep" else phase_baseline
        result = measure(as_of)
    after = memory_kb()
    result.update(
        rss_before_mb=before["VmRSS"] / 1024,
        peak_rss_mb=after["VmHWM"] / 1024,
        peak_rss_delta_mb=(after["VmHWM"] - before["VmRSS"]) / 1024,
        ru_maxrss_mb=after["ru_maxrss"] / 1024,
        ru_maxrss_delta_mb=(after["ru_maxrss"] - before["ru_maxrss"]) / 1024,
        peak_reset=is_reset,
    )
    print(json.dumps(result))
    return 0


# --- the orchestrator --------------------------------------------------------


def _tables() -> list[str]:
    from django.apps import apps

    config = apps.get_app_config("commitments")
    names = {name.lower() for name in TRUNCATED_MODELS}
    tables = []
    for model in config.get_models(include_auto_created=True):
        base = model._meta.model_name.removeprefix("historical")
        # The history of agreement.parties/sources: historicalagreement_parties…
        if base in names or base.split("_")[0] in names:
            tables.append(model._meta.db_table)
    return sorted(tables)


def prepare_database() -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    # CASCADE also empties what points at these (follow-ups, provenance).
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(_tables())} RESTART IDENTITY CASCADE")


def vacuum_analyze() -> float:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Fresh statistics, hint bits and visibility map, as autovacuum would
        # leave them in production; otherwise the first phase pays for them.
        for table in _tables():
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            # Flush the dirty pages now rather than in the middle of a phase.
            cursor.execute("CHECKPOINT")
    return time.perf_counter() - started


def reset_statuses() -> None:
    """Undo a phase: every synthetic row planned again, the sweep history gone."""
    from django.db import connection, transaction

    from commitments.models import Commitment, Milestone

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE commitments_milestone SET status = 'planned', "
            "overdue_flagged_at = NULL WHERE status <> 'planned'"
        )
        cursor.execute(
            "UPDATE commitments_commitment SET status = 'planned' "
            "WHERE status <> 'planned'"
        )
        # The synthetic rows were loaded without history, so all of it is
        # what the phase wrote.
        cursor.execute(
            f"TRUNCATE {Milestone.history.model._meta.db_table}, "
            f"{Commitment.history.model._meta.db_table}"
        )


def _plan(cursor: Any, label: str, sql: str, params: Any) -> None:
    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
    print(f"\nEXPLAIN {label}:")
    for (line,) in cursor.fetchall():
        print(f"  {line}")


def explain(as_of: datetime.datetime) -> None:
    """Print the plans of the sweep's two big UPDATEs, both ways; roll back."""
    # Once as bulk.update_with_history words them (WHERE id IN (the queryset,
    # its Meta.ordering included)), once as the baseline's plain SQL.
    from django.db import connection, transaction
    from django.db.models import Exists, OuterRef

    from commitments.lifecycle import OPEN_STATUSES
    from commitments.models import Commitment, Milestone, StatusChoices

    open_statuses = sorted(status.value for status in OPEN_STATUSES)
    milestones = Milestone.objects.filter(
        status__in=[StatusChoices.PLANNED, StatusChoices.DUE_SOON],
        due_at__lte=as_of,
        commitment__status__in=open_statuses,
    )
    commitments = Commitment.objects.filter(
        status__in=[StatusChoices.PLANNED, StatusChoices.DUE_SOON]
    ).filter(
        Exists(
            Milestone.objects.filter(
                commitment=OuterRef("pk"), status=StatusChoices.OVERDUE
            )
        )
    )
    cases = [
        ("milestones overdue", milestones, MILESTONES_OVERDUE_SQL),
        ("commitments overdue", commitments, COMMITMENTS_SQL),
    ]
    params = {
        "now": as_of,
        "as_of": as_of,
        "open": open_statuses,
        "status": "overdue",
        "from": ["planned", "due_soon"],
    }
    with transaction.atomic(), connection.cursor() as cursor:
        for label, queryset, plain_sql in cases:
            table = queryset.model._meta.db_table
            select_sql, select_params = queryset.values("pk").query.sql_with_params()
            in_sql = (
                f"UPDATE {table} SET status = 'overdue' "
                f"WHERE id IN ({select_sql}) RETURNING id"
            )
            with transaction.atomic():
                _plan(cursor, f"{label}, as bulk.py runs it", in_sql, select_params)
                transaction.set_rollback(True)
            # The commitments' plan needs the milestones flagged: keep this one.
            _plan(cursor, f"{label}, as the baseline runs it", plain_sql, params)
        transaction.set_rollback(True)


def explain_noop(as_of: datetime.datetime) -> None:
    """Print the plans of the no-op sweep's four statements, as it runs them."""
    from django.db import connection, transaction

    from commitments.services import sweeps

    def capture(queryset: Any, values: dict, **audit: Any) -> list[int]:
        ids = queryset.order_by().values("pk").select_for_update(of=("self",))
        select_sql, select_params = ids.query.sql_with_params()
        table = queryset.model._meta.db_table
        with connection.cursor() as cursor:
            _plan(
                cursor,
                f"no-op {table}",
                f"UPDATE {table} SET status = status WHERE id IN ({select_sql}) "
                f"RETURNING id",
                select_params,
            )
        return []

    original = sweeps.update_with_history
    sweeps.update_with_history = capture
    try:
        with transaction.atomic():
            sweeps.milestone_statuses_flag(as_of=as_of, actor=_system_user())
            transaction.set_rollback(True)
    finally:
        sweeps.update_with_history = original


def _system_user() -> Any:
    from core.history import system_user

    return system_user()


def measure_noop(args: argparse.Namespace, as_of: datetime.datetime) -> dict:
    """Flag everything once (unmeasured), then time sweeps with nothing to do."""
    from commitments.services.sweeps import milestone_statuses_flag

    milestone_statuses_flag(as_of=as_of, actor=_system_user())
    vacuum_analyze()
    if args.explain:
        explain_noop(as_of)
    result = spawn("noop", as_of, ["--noop-runs", str(args.noop_runs)])
    if result["changed"]:
        sys.exit(f"overdue_sweep: error: a no-op sweep changed {result['changed']}")
    print(
        f"no-op sweep         {result['seconds'] * 1000:>12.1f} ms  "
        f"(median of {args.noop_runs}: {result['runs_ms']} ms)"
    )
    return {
        "noop_ms": round(result["seconds"] * 1000, 2),
        "noop_runs_ms": result["runs_ms"],
    }


def spawn(
    phase: str, as_of: datetime.datetime, extra: list[str] | None = None
) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--phase",
        phase,
        "--as-of",
        as_of.isoformat(),
        *(extra or []),
    ]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"overdue_sweep: error: the {phase} phase failed ({done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def progress(table: str, done: int, total: int) -> None:
    percent = done * 100 // total if total else 100
    print(f"  {table}: {done}/{total} ({percent}%)", file=sys.stderr, flush=True)


def orchestrate(args: argparse.Namespace) -> int:
    setup_django()
    from django.db import connection
    from django.utils import timezone

    from benchmarks.synthetic import synthetic_generate

    as_of = timezone.now().replace(microsecond=0)
    print(
        f"database: {connection.settings_dict['NAME']} on "
        f"{connection.settings_dict['HOST']}:{connection.settings_dict['PORT']}"
    )
    prepare_database()
    fraction = args.overdue / args.milestones if args.milestones else 0.0
    print(
        f"generating {args.milestones:,} milestones ({args.overdue:,} overdue), "
        f"{args.commitments:,} commitments, {args.agreements:,} agreements …",
        flush=True,
    )
    started = time.perf_counter()
    counts = synthetic_generate(
        agreements=args.agreements,
        commitments=args.commitments,
        milestones=args.milestones,
        overdue_fraction=fraction,
        as_of=as_of,
        seed=args.seed,
        progress=progress,
    )
    generate_s = time.perf_counter() - started
    if counts["milestones_overdue"] != args.overdue:
        sys.exit(
            f"overdue_sweep: error: generated {counts['milestones_overdue']} "
            f"overdue milestones, asked for {args.overdue}"
        )
    vacuum_s = vacuum_analyze()
    print(f"generated in {generate_s:.1f} s (VACUUM ANALYZE {vacuum_s:.1f} s)")
    if args.rounds == 0:
        print(
            json.dumps(
                {
                    "milestones": args.milestones,
                    "commitments": args.commitments,
                    "overdue_expected": args.overdue,
                    **measure_noop(args, as_of),
                }
            )
        )
        return 0
    if args.explain:
        explain(as_of)
        vacuum_analyze()

    # A table fresh from COPY has no free space, so the first UPDATE of a run
    # extends it and is slower than any later one; production tables are never
    # that fresh. One unmeasured pass leaves the same state before every phase.
    phase_baseline(as_of)
    reset_statuses()
    vacuum_analyze()
    sweeps, baselines = [], []
    for number in range(1, args.rounds + 1):
        # The sweep goes first in odd rounds, the baseline in even ones, so a
        # warmer cache does not always favour the same phase.
        order = [("sweep", sweeps), ("baseline", baselines)]
        for phase, results in order if number % 2 else order[::-1]:
            results.append(spawn(phase, as_of))
            reset_statuses()
            vacuum_analyze()
            print(
                f"round {number} {phase:8}: {results[-1]['seconds']:.2f} s, "
                f"peak RSS {results[-1]['peak_rss_mb']:.0f} MB",
                flush=True,
            )

    sweep, baseline = sweeps[0], baselines[0]
    sweep_s = statistics.median(r["seconds"] for r in sweeps)
    baseline_s = statistics.median(r["seconds"] for r in baselines)
    ratio = sweep_s / baseline_s if baseline_s else float("inf")
    peak_rss_mb = max(r["peak_rss_mb"] for r in sweeps)
    flagged = sweep["milestones_overdue"]
    is_ok = all(r["milestones_overdue"] == args.overdue for r in [*sweeps, *baselines])

    print()
    print(f"milestones          {args.milestones:>12,}  ({args.overdue:,} overdue)")
    print(f"commitments         {args.commitments:>12,}")
    print(f"generate            {generate_s:>12.2f} s")
    print(
        f"sweep               {sweep_s:>12.2f} s   flagged {flagged:,} milestones, "
        f"{sweep['commitments_overdue']:,} commitments"
    )
    print(
        f"baseline (raw SQL)  {baseline_s:>12.2f} s   flagged "
        f"{baseline['milestones_overdue']:,} milestones, "
        f"{baseline['commitments_overdue']:,} commitments"
    )
    verdict = "ok" if ratio <= SWEEP_TARGET_RATIO else "MISSED"
    print(
        f"ratio sweep/baseline {ratio:>11.2f}   target ≤ {SWEEP_TARGET_RATIO} {verdict}"
    )
    verdict = "ok" if peak_rss_mb < RSS_TARGET_MB else "MISSED"
    print(
        f"sweep peak RSS      {peak_rss_mb:>12.0f} MB  target < {RSS_TARGET_MB} MB "
        f"{verdict} (process at start {sweep['rss_before_mb']:.0f} MB, "
        f"+{sweep['peak_rss_delta_mb']:.0f} MB during the sweep; ru_maxrss "
        f"{sweep['ru_maxrss_mb']:.0f} MB includes the parent's RSS at fork)"
    )
    print(
        f"baseline peak RSS   {baseline['peak_rss_mb']:>12.0f} MB  "
        f"(+{baseline['peak_rss_delta_mb']:.0f} MB)"
    )
    noop = measure_noop(args, as_of) if args.noop else {}
    if not is_ok:
        print(
            f"ERROR: expected {args.overdue:,} milestones flagged overdue; the sweep "
            f"flagged {[r['milestones_overdue'] for r in sweeps]}, the baseline "
            f"{[r['milestones_overdue'] for r in baselines]}",
            file=sys.stderr,
        )
    print(
        json.dumps(
            {
                "milestones": args.milestones,
                "commitments": args.commitments,
                "agreements": args.agreements,
                "overdue_expected": args.overdue,
                "generate_s": round(generate_s, 3),
                "sweep_s": round(sweep_s, 3),
                "baseline_s": round(baseline_s, 3),
                "ratio": round(ratio, 3),
                "peak_rss_mb": round(peak_rss_mb, 1),
                "sweep_rss_delta_mb": round(sweep["peak_rss_delta_mb"], 1),
                "sweep_ru_maxrss_mb": round(sweep["ru_maxrss_mb"], 1),
                "baseline_peak_rss_mb": round(baseline["peak_rss_mb"], 1),
                "flagged": flagged,
                "baseline_flagged": baseline["milestones_overdue"],
                "commitments_flagged": sweep["commitments_overdue"],
                "rounds": args.rounds,
                "sweep_runs_s": [round(r["seconds"], 3) for r in sweeps],
                "baseline_runs_s": [round(r["seconds"], 3) for r in baselines],
                **noop,
                "ok": is_ok,
            }
        )
    )
    return 0 if is_ok else 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return run_phase(args) if args.phase else orchestrate(args)


if __name__ == "__main__":
    sys.exit(main())
