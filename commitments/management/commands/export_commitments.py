"""Write every commitment as JSON or CSV, to a file or standard output."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commitments import exports, selectors

WRITERS = {"json": exports.to_json, "csv": exports.to_csv}


class Command(BaseCommand):
    help = "Export every commitment with its provenance (see docs/exports.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=sorted(WRITERS), default="json")
        parser.add_argument(
            "--output", type=Path, help="File to write; default stdout."
        )

    def handle(
        self, *args: object, format: str, output: Path | None, **options: object
    ) -> None:
        text = WRITERS[format](selectors.commitment_list().order_by("id"))
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(
                f"Cannot write {output}: {error.strerror or error}."
            ) from error
        self.stderr.write(f"Wrote {output}")
