"""Each watched job's success is stamped when its task returns (ops/signals.py)."""

import datetime

import pytest
import time_machine
from celery import signals

import commitments.tasks
import notifications.tasks
import ops.tasks
from ops import jobs
from ops.models import JobRun
from tests.factories import MilestoneFactory
from tracker.celery import app

# Importing the task modules registers their tasks (the worker autodiscovers).
TASK_MODULES = (commitments.tasks, notifications.tasks, ops.tasks)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 7, 10, 9, 0, tzinfo=datetime.UTC)


def run(task_name: str, **kwargs):
    return app.tasks[task_name].apply(kwargs=kwargs, throw=True)


def test_a_sweep_that_returns_stamps_its_success_and_counts():
    MilestoneFactory(due_date=datetime.date(2026, 7, 1))  # past due at NOW
    with time_machine.travel(NOW):
        run("commitments.flag_milestone_statuses")
    row = JobRun.objects.get(name=jobs.OVERDUE_SWEEP)
    assert row.last_success_at.replace(microsecond=0) == NOW
    assert row.last_summary["milestones_overdue"] == 1
    assert row.last_failure_at is None


def test_a_second_run_moves_the_same_row_forward():
    with time_machine.travel(NOW):
        run("ops.heartbeat")
    later = NOW + datetime.timedelta(minutes=1)
    with time_machine.travel(later):
        run("ops.heartbeat")
    row = JobRun.objects.get()
    assert row.name == jobs.HEARTBEAT
    assert row.last_success_at.replace(microsecond=0) == later
    assert row.created_at.replace(microsecond=0) == NOW


def test_a_failure_is_stamped_apart_from_the_last_success():
    task = app.tasks["commitments.generate_milestones"]
    with time_machine.travel(NOW):
        signals.task_success.send(sender=task, result={"created": 3})
    with time_machine.travel(NOW + datetime.timedelta(days=1)):
        signals.task_failure.send(sender=task, exception=TimeoutError("db gone"))
    row = JobRun.objects.get(name=jobs.MILESTONE_GENERATION)
    assert row.last_success_at.replace(microsecond=0) == NOW
    assert row.last_summary == {"created": 3}
    assert row.last_error == "TimeoutError"
    assert row.last_failure_at > row.last_success_at


def test_tasks_that_are_not_watched_leave_no_row():
    unwatched = app.tasks["notifications.dispatch_digests"]
    signals.task_success.send(sender=unwatched, result={"enqueued": 0})
    signals.task_failure.send(sender=unwatched, exception=TimeoutError())
    assert not JobRun.objects.exists()


def test_every_watched_task_exists_and_is_on_the_beat_schedule(settings):
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for task_name, job in jobs.TASK_JOBS.items():
        assert task_name in app.tasks
        assert task_name in scheduled
        entry = settings.CELERY_BEAT_SCHEDULE[jobs.BEAT_ENTRIES[job]]
        assert entry["task"] == task_name
