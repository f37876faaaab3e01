"""The Celery app: configured from Django settings under the CELERY_ prefix."""

import os

from celery import Celery, signals

from core import job_log

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.base")

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def use_job_statement_timeout() -> None:
    """Give this process's PostgreSQL connections the job statement timeout.

    Settings give every connection the web requests' statement_timeout
    (TRACKER_DB_STATEMENT_TIMEOUT_MS), so that whatever serves pages (gunicorn,
    runserver, tests) cannot forget it. Long jobs are the exception, decided by
    the entry point rather than by an environment variable an operator could
    leave out: the Celery worker (below) and every management command but
    runserver (manage.py) switch to TRACKER_JOB_STATEMENT_TIMEOUT_MS (0: none;
    tasks have their own hard time limit) before the first query. The
    settings dicts are the ones the connections read when they connect, so
    changing them in place and closing what is open is enough.
    """
    from django.conf import settings
    from django.db import connections

    from core.db_options import connection_options

    timeout = connection_options(settings.TRACKER_JOB_STATEMENT_TIMEOUT_MS)
    for database in settings.DATABASES.values():
        if database["ENGINE"] == "django.db.backends.postgresql":
            database.setdefault("OPTIONS", {})["options"] = timeout
    connections.close_all()


@signals.worker_init.connect
def _worker_uses_job_statement_timeout(**kwargs) -> None:
    # In the worker's main process, before its pool starts or any task runs
    # (prefork children inherit the settings).
    use_job_statement_timeout()


@signals.setup_logging.connect
def _log_through_django_settings(**kwargs) -> None:
    # A receiver here stops Celery from installing its own handlers: the
    # worker and beat then log through settings.LOGGING like the web process,
    # one line per record, JSON when LOG_FORMAT=json.
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


# One log line per task run (name, id, outcome, duration, counts).
job_log.connect()
