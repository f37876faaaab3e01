"""Uploaded files waiting for a check, an import or a background job.

They live in the default storage under ``imports/<owner id>/<token><suffix>``:
the token is random (``secrets.token_hex``), so a name cannot be guessed, and
the owner's id is part of the path, so a person can only ever reach their own
files (``upload_open`` builds the path from the person asking). Nothing of the
file goes into the session, only its token. A file is removed when its import
finishes or its check fails, and ``uploads_sweep`` removes any left after
UPLOAD_MAX_AGE (a check nobody imported, a job whose worker died).
"""

import datetime
import re
import secrets
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

PREFIX = "imports"
UPLOAD_MAX_AGE = datetime.timedelta(days=1)
_TOKEN = re.compile(r"[0-9a-f]{32}")
_SUFFIXES = frozenset({".csv", ".xlsx", ".txt"})


class UploadMissing(LookupError):
    """The stored file is gone (imported, swept after a day, or never yours)."""


def _path(owner_id: int, token: str, suffix: str) -> str:
    return f"{PREFIX}/{int(owner_id)}/{token}{suffix}"


def upload_store(*, owner_id: int, name: str, content: bytes) -> str:
    """Keep the bytes under a new random token; return the stored name."""
    suffix = PurePath(name).suffix.lower()
    suffix = suffix if suffix in _SUFFIXES else ".bin"
    path = _path(owner_id, secrets.token_hex(16), suffix)
    return default_storage.save(path, ContentFile(content))


def token_of(stored_name: str) -> str:
    """The token part of a stored name (what the session may hold)."""
    return PurePath(stored_name).stem


def stored_name_for(*, owner_id: int, token: str, name: str) -> str:
    """The stored name of a token this owner holds; UploadMissing if malformed."""
    if not _TOKEN.fullmatch(token or ""):
        raise UploadMissing(token)
    suffix = PurePath(name).suffix.lower()
    return _path(owner_id, token, suffix if suffix in _SUFFIXES else ".bin")


def upload_read(stored_name: str, *, max_bytes: int) -> bytes:
    """The stored bytes, at most max_bytes + 1 (so a caller sees an overrun)."""
    if not stored_name.startswith(f"{PREFIX}/") or not default_storage.exists(
        stored_name
    ):
        raise UploadMissing(stored_name)
    with default_storage.open(stored_name, "rb") as handle:
        return handle.read(max_bytes + 1)


def upload_delete(stored_name: str) -> None:
    """Remove a stored upload (nothing if it is already gone)."""
    if stored_name.startswith(f"{PREFIX}/"):
        default_storage.delete(stored_name)


def uploads_sweep(*, now: datetime.datetime | None = None) -> int:
    """Remove uploads older than UPLOAD_MAX_AGE; return how many went."""
    cutoff = (now or timezone.now()) - UPLOAD_MAX_AGE
    removed = 0
    try:
        owners, _ = default_storage.listdir(PREFIX)
    except FileNotFoundError:
        return 0
    for owner in owners:
        _, files = default_storage.listdir(f"{PREFIX}/{owner}")
        for name in files:
            path = f"{PREFIX}/{owner}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                removed += 1
    return removed
