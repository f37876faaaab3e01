"""Create (or reset) the demo login that the README's demo prints."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from commitments.models import Commitment
from commitments.services.commitments import commitment_update


class Command(BaseCommand):
    help = (
        "Create or reset a demo administrator login, make it the owner of the "
        "commitments nobody owns (so reminders have someone to reach), print it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="demo")
        parser.add_argument("--password", default="demo-tracker-2026")

    def handle(
        self, *args: object, username: str, password: str, **options: object
    ) -> None:
        user, _ = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "first_name": "Demo",
                "last_name": "Officer",
                "email": f"{username}@localhost",
            },
        )
        user.is_staff = True
        user.is_superuser = True
        user.set_password(password)
        user.save()
        for commitment in Commitment.objects.filter(owner__isnull=True):
            commitment_update(
                commitment=commitment,
                actor=user,
                reason="demo: the demo officer owns every unowned commitment",
                owner=user,
            )
        self.stdout.write(f"Demo login: username {username!r}, password {password!r}")
