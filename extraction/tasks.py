"""Celery entry points of the extraction app: ids in, one service call out."""

from celery import shared_task

from extraction.services.jobs import job_run
from extraction.uploads import uploads_sweep


@shared_task(name="extraction.run_job")
def run_job_task(job_id: int) -> dict[str, object]:
    """Run a queued import, dry run or ingest once; a finished job is left as is."""
    job = job_run(job_id=job_id)
    return {"job": job.pk, "status": job.status}


@shared_task(name="extraction.sweep_uploads")
def sweep_uploads_task() -> dict[str, int]:
    """Remove stored uploads older than a day (checks never imported, dead jobs)."""
    return {"removed": uploads_sweep()}
