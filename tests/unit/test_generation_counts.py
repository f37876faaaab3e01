"""generate_milestones reports the rows its INSERT created (issue 12, finding 5)."""

import datetime
import io
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from commitments.models import Milestone
from commitments.services.milestones import milestones_generate

AS_OF = "2026-01-08T04:00Z"
AFTER_TALKS = datetime.datetime(2026, 1, 8, 4, 0, tzinfo=datetime.UTC)


def generate() -> str:
    out = io.StringIO()
    call_command("generate_milestones", "--as-of", AS_OF, stdout=out)
    return out.getvalue()


def test_a_second_run_reports_that_it_created_nothing(seeded):
    first = generate()
    total = Milestone.objects.count()
    assert total > 0
    assert f"Created {total} milestone(s)." in first
    assert generate().strip() == "Created 0 milestone(s)."
    assert Milestone.objects.count() == total


def _wait_until_blocked_on_a_lock(pid: int) -> None:
    """Poll pg_stat_activity (bounded) until backend `pid` waits for a lock."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid]
            )
            row = cursor.fetchone()
        if row and row[0] == "Lock":
            return
        time.sleep(0.05)
    pytest.fail("the second run never waited for the first")


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_runs_report_each_row_once(seeded, system):
    """Run B inserts while run A holds its uncommitted rows; A commits; B skips."""
    a_inserted = threading.Event()
    a_may_commit = threading.Event()
    results: dict[str, int] = {}
    b_pid: list[int] = []

    def run_a() -> None:
        try:
            with transaction.atomic():
                report = milestones_generate(as_of=AFTER_TALKS, actor=system)
                results["a"] = report.created_count
                a_inserted.set()
                a_may_commit.wait(timeout=60)
        finally:
            connections.close_all()

    def run_b() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                b_pid.append(cursor.fetchone()[0])
            results["b"] = milestones_generate(
                as_of=AFTER_TALKS, actor=system
            ).created_count
        finally:
            connections.close_all()

    thread_a = threading.Thread(target=run_a)
    thread_a.start()
    assert a_inserted.wait(timeout=60)
    thread_b = threading.Thread(target=run_b)
    thread_b.start()
    try:
        while not b_pid:
            time.sleep(0.01)
        _wait_until_blocked_on_a_lock(b_pid[0])
    finally:
        a_may_commit.set()
        thread_a.join(timeout=60)
        thread_b.join(timeout=60)
    total = Milestone.objects.count()
    assert results == {"a": total, "b": 0}
