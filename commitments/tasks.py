"""Celery entry points: stable names, plain arguments, one service call each."""

from celery import shared_task
from django.conf import settings

from commitments.services.history import system_user
from commitments.services.seed import seed_load


@shared_task(name="commitments.load_seed")
def load_seed_task() -> dict[str, int]:
    """Load the shipped seed as the system account; return what was created."""
    report = seed_load(
        seed_file=settings.TRACKER_SEED_FILE,
        sources_dir=settings.TRACKER_SOURCES_DIR,
        actor=system_user(),
    )
    return report.created
