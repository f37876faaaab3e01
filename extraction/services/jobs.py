"""Large imports, dry runs and ingests, run by a worker with a progress page.

A job is a row (ExtractionJob): created queued by the page, enqueued after
commit, run by ``extraction.run_job``. Running is idempotent: the work and the
job's final status commit in one transaction, and a job found finished (at the
start, or when its row is locked at the end) is left as it is, so a redelivered
or repeated task changes nothing. All-or-nothing stays true: the import itself
is the same ``rows_import`` the page uses.

Progress: the rows read are saved before the work starts. While the work's
transaction is open its writes are invisible to the progress page, so on
PostgreSQL the row counter is written through a second, short-lived connection
every PROGRESS_EVERY rows (best effort: a lock or error only skips a tick); on
SQLite, which allows one writer at a time, the page shows "running" until done.
"""

import contextlib
import datetime
import logging
from collections.abc import Callable, Iterator

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    connection,
    connections,
    transaction,
)
from django.utils import timezone

from core.history import save_with_history
from core.limits import limit_value
from core.spreadsheets import SpreadsheetError
from extraction.models import ExtractionJob, JobKind, JobStatus
from extraction.reading import ReadError, read_text
from extraction.services.imports import read_rows, rows_import
from extraction.services.ingest import document_ingest
from extraction.uploads import UploadMissing, upload_delete, upload_read

logger = logging.getLogger(__name__)
JOB_REASON = "background job"


def job_create(
    *,
    owner: AbstractBaseUser,
    kind: str,
    stored_name: str,
    file_name: str,
    rows_total: int = 0,
    params: dict | None = None,
) -> ExtractionJob:
    """A queued job for a stored upload; its task is enqueued after commit."""
    from extraction.tasks import run_job_task

    job = ExtractionJob(
        kind=kind,
        owner=owner,
        stored_name=stored_name,
        file_name=file_name[:255],
        rows_total=rows_total,
        params=params or {},
        summary="Waiting for a worker.",
    )
    save_with_history(job, actor=owner, reason=f"{JOB_REASON} queued")
    run_job_task.delay_on_commit(job.pk)
    return job


def _finish(
    job: ExtractionJob,
    *,
    status: str,
    summary: str,
    result: dict | None = None,
    errors: list | None = None,
) -> None:
    job.status = status
    job.summary = summary[:1000]
    job.result = result or {}
    job.errors = errors or []
    job.finished_at = timezone.now()
    if job.rows_total:
        job.rows_done = job.rows_total
    save_with_history(job, actor=job.owner, reason=f"{JOB_REASON} {status}")


@contextlib.contextmanager
def _progress_reporter(job_id: int) -> Iterator[Callable[[int], None] | None]:
    """A callback that writes rows_done where the page can see it mid-work."""
    if connection.vendor != "postgresql":
        yield None
        return
    side = connections.create_connection(DEFAULT_DB_ALIAS)

    def report(done: int) -> None:
        try:
            with side.cursor() as cursor:
                cursor.execute("SET lock_timeout = '500ms'")
                cursor.execute(
                    # Only the model's table name is formatted in.
                    f"UPDATE {ExtractionJob._meta.db_table} "  # noqa: S608  # nosec B608
                    "SET rows_done = LEAST(%s, rows_total) WHERE id = %s",
                    [done, job_id],
                )
        except DatabaseError:
            logger.info("progress of job %s skipped", job_id)

    try:
        yield report
    finally:
        side.close()


def job_run(*, job_id: int) -> ExtractionJob:
    """Run a queued job once: its import, dry run or ingest, then its result."""
    with transaction.atomic():
        job = ExtractionJob.objects.select_for_update().get(pk=job_id)
        if job.is_finished:
            return job
        job.status = JobStatus.RUNNING
        job.started_at = timezone.now()
        job.summary = "Running."
        save_with_history(job, actor=job.owner, reason=f"{JOB_REASON} started")
    try:
        if job.kind == JobKind.INGEST:
            _run_ingest(job)
        else:
            _run_import(job)
    except (SpreadsheetError, ReadError, UploadMissing) as error:
        _fail(job, str(error) or "The uploaded file is no longer stored.")
    except ValidationError as error:
        _fail(job, " ".join(error.messages))
    except Exception:
        # A bug, not the file: the owner sees that it failed, the log says why.
        _fail(
            job, "The job failed unexpectedly; nothing was kept. Tell an administrator."
        )
        raise
    job.refresh_from_db()
    return job


def _fail(job: ExtractionJob, message: str) -> None:
    with transaction.atomic():
        locked = ExtractionJob.objects.select_for_update().get(pk=job.pk)
        if not locked.is_finished:
            _finish(locked, status=JobStatus.FAILED, summary=message)
    upload_delete(job.stored_name)


def _claim_finish(job: ExtractionJob) -> ExtractionJob | None:
    """Lock the job at the end of its work; None when another run finished it."""
    locked = ExtractionJob.objects.select_for_update().get(pk=job.pk)
    if locked.is_finished:
        transaction.set_rollback(True)
        return None
    return locked


def _run_import(job: ExtractionJob) -> None:
    raw = upload_read(job.stored_name, max_bytes=limit_value("IMPORT_BYTES"))
    rows = read_rows(job.file_name, raw)
    if job.rows_total != len(rows):
        job.rows_total = len(rows)
        job.save(update_fields=["rows_total"])  # a count, not an event
    dry_run = job.kind == JobKind.IMPORT_CHECK
    with _progress_reporter(job.pk) as progress, transaction.atomic():
        report = rows_import(
            rows=rows,
            actor=job.owner,
            dry_run=dry_run,
            progress=progress,
            reader=job.owner,
        )
        locked = _claim_finish(job)
        if locked is None:
            return
        _finish(
            locked,
            status=JobStatus.FAILED if report.errors else JobStatus.DONE,
            summary=report.summary,
            result={
                "dry_run": dry_run,
                "rows": report.rows,
                "commitments": report.commitments[:1000],
                "agreements": report.agreements[:1000],
                "commitment_count": len(report.commitments),
                "agreement_count": len(report.agreements),
            },
            errors=[{"row": e.row, "message": e.message} for e in report.errors],
        )
    # A clean check keeps the file for the import that follows it.
    if not (dry_run and not report.errors):
        upload_delete(job.stored_name)


def _run_ingest(job: ExtractionJob) -> None:
    raw = upload_read(job.stored_name, max_bytes=limit_value("TEXT_BYTES"))
    text, title = read_text(job.file_name or "pasted.txt", raw)
    params = job.params
    with transaction.atomic():
        result = document_ingest(
            title=params.get("title") or title or "Untitled statement",
            text=text,
            published_on=datetime.date.fromisoformat(params["published"]),
            actor=job.owner,
            file_name=params.get("file_name", ""),
            url=params.get("url", ""),
            reason=params.get("reason", ""),
        )
        locked = _claim_finish(job)
        if locked is None:
            return
        document = result.document
        summary = result.summary
        if result.truncated:
            summary += " " + result.truncation_message
        _finish(
            locked,
            status=JobStatus.DONE,
            summary=summary,
            result={
                "document": document.pk,
                "queued": result.queued,
                "already_queued": result.already_queued,
                "truncated": result.truncated,
            },
        )
    upload_delete(job.stored_name)
