"""/healthz and /healthz/details (issue 12, "Health and observability")."""

import datetime
import json

import pytest
import time_machine
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.outbox import OutboxStatus
from notifications.models import Digest
from ops import jobs
from ops.models import JobRun
from ops.services import job_run_failed, job_run_succeeded
from tests.conftest import free_port
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 7, 10, 9, 0, tzinfo=datetime.UTC)
CHECK_NAMES = [
    "database",
    "cache",
    "broker",
    "worker_heartbeat",
    "overdue_sweep",
    "milestone_generation",
    "reminder_run",
    "outbox",
]


def stamp(job: str, minutes_ago: float) -> None:
    at = NOW - datetime.timedelta(minutes=minutes_ago)
    with time_machine.travel(at):
        job_run_succeeded(job=job, at=at, summary={"flagged": 1})


@pytest.fixture
def fresh_jobs():
    """Every watched job succeeded a minute ago; the clock stands at NOW."""
    for job in jobs.BEAT_ENTRIES:
        stamp(job, minutes_ago=1)
    with time_machine.travel(NOW):
        yield


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    return client


def healthz(client):
    return client.get(reverse("ops:healthz"))


def details(client) -> dict[str, dict]:
    response = client.get(reverse("ops:healthz_details"))
    assert response.status_code == 200
    body = json.loads(response.content)
    return {check["name"]: check for check in body["checks"]} | {"": body}


def test_healthz_answers_ok_when_every_job_is_fresh(client, fresh_jobs):
    response = healthz(client)
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_answers_without_a_login_and_reveals_nothing_else(client, fresh_jobs):
    stamp(jobs.OVERDUE_SWEEP, minutes_ago=500)
    response = healthz(client)
    assert response.status_code == 503
    assert response.content == b"unhealthy\n"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]
    assert "Set-Cookie" not in response


def test_a_stale_sweep_makes_healthz_unhealthy(client, staff, fresh_jobs):
    stamp(jobs.OVERDUE_SWEEP, minutes_ago=151)
    assert healthz(client).status_code == 503
    checks = details(client)
    assert checks["overdue_sweep"]["state"] == "unhealthy"
    assert "151.0 minutes ago" in checks["overdue_sweep"]["message"]
    assert checks["overdue_sweep"]["figures"]["max_age_minutes"] == 150
    assert checks["worker_heartbeat"]["state"] == "ok"


def test_details_show_a_jobs_last_failure(client, staff, fresh_jobs):
    job_run_failed(job=jobs.REMINDER_RUN, at=timezone.now(), error="SMTPException")
    reminders = details(client)["reminder_run"]
    assert reminders["state"] == "ok"  # its last success is still fresh
    assert reminders["figures"]["last_error"] == "SMTPException"
    failed_at = datetime.datetime.fromisoformat(reminders["figures"]["last_failure_at"])
    assert failed_at - NOW < datetime.timedelta(seconds=5)


def test_a_sweep_within_its_threshold_is_healthy(client, fresh_jobs):
    stamp(jobs.OVERDUE_SWEEP, minutes_ago=149)
    assert healthz(client).status_code == 200


def test_a_worker_that_stopped_consuming_is_unhealthy(client, staff, fresh_jobs):
    # Alive but deaf (after a Redis restart): beat's heartbeats run nowhere.
    stamp(jobs.HEARTBEAT, minutes_ago=6)
    assert healthz(client).status_code == 503
    assert details(client)["worker_heartbeat"]["state"] == "unhealthy"


def test_an_unreachable_broker_makes_healthz_unhealthy(client, staff, fresh_jobs):
    closed = f"redis://127.0.0.1:{free_port()}/1"
    with override_settings(CELERY_BROKER_URL=closed):
        assert healthz(client).status_code == 503
        broker = details(client)["broker"]
    assert broker["state"] == "unhealthy"
    assert broker["message"].startswith("Unavailable: Unable to connect to Redis")


def test_a_fresh_install_is_healthy_within_each_jobs_first_interval(client):
    # The worker's first heartbeat starts the watch: a job that never ran yet
    # is judged from then, so a new install is not unhealthy until its first
    # run was due (the daily generation gets a day).
    stamp(jobs.HEARTBEAT, minutes_ago=0)
    with time_machine.travel(NOW + datetime.timedelta(minutes=2)):
        assert healthz(client).status_code == 200
    with time_machine.travel(NOW + datetime.timedelta(minutes=151)):
        job_run_succeeded(job=jobs.HEARTBEAT, at=timezone.now(), summary={})
        # The hourly sweep and reminder run never succeeded in 151 minutes.
        assert healthz(client).status_code == 503


def test_nothing_recorded_at_all_is_unhealthy(client):
    assert healthz(client).status_code == 503


def _digest(status: str, created_minutes_ago: float) -> Digest:
    at = NOW - datetime.timedelta(minutes=created_minutes_ago)
    with time_machine.travel(at):
        return Digest.objects.create(
            recipient=UserFactory(),
            period=f"p{Digest.objects.count()}",
            status=status,
            next_attempt_at=at,
        )


def test_a_digest_waiting_too_long_makes_healthz_unhealthy(client, staff, fresh_jobs):
    _digest(OutboxStatus.PENDING, created_minutes_ago=61)
    _digest(OutboxStatus.RETRY, created_minutes_ago=5)
    assert healthz(client).status_code == 503
    outbox = details(client)["outbox"]
    assert outbox["state"] == "unhealthy"
    assert outbox["figures"] | {"oldest_pending_minutes": None} == {
        "pending": 1,
        "retrying": 1,
        "failed": 0,
        "oldest_pending_minutes": None,
        "max_pending_minutes": 60,
    }
    assert outbox["figures"]["oldest_pending_minutes"] >= 61


def test_failed_digests_are_a_warning_not_an_outage(client, staff, fresh_jobs):
    _digest(OutboxStatus.FAILED, created_minutes_ago=600)
    _digest(OutboxStatus.PENDING, created_minutes_ago=10)
    assert healthz(client).status_code == 200
    outbox = details(client)["outbox"]
    assert outbox["state"] == "warning"
    assert outbox["figures"]["failed"] == 1


def test_details_list_every_check_with_state_and_figures_for_staff(staff, fresh_jobs):
    checks = details(staff)
    assert checks.pop("")["status"] == "ok"
    assert list(checks) == CHECK_NAMES
    assert {check["state"] for check in checks.values()} == {"ok"}
    assert checks["reminder_run"]["figures"]["last_summary"] == {"flagged": 1}
    assert checks["reminder_run"]["figures"]["age_minutes"] == pytest.approx(1, abs=1)


def test_details_are_hidden_from_non_staff(client, officer):
    client.force_login(officer)
    assert client.get(reverse("ops:healthz_details")).status_code == 404


def test_details_ask_an_anonymous_visitor_to_log_in(client):
    response = client.get(reverse("ops:healthz_details"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_healthz_runs_a_bounded_number_of_queries(client, fresh_jobs):
    with CaptureQueriesContext(connection) as few:
        healthz(client)
    for n in range(40):
        _digest(OutboxStatus.PENDING, created_minutes_ago=n)
        _digest(OutboxStatus.FAILED, created_minutes_ago=n)
    JobRun.objects.create(name="some other job", last_success_at=NOW)
    with CaptureQueriesContext(connection) as many:
        healthz(client)
    assert len(many) == len(few)
    # Two bounded reads of a row per job and one aggregate, each wrapped in a
    # savepoint with its timeouts set and put back (the database check runs
    # on a connection of its own, not counted here).
    assert len(few) <= 30
