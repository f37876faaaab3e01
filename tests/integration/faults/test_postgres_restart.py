"""PostgreSQL restarted while a worker runs the reminder job.

The shared PostgreSQL server is never touched: the test copies its database
into a private cluster (initdb in a temp dir, a free port), points a real
worker at it, and restarts that cluster (`pg_ctl restart -m fast`, which ends
every connection) once the worker has the job. The job must fail cleanly
(its transaction rolled back, nothing half-claimed) and the next run must
complete the work: one digest per officer, each sent once.
"""

import shutil
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from kombu import Connection

from commitments.services.milestones import milestones_generate
from commitments.services.sweeps import milestone_statuses_flag
from core.history import system_user
from notifications.tasks import dispatch_digests_task, run_reminders_task
from tests.integration.faults import workload as wl
from tests.integration.faults.harness import (
    PrivatePostgres,
    Worker,
    copy_database,
    report,
    wait_until,
)

pytestmark = [
    pytest.mark.integration,
    # The migrations' rows (reminder rules, escalation levels) come back after
    # each test flushes the tables.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def private_postgres():
    # Not under pytest's tmp_path: that is private to root, and the cluster
    # runs as `postgres` when the tests run as root.
    directory = Path(tempfile.mkdtemp(prefix="faults-pg-"))
    cluster = PrivatePostgres(directory)
    try:
        cluster.init()
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(directory, ignore_errors=True)


def _counts(url: str) -> tuple[int, int, int]:
    with psycopg.connect(url) as db:
        return tuple(
            db.execute(sql).fetchone()[0]
            for sql in (
                "SELECT count(*) FROM notifications_delivery",
                "SELECT count(*) FROM notifications_digest WHERE status = 'sent'",
                "SELECT count(*) FROM notifications_historicaldelivery",
            )
        )


def test_a_postgres_restart_fails_the_job_cleanly_and_the_next_run_finishes(
    transactional_db, faults_env, private_redis, private_postgres, sink
):
    wl.workload_build()
    actor = system_user()
    milestones_generate(as_of=wl.GENERATE_AS_OF, actor=actor)
    milestone_statuses_flag(as_of=wl.RUN_AS_OF, actor=actor)
    settings = connection.settings_dict
    source = (
        f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}"
        f"/{settings['NAME']}"
    )
    copy_database(source, private_postgres, "faults")
    url = private_postgres.url("faults")
    worker = Worker({**faults_env, "DATABASE_URL": url}, "pgrestart")
    worker.start()
    try:
        assert wait_until(worker.is_ready, 60)
        with Connection(private_redis.url(1)) as broker:
            run_reminders_task.apply_async(
                (), {"as_of_iso": wl.RUN_AS_OF.isoformat()}, connection=broker
            )
            assert wait_until(
                lambda: b"notifications.run_reminders[" in worker.log.read_bytes(),
                30,
                0.02,
            )
            private_postgres.restart()
            back = time.monotonic()
            after_restart = _counts(url)
            assert wait_until(
                lambda: (
                    b"OperationalError" in worker.log.read_bytes()
                    or b"run_reminders"
                    in worker.log.read_bytes().split(b"succeeded")[-1]
                ),
                30,
            )
            # Beat's next runs: the reminder job, then the dispatcher's tick.
            run_reminders_task.apply_async(
                (), {"as_of_iso": wl.RUN_AS_OF.isoformat()}, connection=broker
            )
            sent = wait_until(lambda: _counts(url)[1] == wl.OFFICERS, 60, 0.5)
            if not sent:
                dispatch_digests_task.apply_async((), connection=broker)
                sent = wait_until(lambda: _counts(url)[1] == wl.OFFICERS, 60, 0.5)
            recover = time.monotonic() - back
            time.sleep(1)  # a late duplicate would arrive now
    finally:
        worker.stop()
    failed_cleanly = b"OperationalError" in worker.log.read_bytes()
    deliveries, _digests_sent, delivery_history = _counts(url)
    received = wl.emails_per_message_id(sink.messages)
    duplicated = sum(n - 1 for n in received.values())
    lost = wl.OFFICERS - len(received)
    report(
        "PostgreSQL restarted during the reminder job",
        runs=1,
        lost=lost,
        duplicated=duplicated,
        recover_s=recover,
        test_file="test_postgres_restart.py",
    )
    print(f"failed cleanly: {failed_cleanly}; rows after the restart {after_restart}")
    assert failed_cleanly, "the restart did not land inside the job"
    assert after_restart[0] == 0, "the failed run left deliveries behind"
    assert sent
    assert (lost, duplicated) == (0, 0)
    # Each delivery: claimed, put in its digest, sent; no row written twice.
    assert delivery_history == 3 * deliveries
