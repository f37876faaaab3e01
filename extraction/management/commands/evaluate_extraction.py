"""Precision, recall, and cadence/date/kind/sides accuracy against the gold data."""

import json

from django.core.management.base import BaseCommand, CommandParser

from extraction.evaluation import SETS, as_json, evaluate, report


class Command(BaseCommand):
    help = (
        "Compare the extraction rules with fixtures/extraction/gold: precision, "
        "recall, and cadence, due date, kind and obligated sides right over the "
        "matches, per text and per set, with a confusion table of kinds."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--set", choices=SETS, default="all", dest="which")
        parser.add_argument(
            "--verbose",
            action="store_true",
            help="List misses, extras and wrong cadences, dates, kinds and sides.",
        )
        parser.add_argument(
            "--format",
            choices=("text", "json"),
            default="text",
            dest="output",
            help="json: the same numbers as one JSON object.",
        )

    def handle(
        self, *args: object, which: str, verbose: bool, output: str, **options: object
    ) -> None:
        scores, total = evaluate(which)
        if output == "json":
            self.stdout.write(json.dumps(as_json(scores, which), indent=2))
            return
        self.stdout.write(f"Set: {which} ({len(scores)} texts)")
        self.stdout.write(report(scores, total, verbose=verbose))
