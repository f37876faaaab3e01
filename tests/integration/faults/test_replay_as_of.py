"""`send_reminders --as-of <past>` while the regular dispatcher runs.

The operator's replay claims and sends digests in its own process while the
dispatcher (a tick every 0.3 s here, every minute in production) enqueues the
same digests to a real worker. A replay's claims must not look expired to the
dispatcher (issue 12, finding 2): every digest reaches SMTP exactly once.
"""

import subprocess
import sys
import time

import pytest
from django.db import connection as db_connection
from kombu import Connection

from commitments.services.milestones import milestones_generate
from commitments.services.sweeps import milestone_statuses_flag
from core.history import system_user
from notifications.models import Digest
from notifications.services.digests import digests_dispatch
from notifications.tasks import send_digest_task
from tests.conftest import REPO_ROOT
from tests.integration.faults import workload as wl
from tests.integration.faults.harness import Ticker, report, wait_until

pytestmark = [
    pytest.mark.integration,
    # The migrations' rows (reminder rules, escalation levels) come back after
    # each test flushes the tables.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_past_replay_beside_the_dispatcher_sends_each_digest_once(
    transactional_db, worker, faults_env, private_redis, sink
):
    wl.workload_build()
    actor = system_user()
    milestones_generate(as_of=wl.GENERATE_AS_OF, actor=actor)
    milestone_statuses_flag(as_of=wl.RUN_AS_OF, actor=actor)
    sink.handler.delay = 0.1  # the replay is mid-send across many ticks
    worker.start()
    assert wait_until(worker.is_ready, 60)

    def dispatcher_tick() -> None:
        try:
            with Connection(private_redis.url(1)) as broker:
                for digest_id in digests_dispatch():
                    send_digest_task.apply_async((digest_id,), connection=broker)
        finally:
            db_connection.close()  # this thread's own connection

    started = time.monotonic()
    with Ticker(dispatcher_tick, 0.3) as ticker:
        replay = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "send_reminders",
                "--as-of",
                wl.RUN_AS_OF.isoformat(),
            ],
            cwd=REPO_ROOT,
            env=faults_env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        done = wait_until(
            lambda: (
                Digest.objects.exists()
                and not Digest.objects.exclude(status="sent").exists()
            ),
            60,
            0.3,
        )
        time.sleep(1.5)  # a few more ticks: a duplicate would show now
    elapsed = time.monotonic() - started
    received = wl.emails_per_message_id(sink.messages)
    lost = len(wl.digest_message_ids() - received.keys())
    duplicated = sum(n - 1 for n in received.values())
    report(
        "send_reminders --as-of <past> beside the dispatcher",
        runs=1,
        lost=lost,
        duplicated=duplicated,
        recover_s=elapsed,
        test_file="test_replay_as_of.py",
    )
    assert replay.returncode == 0, replay.stderr[-2000:]
    assert ticker.errors == []
    assert done
    assert Digest.objects.count() == wl.OFFICERS
    assert (lost, duplicated) == (0, 0)
