"""Rate limiting per token (settings.TRACKER_API_RATE, e.g. "600/min").

Each token has its own allowance, so one runaway script does not lock out
its owner's other programs; a session (the browsable API) counts per person,
and an unauthenticated caller per address. Counts live in the shared cache
(Redis), so every web worker counts the same requests.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from api.authentication import token_of

if TYPE_CHECKING:
    from rest_framework.views import APIView


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self) -> str:
        # Read per request, not at import: the environment's value, and a
        # test's override, hold.
        return settings.TRACKER_API_RATE

    def get_cache_key(self, request: Request, view: "APIView") -> str:
        token = token_of(request)
        if token is not None:
            ident = f"token-{token.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
