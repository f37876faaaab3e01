"""Gunicorn's settings, each read from the environment (docs/operations.md).

    gunicorn -c tracker/gunicorn.conf.py

Gunicorn reads the module-level names below. Without any environment it
serves tracker.wsgi on 127.0.0.1:8000 with 2 x cores + 1 sync workers.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


wsgi_app = "tracker.wsgi:application"
bind = [
    address.strip()
    for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
    if address.strip()
]
# Requests are mostly database waits, so more processes than cores; each
# holds one PostgreSQL connection per thread (CONN_MAX_AGE keeps it open).
workers = _int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
# Above 1, gunicorn uses its gthread worker: threads share a process's memory
# and its caches, each with its own database connection.
threads = _int("GUNICORN_THREADS", 1)
# A worker silent for this long is killed and replaced. PostgreSQL cancels
# any statement of a web request after TRACKER_DB_STATEMENT_TIMEOUT_MS
# (tracker/settings/base.py, 25 s by default), which must stay below this
# timeout: the database gives up first, so the request ends with the 503 page
# and its backend is freed, instead of the worker being killed mid-query with
# the statement still running.
timeout = _int("GUNICORN_TIMEOUT", 30)
statement_timeout_ms = _int("TRACKER_DB_STATEMENT_TIMEOUT_MS", 25000)
if timeout and timeout * 1000 <= statement_timeout_ms:
    raise ValueError(
        f"TRACKER_DB_STATEMENT_TIMEOUT_MS ({statement_timeout_ms}) must stay below "
        f"GUNICORN_TIMEOUT ({timeout} s)"
    )
# On a restart or SIGTERM, requests in flight get this long to finish.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Each worker is replaced after this many requests (0: never), the jitter
# spreading the restarts so that the workers do not all restart at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# "-" is standard output; an empty value turns the access log off.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The usual combined format, then the request's duration in milliseconds.
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
)
