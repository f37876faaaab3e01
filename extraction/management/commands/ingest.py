"""Store a text and queue the commitments the rules propose in it."""

import datetime
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import ngettext

from core.dates import is_supported_date, unsupported_date_message
from core.history import system_user
from extraction.reading import ReadError, read_text
from extraction.services.ingest import document_ingest


def _date(value: str) -> datetime.date:
    try:
        published = datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            f"--published: {value!r} is not a date (YYYY-MM-DD)."
        ) from error
    if not is_supported_date(published):
        raise CommandError(f"--published: {unsupported_date_message(published)}")
    return published


class Command(BaseCommand):
    help = (
        "Store FILE (.txt, .md, .html) verbatim and put the commitments proposed "
        "in it in the review queue (see docs/extraction.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--published", required=True, help="YYYY-MM-DD")
        parser.add_argument("--title", default="")
        parser.add_argument("--url", default="")
        parser.add_argument(
            "--dry-run", action="store_true", help="Propose only; store nothing."
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: object, **options: object) -> None:
        path: Path = options["file"]
        published = _date(options["published"])
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: cannot read it ({error.strerror}).") from error
        try:
            text, title = read_text(path.name, raw)
        except ReadError as error:
            raise CommandError(str(error)) from error
        try:
            result = document_ingest(
                title=options["title"] or title or path.stem,
                text=text,
                published_on=published,
                actor=None if options["dry_run"] else system_user(),
                file_name=path.name,
                url=options["url"],
                dry_run=options["dry_run"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    [p.as_dict() for p in result.proposals],
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            for proposal in result.proposals:
                self.stdout.write(
                    f"{proposal.start:>6}-{proposal.end:<6} {proposal.kind:18} "
                    f"{proposal.confidence:.2f}  {proposal.title}"
                )
        self.stderr.write(self._summary(result, options["dry_run"]))
        if result.truncated:
            self.stderr.write(result.truncation_message)

    def _summary(self, result, dry_run: bool) -> str:
        count = len(result.proposals)
        found = ngettext(
            "%(count)s candidate proposed", "%(count)s candidates proposed", count
        ) % {"count": count}
        if dry_run:
            known = ""
            if not result.is_new_document:
                known = f"; already stored as document {result.document.pk}"
            return f"Dry run: {found}; nothing stored{known}."
        if result.is_new_document:
            document = result.document.pk
            return f"Stored document {document}; {found}, {result.queued} queued."
        return (
            f"Same text as document {result.document.pk} (no duplicate stored); "
            f"{found}, {result.queued} newly queued, {result.already_queued} "
            "already in the queue."
        )
