"""Redis stopped during a generation, a sweep and a reminder run, then started.

The worker runs on a private redis-server with an append-only file, as every
shipped configuration runs it. Redis goes down just after each job is handed
to the worker and comes back two seconds later on the same data directory.
Beat's next ticks (simulated: the jobs are sent again, and the dispatcher's
tick) must finish the work with no manual step, and the final state must be
the clean run's: nothing lost, nothing doubled, the worker still running.
"""

import time

import pytest
from kombu import Connection

from commitments.tasks import flag_milestone_statuses_task, generate_milestones_task
from notifications.models import Digest
from notifications.tasks import dispatch_digests_task, run_reminders_task
from tests.integration.faults import workload as wl
from tests.integration.faults.harness import report, wait_until

pytestmark = [
    pytest.mark.integration,
    # The migrations' rows (reminder rules, escalation levels) come back after
    # each test flushes the tables.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
DOWN_SECONDS = 2


def test_redis_restarts_during_three_jobs_lose_and_double_nothing(
    baseline, worker, private_redis, sink
):
    expected = baseline.snapshot
    sink.handler.delay = 0.05
    worker.start()
    assert wait_until(worker.is_ready, 60)
    recoveries = []

    def send(task, **kwargs) -> None:
        with Connection(private_redis.url(1)) as broker:
            task.apply_async((), kwargs, connection=broker)

    def redis_blip(task, is_done, **kwargs) -> None:
        send(task, **kwargs)
        time.sleep(0.1)  # the worker has the job now
        private_redis.stop()
        time.sleep(DOWN_SECONDS)
        private_redis.start()
        back = time.monotonic()
        # Beat's next tick sends the job again (it selects by state).
        send(task, **kwargs)
        assert wait_until(is_done, 90, 0.3), f"{task.name} never completed"
        recoveries.append(time.monotonic() - back)

    redis_blip(
        generate_milestones_task,
        lambda: wl.snapshot().milestones.keys() == expected.milestones.keys(),
        as_of_iso=wl.GENERATE_AS_OF.isoformat(),
    )
    redis_blip(
        flag_milestone_statuses_task,
        lambda: wl.snapshot().milestones == expected.milestones,
        as_of_iso=wl.RUN_AS_OF.isoformat(),
    )

    def all_sent() -> bool:
        # The dispatcher's tick (every minute in production) sends what waits.
        send(dispatch_digests_task)
        time.sleep(0.5)
        return Digest.objects.filter(status="sent").count() == wl.OFFICERS

    redis_blip(run_reminders_task, all_sent, as_of_iso=wl.RUN_AS_OF.isoformat())
    time.sleep(1.5)  # a re-delivered send would go out now
    received = wl.emails_per_message_id(sink.messages)
    lost = len(wl.digest_message_ids() - received.keys())
    duplicated = sum(n - 1 for n in received.values())
    report(
        "Redis restarted during generation, sweep, reminder run",
        runs=3,
        lost=lost,
        duplicated=duplicated,
        recover_s=max(recoveries),
        test_file="test_redis_down.py",
    )
    assert worker.is_alive(), "the worker died with Redis (issue 12, finding 1)"
    assert (lost, duplicated) == (0, 0)
    assert wl.snapshot().differences(expected) == []
