"""bin/serve starts the product as in production and stops it cleanly."""

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import free_port

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STARTUP_SECONDS = 60


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def production_env(tmp_path, port: int) -> dict[str, str]:
    """Production settings on the test database, Redis databases of their own."""
    database = connection.settings_dict
    redis = os.environ.get("REDIS_URL", "")
    if not redis.startswith("redis://"):
        pytest.fail("needs REDIS_URL=redis://… (run bin/test)")
    redis_base = redis.rsplit("/", 1)[0]
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "TRACKER_PYTHON": sys.executable,
        "TRACKER_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}"
            f"@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
        # Not the integration workers' databases (1, 2): no task is stolen.
        "CELERY_BROKER_URL": f"{redis_base}/11",
        "REDIS_URL": f"{redis_base}/12",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        # Plain HTTP on loopback, through the production settings' switches.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SESSION_COOKIE_SECURE": "0",
        "DJANGO_CSRF_COOKIE_SECURE": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_GRACEFUL_TIMEOUT": "5",
        "LOG_FORMAT": "json",
    }


def first_answer(port: int, process: subprocess.Popen) -> urllib.response:
    opener = urllib.request.build_opener(NoRedirect)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, "bin/serve exited while starting"
        try:
            return opener.open(f"http://127.0.0.1:{port}/", timeout=5)
        except urllib.error.HTTPError as answer:  # the 302, with no redirect
            return answer
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"bin/serve did not answer within {STARTUP_SECONDS} s")


def healthy(port: int) -> tuple[int, str]:
    """/healthz's last answer once it says 200, or when the wait runs out (the
    worker stamps its heartbeat when it starts consuming)."""
    deadline = time.monotonic() + STARTUP_SECONDS
    status, body = 0, ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/healthz", timeout=5
            ) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as answer:  # 503 until the worker is up
            status, body = answer.code, answer.read().decode()
        except OSError:
            pass
        time.sleep(0.5)
    return status, body


def test_serve_answers_and_stops_cleanly(tmp_path):
    port = free_port()
    log = (tmp_path / "serve.log").open("w+")
    process = subprocess.Popen(
        [str(settings.BASE_DIR / "bin" / "serve")],
        env=production_env(tmp_path, port),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        answer = first_answer(port, process)
        assert answer.status == 302
        assert answer.headers["Location"].startswith("/accounts/login/")
        assert answer.headers["X-Request-ID"]
        # Web, database, broker, cache and a consuming worker: all well.
        assert healthy(port) == (200, "ok\n")
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=60)
        log.seek(0)
        output = log.read()
    assert code == 0, output[-3000:]
    assert "web started" in output
    assert "worker started" in output
    assert "beat started" in output
    assert '"message": "stopped"' in output
    # Nothing listens any more: gunicorn stopped with its supervisor.
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
