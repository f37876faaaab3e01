"""Load the commitments of the shipped source texts; safe to run twice."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from commitments.services.seed import seed_load
from core.history import system_user


class Command(BaseCommand):
    help = "Load the seed agreements and commitments (with history). Safe to rerun."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed-file", type=Path, default=settings.TRACKER_SEED_FILE
        )
        parser.add_argument(
            "--sources-dir", type=Path, default=settings.TRACKER_SOURCES_DIR
        )

    def handle(
        self, *args: object, seed_file: Path, sources_dir: Path, **options: object
    ) -> None:
        if not seed_file.is_file():
            raise CommandError(f"No seed file at {seed_file}.")
        if not sources_dir.is_dir():
            raise CommandError(f"No directory of source texts at {sources_dir}.")
        try:
            report = seed_load(
                seed_file=seed_file, sources_dir=sources_dir, actor=system_user()
            )
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"Cannot read the seed: {error}") from error
        kinds = sorted(set(report.created) | set(report.existing))
        for kind in kinds:
            self.stdout.write(
                f"{kind}: {report.created.get(kind, 0)} created, "
                f"{report.existing.get(kind, 0)} already there"
            )
