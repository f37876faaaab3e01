"""Shared fixtures: users, the seeded database, and a real Celery worker."""

import asyncio
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

from commitments.services.seed import SeedReport, seed_load
from core.history import system_user

REPO_ROOT = Path(__file__).resolve().parent.parent
# Celery reads CELERY_BROKER_URL from the environment before its settings; the
# tests' own Redis databases (tracker/settings/test.py) must win here.
os.environ["CELERY_BROKER_URL"] = settings.CELERY_BROKER_URL
os.environ["CELERY_RESULT_BACKEND"] = settings.CELERY_RESULT_BACKEND or ""


@pytest.fixture
def officer(db, desk_of_everything):
    """A user (no role: the test gives one) on the desk of everything: the
    tests using it are not about who sees what."""
    return desk_of_everything.add(
        get_user_model().objects.create_user(
            username="akhan",
            password="pw-officer-1",
            first_name="A.",
            last_name="Khan",
        )
    )


@pytest.fixture
def viewer(client, db, desk_of_everything):
    """The test client, signed in as a fresh user with the Viewer role, on the
    desk of everything (the tests using it are not about scope)."""
    from django.contrib.auth.models import Group

    from commitments.permissions import VIEWER
    from tests.factories import UserFactory

    user = desk_of_everything.add(UserFactory())
    user.groups.add(Group.objects.get(name=VIEWER))
    client.force_login(user)
    return client


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser(
        username="root", password="pw-admin-1", email="root@localhost"
    )


@pytest.fixture
def system(db):
    return system_user()


@pytest.fixture
def seeded(db, system) -> SeedReport:
    """The two source texts' agreements and commitments, loaded through services."""
    return seed_load(
        seed_file=settings.TRACKER_SEED_FILE,
        sources_dir=settings.TRACKER_SOURCES_DIR,
        actor=system,
    )


class RecordingHandler:
    """An aiosmtpd handler that keeps every message and lets tests wait for them."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []
        self.delay = 0.0
        self.changed = threading.Condition()

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)  # a slow server, for fault tests
        with self.changed:
            self.messages.append((list(envelope.rcpt_tos), envelope.content))
            self.changed.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 60) -> list:
        """Block until `count` messages arrived (or fail after `timeout`)."""
        with self.changed:
            arrived = self.changed.wait_for(
                lambda: len(self.messages) >= count, timeout=timeout
            )
        assert arrived, f"{len(self.messages)} of {count} messages arrived"
        return list(self.messages)

    def reset(self) -> None:
        with self.changed:
            self.messages.clear()
            self.delay = 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[RecordingHandler, int]]:
    """A real SMTP server on 127.0.0.1 that records what it receives."""
    from aiosmtpd.controller import Controller

    handler = RecordingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture
def smtp(smtp_server) -> RecordingHandler:
    """The session's SMTP server, emptied for this test."""
    handler, _ = smtp_server
    handler.reset()
    return handler


def worker_env(smtp_port: int) -> dict[str, str]:
    """The environment of a worker on the test Redis, database and SMTP server."""
    database = connection.settings_dict
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tracker.settings.test",
        # The worker must see the test database, not the development one.
        DATABASE_URL=(
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}"
            f"@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        CELERY_RESULT_BACKEND=settings.CELERY_RESULT_BACKEND or "",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
    )
    return env


def start_worker(
    env: dict[str, str], name: str, queues: str = "celery"
) -> subprocess.Popen:
    """Start `celery worker` (solo pool) consuming `queues`."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tracker",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            f"--hostname={name}@%h",
            f"--queues={queues}",
        ],
        cwd=REPO_ROOT,
        env=env,
    )


def stop_process(process: subprocess.Popen) -> None:
    """Ask a worker to stop; kill it if it has not within 20 seconds."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def celery_workers(
    django_db_setup, django_db_blocker, smtp_server
) -> Iterator[list[subprocess.Popen]]:
    """Two real `celery worker` processes on the test Redis and test database."""
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.fail("Integration tests need CELERY_BROKER_URL=redis://… (run bin/test)")
    with django_db_blocker.unblock():
        env = worker_env(smtp_server[1])
    processes = [start_worker(env, f"pytest{n}") for n in (1, 2)]
    try:
        yield processes
    finally:
        for process in processes:
            stop_process(process)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Every test starts with an empty cache: cached figures never cross tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Every test starts and ends in the default language and time zone: a
    request in Urdu leaves Urdu active in the thread (LocaleMiddleware does
    not deactivate), which a later test would otherwise inherit."""
    from django.utils import timezone, translation

    translation.deactivate()
    timezone.deactivate()
    yield
    translation.deactivate()
    timezone.deactivate()


class DeskOfEverything:
    """A desk that holds every agreement of the test: those made before it and,
    through a signal connected for the test only, those made after."""

    def __init__(self, desk) -> None:
        self.desk = desk

    def add(self, *users):
        """Put users on the desk; returns the first (for `user = d.add(user)`)."""
        from access.models import DeskMembership

        for user in users:
            DeskMembership.objects.get_or_create(desk=self.desk, user=user)
        return users[0] if users else None


@pytest.fixture
def desk_of_everything(db) -> Iterator[DeskOfEverything]:
    """For tests that are not about who sees what: `desk_of_everything.add(user)`
    lets a role user see every agreement of the test, as a desk member (never
    by a permission), so the scoping rule itself still runs. Tests about scope
    (test_access_scope.py, test_scope_commitments_paths.py) build their own desks."""
    from django.db.models.signals import post_save

    from access.models import Desk, DeskAgreement
    from commitments.models import Agreement

    desk = Desk.objects.create(name="Desk of everything (tests)")
    for agreement in Agreement.objects.all():
        DeskAgreement.objects.create(desk=desk, agreement=agreement)

    def hold(sender, instance, created, **kwargs):
        if created:
            DeskAgreement.objects.get_or_create(desk=desk, agreement=instance)

    uid = f"desk-of-everything-{id(desk)}"
    post_save.connect(hold, sender=Agreement, dispatch_uid=uid, weak=False)
    try:
        yield DeskOfEverything(desk)
    finally:
        post_save.disconnect(sender=Agreement, dispatch_uid=uid)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every transactional test restores the serialized snapshot.

    The flush after a transactional test without it re-runs post_migrate
    (content types, permissions, the system account); the next serialized
    test then loads its snapshot over those rows and fails on duplicates.
    So no test can leave that trap for the ones after it, whatever it asks.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None or not marker.kwargs.get("transaction"):
            continue
        if not marker.kwargs.get("serialized_rollback"):
            # Prepended: the closest marker is the first of the item's own.
            item.add_marker(
                pytest.mark.django_db(**{**marker.kwargs, "serialized_rollback": True}),
                append=False,
            )
