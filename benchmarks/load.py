"""Fifty people at once: gunicorn with the production settings under locust.

    bin/bench load                       100,000 / 1,000,000, 50 users for 60 s
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/load.py --reuse
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/load.py \\
        --commitments 10000 --milestones 100000 --users 10 --duration 20

Needs DATABASE_URL to a PostgreSQL database it may wipe. It loads the
dashboard benchmark's lived-in data at the size asked (benchmarks/dashboard.py:
load(); --reuse keeps data already there at the same size), then:

- gives the people their accounts, one per locust user: officers are the
  data's first owners (bench-owner-N, who own about 450 commitments each) in
  the "Policy officer" group, managers are load-manager-N in "Manager"
  (commitments/permissions.py names the groups); one random password for all,
  hashed once;
- collects what they will visit: the links of the dashboard's figures (the
  report lists behind them, read from the page as a manager sees it),
  commitment statuses, words from titles, each officer's own commitments;
- runs collectstatic and starts gunicorn with tracker/gunicorn.conf.py and
  tracker.settings.production on a free port of 127.0.0.1. Plain HTTP on
  loopback is allowed through the production settings' own switches:
  DJANGO_SECURE_SSL_REDIRECT=0, DJANGO_SESSION_COOKIE_SECURE=0,
  DJANGO_CSRF_COOKIE_SECURE=0 (and HSTS 0); a throwaway secret key; static
  files collected into a temporary directory; access log to a file;
- runs locust headless (benchmarks/locustfile.py) with --users users, four
  officers to one manager: officers on their work, the commitment search
  (no filter, a status, a word, themselves as owner) and commitment pages;
  managers on the dashboard (all, one side), the lists behind its figures and
  the agreement list; each waits --wait-min to --wait-max seconds between
  pages. Every user logs in first (on_start); the statistics are reset and
  the --duration seconds start once all have logged in.

Prints a table per page, then one JSON line. Locust runs on the same machine
(two cores) as gunicorn and PostgreSQL, so it takes CPU from the server it
measures. No asserts on time.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.dashboard import (  # noqa: E402
    add_data_arguments,
    load,
    setup_django,
)
from benchmarks.pages import desk_of_everything  # noqa: E402

OFFICERS_PER_MANAGER = 4
MACHINE_NOTE = "locust runs on the same two cores"
# Hrefs of the dashboard's figures: the lists a manager opens from it.
REPORT_LINK = re.compile(
    r'href="(/(?:reports/milestones|reports/follow-ups|commitments)/\?[^"]*)"'
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_arguments(parser)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds")
    parser.add_argument("--wait-min", type=float, default=0.2, help="seconds")
    parser.add_argument("--wait-max", type=float, default=0.8, help="seconds")
    parser.add_argument(
        "--workers", type=int, default=0, help="gunicorn workers (0: its config)"
    )
    parser.add_argument(
        "--threads", type=int, default=0, help="per worker (0: its config)"
    )
    parser.add_argument(
        "--cache-url",
        default="",
        help="CACHE_URL for gunicorn, e.g. redis://127.0.0.1:6390/40 (default: none)",
    )
    return parser.parse_args(argv)


def ensure_data(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from commitments.models import Commitment, Milestone

    call_command("migrate", verbosity=0)
    have = (Commitment.objects.count(), Milestone.objects.count())
    if args.reuse and have == (args.commitments, args.milestones):
        print(f"reusing {have[0]:,} commitments, {have[1]:,} milestones", flush=True)
        return
    load(args, timezone.now().replace(microsecond=0))


def people(officers: int, managers: int, password: str) -> dict:
    """The accounts, in their role groups, all with `password`."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from commitments.models import Commitment
    from commitments.permissions import MANAGER, POLICY_OFFICER

    user_model = get_user_model()
    owners = list(
        user_model.objects.filter(
            pk__in=Commitment.objects.filter(owner__isnull=False)
            .values("owner")
            .distinct()
        ).order_by("pk")[:officers]
    )
    for n in range(len(owners), officers):  # a smaller load than owners exist
        owners.append(user_model.objects.get_or_create(username=f"load-officer-{n}")[0])
    chiefs = [
        user_model.objects.get_or_create(
            username=f"load-manager-{n}",
            defaults={"first_name": "Manager", "last_name": str(n)},
        )[0]
        for n in range(managers)
    ]
    Group.objects.get(name=POLICY_OFFICER).user_set.add(*owners)
    Group.objects.get(name=MANAGER).user_set.add(*chiefs)
    # Since desks (issue 14) a person sees only their desks' agreements: all
    # on one desk holding every agreement, so the scoping rule runs over all.
    desk_of_everything(*owners, *chiefs)
    # One hash for everyone: hashing 50 passwords would take longer than the run.
    user_model.objects.filter(pk__in=[u.pk for u in owners + chiefs]).update(
        password=make_password(password), is_active=True
    )
    return {
        "officer": [
            {
                "username": user.username,
                "id": user.pk,
                "commitments": list(
                    Commitment.objects.filter(owner=user)
                    .order_by("pk")
                    .values_list("reference", flat=True)[:200]
                ),
            }
            for user in owners
        ],
        "manager": [{"username": user.username, "id": user.pk} for user in chiefs],
    }


def report_links(manager_username: str) -> list[tuple[str, str]]:
    """The lists behind the dashboard's figures, as (page name, url)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(get_user_model().objects.get(username=manager_username))
    html = client.get("/reports/").content.decode()
    links = sorted({m.replace("&amp;", "&") for m in REPORT_LINK.findall(html)})
    named = []
    for url in links:
        path = url.partition("?")[0]
        named.append((f"dashboard link {path}", url))
    return named


def plan(args: argparse.Namespace, password: str) -> dict:
    from commitments.models import Commitment, Party, StatusChoices

    managers = max(1, round(args.users / (OFFICERS_PER_MANAGER + 1)))
    officers = args.users - managers
    accounts = people(officers, managers, password)
    titles = Commitment.objects.order_by("?").values_list("title", flat=True)[:50]
    words = sorted(
        {
            word.lower()
            for title in titles
            for word in re.findall(r"[A-Za-z]{5,}", title)
        }
    )[:20]
    return {
        "password": password,
        "officers": officers,
        "managers": managers,
        "wait_min": args.wait_min,
        "wait_max": args.wait_max,
        "accounts": accounts,
        "statuses": [value for value, _label in StatusChoices.choices],
        "words": words or ["report"],
        "commitments": list(
            Commitment.objects.order_by("?").values_list("reference", flat=True)[:500]
        ),
        "parties": list(Party.objects.values_list("pk", flat=True)[:20]),
        "report_links": report_links(accounts["manager"][0]["username"]),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(args: argparse.Namespace, work: Path, port: int) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tracker.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        # Plain HTTP on loopback, through the production settings' switches.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_HSTS_SECONDS="0",
        DJANGO_SESSION_COOKIE_SECURE="0",
        DJANGO_CSRF_COOKIE_SECURE="0",
        DJANGO_STATIC_ROOT=str(work / "static"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_ACCESS_LOG=str(work / "access.log"),
        GUNICORN_LOG_LEVEL="warning",
    )
    if args.workers:
        env["GUNICORN_WORKERS"] = str(args.workers)
    if args.threads:
        env["GUNICORN_THREADS"] = str(args.threads)
    if args.cache_url:
        env["CACHE_URL"] = args.cache_url
    return env


def start_gunicorn(env: dict, port: int, log: Path) -> subprocess.Popen:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "tracker/gunicorn.conf.py",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"load: gunicorn exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/accounts/login/", timeout=5
            ) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    stop(server)
    sys.exit(f"load: gunicorn did not answer in 60 s:\n{log.read_text()[-3000:]}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def run_locust(
    args: argparse.Namespace, work: Path, port: int, plan_file: Path
) -> dict:
    result_file = work / "result.json"
    env = dict(os.environ)
    env.update(
        LOAD_PLAN=str(plan_file),
        LOAD_RESULT=str(result_file),
        LOAD_DURATION=str(args.duration),
    )
    # Logins (one password hash each) before the window, then the window.
    limit = int(args.duration + 120 + args.users)
    with (work / "locust.log").open("w") as log:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(ROOT / "benchmarks" / "locustfile.py"),
                "--headless",
                "--only-summary",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.users),
                "--host",
                f"http://127.0.0.1:{port}",
                "--run-time",
                f"{limit}s",
                "--stop-timeout",
                "5",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if not result_file.exists():
        sys.exit(
            "load: locust ended before the window closed:\n"
            + (work / "locust.log").read_text()[-3000:]
        )
    return json.loads(result_file.read_text())


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django()
    from django.db import connection

    from commitments.models import Commitment, Milestone
    from tracker.celery import use_job_statement_timeout

    use_job_statement_timeout()
    print(
        f"database: {connection.settings_dict['NAME']} on "
        f"{connection.settings_dict['HOST']}:{connection.settings_dict['PORT']}"
    )
    ensure_data(args)
    work = Path(tempfile.mkdtemp(prefix="tracker-load-"))
    plan_file = work / "plan.json"
    the_plan = plan(args, secrets.token_urlsafe(16))
    plan_file.write_text(json.dumps(the_plan))
    sizes = (Commitment.objects.count(), Milestone.objects.count())
    connection.close()  # nothing of ours holds a backend during the run

    port = free_port()
    env = server_env(args, work, port)
    server = start_gunicorn(env, port, work / "gunicorn.log")
    try:
        workers = int(subprocess.check_output(["pgrep", "-c", "-P", str(server.pid)]))
        print(
            f"gunicorn on 127.0.0.1:{port}, {workers} workers; locust: "
            f"{the_plan['officers']} officers, {the_plan['managers']} managers, "
            f"{args.duration:.0f} s after the logins (logs in {work})",
            flush=True,
        )
        result = run_locust(args, work, port, plan_file)
    finally:
        stop(server)

    elapsed = result["elapsed_s"]
    pages = {
        name: figures
        for name, figures in result["pages"].items()
        if not name.startswith("login")
    }
    print()
    print(
        f"{'page':<44} {'requests':>8} {'errors':>6} {'p50 ms':>7} "
        f"{'p95 ms':>7} {'max ms':>7}"
    )
    for name, figures in sorted(pages.items()):
        print(
            f"{name[:44]:<44} {figures['requests']:>8} {figures['errors']:>6} "
            f"{figures['p50_ms']:>7.0f} {figures['p95_ms']:>7.0f} "
            f"{figures['max_ms']:>7}"
        )
    rate = result["requests"] / elapsed if elapsed else 0.0
    print(
        f"{'all':<44} {result['requests']:>8} {result['errors']:>6} "
        f"{result['p50_ms']:>7.0f} {result['p95_ms']:>7.0f}"
    )
    print(
        f"\n{rate:.1f} requests/s over {elapsed:.0f} s, {args.users} users "
        f"({the_plan['officers']} officers, {the_plan['managers']} managers), "
        f"{result['errors']} errors, {result['login_failures']} failed logins; "
        f"{MACHINE_NOTE} as gunicorn ({workers} workers) and PostgreSQL"
    )
    for sample in result["error_samples"]:
        print(f"  error: {sample['page']}: {sample['error']} x{sample['count']}")
    figures = {
        "requests_per_s": round(rate, 1),
        "requests": result["requests"],
        "errors": result["errors"],
        "login_failures": result["login_failures"],
        "p50_ms": result["p50_ms"],
        "p95_ms": result["p95_ms"],
        "pages": {
            name: {key: page[key] for key in ("requests", "errors", "p50_ms", "p95_ms")}
            for name, page in sorted(pages.items())
        },
        "users": args.users,
        "officers": the_plan["officers"],
        "managers": the_plan["managers"],
        "duration_s": elapsed,
        "wait_s": [args.wait_min, args.wait_max],
        "gunicorn_workers": workers,
        "gunicorn_threads": int(env.get("GUNICORN_THREADS", "1")),
        "cache": (
            "shared (CACHE_URL/REDIS_URL)"
            if env.get("CACHE_URL") or env.get("REDIS_URL")
            else "per-worker LocMemCache"
        ),
        "commitments": sizes[0],
        "milestones": sizes[1],
        "machine": MACHINE_NOTE,
    }
    shutil.rmtree(work / "static", ignore_errors=True)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
