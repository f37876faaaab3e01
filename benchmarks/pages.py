"""Every page a person uses, timed at 100,000 commitments and 1,000,000 milestones.

    bin/bench pages                                      100,000 / 1,000,000
    bin/bench pages --reuse                              data already loaded
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/pages.py --reuse --runs 15

Needs DATABASE_URL to a PostgreSQL database it may wipe. The data is the
dashboard benchmark's "lived-in" data (benchmarks/dashboard.py: its load()
wipes, generates and ages it; --reuse keeps data already loaded at the same
size). On top of it this script adds, idempotently: the fixture source texts
ingested as a reviewer would (so the source page and the review queue have
documents and candidates), one owner made a policy officer, a manager who owns
nothing, and the two calendar feed tokens.

Each page is requested through Django's test Client (middleware, session,
permission, every query, template; DEBUG off; the real URL) as the role that
uses it: --warmup unmeasured requests, then --runs measured ones; a streamed
body is read to its end inside the timing. The "dashboard computed" page
empties the cache before each request (every figure and the trend computed
afresh); "dashboard cached" is the page as people reload it. Statements per
request are counted by an execute wrapper over one more request (BEGIN and
COMMIT, sent by the dashboard's read transaction, count too).

Exports (CSV and XLSX of --export-rows milestones, a due-date range chosen to
hold that many) are timed over --export-runs runs; their memory is measured on
one run each, two ways: the Python heap's peak (tracemalloc, a run of its own
because tracing slows it) and the process's peak RSS (VmHWM, reset through
/proc/self/clear_refs before the request; it includes the interpreter and
Django, so the RSS before the request is given too).

The officer and the manager are on one desk holding every agreement (the
scoping rule runs, over everything). The API's commitment list
(/api/v1/commitments/, a page of 50, with the manager's token; the first page
and the next through the cursor) is timed as a page too, named "api: …".

Prints a table, then one JSON line: {"pages": {name: {median_ms, p95_ms,
queries}}, "max_median_ms" (over the pages, not the exports), "exports":
{name: {median_ms, p95_ms, queries, rows, bytes, tracemalloc_peak_mb,
peak_rss_mb, rss_before_mb}}, "size": {...}}. Page names are stable: they are
the rows of the table in docs/performance.md. No asserts on time.
"""

import argparse
import datetime
import json
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.dashboard import (  # noqa: E402
    add_data_arguments,
    load,
    percentile,
    setup_django,
    statements_during,
)

TARGET_MEDIAN_MS = 100
TARGET_P95_MS = 200
OFFICER = "bench-owner-1"  # owns 1 in 200 (bench-owner-0 none: mod(id, 10) = 0)
MANAGER_NAME = "bench-manager"  # a manager who owns nothing (as the dashboard's)
SOURCES = ROOT / "fixtures" / "sources"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_arguments(parser)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--export-rows", type=int, default=10_000)
    parser.add_argument("--export-runs", type=int, default=3)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument(
        "--only", default="", help="time only pages whose name contains this"
    )
    return parser.parse_args(argv)


@dataclass
class Page:
    """One page: its stable name, its URL and who asks for it."""

    name: str
    url: str
    # "officer", "manager", "feed" (no login: the token is the key), or
    # "api-officer"/"api-manager" (an API token in the Authorization header)
    role: str
    cold: bool = False  # empty the cache before each request
    export: bool = False


@dataclass
class World:
    """The people and rows the pages are about."""

    officer: object
    manager: object
    commitment: object
    agreement: object
    party: object
    source_pk: int
    personal_token: str
    agreement_token: str
    export_range: tuple[datetime.date, datetime.date]
    notes: dict = field(default_factory=dict)


# --- the data -------------------------------------------------------------------


def ensure_data(args: argparse.Namespace, *, migrate: bool = True) -> None:
    """The dashboard benchmark's lived-in data at the size asked (loaded unless
    --reuse finds it there), loaded with the job statement timeout."""
    from django.core.management import call_command
    from django.utils import timezone

    from commitments.models import Commitment, Milestone

    if migrate:
        call_command("migrate", verbosity=0)
    have = (Commitment.objects.count(), Milestone.objects.count())
    if args.reuse and have == (args.commitments, args.milestones):
        print(f"reusing {have[0]:,} commitments, {have[1]:,} milestones", flush=True)
        return
    load(args, timezone.now().replace(microsecond=0))


def ensure_world(export_rows: int) -> World:
    """People, a source, feed tokens and the export's range (idempotent)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models import Count, Q
    from django.utils import timezone

    from commitments.filters import OPEN
    from commitments.models import Commitment, Milestone, Party, SourceDocument
    from commitments.permissions import MANAGER, POLICY_OFFICER
    from extraction.services.ingest import document_ingest
    from notifications.feed_tokens import holder_token
    from notifications.services.preferences import (
        agreement_feed_ensure,
        profile_ensure,
    )

    users = get_user_model()
    officer = users.objects.get(username=OFFICER)
    officer.groups.add(Group.objects.get(name=POLICY_OFFICER))
    manager, _ = users.objects.get_or_create(
        username=MANAGER_NAME, defaults={"email": "manager@bench.test"}
    )
    manager.groups.add(Group.objects.get(name=MANAGER))
    desk_of_everything(officer, manager)

    for path in sorted(SOURCES.glob("*.txt")):
        document_ingest(
            title=path.stem,
            text=path.read_text(encoding="utf-8"),
            published_on=datetime.date(2026, 1, 7),
            actor=officer,
            file_name=path.name,
        )
    source = (
        SourceDocument.objects.annotate(candidate_count=Count("candidates"))
        .order_by("-candidate_count", "pk")
        .first()
    )

    # The officer's commitment with the most open milestones: a detail page
    # with a full timeline.
    commitment = (
        Commitment.objects.filter(owner=officer)
        .annotate(open_count=Count("milestones", filter=Q(milestones__status__in=OPEN)))
        .order_by("-open_count", "pk")
        .select_related("agreement")
        .first()
    )
    party = Party.objects.order_by("pk").first()

    # A due-date range holding about export_rows milestones, from today on.
    today = timezone.localdate()
    dates = Milestone.objects.filter(due_date__gte=today).order_by("due_date")
    total = dates.count()
    last = dates.values_list("due_date", flat=True)[max(0, min(export_rows, total) - 1)]
    return World(
        officer=officer,
        manager=manager,
        commitment=commitment,
        agreement=commitment.agreement,
        party=party,
        source_pk=source.pk,
        personal_token=profile_ensure(user=officer).calendar_token,
        # The officer's own address of the agreement's feed (feed_tokens.py:
        # a bare secret is no longer an address).
        agreement_token=holder_token(
            agreement_feed_ensure(agreement=commitment.agreement, actor=officer).token,
            officer.pk,
        ),
        export_range=(today, last),
    )


def desk_of_everything(*users) -> None:
    """Since desks (issue 14) a role user sees only its desks' agreements: the
    benchmark's people are put on one desk holding every agreement, so each
    page times the full scope (through the scoping rule, not around it).
    The desk tables are analyzed at once, as autovacuum would soon: without
    statistics PostgreSQL guessed 30 of the 1,000 agreements and sorted all
    100,000 commitments for the API's first page (111 ms; 0.5 ms after)."""
    from django.db import connection

    from access.models import Desk, DeskAgreement, DeskMembership
    from commitments.models import Agreement

    desk, _ = Desk.objects.get_or_create(name="Benchmark: every agreement")
    have = set(desk.agreement_links.values_list("agreement_id", flat=True))
    DeskAgreement.objects.bulk_create(
        DeskAgreement(desk=desk, agreement_id=pk)
        for pk in Agreement.objects.values_list("pk", flat=True)
        if pk not in have
    )
    for user in users:
        DeskMembership.objects.get_or_create(desk=desk, user=user)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Desk, DeskAgreement, DeskMembership):
                cursor.execute(f"ANALYZE {model._meta.db_table}")  # nosec B608: model table names


# --- the pages ------------------------------------------------------------------


def page_list(world: World) -> list[Page]:
    """Every page, named as in docs/performance.md."""
    from django.urls import reverse
    from django.utils import timezone

    from commitments.models import StatusChoices
    from reporting.filters import DashboardForm
    from reporting.page_context import milestones_url
    from reporting.selectors import milestone_figures

    def url(name: str, *args, **query) -> str:
        found = reverse(name, args=args)
        return f"{found}?{urlencode(query)}" if query else found

    ref = world.commitment.reference
    agreement = world.agreement.reference
    search = "commitments:commitment_list"
    pages = [
        Page("my work (officer)", url("commitments:home"), "officer"),
        Page("my work (manager, owns nothing)", url("commitments:home"), "manager"),
        Page("agreement list", url("commitments:agreement_list"), "manager"),
        Page(
            "agreement detail",
            url("commitments:agreement_detail", agreement),
            "manager",
        ),
        Page("search: no filter", url(search), "officer"),
    ]
    pages += [
        Page(f"search: status={status}", url(search, status=status), "officer")
        for status in StatusChoices.values
    ]
    pages += [
        Page(
            "search: text",
            url(search, q=world.commitment.title),
            "officer",
        ),
        # A word in every title of the generated data: a broad search, whose
        # page is found by walking the list's index (commitments/search.py).
        Page("search: common word", url(search, q="commitment"), "officer"),
        Page(
            "search: owner",
            url(search, owner=world.officer.pk),
            "officer",
        ),
        Page("search: side", url(search, party=world.party.pk), "officer"),
        Page(
            "commitment detail",
            url("commitments:commitment_detail", ref),
            "officer",
        ),
        Page(
            "source detail",
            url("commitments:source_detail", world.source_pk),
            "officer",
        ),
        Page(
            "follow-up form",
            url("commitments:followup_create", ref),
            "officer",
        ),
        Page("review queue", url("extraction:queue"), "officer"),
        Page("dashboard cached", url("reporting:dashboard"), "manager"),
        Page("dashboard computed", url("reporting:dashboard"), "manager", cold=True),
        Page("report: milestones", url("reporting:report_milestones"), "manager"),
        Page("report: follow-ups", url("reporting:report_followups"), "manager"),
    ]
    # The milestone lists behind the dashboard's figures, as its links are
    # built. The thirteen calendar weeks are one query over different weeks:
    # the first stands for them.
    scope = DashboardForm({}).scope()
    for spec in milestone_figures(scope, today=timezone.localdate()):
        if spec.key.startswith("week_") and spec.key != "week_0":
            continue
        pages.append(
            Page(
                f"report: {spec.key}",
                milestones_url(scope, **spec.params()),
                "manager",
            )
        )
    pages += [
        Page(
            "briefing agreement",
            url("reporting:briefing_agreement", agreement),
            "manager",
        ),
        Page(
            "briefing agreement pdf",
            url("reporting:briefing_agreement_pdf", agreement),
            "manager",
        ),
        Page(
            "calendar feed personal",
            url("feeds:personal_feed", world.personal_token),
            "feed",
        ),
        Page(
            "calendar feed agreement",
            url("feeds:agreement_feed", world.agreement_token),
            "feed",
        ),
    ]
    start, end = world.export_range
    window = {"due_after": start.isoformat(), "due_before": end.isoformat()}
    for fmt in ("csv", "xlsx"):
        pages.append(
            Page(
                f"export milestones {fmt}",
                url("reporting:export", "milestones", fmt, **window),
                "manager",
                export=True,
            )
        )
    return pages


# --- measuring ------------------------------------------------------------------


def fetch(client, page: Page) -> tuple[int, bytes]:
    """One request, its body read to the end (a streamed one too)."""
    from django.core.cache import cache

    if page.cold:
        cache.clear()
    response = client.get(page.url)
    if response.streaming:
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    response.close()
    return response.status_code, body


def count_statements(client, page: Page) -> int:
    """The statements one request sends to the database."""
    (status, _), sent = statements_during(lambda: fetch(client, page))
    check(page, status)
    return sent


def check(page: Page, status: int) -> None:
    if status != 200:
        raise PageError(f"{page.name}: GET {page.url} answered {status}")


class PageError(RuntimeError):
    """A page did not answer 200."""


def time_page(client, page: Page, runs: int, warmup: int) -> dict:
    for _ in range(warmup):
        check(page, fetch(client, page)[0])
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        status, _ = fetch(client, page)
        times.append((time.perf_counter() - started) * 1000)
        check(page, status)
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "queries": count_statements(client, page),
    }


def _vm(field_name: str) -> float:
    """A VmRSS/VmHWM figure of this process in MB (0 where /proc has none)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _reset_peak_rss() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def measure_export(client, page: Page, runs: int) -> dict:
    """Time, rows, size and peak memory of one export."""
    import csv
    import io

    figures = time_page(client, page, runs, 1)
    rss_before = _vm("VmRSS")
    reset = _reset_peak_rss()
    status, body = fetch(client, page)
    check(page, status)
    peak_rss = _vm("VmHWM") if reset else 0.0
    tracemalloc.start()
    status, _ = fetch(client, page)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    check(page, status)
    if page.url.split("?")[0].endswith(".csv"):
        rows = sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8")))) - 1
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(body), read_only=True).active
        rows = sum(1 for _ in sheet.iter_rows(values_only=True)) - 1
    return {
        **figures,
        "rows": rows,
        "bytes": len(body),
        "tracemalloc_peak_mb": round(peak / 2**20, 1),
        "peak_rss_mb": round(peak_rss, 1),
        "rss_before_mb": round(rss_before, 1),
    }


def clients(world: World) -> dict:
    from django.test import Client

    found = {"feed": Client()}
    for role, user in (("officer", world.officer), ("manager", world.manager)):
        found[role] = Client()
        found[role].force_login(user)
        found[f"api-{role}"] = Client(
            headers={"Authorization": f"Token {api_key(user)}"}
        )
    return found


def api_key(user) -> str:
    """A fresh API token for `user` (the benchmark's own, named so)."""
    from api.services import api_token_create

    return api_token_create(user=user, name="benchmark", actor=user).key


def api_pages(client) -> list[Page]:
    """The API's commitment list as the manager (every row in its desk), a
    page of 50: the first page and the next one through the cursor."""
    first = "/api/v1/commitments/?page_size=50"
    response = client.get(first)
    if response.status_code != 200:
        raise PageError(f"api: GET {first} answered {response.status_code}")
    pages = [Page("api: commitments, page of 50", first, "api-manager")]
    following = response.json().get("next")
    if following:
        path = following.split("://", 1)[-1]
        path = path[path.index("/") :]
        pages.append(Page("api: commitments, next page (cursor)", path, "api-manager"))
    return pages


def run_pages(
    world: World,
    *,
    runs: int,
    warmup: int,
    export_runs: int,
    only: str = "",
    report: Callable[[str], None] = print,
) -> dict:
    """Time every page; the figures as the JSON line holds them."""
    by_role = clients(world)
    pages, exports = {}, {}
    for page in [*page_list(world), *api_pages(by_role["api-manager"])]:
        if only and only not in page.name:
            continue
        client = by_role[page.role]
        if page.export:
            exports[page.name] = measure_export(client, page, export_runs)
            report(f"  {page.name}: {exports[page.name]}")
        else:
            pages[page.name] = time_page(client, page, runs, warmup)
            report(f"  {page.name}: {pages[page.name]}")
    return {
        "pages": pages,
        "max_median_ms": max((p["median_ms"] for p in pages.values()), default=0),
        "exports": exports,
    }


def size() -> dict:
    from commitments.models import Agreement, Commitment, FollowUp, Milestone

    return {
        "agreements": Agreement.objects.count(),
        "commitments": Commitment.objects.count(),
        "milestones": Milestone.objects.count(),
        "overdue": Milestone.objects.filter(status="overdue").count(),
        "followups": FollowUp.objects.count(),
    }


def table(result: dict, world: World) -> str:
    def verdict(figures: dict, median: float, p95: float) -> str:
        ok = figures["median_ms"] < median and figures["p95_ms"] < p95
        return "" if ok else "MISSED"

    lines = [
        f"{'page':<36} {'median ms':>10} {'p95 ms':>10} {'queries':>8}",
    ]
    for name, figures in result["pages"].items():
        median = 200 if name == "dashboard computed" else TARGET_MEDIAN_MS
        lines.append(
            f"{name:<36} {figures['median_ms']:>10,.1f} {figures['p95_ms']:>10,.1f} "
            f"{figures['queries']:>8} {verdict(figures, median, 2 * median)}"
        )
    if result["exports"]:
        start, end = world.export_range
        lines.append(f"\nexports: milestones due {start} to {end}")
        lines.append(
            f"{'export':<28} {'rows':>7} {'median ms':>10} {'p95 ms':>9} "
            f"{'queries':>8} {'heap peak':>10} {'RSS peak':>9} {'RSS before':>11}"
        )
        for name, e in result["exports"].items():
            lines.append(
                f"{name:<28} {e['rows']:>7,} {e['median_ms']:>10,.0f} "
                f"{e['p95_ms']:>9,.0f} {e['queries']:>8} "
                f"{e['tracemalloc_peak_mb']:>7,.1f} MB {e['peak_rss_mb']:>6,.0f} MB "
                f"{e['rss_before_mb']:>8,.0f} MB"
            )
    lines.append(
        f"\nslowest page median {result['max_median_ms']:,.1f} ms "
        f"(target: every median < {TARGET_MEDIAN_MS} ms, p95 < {TARGET_P95_MS} ms; "
        f"the computed dashboard < 200 ms)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django()
    import logging

    from django.conf import settings
    from django.db import connection, connections

    from tracker.celery import use_job_statement_timeout

    print(
        f"database: {connection.settings_dict['NAME']} on "
        f"{connection.settings_dict['HOST']}:{connection.settings_dict['PORT']}, "
        f"DEBUG={settings.DEBUG}"
    )
    # Loading is a job (no statement timeout); the pages are timed under the
    # web requests' timeout, as they are served.
    web_options = {
        alias: dict(db.get("OPTIONS", {})) for alias, db in settings.DATABASES.items()
    }
    # django-axes logs every login at INFO: not figures.
    logging.getLogger("axes").setLevel(logging.WARNING)
    use_job_statement_timeout()
    ensure_data(args)
    world = ensure_world(args.export_rows)
    for alias, options in web_options.items():
        settings.DATABASES[alias]["OPTIONS"] = options
    connections.close_all()

    print(
        f"timing {args.runs} runs per page after {args.warmup} warm-ups "
        f"(exports: {args.export_runs} runs) …",
        flush=True,
    )
    result = run_pages(
        world,
        runs=args.runs,
        warmup=args.warmup,
        export_runs=args.export_runs,
        only=args.only,
    )
    result["size"] = size()
    result["runs"] = args.runs
    print()
    print(table(result, world))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
