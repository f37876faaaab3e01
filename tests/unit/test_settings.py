import os
import subprocess
import sys

from django.conf import settings


def test_production_settings_pass_the_deploy_check():
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tracker.settings.production",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x7Qp9" * 8,
        DJANGO_ALLOWED_HOSTS="tracker.example.gov",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_default_time_zone_is_pakistan():
    if "TIME_ZONE" not in os.environ:
        assert settings.TIME_ZONE == "Asia/Karachi"
    assert settings.CELERY_TIMEZONE == "UTC"
