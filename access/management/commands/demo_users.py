"""Create (or reset the passwords of) the demo's logins, one per role."""

import secrets

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from access.demo import demo_logins_ensure


class Command(BaseCommand):
    help = (
        "Create the demo desks and one login per role (officer, manager, viewer "
        "on the China desk; outsider on the Afghanistan desk; oversight; "
        "counterpart; administrator), none a superuser, all with one printed "
        "password. Safe to run twice. Refused under production settings."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            help="Password for every demo login; default a new random one.",
        )

    def handle(self, *args: object, password: str | None, **options: object) -> None:
        if getattr(settings, "TRACKER_IS_PRODUCTION", False):
            raise CommandError(
                "demo_users is refused under production settings: demo logins "
                "have a password printed on a terminal. Create real accounts in "
                "the admin and put them on desks at /desks/ instead."
            )
        password = password or secrets.token_urlsafe(12)
        try:
            logins = demo_logins_ensure(
                password=password, seed_file=settings.TRACKER_SEED_FILE
            )
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Demo logins (password {password!r} for each):")
        for login in logins:
            role = login.role or "counterpart account"
            where = f", {login.desk}" if login.desk else ""
            admin = ", may open the admin" if login.is_staff else ""
            self.stdout.write(
                f"  {login.username:<13} {role}{where}: {login.what}{admin}"
            )
