"""Create (or reset) the demo login that the README's demo prints."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Create or reset a demo administrator login and print it."

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
        self.stdout.write(f"Demo login: username {username!r}, password {password!r}")
