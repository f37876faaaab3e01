"""Restore an archive made by `backup` into an empty database (bin/restore)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backups.errors import BackupError
from backups.services import backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty database and media folder: "
        "verify every file's SHA-256, pg_restore in one transaction, then migrate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the archive to restore")
        parser.add_argument(
            "--media-root", type=Path, help="the media folder (default MEDIA_ROOT)"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "restore over what is there: DROP the database's public schema "
                "and move the media folder aside first"
            ),
        )
        parser.add_argument(
            "--no-migrate",
            dest="migrate",
            action="store_false",
            help="do not run migrate after restoring",
        )

    def handle(
        self,
        *args: object,
        file: Path,
        media_root: Path | None,
        force: bool,
        migrate: bool,
        **options: object,
    ) -> None:
        try:
            report = backup_restore(
                file, media_root=media_root, force=force, migrate=migrate
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {file} (made {report.created_at}, commit "
            f"{report.commit or 'unknown'}): the database and "
            f"{report.media_files} media file(s), verified, in {report.seconds:.1f} s."
        )
