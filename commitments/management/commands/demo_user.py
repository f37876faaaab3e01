"""Create (or reset) the demo logins that bin/demo prints: one per role."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Q

from commitments.models import Commitment
from commitments.permissions import ADMINISTRATOR, MANAGER, POLICY_OFFICER, VIEWER
from commitments.services.commitments import commitment_update
from core.history import system_user

# username -> (role group, last name, may open the admin site)
DEMO_LOGINS = {
    "demo-admin": (ADMINISTRATOR, "Administrator", True),
    "demo-manager": (MANAGER, "Manager", False),
    "demo-officer": (POLICY_OFFICER, "Officer", False),
    "demo-viewer": (VIEWER, "Viewer", False),
}
OWNER = "demo-officer"
# The superuser earlier versions made, with a password printed in the README.
LEGACY_LOGIN = "demo"


class Command(BaseCommand):
    help = (
        "Create or reset one demo login per role (none a superuser), make the "
        "demo officer the owner of the commitments nobody owns, print the "
        "logins. Refused under production settings."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            help="Password for every demo login; default a new random one.",
        )

    def handle(self, *args: object, password: str | None, **options: object) -> None:
        if getattr(settings, "TRACKER_IS_PRODUCTION", False):
            raise CommandError(
                "demo_user is refused under production settings: demo logins "
                "have a password printed on a terminal. Create real accounts "
                "with 'createsuperuser' and the admin's user pages instead."
            )
        password = password or secrets.token_urlsafe(12)
        with transaction.atomic():
            users = {
                username: self._login(username, group, last_name, is_staff, password)
                for username, (group, last_name, is_staff) in DEMO_LOGINS.items()
            }
            legacy = self._retire_legacy_login()
            unowned = (
                Q(owner__isnull=True) | Q(owner=legacy)
                if legacy
                else Q(owner__isnull=True)
            )
            system = system_user()
            for commitment in Commitment.objects.filter(
                unowned, archived_at__isnull=True
            ):
                commitment_update(
                    commitment=commitment,
                    actor=system,
                    reason="demo: the demo officer owns every unowned commitment",
                    owner=users[OWNER],
                )
        self.stdout.write(f"Demo logins (password {password!r} for each):")
        for username, (group, _, is_staff) in DEMO_LOGINS.items():
            where = "the app and the admin" if is_staff else "the app"
            self.stdout.write(f"  {username:<13} {group} ({where})")

    def _login(
        self, username: str, group: str, last_name: str, is_staff: bool, password: str
    ):
        user, _ = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "first_name": "Demo",
                "last_name": last_name,
                "email": f"{username}@localhost",
            },
        )
        user.is_active = True
        user.is_staff = is_staff
        user.is_superuser = False
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=group)])
        return user

    def _retire_legacy_login(self):
        # Deactivated, not deleted: its history and any work it owns keep it.
        legacy = (
            get_user_model()
            .objects.filter(username=LEGACY_LOGIN, is_superuser=True)
            .first()
        )
        if legacy is None:
            return None
        legacy.is_active = False
        legacy.is_superuser = False
        legacy.is_staff = False
        legacy.set_unusable_password()
        legacy.save()
        self.stderr.write(f"Deactivated the old superuser login {LEGACY_LOGIN!r}.")
        return legacy
