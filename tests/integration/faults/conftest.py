"""Fixtures of the fault suite: the workload, its clean run, and private servers."""

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.core.mail import get_connection

from commitments.services.milestones import milestones_generate
from commitments.services.sweeps import milestone_statuses_flag
from core.history import system_user
from notifications.services.digests import digest_send, digests_dispatch, reminders_run
from tests.conftest import worker_env
from tests.integration.faults import workload as wl
from tests.integration.faults.harness import PrivateRedis, SmtpSink, Worker


@dataclass
class Baseline:
    """The clean run of the workload: its final state, mails and phase times."""

    snapshot: wl.Snapshot
    emails: int
    seconds: dict[str, float]
    commitments: dict


def smtp_connection(port: int):
    return get_connection(
        "django.core.mail.backends.smtp.EmailBackend", host="127.0.0.1", port=port
    )


def clean_run(port: int) -> dict[str, float]:
    """Every phase in-process, no fault: generation, sweep, reminders, sends."""
    actor = system_user()
    seconds = {}
    started = time.monotonic()
    milestones_generate(as_of=wl.GENERATE_AS_OF, actor=actor)
    seconds["generation"] = time.monotonic() - started
    started = time.monotonic()
    milestone_statuses_flag(as_of=wl.RUN_AS_OF, actor=actor)
    seconds["sweep"] = time.monotonic() - started
    started = time.monotonic()
    reminders_run(as_of=wl.RUN_AS_OF)
    seconds["reminders"] = time.monotonic() - started
    started = time.monotonic()
    with smtp_connection(port) as connection:
        for digest_id in digests_dispatch():
            digest_send(digest_id=digest_id, connection=connection)
    seconds["sends"] = time.monotonic() - started
    return seconds


@pytest.fixture(autouse=True)
def _quiet_smtp_log() -> None:
    # aiosmtpd logs every SMTP command at INFO: thousands of lines per test.
    logging.getLogger("mail.log").setLevel(logging.WARNING)


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    server = SmtpSink()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def baseline(transactional_db, sink) -> Baseline:
    """Build the workload, run it cleanly, keep the result, then undo its effects."""
    wl.workload_build()
    commitments = wl.commitment_state()
    seconds = clean_run(sink.port)
    result = Baseline(wl.snapshot(), len(sink.messages), seconds, commitments)
    assert result.emails == wl.OFFICERS  # one digest per officer
    assert len(result.snapshot.deliveries) >= 200
    assert len(result.snapshot.milestones) >= 300
    wl.effects_reset(commitments)
    sink.handler.reset()
    return result


@pytest.fixture
def private_redis(tmp_path) -> Iterator[PrivateRedis]:
    directory = tmp_path / "redis"
    directory.mkdir()
    redis = PrivateRedis(directory)
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()


@pytest.fixture
def faults_env(transactional_db, private_redis, sink, tmp_path) -> dict[str, str]:
    """A worker's environment: the test database, the private Redis, the sink."""
    env = worker_env(sink.port)
    env.update(
        REDIS_URL=private_redis.url(3),
        CELERY_BROKER_URL=private_redis.url(1),
        CELERY_RESULT_BACKEND="",
        FAULTS_TMP=str(tmp_path),
    )
    return env


@pytest.fixture
def worker(faults_env) -> Iterator[Worker]:
    process = Worker(faults_env, "faults")
    try:
        yield process
    finally:
        process.stop()
