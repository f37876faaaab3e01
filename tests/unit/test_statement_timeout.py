"""Every web request's PostgreSQL statement ends within the statement timeout,
with a page saying so; long jobs get their own timeout (issue 10, finding 1)."""

import importlib.util
import threading

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse

from commitments.permissions import VIEWER
from tests.factories import CommitmentFactory, UserFactory
from tracker.celery import use_job_statement_timeout

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's"
)


def show_timeout(options: str) -> str:
    """statement_timeout of a new connection made with these options."""
    params = {**connection.get_connection_params(), "options": options}
    with psycopg.connect(**params) as fresh:
        return fresh.execute("SHOW statement_timeout").fetchone()[0]


@pytest.mark.django_db
def test_web_connections_carry_the_web_statement_timeout():
    assert settings.TRACKER_DB_STATEMENT_TIMEOUT_MS == 25_000
    options = connection.settings_dict["OPTIONS"]["options"]
    assert options == ("-c statement_timeout=25000 -c jit=off -c random_page_cost=1.1")
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "25s"
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


@pytest.mark.django_db
def test_jobs_switch_to_the_job_timeout_before_connecting(monkeypatch, settings):
    database = settings.DATABASES["default"]
    monkeypatch.setitem(database, "OPTIONS", dict(database["OPTIONS"]))
    # The settings fixture itself, not monkeypatch: monkeypatch's undo deleted
    # the setting through an override that outlived the test, and a later test
    # found TRACKER_JOB_STATEMENT_TIMEOUT_MS gone.
    settings.TRACKER_JOB_STATEMENT_TIMEOUT_MS = 900_000
    closed = []
    monkeypatch.setattr("django.db.connections.close_all", lambda: closed.append(1))
    use_job_statement_timeout()
    assert closed == [1]
    assert connection.settings_dict["OPTIONS"]["options"] == (
        "-c statement_timeout=900000 -c jit=off -c random_page_cost=1.1"
    )
    assert show_timeout(connection.settings_dict["OPTIONS"]["options"]) == "15min"


def test_manage_py_runs_every_command_but_runserver_as_a_job():
    spec = importlib.util.spec_from_file_location(
        "manage", settings.BASE_DIR / "manage.py"
    )
    manage = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(manage)
    assert manage.is_job_command(["manage.py", "migrate"])
    assert manage.is_job_command(["manage.py", "flag_overdue"])
    assert not manage.is_job_command(["manage.py", "runserver"])
    assert not manage.is_job_command(["manage.py"])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_query_past_the_timeout_gives_a_503_page_not_a_500(client):
    """A real page, the real connection option, a statement kept waiting.

    Another connection holds the commitment table locked, so the list's
    query waits; the option (shortened to 300 ms, as an operator would set
    TRACKER_DB_STATEMENT_TIMEOUT_MS) makes PostgreSQL cancel it.
    """
    CommitmentFactory()
    user = UserFactory()
    user.groups.add(Group.objects.get(name=VIEWER))
    client.force_login(user)
    options = connection.settings_dict["OPTIONS"]
    original = options["options"]
    locked, release = threading.Event(), threading.Event()

    def hold_lock() -> None:
        params = connection.get_connection_params()
        with psycopg.connect(**params) as other, other.transaction():
            other.execute("LOCK TABLE commitments_commitment IN ACCESS EXCLUSIVE MODE")
            locked.set()
            release.wait(30)

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert locked.wait(10)
        connection.close()
        options["options"] = "-c statement_timeout=300"
        response = client.get(reverse("commitments:commitment_list"), {"q": "x"})
    finally:
        release.set()
        holder.join()
        options["options"] = original
        connection.close()
    assert response.status_code == 503
    page = response.content.decode()
    assert "The query took too long" in page
    assert "Narrow your search" in page
