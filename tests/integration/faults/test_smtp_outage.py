"""SMTP down during the reminder sends, for 20 seconds and for 2 hours.

The 20-second outage is real: a prefork worker sends into a stopped SMTP
server, the server comes back on the same port 20 s later, and the
dispatcher's next tick sends what waits. The 2-hour outage is played at the
service level on the test's clock (time-machine): a dispatcher tick every
simulated minute, the server down for the first 120 of them. Either way every
email must arrive exactly once after the server returns.
"""

import datetime
import time

import pytest
import time_machine
from django.db.models import Max
from django.utils import timezone
from kombu import Connection

from commitments.services.milestones import milestones_generate
from commitments.services.sweeps import milestone_statuses_flag
from core.history import system_user
from notifications.models import Digest
from notifications.services.digests import digest_send, digests_dispatch, reminders_run
from notifications.tasks import send_digest_task
from tests.integration.faults import workload as wl
from tests.integration.faults.conftest import smtp_connection
from tests.integration.faults.harness import report, wait_until

pytestmark = [
    pytest.mark.integration,
    # The migrations' rows (reminder rules, escalation levels) come back after
    # each test flushes the tables.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
TICK = datetime.timedelta(minutes=1)  # the dispatcher's beat interval
TEST_FILE = "test_smtp_outage.py"


def _owed(transactional_db) -> int:
    wl.workload_build()
    actor = system_user()
    milestones_generate(as_of=wl.GENERATE_AS_OF, actor=actor)
    milestone_statuses_flag(as_of=wl.RUN_AS_OF, actor=actor)
    return len(reminders_run(as_of=wl.RUN_AS_OF).digests)


def _outcome(sink) -> tuple[int, int]:
    received = wl.emails_per_message_id(sink.messages)
    lost = len(wl.digest_message_ids() - received.keys())
    return lost, sum(n - 1 for n in received.values())


def test_smtp_down_for_20_seconds_delivers_each_email_once_after(
    transactional_db, worker, private_redis, sink
):
    owed = _owed(transactional_db)
    sink.stop()
    worker.start()
    assert wait_until(worker.is_ready, 60)
    with Connection(private_redis.url(1)) as broker:
        for digest_id in digests_dispatch():
            send_digest_task.apply_async((digest_id,), connection=broker)
        assert wait_until(
            lambda: (
                not Digest.objects.filter(status__in=["pending", "sending"]).exists()
            ),
            60,
            0.3,
        ), "the sends did not all fail while SMTP was down"
        time.sleep(max(0.0, 20 - 2))  # down 20 s in all (the sends took ~2 s)
        sink.start()
        back = time.monotonic()
        # The dispatcher's first tick once the retry delay has passed; the
        # delay is waited out by ageing the rows, not in real time.
        wait = (
            Digest.objects.aggregate(last=Max("next_attempt_at"))["last"]
            - timezone.now()
        )
        Digest.objects.update(next_attempt_at=timezone.now())
        for digest_id in digests_dispatch():
            send_digest_task.apply_async((digest_id,), connection=broker)
        sent = wait_until(
            lambda: Digest.objects.filter(status="sent").count() == owed, 60, 0.3
        )
    recover = time.monotonic() - back + max(wait, datetime.timedelta(0)).total_seconds()
    lost, duplicated = _outcome(sink)
    report(
        "SMTP down 20 s during sends",
        runs=1,
        lost=lost,
        duplicated=duplicated,
        recover_s=recover + TICK.total_seconds(),
        test_file=TEST_FILE,
    )
    assert sent
    assert (lost, duplicated) == (0, 0)


def test_smtp_down_for_2_hours_delivers_each_email_once_after(transactional_db, sink):
    owed = _owed(transactional_db)
    sink.stop()
    start = timezone.now()
    ticks_to_deliver = None
    with time_machine.travel(start, tick=False) as clock:
        for tick in range(1, 6 * 60):
            if tick == 120:
                sink.start()  # back after 2 hours
            # Not opened here: each send opens it, and fails, while SMTP is down.
            connection = smtp_connection(sink.port)
            for digest_id in digests_dispatch():
                digest_send(digest_id=digest_id, connection=connection)
            if Digest.objects.filter(status="sent").count() == owed:
                ticks_to_deliver = tick - 120
                break
            if not Digest.objects.filter(status__in=["pending", "retry"]).exists():
                break  # nothing will be tried again: given up on
            clock.shift(TICK)
    lost, duplicated = _outcome(sink)
    failed = Digest.objects.filter(status="failed").count()
    report(
        "SMTP down 2 h (simulated) during sends",
        runs=1,
        lost=lost,
        duplicated=duplicated,
        recover_s=-1 if ticks_to_deliver is None else ticks_to_deliver * 60,
        test_file=TEST_FILE,
    )
    assert failed == 0, f"{failed} digests given up on during the outage"
    assert ticks_to_deliver is not None
    assert (lost, duplicated) == (0, 0)
