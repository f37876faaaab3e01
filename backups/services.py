"""Back up the database and media into one archive, and restore one.

bin/backup and bin/restore (management commands `backup` and `restore`) call
these; docs/operations.md ("Backups and restore") is the operator's guide.
"""

import datetime
import logging
import os
import shutil
import subprocess  # nosec B404
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from backups import postgres
from backups.archive import (
    DUMP,
    FORMAT_VERSION,
    MEDIA,
    Entry,
    extract_verified,
    media_entries,
    sha256_of,
    write_archive,
)
from backups.errors import BackupError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackupReport:
    """What an archive holds."""

    path: Path
    dump_bytes: int
    media_files: int
    media_bytes: int
    seconds: float


@dataclass(frozen=True)
class RestoreReport:
    """What a restore put back."""

    media_files: int
    commit: str | None
    created_at: str
    seconds: float


def app_commit() -> str | None:
    """The checkout's git commit, when the code runs from one."""
    if not (settings.BASE_DIR / ".git").exists() or not shutil.which("git"):
        return os.environ.get("TRACKER_RELEASE") or None
    result = subprocess.run(  # noqa: S603  # nosec B603 B607
        ["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or None


def _applied_migrations(alias: str) -> list[str]:
    recorder = MigrationRecorder(connections[alias])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def backup_create(
    target: Path, *, media_root: Path | None = None, alias: str = DEFAULT_DB_ALIAS
) -> BackupReport:
    """Write one archive of the database (pg_dump custom format) and every
    media file to `target`, with a manifest of their SHA-256. Refuses to
    overwrite a file; writes `target.partial` and renames it when complete."""
    started = time.monotonic()
    connection = connections[alias]
    postgres.require_postgresql(connection)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} exists; choose a new file name.")
    major = postgres.server_major(connection)
    pg_dump = postgres.find_tool("pg_dump", major)
    args, env = postgres.connection_args(connection.settings_dict)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-") as work:
        dump = Path(work) / DUMP
        # The dump first, then the files: a file uploaded meanwhile is extra
        # in the archive, never missing for a row that names it.
        postgres.run_tool(
            [
                pg_dump,
                *args,
                "--format=custom",
                "--no-owner",
                "--no-acl",
                "-f",
                str(dump),
            ],
            env,
            "pg_dump",
        )
        entries = [Entry(dump, DUMP), *media_entries(media_root)]
        files = {
            entry.name: {
                "sha256": sha256_of(entry.source),
                "bytes": entry.source.stat().st_size,
            }
            for entry in entries
        }
        now = datetime.datetime.now(tz=datetime.UTC)
        manifest = {
            "format_version": FORMAT_VERSION,
            "created_at": now.isoformat(),
            "created_at_epoch": int(now.timestamp()),
            "app_commit": app_commit(),
            "postgresql_server": connection.pg_version,
            "pg_dump": pg_dump,
            "database": connection.settings_dict.get("NAME"),
            "migrations": _applied_migrations(alias),
            "files": files,
        }
        try:
            write_archive(partial, manifest, entries)
            with partial.open("rb") as handle:
                os.fsync(handle.fileno())
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    media = [name for name in files if name.startswith(f"{MEDIA}/")]
    report = BackupReport(
        path=target,
        dump_bytes=files[DUMP]["bytes"],
        media_files=len(media),
        media_bytes=sum(files[name]["bytes"] for name in media),
        seconds=time.monotonic() - started,
    )
    logger.info(
        "backup written",
        extra={
            "path": str(target),
            "dump_bytes": report.dump_bytes,
            "media_files": report.media_files,
            "duration_s": round(report.seconds, 2),
        },
    )
    return report


def _has_files(folder: Path) -> bool:
    return folder.is_dir() and any(path.is_file() for path in folder.rglob("*"))


def _unknown_migrations(manifest: dict) -> list[str]:
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    names = {f"{app}.{name}" for app, name in known}
    return [name for name in manifest.get("migrations", []) if name not in names]


def _check_empty(connection, media_root: Path, *, force: bool) -> None:
    tables = postgres.user_relations(connection)
    media_used = _has_files(media_root)
    if force or not (tables or media_used):
        return
    problems = []
    if tables:
        problems.append(
            f"the database {connection.settings_dict.get('NAME')!r} is not empty "
            f"(it holds {', '.join(tables)}...)"
        )
    if media_used:
        problems.append(f"the media folder {media_root} holds files")
    raise BackupError(
        f"Refusing to restore: {' and '.join(problems)}. Restore into an empty "
        "database and media folder, or pass --force to replace what is there "
        "(the database's public schema is dropped; the media folder is moved "
        "aside)."
    )


def _install_media(staged: Path, media_root: Path) -> None:
    if media_root.exists():
        if _has_files(media_root):
            stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
            aside = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
            media_root.rename(aside)
            logger.warning("media folder moved aside", extra={"path": str(aside)})
        else:
            shutil.rmtree(media_root)
    if staged.is_dir():
        staged.replace(media_root)
    else:
        media_root.mkdir(parents=True)


def backup_restore(
    archive: Path,
    *,
    media_root: Path | None = None,
    alias: str = DEFAULT_DB_ALIAS,
    force: bool = False,
    migrate: bool = True,
) -> RestoreReport:
    """Restore `archive` into an empty database and media folder: check every
    file's SHA-256 before touching either, pg_restore in one transaction, put
    the media in place, then migrate (a backup from an older version)."""
    started = time.monotonic()
    connection = connections[alias]
    postgres.require_postgresql(connection)
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist.")
    media_root = Path(media_root or settings.MEDIA_ROOT)
    _check_empty(connection, media_root, force=force)
    pg_restore = postgres.find_tool("pg_restore", postgres.server_major(connection))
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Staged beside the media folder, so that putting the files in place is a
    # rename on one filesystem.
    with tempfile.TemporaryDirectory(
        dir=media_root.parent, prefix=f".{media_root.name}-restore-"
    ) as work:
        staging = Path(work)
        manifest = extract_verified(archive, staging)
        if unknown := _unknown_migrations(manifest):
            raise BackupError(
                f"{archive} comes from a newer version of the tracker (commit "
                f"{manifest.get('app_commit') or 'unknown'}): this code lacks the "
                f"migrations {', '.join(unknown[:5])}. Restore it with that "
                "version or a later one."
            )
        if force:
            postgres.empty_public_schema(connection)
        args, env = postgres.connection_args(connection.settings_dict)
        connection.close()
        postgres.run_tool(
            [
                pg_restore,
                *args,
                "--no-owner",
                "--no-acl",
                "--exit-on-error",
                "--single-transaction",
                str(staging / DUMP),
            ],
            env,
            "pg_restore",
        )
        _install_media(staging / MEDIA, media_root)
    if migrate:
        call_command("migrate", database=alias, interactive=False, verbosity=0)
    media_files = sum(1 for name in manifest["files"] if name.startswith(f"{MEDIA}/"))
    report = RestoreReport(
        media_files=media_files,
        commit=manifest.get("app_commit"),
        created_at=manifest["created_at"],
        seconds=time.monotonic() - started,
    )
    logger.info(
        "backup restored",
        extra={
            "path": str(archive),
            "media_files": media_files,
            "duration_s": round(report.seconds, 2),
        },
    )
    return report
