"""Reads of the health checks: short, bounded queries on small tables."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction

from notifications.selectors import OutboxBacklog
from notifications.selectors import outbox_backlog as notifications_backlog
from ops.models import JobRun


@contextmanager
def bounded_reads() -> Iterator[None]:
    """Run the block's statements with the health check's short statement and
    lock timeouts (TRACKER_HEALTH_CHECK_TIMEOUT_SECONDS), not the web's 25 s:
    a health answer must come quickly, even while a migration holds a lock.
    """
    if connection.vendor != "postgresql":
        yield
        return
    limit = f"{int(settings.TRACKER_HEALTH_CHECK_TIMEOUT_SECONDS * 1000)}ms"
    nested = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('statement_timeout'),"
            " current_setting('lock_timeout'),"
            " set_config('statement_timeout', %s, true),"
            " set_config('lock_timeout', %s, true)",
            [limit, limit],
        )
        statement_before, lock_before, _, _ = cursor.fetchone()
        yield
        if nested:
            # Inside an outer transaction (a test's) this block is a savepoint,
            # whose release keeps SET LOCAL: put the caller's timeouts back.
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, true),"
                " set_config('lock_timeout', %s, true)",
                [statement_before, lock_before],
            )


@dataclass(frozen=True)
class JobState:
    """A job's last success and failure, and since when jobs are watched."""

    last_success_at: datetime.datetime | None
    watched_since: datetime.datetime | None
    summary: dict
    last_failure_at: datetime.datetime | None = None
    last_error: str = ""


def job_state(name: str) -> JobState:
    """The job's last success and failure, and the first time any job was
    recorded. One query over every row: the table holds a row per job."""
    with bounded_reads():
        rows = list(
            JobRun.objects.values_list(
                "name",
                "created_at",
                "last_success_at",
                "last_summary",
                "last_failure_at",
                "last_error",
            )
        )
    since = min((row[1] for row in rows), default=None)
    mine = next((row for row in rows if row[0] == name), None)
    if mine is None:
        return JobState(None, since, {})
    return JobState(mine[2], since, mine[3] or {}, mine[4], mine[5])


def outbox_backlog() -> OutboxBacklog:
    """The reminder outbox's backlog (notifications' selector), read within
    the health check's short statement and lock timeouts."""
    with bounded_reads():
        return notifications_backlog()
