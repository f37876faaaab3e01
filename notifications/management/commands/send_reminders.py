"""Run the reminder job now (or as of an instant) and send what it owes."""

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
        reminders = ngettext(
            "%(count)s new reminder", "%(count)s new reminders", report.deliveries
        ) % {"count": report.deliveries}
        digests = ngettext(
            "%(count)s digest", "%(count)s digests", len(report.digests)
        ) % {"count": len(report.digests)}
        self.stdout.write(
            _("As of %(moment)s: %(reminders)s in %(digests)s.")
            % {"moment": moment.isoformat(), "reminders": reminders, "digests": digests}
        )
        # --as-of selects the reminders owed (above); sending claims with the
        # wall clock like the regular dispatcher, so a replay of a past instant
        # never leaves a claim that looks long expired (issue 12, finding 2).
        for digest_id in digests_dispatch():
            outcome = digest_send(digest_id=digest_id)
            digest = Digest.objects.select_related("recipient").get(pk=digest_id)
            count = digest.deliveries.count()
            items = ngettext("%(count)s item", "%(count)s items", count) % {
                "count": count
            }
            where = f"{digest.recipient.email} ({items}, {digest.period})"
            self.stdout.write(f"  {outcome}: {where}")
