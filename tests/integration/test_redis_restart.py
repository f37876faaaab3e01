"""A Redis restart in the middle of a reminder run (issue 12, finding 1).

The test starts its own redis-server (AOF on, as every shipped configuration
runs it) and a real prefork worker on it, stops Redis while the worker is
sending digests and starts it again on the same data directory. The worker
must survive, and every officer must get exactly one reminder, without a
manual step.
"""

import datetime
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from kombu import Connection

from commitments.models import Commitment, Milestone
from commitments.services.milestones import milestones_generate
from notifications.models import Digest, Watcher
from notifications.services.digests import (
    SENDING_LEASE,
    digests_dispatch,
    reminders_run,
)
from notifications.tasks import send_digest_task
from tests.conftest import REPO_ROOT, free_port, stop_process, worker_env

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
UTC = datetime.UTC
QUEUE = "redis-restart"
PEOPLE = 24
ONE_SECOND = datetime.timedelta(seconds=1)


class PrivateRedis:
    """A redis-server of this test's own, so that stopping it harms no one."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("redis-server is not installed")
        self.process = subprocess.Popen(
            [
                binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--dir",
                str(self.directory),
                "--appendonly",
                "yes",
                "--save",
                "",
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with Connection(f"{self.url}/1") as connection:
                    connection.ensure_connection(max_retries=1)
                return
            except Exception:
                time.sleep(0.1)
        pytest.fail("the private redis-server did not start")

    def stop(self) -> None:
        """SIGTERM: Redis flushes its append-only file and exits, as on a restart."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


@pytest.fixture
def private_redis(tmp_path) -> Iterator[PrivateRedis]:
    redis = PrivateRedis(tmp_path)
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()


def start_prefork_worker(env: dict[str, str]) -> subprocess.Popen:
    """A worker as production runs it: prefork pool, on the private Redis."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tracker",
            "worker",
            "--pool=prefork",
            "--concurrency=2",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--hostname=redis-restart@%h",
            f"--queues={QUEUE}",
        ],
        cwd=REPO_ROOT,
        env=env,
    )


def wait_until_quiet(smtp, quiet: float = 5, timeout: float = 120) -> bool:
    """Wait until no message has arrived for `quiet` seconds (bounded)."""
    deadline = time.monotonic() + timeout
    seen = -1
    while time.monotonic() < deadline:
        with smtp.changed:
            if len(smtp.messages) == seen:
                return True
            seen = len(smtp.messages)
            smtp.changed.wait(timeout=quiet)
    return False


def recipients(messages) -> list[str]:
    return sorted(rcpt for to, _ in messages for rcpt in to)


def test_a_redis_restart_mid_run_loses_and_doubles_nothing(
    smtp, smtp_server, seeded, system, private_redis, desk_of_everything
):
    if not Milestone.objects.filter(commitment__reference="jwg-quarterly").exists():
        milestones_generate(
            as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system
        )
    jwg = Commitment.objects.get(reference="jwg-quarterly")
    users = get_user_model().objects
    people = [
        users.create_user(f"restart{n}", f"restart{n}@moi.gov.pk")
        for n in range(PEOPLE)
    ]
    desk_of_everything.add(*people)  # watchers who may see the agreement
    Watcher.objects.bulk_create(Watcher(commitment=jwg, user=u) for u in people)
    env = worker_env(smtp_server[1])
    # tracker/settings/test.py derives the broker (db 1) and results (db 2)
    # from REDIS_URL: point all of them at the private server.
    env.update(
        REDIS_URL=f"{private_redis.url}/3",
        CELERY_BROKER_URL=f"{private_redis.url}/1",
        CELERY_RESULT_BACKEND=f"{private_redis.url}/2",
    )
    smtp.delay = 0.25  # slow enough to be mid-run when Redis goes
    worker = start_prefork_worker(env)
    try:
        with Connection(f"{private_redis.url}/1") as broker:
            report = reminders_run(
                as_of=datetime.datetime.fromisoformat("2026-03-31T10:00:00+05:00"),
                enqueue=lambda digest_id: send_digest_task.apply_async(
                    (digest_id,), queue=QUEUE, connection=broker
                ),
            )
            assert len(report.digests) == PEOPLE
            smtp.wait_for(3, timeout=120)
            private_redis.stop()
            time.sleep(2)  # down long enough for the worker to notice
            private_redis.start()
            smtp.delay = 0
            settled = wait_until_quiet(smtp)
            # A send cancelled by the connection loss stays "sending": beat's
            # dispatcher takes it back once its lease ran out (within 2 min).
            # Age the claims instead of waiting for the lease.
            Digest.objects.filter(status="sending").update(
                claimed_at=F("claimed_at")
                - SENDING_LEASE
                - datetime.timedelta(seconds=1)
            )
            for digest_id in digests_dispatch():
                send_digest_task.apply_async(
                    (digest_id,), queue=QUEUE, connection=broker
                )
        everyone = {person.email for person in people}
        with smtp.changed:
            delivered = smtp.changed.wait_for(
                lambda: set(recipients(smtp.messages)) >= everyone, timeout=120
            )
        assert settled
        assert delivered, "some officers never got their reminder"
        wait_until_quiet(smtp)  # a re-delivered message must send nothing
        assert worker.poll() is None, "the worker died with Redis"
        counts = Counter(recipients(smtp.messages))
        # Exactly once, but for the documented bound: a send cut off after SMTP
        # accepted it costs one copy (same Message-ID); at most one per
        # process that was sending (concurrency 2).
        assert sum(n - 1 for n in counts.values()) <= 2, counts
        assert set(Digest.objects.values_list("status", flat=True)) == {"sent"}
    finally:
        if worker.poll() is None:
            stop_process(worker)
