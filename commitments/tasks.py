"""Celery entry points: stable names, plain arguments, one service call each."""

from celery import shared_task
from django.conf import settings

from commitments.instants import parse_instant
from commitments.services.milestones import milestones_generate
from commitments.services.seed import seed_load
from commitments.services.sweeps import milestone_statuses_flag
from core.history import system_user


@shared_task(name="commitments.load_seed")
def load_seed_task() -> dict[str, int]:
    """Load the shipped seed as the system account; return what was created."""
    report = seed_load(
        seed_file=settings.TRACKER_SEED_FILE,
        sources_dir=settings.TRACKER_SOURCES_DIR,
        actor=system_user(),
    )
    return report.created


@shared_task(name="commitments.flag_milestone_statuses")
def flag_milestone_statuses_task(as_of_iso: str | None = None) -> dict[str, int]:
    """Flag due-soon and overdue milestones as of now (or the given instant)."""
    return milestone_statuses_flag(
        as_of=parse_instant(as_of_iso), actor=system_user()
    ).as_dict()


@shared_task(name="commitments.generate_milestones")
def generate_milestones_task(as_of_iso: str | None = None) -> dict[str, int]:
    """Create missing milestones up to the rolling horizon; idempotent."""
    report = milestones_generate(as_of=parse_instant(as_of_iso), actor=system_user())
    return {"created": report.created_count}
