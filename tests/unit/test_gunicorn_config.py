import multiprocessing
import runpy

import pytest
from django.conf import settings

CONFIG = settings.BASE_DIR / "tracker" / "gunicorn.conf.py"
VARIABLES = (
    "GUNICORN_BIND",
    "GUNICORN_WORKERS",
    "GUNICORN_THREADS",
    "GUNICORN_TIMEOUT",
    "GUNICORN_GRACEFUL_TIMEOUT",
    "GUNICORN_MAX_REQUESTS",
    "GUNICORN_MAX_REQUESTS_JITTER",
    "GUNICORN_ACCESS_LOG",
    "GUNICORN_LOG_LEVEL",
    "TRACKER_DB_STATEMENT_TIMEOUT_MS",
)


@pytest.fixture
def clean_env(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def load() -> dict:
    return runpy.run_path(str(CONFIG))


def test_defaults(clean_env):
    config = load()
    assert config["wsgi_app"] == "tracker.wsgi:application"
    assert config["bind"] == ["127.0.0.1:8000"]
    assert config["workers"] == 2 * multiprocessing.cpu_count() + 1
    assert config["threads"] == 1
    assert config["timeout"] == 30
    assert config["max_requests"] > 0
    assert config["max_requests_jitter"] > 0
    assert config["accesslog"] == "-"


def test_values_come_from_the_environment(clean_env):
    clean_env.setenv("GUNICORN_BIND", "0.0.0.0:9000, unix:/run/tracker.sock")
    clean_env.setenv("GUNICORN_WORKERS", "3")
    clean_env.setenv("GUNICORN_THREADS", "4")
    clean_env.setenv("GUNICORN_TIMEOUT", "60")
    clean_env.setenv("GUNICORN_GRACEFUL_TIMEOUT", "10")
    clean_env.setenv("GUNICORN_MAX_REQUESTS", "0")
    clean_env.setenv("GUNICORN_ACCESS_LOG", "")
    config = load()
    assert config["bind"] == ["0.0.0.0:9000", "unix:/run/tracker.sock"]
    assert (config["workers"], config["threads"], config["timeout"]) == (3, 4, 60)
    assert config["graceful_timeout"] == 10
    assert config["max_requests"] == 0
    assert config["accesslog"] is None


def test_the_statement_timeout_default_stays_below_the_worker_timeout(clean_env):
    # The database cancels a slow statement before gunicorn kills the worker.
    config = load()
    assert config["statement_timeout_ms"] == 25000
    assert config["timeout"] * 1000 > config["statement_timeout_ms"]


def test_a_statement_timeout_past_the_worker_timeout_is_refused(clean_env):
    clean_env.setenv("GUNICORN_TIMEOUT", "20")
    with pytest.raises(ValueError, match="TRACKER_DB_STATEMENT_TIMEOUT_MS"):
        load()
