"""A worker SIGKILLed at 20 seeded moments across the jobs, then restarted.

Kills land during milestone generation, the overdue sweep, the reminder run's
claim and the digest sends (by messages received). Each killed job runs again
as beat would run it next; a digest left "sending" by a killed worker is taken
back by the dispatcher once its lease has run out (the lease is waited out by
ageing the claims, not in real time). The final state must be
the clean run's, every reminder delivered, at most one duplicate per crashed
send, and everything delivered within 2 minutes of the restart.
"""

import datetime
import random
import time

import pytest
from django.db.models import F
from kombu import Connection

from commitments.tasks import flag_milestone_statuses_task, generate_milestones_task
from notifications.models import Digest
from notifications.services.digests import SENDING_LEASE, digests_dispatch
from notifications.tasks import run_reminders_task, send_digest_task
from tests.integration.faults import workload as wl
from tests.integration.faults.harness import report, wait_until

pytestmark = [
    pytest.mark.integration,
    # The migrations' rows (reminder rules, escalation levels) come back after
    # each test flushes the tables.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SEED = 20260412
# 20 moments in all; fewer would not reach every phase, more cost a worker
# start (~3 s on two cores) each.
KILLS = {"generation": 4, "sweep": 4, "reminders": 3, "sends": 9}
DISPATCH_INTERVAL = datetime.timedelta(minutes=1)  # CELERY_BEAT_SCHEDULE
RECOVERY_BOUND = datetime.timedelta(minutes=2)


def restart(worker) -> None:
    worker.kill()
    worker.start()
    assert wait_until(worker.is_ready, 60), "the worker did not start again"


def test_worker_killed_at_20_seeded_moments_ends_as_the_clean_run(
    baseline, worker, private_redis, sink
):
    rng = random.Random(SEED)
    mid_task = 0  # kills that landed before the job had committed its work
    expected = baseline.snapshot
    sink.handler.delay = 0.1  # slow enough for kills between and inside sends
    worker.start()
    assert wait_until(worker.is_ready, 60)
    with Connection(private_redis.url(1)) as broker:

        def enqueue(task, *args, **kwargs) -> None:
            task.apply_async(args, kwargs, connection=broker)

        phases = [
            (
                "generation",
                generate_milestones_task,
                wl.GENERATE_AS_OF,
                lambda s: s.milestones.keys() == expected.milestones.keys(),
            ),
            (
                "sweep",
                flag_milestone_statuses_task,
                wl.RUN_AS_OF,
                lambda s: s.milestones == expected.milestones,
            ),
        ]
        for phase, task, as_of, is_done in phases:
            window = max(baseline.seconds[phase] * 1.2, 0.3)
            for _ in range(KILLS[phase]):
                enqueue(task, as_of_iso=as_of.isoformat())
                time.sleep(rng.uniform(0.05, window))
                restart(worker)
                mid_task += not is_done(wl.snapshot())
            # Beat's next run of the job, on the restarted worker.
            enqueue(task, as_of_iso=as_of.isoformat())
            assert wait_until(lambda is_done=is_done: is_done(wl.snapshot()), 60, 0.5)

        # The reminder run: killed during its claim, then during the sends
        # it enqueued (after k messages have reached the SMTP server).
        window = max(baseline.seconds["reminders"] * 1.5, 0.3)
        for _ in range(KILLS["reminders"]):
            enqueue(run_reminders_task, as_of_iso=wl.RUN_AS_OF.isoformat())
            time.sleep(rng.uniform(0.05, window))
            restart(worker)
        enqueue(run_reminders_task, as_of_iso=wl.RUN_AS_OF.isoformat())
        marks = sorted(rng.sample(range(1, wl.OFFICERS - 5), KILLS["sends"]))

        def reach(mark: int, timeout: float = 120) -> None:
            """Wait for the mark-th message. When the sends stall, do what
            beat's dispatcher does every minute: the messages a killed worker
            had prefetched wait in Redis for its visibility timeout, so the
            dispatcher sends their digests again (claims aged by the lease,
            as below; a claim taken twice sends once)."""
            deadline = time.monotonic() + timeout
            while len(sink.messages) < mark:
                assert time.monotonic() < deadline, (
                    f"{len(sink.messages)} of {mark} messages arrived"
                )
                if _wait_still(sink, quiet=4.0, timeout=6.0):
                    Digest.objects.filter(status="sending").update(
                        claimed_at=F("claimed_at") - SENDING_LEASE - DISPATCH_INTERVAL
                    )
                    for digest_id in digests_dispatch():
                        enqueue(send_digest_task, digest_id)

        for mark in marks:
            reach(mark)
            restart(worker)
        restarted = time.monotonic()
        sink.handler.delay = 0
        # Let the queued sends drain: nothing left moves once they are done.
        settled = _wait_still(sink)
        stuck = Digest.objects.filter(status="sending").count()
        # The dispatcher's next tick after the lease of a killed send ran out.
        waited = DISPATCH_INTERVAL + (SENDING_LEASE if stuck else datetime.timedelta(0))
        # Waited out by ageing the claims, not in real time: the dispatcher
        # must stamp its retry with the real clock the worker claims by.
        Digest.objects.filter(status="sending").update(
            claimed_at=F("claimed_at") - waited
        )
        due = digests_dispatch()
        for digest_id in due:
            enqueue(send_digest_task, digest_id)
        everything_sent = wait_until(
            lambda: not Digest.objects.exclude(status="sent").exists(), 60, 0.3
        )
        recover = (time.monotonic() - restarted) + waited.total_seconds()
    received = wl.emails_per_message_id(sink.messages)
    owed = wl.digest_message_ids()
    lost = len(owed - received.keys())
    duplicated = sum(n - 1 for n in received.values())
    report(
        "worker SIGKILLed (generation, sweep, reminder run, sends)",
        runs=sum(KILLS.values()),
        lost=lost,
        duplicated=duplicated,
        recover_s=recover,
        test_file=__name__.rsplit(".", 1)[-1] + ".py",
    )
    print(
        f"kills before the job committed: {mid_task} of "
        f"{KILLS['generation'] + KILLS['sweep']}"
    )
    assert settled
    assert everything_sent, "some digests were never sent"
    assert lost == 0
    assert max(received.values()) <= 2
    assert duplicated <= KILLS["sends"]
    assert wl.snapshot().differences(expected) == []
    assert recover <= RECOVERY_BOUND.total_seconds()


def _wait_still(sink, quiet: float = 2.0, timeout: float = 60) -> bool:
    """Wait until no message arrives for `quiet` seconds."""
    deadline = time.monotonic() + timeout
    seen, since = len(sink.messages), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.2)
        now_seen = len(sink.messages)
        if now_seen != seen:
            seen, since = now_seen, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return True
    return False
