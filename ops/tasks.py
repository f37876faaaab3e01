"""The worker heartbeat: beat sends it, a consuming worker runs it."""

from celery import shared_task
from django.utils import timezone


@shared_task(name="ops.heartbeat", ignore_result=True)
def heartbeat_task() -> dict[str, str]:
    """Prove that a worker consumes the queue; ops/signals.py stamps the time.

    A worker that is alive but stopped consuming (after a Redis restart) runs
    no heartbeat, so the stamp ages and /healthz turns unhealthy.
    """
    return {"at": timezone.now().isoformat()}
