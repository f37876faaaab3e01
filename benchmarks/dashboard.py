"""The manager dashboard's server time at 100,000 commitments and 1,000,000 milestones.

    bin/bench dashboard                                  100,000 / 1,000,000
    bin/bench dashboard --commitments 10000 --milestones 100000 --requests 10

Needs DATABASE_URL to a PostgreSQL database it may wipe: it migrates it,
truncates the domain tables and loads rows with
benchmarks.synthetic.synthetic_generate (COPY). That generator
writes planned milestones only and no history, so this script then makes the
data look lived-in, in SQL, writing history rows as the services would:

- the generator puts past milestones in the last ten weeks and future ones
  31 to 101 days ahead; they are spread over three years back and the
  twelve-month generation horizon ahead, as a tracker in use for years has
  them;
- every milestone gets its "created" history row, about a year before it is
  due;
- 60 % of the past milestones are done (a third of those late, the rest on
  time), 2 % cancelled; one in seven future ones is moved 30 days earlier,
  into the coming quarter; each change with its history row at its day;
- one in ten completions gets a follow-up note; 90 % of commitments get one
  of 200 owners;
- then the real overdue sweep (milestone_statuses_flag) flags what is late
  and due soon, with its own history rows.

It times GET /reports/ through Django's test Client (the whole request:
middleware, session, permission, every query, template and SVG) after
--warmup unmeasured requests, then --requests measured ones: as people see it
(the figures cached for two minutes per scope: median_ms, p95_ms) and cold
(the cache emptied before each request, so every aggregate and the trend's
pass over the history run: cold_median_ms, cold_p95_ms), and cold filtered to
one side; prints figures, then one JSON line. No asserts on time.
--reuse keeps data already loaded at the same size; --explain prints the plan
of every query of one request.
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_MEDIAN_MS = 200
OWNERS = 200
TABLES = ("agreement", "commitment", "obligation", "milestone", "followup")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_arguments(parser)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--explain", action="store_true")
    return parser.parse_args(argv)


def setup_django() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql")):
        sys.exit("dashboard: error: DATABASE_URL must point to PostgreSQL (bin/bench)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.base")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def progress(table: str, done: int, total: int) -> None:
    percent = done * 100 // total if total else 100
    print(f"  {table}: {done:,}/{total:,} ({percent}%)", file=sys.stderr, flush=True)


def execute(sql: str, params: dict | None = None) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params or {})
        return cursor.rowcount


def load(args: argparse.Namespace, now: datetime.datetime) -> None:
    """Wipe, generate, then age the data as described in the module docstring."""
    from django.contrib.auth import get_user_model

    from tracker.celery import use_job_statement_timeout

    # A load is a job: its updates of a million rows outlast the web timeout.
    use_job_statement_timeout()

    from benchmarks.synthetic import TIME_ZONE as SYNTHETIC_ZONE
    from benchmarks.synthetic import synthetic_generate
    from commitments.cadence import local_date
    from commitments.services.sweeps import milestone_statuses_flag
    from core.history import system_user

    tables = [f"commitments_{name}" for name in TABLES]
    tables += [f"commitments_historical{name}" for name in TABLES]
    tables += [
        "commitments_agreement_parties",
        "commitments_historicalagreement_parties",
    ]
    execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    get_user_model().objects.filter(username__startswith="bench-owner-").delete()
    print(
        f"generating {args.commitments:,} commitments, {args.milestones:,} "
        f"milestones …",
        flush=True,
    )
    started = time.perf_counter()
    synthetic_generate(
        agreements=max(1, args.commitments // 100),
        commitments=args.commitments,
        milestones=args.milestones,
        overdue_fraction=args.past,
        as_of=now,
        seed=args.seed,
        progress=progress,
    )
    actor = system_user()
    user_model = get_user_model()
    owners = user_model.objects.bulk_create(
        user_model(username=f"bench-owner-{n}", first_name="Officer", last_name=str(n))
        for n in range(OWNERS)
    )
    first_owner = owners[0].pk
    # The generator's "today" is the agreements' local date, not UTC's: the two
    # differ for five hours a day, and ageing around the UTC one then moved
    # milestones onto days their commitment already had.
    today = local_date(now, SYNTHETIC_ZONE)
    audit = {"actor": actor.pk, "now": now, "today": today, "first": first_owner}
    history_columns = (
        "id, commitment_id, title, scheduled_date, due_date, due_at, status, "
        "completed_on, status_reason, is_extra, non_working_note, "
        "overdue_flagged_at, created_at"
    )

    def history(where: str, when: str, reason: str, kind: str = "~") -> int:
        return execute(
            f"INSERT INTO commitments_historicalmilestone ({history_columns}, "
            f"history_date, history_change_reason, history_type, history_user_id) "
            f"SELECT {history_columns}, {when}, '{reason}', '{kind}', %(actor)s "
            f"FROM commitments_milestone WHERE {where}",
            audit,
        )

    steps = [
        (
            "past spread over three years",
            lambda: execute(
                "UPDATE commitments_milestone SET "
                "due_date = due_date - mod(id, 12)::int * 91, "
                "scheduled_date = scheduled_date - mod(id, 12)::int * 91, "
                "due_at = due_at - mod(id, 12) * interval '91 days' "
                "WHERE due_date < %(today)s",
                audit,
            ),
        ),
        (
            "future spread over the horizon",
            lambda: execute(
                "UPDATE commitments_milestone SET "
                "due_date = due_date + mod(id, 4)::int * 80, "
                "scheduled_date = scheduled_date + mod(id, 4)::int * 80, "
                "due_at = due_at + mod(id, 4) * interval '80 days' "
                "WHERE due_date >= %(today)s",
                audit,
            ),
        ),
        (
            "created history",
            lambda: history(
                "TRUE",
                "LEAST(%(now)s - interval '1 day', due_at - interval '330 days' "
                "+ mod(id, 60) * interval '1 day')",
                "milestone generation",
                "+",
            ),
        ),
        (
            "done",
            lambda: execute(
                "UPDATE commitments_milestone SET status = 'done', "
                "completed_on = LEAST(due_date + (mod(id, 9) - 5)::int, %(today)s - 1) "
                "WHERE due_date < %(today)s AND mod(id, 10) < 6",
                audit,
            ),
        ),
        (
            "done history",
            lambda: history(
                "status = 'done'",
                "completed_on + time '18:00'",
                "follow-up: completion",
            ),
        ),
        (
            "cancelled",
            lambda: execute(
                "UPDATE commitments_milestone SET status = 'cancelled', "
                "status_reason = 'no longer needed' "
                "WHERE due_date < %(today)s AND mod(id, 50) = 7",
                audit,
            ),
        ),
        (
            "cancelled history",
            lambda: history(
                "status = 'cancelled'",
                "due_at - interval '3 days'",
                "cancelled",
            ),
        ),
        (
            "moved into the quarter",
            lambda: execute(
                "UPDATE commitments_milestone SET due_date = due_date - 30, "
                "due_at = due_at - interval '30 days' "
                "WHERE due_date > %(today)s + 30 AND mod(id, 7) = 0",
                audit,
            ),
        ),
        (
            "moved history",
            lambda: history(
                "due_date > %(today)s AND due_date <> scheduled_date",
                "%(now)s - interval '20 days'",
                "rescheduled",
            ),
        ),
        (
            "follow-ups",
            lambda: execute(
                "INSERT INTO commitments_followup (commitment_id, milestone_id, "
                "author_id, kind, happened_on, note, from_status, to_status, "
                "evidence_url, evidence_file, created_at, visibility) "
                "SELECT commitment_id, id, %(actor)s, 'completion', completed_on, "
                "'Held as planned; minutes filed.', 'planned', 'done', '', '', "
                "%(now)s, 'internal' FROM commitments_milestone "
                "WHERE status = 'done' AND mod(id, 10) = 3",
                audit,
            ),
        ),
        (
            "owners",
            lambda: execute(
                f"UPDATE commitments_commitment SET owner_id = "
                f"%(first)s + mod(id, {OWNERS}) WHERE mod(id, 10) <> 0",
                audit,
            ),
        ),
    ]
    for label, step in steps:
        began = time.perf_counter()
        rows = step()
        print(f"  {label}: {rows:,} rows in {time.perf_counter() - began:.1f} s")
    report = milestone_statuses_flag(as_of=now, actor=actor)
    print(f"  sweep: {report.as_dict()}")
    vacuum()
    print(f"loaded in {time.perf_counter() - started:.0f} s", flush=True)


def vacuum() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def time_requests(client, url: str, count: int, warmup: int, cold: str = "") -> list:
    """Server time of `count` GETs in ms. `cold="all"` empties the cache before
    each (every figure and the trend's history pass computed afresh);
    `cold="figures"` drops only the page's figures (the trend's settled weeks
    stay cached, as they do in use: they never change)."""
    from django.core.cache import cache
    from django.utils import timezone

    from reporting.filters import DashboardForm
    from reporting.page_context import dashboard_cache_key

    for _ in range(warmup):
        assert client.get(url).status_code == 200
    query = url.partition("?")[2]
    scope = DashboardForm(dict(p.split("=") for p in query.split("&") if p)).scope()
    times = []
    for _ in range(count):
        if cold == "all":
            cache.clear()
        elif cold == "figures":
            cache.delete(dashboard_cache_key(scope, timezone.localdate()))
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return times


def statements_during(action):
    """Run `action()`; return its result and the statements it sent."""
    from django.db import connection

    sent = []

    def counter(execute, sql, params, many, context):
        sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        result = action()
    return result, len(sent)


def count_queries(client, url: str) -> int:
    """The statements one GET sends to the database."""
    response, sent = statements_during(lambda: client.get(url))
    assert response.status_code == 200
    return sent


def add_data_arguments(parser: argparse.ArgumentParser) -> None:
    """The size and shape of the lived-in data, the same for every benchmark."""
    parser.add_argument("--commitments", type=int, default=100_000)
    parser.add_argument("--milestones", type=int, default=1_000_000)
    parser.add_argument(
        "--past", type=float, default=0.4, help="share of milestones in the past"
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def explain(captured: list[dict]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for query in captured:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            print(f"\n--- {sql[:160]}\n{plan}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from commitments.models import Commitment, Milestone, Party
    from commitments.permissions import MANAGER

    now = timezone.now().replace(microsecond=0)
    print(
        f"database: {connection.settings_dict['NAME']} on "
        f"{connection.settings_dict['HOST']}:{connection.settings_dict['PORT']}"
    )
    call_command("migrate", verbosity=0)
    have = (Commitment.objects.count(), Milestone.objects.count())
    if not (args.reuse and have == (args.commitments, args.milestones)):
        load(args, now)
    manager, _ = get_user_model().objects.get_or_create(
        username="bench-manager", defaults={"email": "manager@bench.test"}
    )
    manager.groups.add(Group.objects.get(name=MANAGER))
    client = Client()
    client.force_login(manager)
    url = reverse("reporting:dashboard")
    party = Party.objects.order_by("pk").first()
    filtered_url = f"{url}?party={party.pk}"

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    queries = len(captured.captured_queries)
    warm_queries = count_queries(client, url)
    if args.explain:
        explain(captured.captured_queries)
    cold = time_requests(client, url, args.requests, 0, cold="all")
    fresh = time_requests(client, url, args.requests, args.warmup, cold="figures")
    warm = time_requests(client, url, args.requests, args.warmup)
    filtered = time_requests(
        client, filtered_url, args.requests, args.warmup, cold="figures"
    )
    history_rows = Milestone.history.count()
    figures = {
        "median_ms": round(statistics.median(warm), 1),
        "p95_ms": round(percentile(warm, 0.95), 1),
        "queries": queries,
        "commitments": Commitment.objects.count(),
        "milestones": Milestone.objects.count(),
        "uncached_median_ms": round(statistics.median(fresh), 1),
        "uncached_p95_ms": round(percentile(fresh, 0.95), 1),
        "cold_median_ms": round(statistics.median(cold), 1),
        "cold_p95_ms": round(percentile(cold, 0.95), 1),
        "warm_queries": warm_queries,
        "filtered_uncached_median_ms": round(statistics.median(filtered), 1),
        "milestone_history_rows": history_rows,
        "overdue": Milestone.objects.filter(status="overdue").count(),
        "requests": args.requests,
    }
    print()
    print(f"commitments           {figures['commitments']:>12,}")
    print(f"milestones            {figures['milestones']:>12,}")
    print(f"milestone history     {history_rows:>12,} rows")
    print(f"queries per request   {queries:>12}")
    verdict = "ok" if figures["median_ms"] < TARGET_MEDIAN_MS else "MISSED"
    print(
        f"GET /reports/ cached  median {figures['median_ms']:.0f} ms, "
        f"p95 {figures['p95_ms']:.0f} ms over {args.requests} requests, "
        f"{figures['warm_queries']} queries (target median < {TARGET_MEDIAN_MS} ms: "
        f"{verdict})"
    )
    print(
        f"GET /reports/ uncached median {figures['uncached_median_ms']:.0f} ms, "
        f"p95 {figures['uncached_p95_ms']:.0f} ms (every figure computed; the "
        f"trend's settled weeks cached)"
    )
    print(
        f"GET /reports/ cold    median {figures['cold_median_ms']:.0f} ms, "
        f"p95 {figures['cold_p95_ms']:.0f} ms, {queries} queries (cache emptied "
        f"before each request: the trend's history pass too)"
    )
    print(
        f"  ?party={party.pk} uncached median "
        f"{figures['filtered_uncached_median_ms']:.0f} ms"
    )
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
