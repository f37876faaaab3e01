"""API authentication: `Authorization: Token <key>` for programs.

Only the key's SHA-256 is stored; a presented key is hashed and looked up by
its digest (and the digests compared in constant time). Revoked tokens and
deactivated people are refused with the same answer as an unknown key.
Session authentication (the browsable API, the docs page) is the pages' own.
"""

import hmac

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from api.models import ApiToken
from api.selectors import api_token_for_key_hash
from api.services import api_token_touch, key_digest

KEYWORD = "Token"
# Longer than any key we issue: a longer header is refused before hashing.
MAX_KEY_CHARS = 200
REFUSED = _("Invalid or revoked token.")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """Finds the token by the digest of the presented key."""

    keyword = KEYWORD

    def authenticate(self, request: Request) -> tuple | None:
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None  # another scheme, or none: let the session try
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("The Token header takes one key, with no spaces.")
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(REFUSED) from None
        if len(key) > MAX_KEY_CHARS:
            raise exceptions.AuthenticationFailed(REFUSED)
        return self.authenticate_key(key)

    def authenticate_key(self, key: str) -> tuple:
        digest = key_digest(key)
        token = api_token_for_key_hash(key_hash=digest)
        if (
            token is None
            or not hmac.compare_digest(token.key_hash, digest)
            or token.revoked_at is not None
            or not token.user.is_active
        ):
            raise exceptions.AuthenticationFailed(REFUSED)
        api_token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (with WWW-Authenticate) rather than 403.
        return self.keyword


def token_of(request: Request) -> ApiToken | None:
    """The token a request was authenticated with, if any."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None
