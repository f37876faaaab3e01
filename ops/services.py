"""The one write path of ops: stamp a job's success or failure."""

import datetime
import json

from ops.models import JobRun

# A summary larger than this is not a count dict: keep its size only.
MAX_SUMMARY_CHARS = 1000


def _small(summary: object) -> dict:
    if not isinstance(summary, dict):
        return {}
    try:
        text = json.dumps(summary, default=str)
    except (TypeError, ValueError):
        return {}
    return summary if len(text) <= MAX_SUMMARY_CHARS else {"chars": len(text)}


def job_run_succeeded(*, job: str, at: datetime.datetime, summary: object) -> None:
    """Record that `job` succeeded at `at`; one upsert, safe from any worker."""
    JobRun.objects.bulk_create(
        [JobRun(name=job, last_success_at=at, last_summary=_small(summary))],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["last_success_at", "last_summary"],
    )


def job_run_failed(*, job: str, at: datetime.datetime, error: str) -> None:
    """Record that `job` failed at `at` (the error's type and first words)."""
    JobRun.objects.bulk_create(
        [JobRun(name=job, last_failure_at=at, last_error=error[:200])],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["last_failure_at", "last_error"],
    )
