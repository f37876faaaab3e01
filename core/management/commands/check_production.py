"""Refuse a production start that lacks a setting or runs on demo values.

    DJANGO_SETTINGS_MODULE=tracker.settings.production python manage.py check_production

Checks the environment (tracker/production_env.py: every required variable,
no demo secret, PostgreSQL and Redis, plain HTTP on loopback only), then runs
Django's deploy checks with warnings as errors. bin/serve, the compose web
service and systemd's ExecStartPre all run it before starting anything.
"""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from tracker.production_env import problems


class Command(BaseCommand):
    help = "Check that this environment can run production; name what is missing."

    def handle(self, *args, **options) -> None:
        found = []
        if not getattr(settings, "TRACKER_IS_PRODUCTION", False):
            found.append(
                "DJANGO_SETTINGS_MODULE must be tracker.settings.production "
                f"(it is {os.environ.get('DJANGO_SETTINGS_MODULE', 'unset')})"
            )
        found += problems(os.environ)
        if found:
            raise CommandError("refusing to start production:\n  " + "\n  ".join(found))
        call_command("check", deploy=True, fail_level="WARNING")
        self.stdout.write("production settings: ok")
