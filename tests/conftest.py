"""Shared fixtures: users, the seeded database, and a real Celery worker."""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

from commitments.services.history import system_user
from commitments.services.seed import SeedReport, seed_load

REPO_ROOT = Path(__file__).resolve().parent.parent
# Celery reads CELERY_BROKER_URL from the environment before its settings; the
# tests' own Redis databases (tracker/settings/test.py) must win here.
os.environ["CELERY_BROKER_URL"] = settings.CELERY_BROKER_URL
os.environ["CELERY_RESULT_BACKEND"] = settings.CELERY_RESULT_BACKEND or ""


@pytest.fixture
def officer(db):
    return get_user_model().objects.create_user(
        username="akhan", password="pw-officer-1", first_name="A.", last_name="Khan"
    )


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


def _worker_env() -> dict[str, str]:
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
    )
    return env


def _start_worker(env: dict[str, str], name: str) -> subprocess.Popen:
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
    django_db_setup, django_db_blocker
) -> Iterator[list[subprocess.Popen]]:
    """Two real `celery worker` processes on the test Redis and test database."""
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.fail("Integration tests need CELERY_BROKER_URL=redis://… (run bin/test)")
    with django_db_blocker.unblock():
        env = _worker_env()
    processes = [_start_worker(env, f"pytest{n}") for n in (1, 2)]
    try:
        yield processes
    finally:
        for process in processes:
            stop_process(process)
