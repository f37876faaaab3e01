"""Run the reminder job now (or as of an instant) and send what it owes."""

from django.core.management.base import BaseCommand, CommandParser

from commitments.management.commands._as_of import add_as_of_argument, parse_as_of
from notifications.models import Digest
from notifications.services.digests import digest_send, digests_dispatch, reminders_run


class Command(BaseCommand):
    help = "Claim due reminders, build one digest per person, send them, print them."

    def add_arguments(self, parser: CommandParser) -> None:
        add_as_of_argument(parser)

    def handle(self, *args: object, as_of: str | None, **options: object) -> None:
        moment = parse_as_of(as_of)
        report = reminders_run(as_of=moment)
        self.stdout.write(
            f"As of {moment.isoformat()}: {report.deliveries} new reminder(s) "
            f"in {len(report.digests)} digest(s)."
        )
        # --as-of selects the reminders owed (above); sending claims with the
        # wall clock like the regular dispatcher, so a replay of a past instant
        # never leaves a claim that looks long expired (issue 12, finding 2).
        for digest_id in digests_dispatch():
            outcome = digest_send(digest_id=digest_id)
            digest = Digest.objects.select_related("recipient").get(pk=digest_id)
            count = digest.deliveries.count()
            where = f"{digest.recipient.email} ({count} item(s), {digest.period})"
            self.stdout.write(f"  {outcome}: {where}")
