"""Every write of the api app: issuing, revoking and stamping tokens."""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from api.models import PREFIX_CHARS, ApiToken
from core.history import save_with_history

# 40 random bytes, URL-safe base64: 54 characters no one guesses.
KEY_BYTES = 40
# A busy client must not write a row per request: the last use is stamped at
# most this often (the "last used" a person reads is to the minute anyway).
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def key_digest(key: str) -> str:
    """The stored form of a key: its SHA-256, hex."""
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its key: the only moment the key exists in clear."""

    token: ApiToken
    key: str


@transaction.atomic
def api_token_create(
    *, user: AbstractBaseUser, name: str, actor: AbstractBaseUser, reason: str = ""
) -> IssuedToken:
    """Issue a token for `user` named `name`; returns the key once (only its
    digest is stored)."""
    key = secrets.token_urlsafe(KEY_BYTES)
    token = ApiToken(
        user=user,
        name=name.strip(),
        key_hash=key_digest(key),
        prefix=key[:PREFIX_CHARS],
    )
    save_with_history(token, actor=actor, reason=reason or "API token created")
    return IssuedToken(token=token, key=key)


@transaction.atomic
def api_token_revoke(
    *, token: ApiToken, actor: AbstractBaseUser, reason: str = ""
) -> ApiToken:
    """Revoke a token for good (revoking twice changes nothing)."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    save_with_history(token, actor=actor, reason=reason or "API token revoked")
    return token


def api_token_touch(*, token: ApiToken, now: datetime.datetime | None = None) -> bool:
    """Stamp the token's last use, at most once per LAST_USED_RESOLUTION.

    A conditional UPDATE, not a save: two requests at once write at most one
    stamp, and no history row is written per request (last_used_at is left
    out of the token's history). Returns whether it stamped."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < (
        LAST_USED_RESOLUTION
    ):
        return False
    stale = Q(last_used_at__isnull=True) | Q(
        last_used_at__lt=now - LAST_USED_RESOLUTION
    )
    stamped = ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now) == 1
    if stamped:
        token.last_used_at = now
    return stamped
