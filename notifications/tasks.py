"""Celery entry points of the reminders: ids and ISO strings in, one service out."""

from celery import shared_task

from commitments.instants import parse_instant
from notifications.services.digests import digest_send, digests_dispatch, reminders_run
from notifications.services.events import events_collect, sources_collect


def _enqueue_send(digest_id: int) -> None:
    send_digest_task.delay(digest_id)


@shared_task(name="notifications.run_reminders")
def run_reminders_task(as_of_iso: str | None = None) -> dict[str, int]:
    """Claim the reminders owed now (emails and in-app notifications) and
    enqueue one send per digest after commit; collect the other apps' waiting
    items (the review queue) once an hour too."""
    as_of = parse_instant(as_of_iso)
    report = reminders_run(as_of=as_of, enqueue=_enqueue_send).as_dict()
    report["from_sources"] = sources_collect(now=as_of)
    return report


@shared_task(name="notifications.collect_events")
def collect_events_task() -> dict[str, int]:
    """Notify assignments, mentions and changes by others (idempotent)."""
    return {"notifications": events_collect()}


@shared_task(name="notifications.send_digest")
def send_digest_task(digest_id: int) -> str:
    """Send one digest; a second task for the same digest does nothing."""
    return digest_send(digest_id=digest_id)


@shared_task(name="notifications.dispatch_digests")
def dispatch_digests_task() -> dict[str, int]:
    """Re-enqueue digests due or waiting to retry, and take back stuck ones."""
    ids = digests_dispatch()
    for digest_id in ids:
        send_digest_task.delay(digest_id)
    return {"enqueued": len(ids)}
