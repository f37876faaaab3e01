"""The archive: one tar of a manifest, the database dump and the media files.

    manifest.json        format version, commit, time, migrations, SHA-256 of each file
    database.dump        pg_dump --format=custom --no-owner --no-acl
    media/<path>         every file under MEDIA_ROOT

The manifest comes first so that a restore knows every hash before it reads a
file, and checks each one as it extracts it.
"""

import hashlib
import json
import tarfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from backups.errors import BackupError

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media"
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Entry:
    """A file to archive: where it is on disk and its name in the archive."""

    source: Path
    name: str


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_entries(media_root: Path) -> list[Entry]:
    """Every regular file under MEDIA_ROOT (symbolic links are not followed)."""
    if not media_root.is_dir():
        return []
    return [
        Entry(path, f"{MEDIA}/{path.relative_to(media_root).as_posix()}")
        for path in sorted(media_root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    ]


def write_archive(target: Path, manifest: dict, entries: list[Entry]) -> None:
    """Write manifest and entries to `target` (gzip when it ends .gz or .tgz).

    The hashes in the manifest were taken before writing; a file whose size
    changed since (an upload overwritten mid-backup) fails the write rather
    than leave an archive that would not verify.
    """
    mode = "w:gz" if target.name.endswith((".gz", ".tgz")) else "w"
    body = json.dumps(manifest, indent=2, sort_keys=True).encode()
    with tarfile.open(target, mode) as tar:
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(body)
        info.mtime = int(manifest["created_at_epoch"])
        tar.addfile(info, _BytesReader(body))
        for entry in entries:
            expected = manifest["files"][entry.name]["bytes"]
            info = tar.gettarinfo(str(entry.source), arcname=entry.name)
            if info.size != expected:
                raise BackupError(
                    f"{entry.source} changed while it was being backed up; "
                    "run the backup again."
                )
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            with entry.source.open("rb") as handle:
                tar.addfile(info, handle)


class _BytesReader:
    """The smallest file object tarfile.addfile needs."""

    def __init__(self, data: bytes) -> None:
        self._data, self._at = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._at + size
        chunk, self._at = self._data[self._at : end], min(end, len(self._data))
        return chunk


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"The archive names a file outside its folder: {name!r}.")
    return path


def _copy_hashed(source: IO[bytes], destination: Path) -> str:
    digest = hashlib.sha256()
    destination.parent.mkdir(parents=True, exist_ok=True)
    with destination.open("xb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def extract_verified(archive: Path, staging: Path) -> dict:
    """Extract `archive` into `staging`, checking every file against the
    manifest's SHA-256; return the manifest. Refuses, naming the file, when a
    hash differs, a listed file is missing or an unlisted one is present."""
    try:
        with tarfile.open(archive, "r:*") as tar:
            members = iter(tar)
            first = next(members, None)
            if first is None or first.name != MANIFEST or not first.isfile():
                raise BackupError(
                    f"{archive} is not a backup archive: it does not start with "
                    f"{MANIFEST}."
                )
            manifest = _read_manifest(tar.extractfile(first), archive)
            expected: dict[str, dict] = manifest["files"]
            seen: set[str] = set()
            for member in members:
                name = member.name
                if name not in expected or name in seen or not member.isfile():
                    raise BackupError(
                        f"{archive} holds {name!r}, which its manifest does not "
                        "list: the archive was altered."
                    )
                seen.add(name)
                digest = _copy_hashed(
                    tar.extractfile(member), staging / _safe_name(name)
                )
                if digest != expected[name]["sha256"]:
                    raise BackupError(
                        f"{name} in {archive} does not match its SHA-256 in the "
                        "manifest: the archive is damaged. Nothing was restored."
                    )
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(
            f"{archive} cannot be read as a backup archive ({error}): it is "
            "damaged or incomplete. Nothing was restored."
        ) from error
    if missing := sorted(set(expected) - seen):
        raise BackupError(
            f"{archive} lacks {', '.join(missing[:5])}, which its manifest lists: "
            "the archive is incomplete. Nothing was restored."
        )
    return manifest


def _read_manifest(handle: IO[bytes] | None, archive: Path) -> dict:
    try:
        manifest = json.loads(handle.read() if handle else b"")
    except ValueError as error:
        raise BackupError(f"The manifest of {archive} is damaged ({error}).") from error
    version = manifest.get("format_version") if isinstance(manifest, dict) else None
    if version != FORMAT_VERSION:
        raise BackupError(
            f"{archive} is backup format {version!r}; this version reads format "
            f"{FORMAT_VERSION}."
        )
    if DUMP not in manifest.get("files", {}):
        raise BackupError(f"The manifest of {archive} lists no {DUMP}.")
    for name in manifest["files"]:
        _safe_name(name)
    return manifest
