"""Create the milestones that cadences and due dates call for, up to the horizon."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commitments.management.commands._as_of import add_as_of_argument, parse_as_of
from commitments.services.milestones import milestones_generate
from core.history import system_user

# Beyond a century a horizon is a slip; far beyond, it overflows the calendar.
MAX_HORIZON = 1200


class Command(BaseCommand):
    help = "Generate missing milestones (the daily beat job) and print them."

    def add_arguments(self, parser: CommandParser) -> None:
        add_as_of_argument(parser)
        parser.add_argument("--horizon-months", type=int, default=None)

    def handle(
        self,
        *args: object,
        as_of: str | None,
        horizon_months: int | None,
        **options: object,
    ) -> None:
        moment = parse_as_of(as_of)
        if horizon_months is not None and not 1 <= horizon_months <= MAX_HORIZON:
            raise CommandError(
                f"--horizon-months must be from 1 to {MAX_HORIZON} (100 years)."
            )
        report = milestones_generate(
            as_of=moment, actor=system_user(), horizon_months=horizon_months
        )
        for reference, days in sorted(report.created.items()):
            listed = ", ".join(day.isoformat() for day in days)
            self.stdout.write(f"  {reference}: {listed}")
        for reference, why in sorted(report.refused.items()):
            self.stderr.write(f"  skipped {reference}: {why}")
        self.stdout.write(f"Created {report.created_count} milestone(s).")
