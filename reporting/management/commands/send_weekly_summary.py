"""Owe and send this week's summary to every manager now (or as of an instant)."""

from django.core.management.base import BaseCommand, CommandParser

from commitments.management.commands._as_of import add_as_of_argument, parse_as_of
from reporting.models import WeeklySummary
from reporting.services.weekly_summary import (
    weekly_summaries_create,
    weekly_summaries_dispatch,
    weekly_summary_send,
)


class Command(BaseCommand):
    help = "Send the weekly summary to every manager who has not had this week's."

    def add_arguments(self, parser: CommandParser) -> None:
        add_as_of_argument(parser)

    def handle(self, *args: object, as_of: str | None, **options: object) -> None:
        moment = parse_as_of(as_of)
        weekly_summaries_create(as_of=moment)
        ids = weekly_summaries_dispatch(now=moment)
        self.stdout.write(f"As of {moment.isoformat()}: {len(ids)} summary(ies) due.")
        for summary_id in ids:
            outcome = weekly_summary_send(summary_id=summary_id, now=moment)
            summary = WeeklySummary.objects.select_related("recipient").get(
                pk=summary_id
            )
            self.stdout.write(
                f"  {outcome}: {summary.recipient.email} ({summary.week})"
            )
