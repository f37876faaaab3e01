"""bin/serve refuses a bad environment before starting anything, and supervises."""

import fcntl
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from tracker import serve
from tracker.production_env import DEMO_SECRET_KEY, problems

SERVE = settings.BASE_DIR / "bin" / "serve"


def good_env(var_dir: Path) -> dict[str, str]:
    """A complete production environment (nothing here is contacted)."""
    return {
        "PATH": os.environ["PATH"],
        "TRACKER_PYTHON": sys.executable,
        "TRACKER_VAR_DIR": str(var_dir),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "tracker.example.gov",
        "DATABASE_URL": "postgres://tracker@127.0.0.1:1/none",
        "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
        "REDIS_URL": "redis://127.0.0.1:1/3",
        "SITE_URL": "https://tracker.example.gov",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    }


def run_serve(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SERVE)], env=env, capture_output=True, text=True, timeout=30, check=False
    )


def test_the_demo_secret_is_refused_by_name_before_anything_starts(tmp_path):
    env = good_env(tmp_path / "var")
    env["DJANGO_SECRET_KEY"] = DEMO_SECRET_KEY
    result = run_serve(env)
    assert result.returncode == 2
    assert "DJANGO_SECRET_KEY is the demo key" in result.stderr
    # Not even the lock was taken: nothing ran.
    assert not (tmp_path / "var").exists()


@pytest.mark.parametrize(
    "missing", ["DATABASE_URL", "CELERY_BROKER_URL", "SITE_URL", "EMAIL_BACKEND"]
)
def test_a_missing_setting_is_named(tmp_path, missing):
    env = good_env(tmp_path / "var")
    del env[missing]
    result = run_serve(env)
    assert result.returncode == 2
    assert f"{missing} is not set" in result.stderr
    assert not (tmp_path / "var").exists()


def test_plain_http_is_refused_on_a_public_address(tmp_path):
    env = good_env(tmp_path / "var")
    env.update(DJANGO_SECURE_SSL_REDIRECT="0", GUNICORN_BIND="0.0.0.0:8000")
    result = run_serve(env)
    assert result.returncode == 2
    assert "DJANGO_SECURE_SSL_REDIRECT=0 serves plain HTTP" in result.stderr
    assert "0.0.0.0:8000" in result.stderr


def test_a_second_serve_on_the_same_var_directory_is_refused(tmp_path):
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    with (var_dir / "serve.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("4242\n")
        held.flush()
        result = run_serve(good_env(var_dir))
    assert result.returncode != 0
    assert "another bin/serve (pid 4242)" in result.stderr
    assert "exactly one beat" in result.stderr


def test_plain_http_on_loopback_is_allowed_when_asked():
    env = {
        **good_env(Path("/nonexistent")),
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SESSION_COOKIE_SECURE": "0",
        "GUNICORN_BIND": "127.0.0.1:9000,[::1]:9000,unix:/run/t.sock",
        "SITE_URL": "http://127.0.0.1:9000",
    }
    assert problems(env) == []


def test_sqlite_and_the_filesystem_broker_are_refused():
    env = {
        **good_env(Path("/nonexistent")),
        "DATABASE_URL": "sqlite:///var/tracker.sqlite3",
        "CELERY_BROKER_URL": "filesystem://",
    }
    found = " ".join(problems(env))
    assert "DATABASE_URL must name PostgreSQL" in found
    assert "CELERY_BROKER_URL must name Redis" in found


def test_check_production_refuses_other_settings():
    # The tests run on tracker.settings.test, not production.
    with pytest.raises(CommandError, match=r"must be tracker\.settings\.production"):
        call_command("check_production")


def test_production_settings_refuse_the_demo_secret_by_name():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tracker.settings.production"}
    env["DJANGO_SECRET_KEY"] = DEMO_SECRET_KEY
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is the demo key" in result.stderr


def crashing(name: str) -> serve.Supervised:
    supervised = serve.Supervised(name, {**os.environ})
    supervised.argv = [sys.executable, "-c", "raise SystemExit(3)"]
    return supervised


def test_a_process_that_exits_is_restarted_then_given_up_on(caplog):
    supervised = crashing("worker")
    now = 1000.0
    supervised.start()
    for restart in range(1, serve.MAX_RESTARTS + 1):
        supervised.process.wait()
        assert supervised.check(now)  # exited: a restart is scheduled
        assert "worker exited with code 3; restarting" in caplog.text
        assert supervised.check(now + restart)  # its time came: restarted
        now += restart
    supervised.process.wait()
    assert not supervised.check(now)  # one exit too many inside the window
    assert "giving up" in caplog.text


def test_exits_spread_beyond_the_window_keep_being_restarted():
    supervised = crashing("worker")
    now = 1000.0
    supervised.start()
    for _ in range(serve.MAX_RESTARTS * 2):
        supervised.process.wait()
        assert supervised.check(now)
        now += serve.RESTART_WINDOW
        assert supervised.check(now)
