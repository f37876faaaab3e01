"""Celery entry points of the weekly summary: ids and ISO strings in."""

from celery import shared_task

from commitments.instants import parse_instant
from notifications.services.inbox import notifications_cleanup
from reporting.services.tallies import tallies_compact
from reporting.services.weekly_summary import (
    weekly_summaries_create,
    weekly_summaries_dispatch,
    weekly_summary_send,
)


def _enqueue_send(summary_id: int) -> None:
    send_weekly_summary_task.delay(summary_id)


@shared_task(name="reporting.run_weekly_summary")
def run_weekly_summary_task(as_of_iso: str | None = None) -> dict[str, int]:
    """Owe this week's summary to every manager (email, page, notification);
    enqueue the sends after commit; forget what is over a year old."""
    as_of = parse_instant(as_of_iso)
    ids = weekly_summaries_create(as_of=as_of, enqueue=_enqueue_send)
    # Weekly summary pages and notifications are kept a year (issue 18).
    return {"summaries": len(ids), **notifications_cleanup(now=as_of)}


@shared_task(name="reporting.send_weekly_summary")
def send_weekly_summary_task(summary_id: int) -> str:
    """Send one weekly summary; a second task for the same row does nothing."""
    return weekly_summary_send(summary_id=summary_id)


@shared_task(name="reporting.dispatch_weekly_summaries")
def dispatch_weekly_summaries_task() -> dict[str, int]:
    """Re-enqueue summaries waiting to retry, and take back stuck ones."""
    ids = weekly_summaries_dispatch()
    for summary_id in ids:
        send_weekly_summary_task.delay(summary_id)
    return {"enqueued": len(ids)}


@shared_task(name="reporting.compact_tallies")
def compact_tallies_task() -> dict[str, bool]:
    """Fold the dashboard tallies' delta rows (hourly: reads sum them)."""
    return {"compacted": tallies_compact()}
