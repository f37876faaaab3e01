"""Two beat schedulers at once: every scheduled job is sent twice per tick.

Two beats (a second one started by mistake, or two hosts each running one)
send each due job twice at the same moment; a prefork worker with two
processes runs both copies side by side. The final state must be the clean
run's: no milestone flagged twice, no extra history row, each email once.
"""

import time

import pytest
from kombu import Connection

from commitments.tasks import flag_milestone_statuses_task, generate_milestones_task
from notifications.models import Digest
from notifications.tasks import dispatch_digests_task, run_reminders_task
from tests.integration.faults import workload as wl
from tests.integration.faults.harness import Worker, report, wait_until

pytestmark = [
    pytest.mark.integration,
    # The migrations' rows (reminder rules, escalation levels) come back after
    # each test flushes the tables.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
BEATS = 2


def test_two_beats_duplicate_no_flag_history_row_or_email(
    baseline, faults_env, private_redis, sink
):
    worker = Worker(faults_env, "beats", concurrency=2)
    worker.start()
    started = time.monotonic()
    try:
        assert wait_until(worker.is_ready, 60)
        with Connection(private_redis.url(1)) as broker:

            def tick(task, **kwargs) -> None:
                # Both beats fire the same tick: two messages, back to back.
                for _ in range(BEATS):
                    task.apply_async((), kwargs, connection=broker)

            expected = baseline.snapshot
            tick(generate_milestones_task, as_of_iso=wl.GENERATE_AS_OF.isoformat())
            assert wait_until(
                lambda: wl.snapshot().milestones.keys() == expected.milestones.keys(),
                60,
                0.3,
            )
            tick(flag_milestone_statuses_task, as_of_iso=wl.RUN_AS_OF.isoformat())
            assert wait_until(
                lambda: wl.snapshot().milestones == expected.milestones, 60, 0.3
            )
            tick(run_reminders_task, as_of_iso=wl.RUN_AS_OF.isoformat())
            for _ in range(3):
                tick(dispatch_digests_task)
                time.sleep(0.5)
            sent = wait_until(
                lambda: Digest.objects.filter(status="sent").count() == wl.OFFICERS,
                60,
                0.3,
            )
            time.sleep(1.5)  # any second copy still running would send now
    finally:
        worker.stop()
    received = wl.emails_per_message_id(sink.messages)
    lost = len(wl.digest_message_ids() - received.keys())
    duplicated = sum(n - 1 for n in received.values())
    report(
        "two beat schedulers at once",
        runs=1,
        lost=lost,
        duplicated=duplicated,
        recover_s=0,
        test_file="test_two_beats.py",
    )
    print(f"two beats: {time.monotonic() - started:.1f} s for every job twice")
    assert sent
    assert (lost, duplicated) == (0, 0)
    assert wl.snapshot().differences(baseline.snapshot) == []
