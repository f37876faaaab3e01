"""The health checks: django-health-check's own, and the project's as its plugins.

Each check raises ServiceUnavailable (unhealthy: /healthz answers 503) or
ServiceWarning (shown on /healthz/details, still 200), and leaves its figures
in `figures` for the details page. Every check has a short budget
(TRACKER_HEALTH_CHECK_TIMEOUT_SECONDS): the library gives up waiting after
it, and the clients' own timeouts (socket, statement) stop the work itself.
"""

import dataclasses
import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.utils import timezone
from health_check import checks
from health_check.base import HealthCheck
from health_check.contrib.redis import Redis
from health_check.exceptions import ServiceUnavailable, ServiceWarning
from redis.asyncio import Redis as RedisClient

from ops import jobs
from ops.selectors import job_state, outbox_backlog

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def budget() -> datetime.timedelta:
    """How long any one check may take."""
    return datetime.timedelta(seconds=settings.TRACKER_HEALTH_CHECK_TIMEOUT_SECONDS)


def _minutes(delta: datetime.timedelta) -> float:
    return round(delta.total_seconds() / 60, 1)


@dataclasses.dataclass
class Database(checks.Database):
    """The library's SELECT 1, on a connection of its own, within the budget."""

    @property
    def timeout(self) -> datetime.timedelta:  # type: ignore[override]
        return budget()


def _broker_client() -> RedisClient:
    seconds = settings.TRACKER_HEALTH_CHECK_TIMEOUT_SECONDS
    return RedisClient.from_url(
        settings.CELERY_BROKER_URL,
        socket_connect_timeout=seconds,
        socket_timeout=seconds,
    )


@dataclasses.dataclass
class Broker(Redis):
    """Celery's broker: the library's Redis ping on CELERY_BROKER_URL, read
    when the check runs; the demo's filesystem transport: its folder exists."""

    client_factory: Callable[[], RedisClient] | None = dataclasses.field(
        default=_broker_client, repr=False
    )
    figures: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False)

    @staticmethod
    def _is_redis() -> bool:
        return settings.CELERY_BROKER_URL.startswith(REDIS_SCHEMES)

    def _connection_kwargs(self) -> dict[str, object]:
        return super()._connection_kwargs() if self._is_redis() else {}

    def __repr__(self) -> str:
        return "Broker"

    @property
    def timeout(self) -> datetime.timedelta:  # type: ignore[override]
        return budget()

    async def run(self) -> None:
        transport = settings.CELERY_BROKER_URL.split("://", 1)[0]
        self.figures = {"transport": transport}
        if self._is_redis():
            await super().run()
        elif transport == "filesystem":
            folder = Path(settings.CELERY_BROKER_DIR)
            if not folder.is_dir():
                raise ServiceUnavailable("The broker's folder does not exist")
        else:
            raise ServiceWarning(f"No check for the {transport} transport")


@dataclasses.dataclass
class JobFreshness(HealthCheck):
    """A scheduled job succeeded recently: its last success is younger than
    TRACKER_HEALTH_MAX_AGE_MINUTES[job]. For the heartbeat this proves that
    beat sends and a worker consumes (a worker alive but deaf after a Redis
    restart runs nothing). A job that never succeeded is judged from when
    monitoring began (the first job row), so a fresh install gets its grace.
    """

    job: str
    figures: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False)

    @property
    def timeout(self) -> datetime.timedelta:  # type: ignore[override]
        return budget()

    async def run(self) -> None:
        state = await sync_to_async(job_state)(self.job)
        max_age = datetime.timedelta(
            minutes=settings.TRACKER_HEALTH_MAX_AGE_MINUTES[self.job]
        )
        now = timezone.now()
        last = state.last_success_at
        self.figures = {
            "max_age_minutes": _minutes(max_age),
            "last_success_at": last.isoformat() if last else None,
            "last_summary": state.summary,
        }
        if state.last_failure_at is not None:
            self.figures["last_failure_at"] = state.last_failure_at.isoformat()
            self.figures["last_error"] = state.last_error
        if state.last_success_at is None:
            if state.watched_since is None:
                raise ServiceUnavailable("No job has ever been recorded")
            waited = now - state.watched_since
            self.figures["waiting_minutes"] = _minutes(waited)
            if waited > max_age:
                raise ServiceUnavailable(
                    f"Never succeeded in {_minutes(waited)} minutes of monitoring"
                )
            return
        age = now - state.last_success_at
        self.figures["age_minutes"] = _minutes(age)
        if age > max_age:
            raise ServiceUnavailable(
                f"Last success {_minutes(age)} minutes ago"
                f" (stale after {_minutes(max_age)})"
            )


@dataclasses.dataclass
class OutboxBacklog(HealthCheck):
    """Reminder emails waiting: unhealthy when the oldest pending digest has
    waited longer than TRACKER_HEALTH_OUTBOX_MAX_PENDING_MINUTES (nothing is
    sending); a warning while any digest has failed for good."""

    figures: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False)

    @property
    def timeout(self) -> datetime.timedelta:  # type: ignore[override]
        return budget()

    async def run(self) -> None:
        backlog = await sync_to_async(outbox_backlog)()
        max_age = datetime.timedelta(
            minutes=settings.TRACKER_HEALTH_OUTBOX_MAX_PENDING_MINUTES
        )
        oldest = backlog.oldest_pending_age
        self.figures = {
            "pending": backlog.pending,
            "retrying": backlog.retrying,
            "failed": backlog.failed,
            "oldest_pending_minutes": oldest and _minutes(oldest),
            "max_pending_minutes": _minutes(max_age),
        }
        if oldest is not None and oldest > max_age:
            raise ServiceUnavailable(
                f"A digest has waited {_minutes(oldest)} minutes to be sent"
            )
        if backlog.failed:
            raise ServiceWarning(f"{backlog.failed} digest(s) failed for good")


def health_checks() -> list[tuple[str, HealthCheck]]:
    """Every check, named, built from the settings of this moment."""
    return [
        ("database", Database()),
        ("cache", checks.Cache(timeout=budget())),
        ("broker", Broker()),
        ("worker_heartbeat", JobFreshness(job=jobs.HEARTBEAT)),
        ("overdue_sweep", JobFreshness(job=jobs.OVERDUE_SWEEP)),
        ("milestone_generation", JobFreshness(job=jobs.MILESTONE_GENERATION)),
        ("reminder_run", JobFreshness(job=jobs.REMINDER_RUN)),
        ("outbox", OutboxBacklog()),
    ]
