"""Write one archive of the database and the evidence files (bin/backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backups.errors import BackupError
from backups.services import backup_create

MB = 1024 * 1024


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, custom format) and MEDIA_ROOT into one "
        "archive FILE (.tar, or .tar.gz to compress), with a manifest of hashes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the archive to write (new)")
        parser.add_argument(
            "--media-root", type=Path, help="the media folder (default MEDIA_ROOT)"
        )

    def handle(self, *args: object, file: Path, media_root: Path | None, **options):
        try:
            report = backup_create(file, media_root=media_root)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Wrote {report.path}: database {report.dump_bytes / MB:.1f} MB, "
            f"{report.media_files} media file(s) {report.media_bytes / MB:.1f} MB, "
            f"in {report.seconds:.1f} s."
        )
