"""Record each watched job's success and failure when its task ends.

Celery's task_success / task_failure signals fire in the process that ran the
task (the worker, or the caller of an eager task); the task modules stay
unchanged. Celery logs and swallows a receiver's exception, so a failed stamp
never fails the job itself.
"""

from typing import Any

from celery import signals
from django.utils import timezone

from ops.jobs import TASK_JOBS


def _job_of(sender: Any) -> str | None:
    return TASK_JOBS.get(getattr(sender, "name", None) or "")


def _on_success(sender: Any = None, result: Any = None, **kwargs: Any) -> None:
    job = _job_of(sender)
    if job is None:
        return
    from ops.services import job_run_succeeded

    job_run_succeeded(job=job, at=timezone.now(), summary=result)


def _on_failure(
    sender: Any = None, exception: BaseException | None = None, **kwargs: Any
) -> None:
    job = _job_of(sender)
    if job is None:
        return
    from ops.services import job_run_failed

    error = type(exception).__name__ if exception is not None else "unknown"
    job_run_failed(job=job, at=timezone.now(), error=error)


def _on_worker_ready(sender: Any = None, **kwargs: Any) -> None:
    # A first heartbeat through the broker as soon as a worker can consume,
    # instead of after beat's first interval: /healthz turns healthy within
    # seconds of a start, and only once the worker really consumes.
    from ops.tasks import heartbeat_task

    heartbeat_task.delay()


def connect() -> None:
    """Connect the receivers (once; dispatch_uid makes a second call a no-op)."""
    signals.task_success.connect(_on_success, weak=False, dispatch_uid="ops.success")
    signals.task_failure.connect(_on_failure, weak=False, dispatch_uid="ops.failure")
    signals.worker_ready.connect(
        _on_worker_ready, weak=False, dispatch_uid="ops.worker_ready"
    )
