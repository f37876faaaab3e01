"""`manage.py api_token USER --name NAME`: issue a token and print its key once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from api.services import api_token_create
from core.history import system_user


class Command(BaseCommand):
    help = "Create an API token for USER and print its key (shown only this once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="What the token is for.")

    def handle(self, *args, username: str, name: str, **options) -> None:
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        if not user.is_active:
            raise CommandError(f"{username} is deactivated: a token would be refused.")
        if not name.strip():
            raise CommandError("--name must not be empty.")
        issued = api_token_create(
            user=user,
            name=name,
            actor=system_user(),
            reason="created with manage.py api_token",
        )
        # The key alone on stdout, so that a script can capture it.
        self.stdout.write(issued.key)
        self.stderr.write(
            f"Token “{issued.token.name}” ({issued.token.prefix}…) for {username}: "
            "store the key now, it is not shown again."
        )
