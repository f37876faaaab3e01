"""One log line per Celery task run: name, id, outcome, duration, counts.

Connected to Celery's ``task_prerun`` (start time) and ``task_postrun``
(the line) by ``connect()``, which tracker/celery.py calls. ``task_postrun``
fires after every run, whether it succeeded, failed or asked for a retry,
with the run's state, so each run gives exactly one line; a failure's
traceback is Celery's own ``task_failure`` record. Counts are the integer
values of the task's return summary (``{"created": 3}``), which is what every
periodic task returns.
"""

import logging
import time
from typing import Any

from celery import signals

logger = logging.getLogger("tracker.jobs")

# task id -> monotonic start. Entries live for one run; a worker runs one
# task at a time per process (prefetch 1), so this stays tiny.
_started: dict[str, float] = {}


def counts_of(retval: Any) -> dict[str, int] | None:
    """The integer figures of a task's return summary, if it returned one."""
    if not isinstance(retval, dict):
        return None
    counts = {
        str(key): value
        for key, value in retval.items()
        if isinstance(value, int) and not isinstance(value, bool)
    }
    return counts or None


def _on_prerun(task_id: str | None = None, **kwargs: Any) -> None:
    if task_id:
        _started[task_id] = time.monotonic()


def _on_postrun(
    task_id: str | None = None,
    task: Any = None,
    retval: Any = None,
    state: str | None = None,
    **kwargs: Any,
) -> None:
    started = _started.pop(task_id, None) if task_id else None
    duration_ms = (
        round((time.monotonic() - started) * 1000, 1) if started is not None else None
    )
    name = getattr(task, "name", None) or "?"
    outcome = state or "UNKNOWN"
    fields: dict[str, Any] = {
        "event": "task_run",
        "task": name,
        "task_id": task_id,
        "outcome": outcome,
        "duration_ms": duration_ms,
        "counts": counts_of(retval),
    }
    if isinstance(retval, BaseException):
        fields["error"] = f"{type(retval).__name__}: {retval}"[:500]
    level = logging.INFO if outcome in {"SUCCESS", "RETRY"} else logging.ERROR
    logger.log(level, "task %s %s", name, outcome.lower(), extra=fields)


def connect() -> None:
    """Connect the handlers (idempotent: Celery's signals dedupe by uid)."""
    signals.task_prerun.connect(_on_prerun, weak=False, dispatch_uid="job_log_pre")
    signals.task_postrun.connect(_on_postrun, weak=False, dispatch_uid="job_log_post")
