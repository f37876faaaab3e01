"""Precision, recall and date accuracy of the rules against the gold data."""

from django.core.management.base import BaseCommand, CommandParser

from extraction.evaluation import SETS, evaluate, report


class Command(BaseCommand):
    help = (
        "Compare the extraction rules with fixtures/extraction/gold: precision, "
        "recall, and cadence/due date right over the matches, per text and overall."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--set", choices=SETS, default="all", dest="which")
        parser.add_argument(
            "--verbose",
            action="store_true",
            help="List misses, extras and wrong dates.",
        )

    def handle(
        self, *args: object, which: str, verbose: bool, **options: object
    ) -> None:
        scores, total = evaluate(which)
        self.stdout.write(f"Set: {which} ({len(scores)} texts)")
        self.stdout.write(report(scores, total, verbose=verbose))
