"""The shared cache and the data version: the dashboard's cached figures never
outlive a committed write, and reading changes nothing.

Real cache backend (Redis when REDIS_URL is set, tracker/settings/test.py),
real PostgreSQL. Each test is one transaction that never commits: `committed`
runs a block's on-commit callbacks as a commit would, and clears them as a
commit does.
"""

import datetime
import os
import subprocess
import sys
from contextlib import contextmanager

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection, transaction
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from commitments.models import Milestone, StatusChoices
from commitments.permissions import MANAGER
from commitments.services.milestones import milestone_transition, milestones_generate
from commitments.services.sweeps import milestone_statuses_flag
from core.cache_version import DATA_VERSION_KEY, data_version
from notifications.services.preferences import calendar_token_regenerate, profile_ensure
from tests.conftest import REPO_ROOT
from tests.desks import oversight
from tests.factories import UserFactory

UTC = datetime.UTC
NOW = datetime.datetime(2026, 7, 10, 6, 0, tzinfo=UTC)


@contextmanager
def committed():
    """Run the block's on-commit callbacks, as its commit would, and forget them."""
    start = len(connection.run_on_commit)
    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
        yield callbacks
    del connection.run_on_commit[start:]


@pytest.fixture
def manager(db):
    user = UserFactory(username="mgr")
    user.groups.add(Group.objects.get(name=MANAGER))
    oversight(user)  # every desk: these tests are not about scope
    return user


@pytest.fixture
def lived_in(seeded, system):
    """The seed's milestones generated in January, flagged at NOW."""
    with (
        committed(),
        time_machine.travel(datetime.datetime(2026, 1, 8, tzinfo=UTC), tick=False),
    ):
        milestones_generate(as_of=timezone.now(), actor=system)
    with time_machine.travel(NOW, tick=False):
        with committed():
            milestone_statuses_flag(as_of=timezone.now(), actor=system)
        yield


def overdue_total(client) -> tuple[int, datetime.datetime]:
    response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 200
    return response.context["overdue_total"].value, response.context["computed_at"]


def test_the_figures_change_at_once_after_a_write_through_a_service(
    client, manager, lived_in
):
    client.force_login(manager)
    before, computed = overdue_total(client)
    assert before > 0
    # Cached: the same figures, computed once.
    assert overdue_total(client) == (before, computed)
    late = Milestone.objects.filter(status=StatusChoices.OVERDUE).first()
    with committed():
        milestone_transition(
            milestone=late, status=StatusChoices.DONE, actor=manager, reason="held"
        )
    assert overdue_total(client)[0] == before - 1


def test_the_sweep_bumps_the_version_only_when_it_flags_something(lived_in, system):
    version = data_version()
    with committed() as callbacks:
        report = milestone_statuses_flag(as_of=timezone.now(), actor=system)
    assert report.milestones_overdue == 0
    assert callbacks == []
    assert data_version() == version
    Milestone.objects.filter(status=StatusChoices.OVERDUE).update(
        status=StatusChoices.PLANNED
    )
    with committed() as callbacks:
        report = milestone_statuses_flag(as_of=timezone.now(), actor=system)
    assert report.milestones_overdue > 0
    # Up to four updates in one transaction, one bump.
    assert data_version() == version + 1


def reopen_then_fail(milestone: Milestone, actor) -> None:
    with transaction.atomic():
        milestone_transition(
            milestone=milestone, status=StatusChoices.PLANNED, actor=actor, reason="x"
        )
        raise RuntimeError("rolled back")


def test_the_version_moves_after_commit_and_not_on_rollback(lived_in, manager):
    version = data_version()
    late = Milestone.objects.filter(status=StatusChoices.OVERDUE).first()
    with committed():
        with transaction.atomic():
            milestone_transition(
                milestone=late, status=StatusChoices.DONE, actor=manager, reason="x"
            )
        assert data_version() == version  # not yet committed
    assert data_version() == version + 1
    with committed() as callbacks, pytest.raises(RuntimeError):
        reopen_then_fail(late, manager)
    assert callbacks == []
    assert data_version() == version + 1


def test_reading_pages_does_not_bump_the_version(client, manager, lived_in):
    client.force_login(manager)
    version = data_version()
    with committed() as callbacks:
        for name in ("reporting:dashboard", "commitments:commitment_list"):
            assert client.get(reverse(name)).status_code == 200
    assert callbacks == []
    assert data_version() == version


def test_writes_the_dashboard_does_not_count_leave_the_version(manager):
    profile = profile_ensure(user=manager)
    version = data_version()
    with committed() as callbacks:
        calendar_token_regenerate(profile=profile, actor=manager)
    assert callbacks == []
    assert data_version() == version


def test_a_lost_counter_comes_back_newer_than_it_was(db):
    version = data_version()
    cache.delete(DATA_VERSION_KEY)
    assert data_version() > version


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
def test_tests_share_redis_on_a_database_of_their_own():
    from django.conf import settings

    cache_settings = settings.CACHES["default"]
    assert cache_settings["BACKEND"].endswith("RedisCache")
    assert (
        cache_settings["LOCATION"] != os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/0"
    )
    assert cache_settings["LOCATION"].rsplit("/", 1)[1] not in {"0", "1", "2"}
    cache.set("probe", 1)
    assert cache.get("probe") == 1


@pytest.mark.parametrize(
    ("env", "backend", "location"),
    [
        ({}, "LocMemCache", ""),
        ({"REDIS_URL": "redis://127.0.0.1:6379/0"}, "RedisCache", "/0"),
        (
            {"REDIS_URL": "redis://127.0.0.1:6379/0", "CACHE_URL": "redis://h:1/5"},
            "RedisCache",
            "redis://h:1/5",
        ),
    ],
)
def test_the_base_settings_use_redis_when_a_url_is_given(env, backend, location):
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CACHE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    printed = subprocess.run(
        [
            sys.executable,
            "-c",
            "from tracker.settings import base; "
            "c = base.CACHES['default']; print(c['BACKEND'], c.get('LOCATION', ''))",
        ],
        env={**clean, **env},
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert printed[0].endswith(backend)
    assert (printed[1] if len(printed) > 1 else "").endswith(location)


def shown_overdue_total(client) -> str:
    """The overdue figure as the page's HTML shows it (the cached rendering)."""
    html = client.get(reverse("reporting:dashboard")).content.decode()
    panel = html[html.index('id="kpi-overdue"') :]
    value = panel[panel.index('class="kpi-value"') :]
    return value[value.index(">") + 1 : value.index("</a>")]


def test_the_rendered_figures_change_at_once_after_a_write_through_a_service(
    client, manager, lived_in
):
    client.force_login(manager)
    before = shown_overdue_total(client)
    assert int(before) > 0
    assert shown_overdue_total(client) == before  # served from the cache
    late = Milestone.objects.filter(status=StatusChoices.OVERDUE).first()
    with committed():
        milestone_transition(
            milestone=late, status=StatusChoices.DONE, actor=manager, reason="held"
        )
    assert int(shown_overdue_total(client)) == int(before) - 1


def test_one_rendering_of_the_figures_serves_every_manager_of_a_scope(
    client, manager, lived_in
):
    other = UserFactory(username="mgr-2", first_name="Other")
    other.groups.add(Group.objects.get(name=MANAGER))
    oversight(other)  # one rendering per scope: both see every desk
    client.force_login(manager)
    first = client.get(reverse("reporting:dashboard")).content.decode()
    client.force_login(other)
    second = client.get(reverse("reporting:dashboard")).content.decode()
    start = '<section class="kpis"'
    assert first[first.index(start) :] == second[second.index(start) :]


def test_a_hung_redis_fails_a_cache_read_within_the_socket_timeout(settings):
    """A Redis that accepts connections and never answers raises a timeout
    instead of holding the request (and every page reads the cache)."""
    import socket

    import redis
    from django.core.cache.backends.redis import RedisCache

    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(8)  # connections complete in the backlog; nobody reads
        port = hung.getsockname()[1]
        options = settings.CACHES["default"]["OPTIONS"]
        assert options == {"socket_timeout": 2, "socket_connect_timeout": 2}
        cache_on_hung = RedisCache(f"redis://127.0.0.1:{port}/0", {"OPTIONS": options})
        with pytest.raises(redis.exceptions.TimeoutError):
            cache_on_hung.get("any")
