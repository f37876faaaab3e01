"""The heartbeat and the job stamps on real workers (issue 12, health)."""

import datetime
import time

import pytest
from django.utils import timezone

from commitments.tasks import flag_milestone_statuses_task
from ops import jobs
from ops.models import JobRun
from ops.tasks import heartbeat_task

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def stamped_after(job: str, since: datetime.datetime, timeout: float = 60) -> JobRun:
    """The job's row once a worker has stamped a success after `since`.

    The stamp is written after the task returns, so there is no result to wait
    on: read the row until it moves (bounded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = JobRun.objects.filter(name=job, last_success_at__gt=since).first()
        if row is not None:
            return row
        time.sleep(0.2)
    pytest.fail(f"no worker stamped {job} within {timeout} s")


def test_a_consuming_worker_stamps_the_heartbeat(celery_workers):
    sent = timezone.now()
    heartbeat_task.delay()
    row = stamped_after(jobs.HEARTBEAT, sent)
    assert row.last_success_at <= timezone.now()


def test_a_sweep_on_a_worker_stamps_its_success_and_counts(celery_workers, seeded):
    sent = timezone.now()
    flag_milestone_statuses_task.delay(as_of_iso="2026-07-10T00:00:00+00:00").get(
        timeout=60
    )
    row = stamped_after(jobs.OVERDUE_SWEEP, sent)
    assert "milestones_overdue" in row.last_summary
