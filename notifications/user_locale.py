"""Each person's language and time zone, applied to every page they open.

The preferences live on notifications.Profile (language, time_zone). They are
copied into the session when the person logs in (and when they save their
preferences), so that a page reads them without a query. A person who uses
the header's language switcher keeps that choice for the rest of the session
(the switcher's cookie, read by LocaleMiddleware, then wins).
"""

import zoneinfo
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from core.zones import known_zones

# Session keys: the saved preferences, and the language chosen this session.
PREFERENCES_KEY = "user_locale"
SWITCHED_KEY = "user_locale_switched"


def _supported(language: str) -> str:
    """A language of settings.LANGUAGES, or "" (the browser decides)."""
    return language if language in dict(settings.LANGUAGES) else ""


def _valid_zone(name: str) -> str:
    return name if name in known_zones() else settings.TIME_ZONE


def remember_preferences(
    request: HttpRequest, *, language: str, time_zone: str
) -> None:
    """Store a person's language and time zone in their session."""
    request.session[PREFERENCES_KEY] = {
        "language": _supported(language),
        "time_zone": _valid_zone(time_zone),
    }


def _load_preferences(request: HttpRequest) -> dict[str, str]:
    # Imported here: notifications imports commitments, which must not load
    # at settings time (this module is named in MIDDLEWARE).
    from notifications.models import Profile

    profile = (
        Profile.objects.filter(user=request.user).only("language", "time_zone").first()
    )
    remember_preferences(
        request,
        language=profile.language if profile else "",
        time_zone=profile.time_zone if profile else settings.TIME_ZONE,
    )
    return request.session[PREFERENCES_KEY]


@receiver(user_logged_in, dispatch_uid="notifications.user_locale.on_login")
def apply_on_login(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs
) -> None:
    """Read the preferences once, at login, into the new session."""
    if request is None or not hasattr(request, "session"):
        return
    request.session.pop(SWITCHED_KEY, None)
    request.user = user
    _load_preferences(request)


class UserLocaleMiddleware:
    """Activate the signed-in person's language and time zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        prefs = request.session.get(PREFERENCES_KEY) or _load_preferences(request)
        language = prefs.get("language", "")
        if language and not request.session.get(SWITCHED_KEY):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        timezone.activate(zoneinfo.ZoneInfo(_valid_zone(prefs.get("time_zone", ""))))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The header's switcher: Django's set_language (a cookie), and a mark that
    this session chose its language, so the saved preference no longer
    overrides it."""
    response = django_set_language(request)
    chosen = _supported(request.POST.get("language", ""))
    if chosen and hasattr(request, "session"):
        request.session[SWITCHED_KEY] = chosen
    return response
