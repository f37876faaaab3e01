"""Flag due-soon and overdue milestones now, or as of a given instant."""

from django.core.management.base import BaseCommand, CommandParser

from commitments.management.commands._as_of import add_as_of_argument, parse_as_of
from commitments.services.sweeps import milestone_statuses_flag
from core.history import system_user


class Command(BaseCommand):
    help = "Run the overdue sweep (the hourly beat job) and print what it changed."

    def add_arguments(self, parser: CommandParser) -> None:
        add_as_of_argument(parser)

    def handle(self, *args: object, as_of: str | None, **options: object) -> None:
        moment = parse_as_of(as_of)
        report = milestone_statuses_flag(as_of=moment, actor=system_user())
        self.stdout.write(f"As of {moment.isoformat()}:")
        for name, count in report.as_dict().items():
            self.stdout.write(f"  {name.replace('_', ' ')}: {count}")
