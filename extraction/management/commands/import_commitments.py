"""Import agreements and commitments from a CSV or XLSX file, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.history import system_user
from core.spreadsheets import SpreadsheetError, check_file_size
from extraction.services.imports import file_import


class Command(BaseCommand):
    help = (
        "Import FILE (.csv or .xlsx, columns in docs/extraction.md); --dry-run "
        "checks every row and stores nothing. A bad row means nothing is imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true")

    def handle(
        self, *args: object, file: Path, dry_run: bool, **options: object
    ) -> None:
        try:
            check_file_size(file.stat().st_size)
            raw = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: cannot read it ({error.strerror}).") from error
        except SpreadsheetError as error:
            raise CommandError(str(error)) from error
        try:
            report = file_import(
                name=file.name, raw=raw, actor=system_user(), dry_run=dry_run
            )
        except SpreadsheetError as error:
            raise CommandError(str(error)) from error
        for error in report.errors:
            self.stdout.write(f"row {error.row}: {error.message}")
        if report.errors:
            raise CommandError(report.summary)
        self.stdout.write(report.summary)
