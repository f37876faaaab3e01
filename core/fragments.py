"""Rendered page fragments kept in the shared cache until the data changes.

A list's rows are the same HTML for everyone who sees the same agreements and
asks the same question, until a write commits. Rendering them (the row query,
its model instances, Django's template engine) was most of a list page's
cost under load (docs/performance.md "Under load"). The key carries the data
version (core/cache_version.py: every committed write bumps it), the
language, the time zone (each person's own, notifications/user_locale.py) and
what the caller says the fragment depends on (the viewer's scope, the
query, the day), so a committed change is seen at once and no one reads
another scope's rows; the timeout only bounds a change that bypassed the
services. TRACKER_LIST_CACHE_SECONDS = 0 turns it off (the test settings:
tests write inside a transaction that never commits, so the version would not
move).
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

from core.cache_version import data_version

T = TypeVar("T", bytes, str)


def cached_html(name: str, parts: tuple, render: Callable[[], str]) -> SafeString:
    """The fragment `name` for `parts` (plain values: strings, numbers, dates,
    tuples of them), from the cache or from `render()`, which must return
    escaped HTML (render_to_string does)."""
    return mark_safe(cached_bytes_or_text(name, parts, render))  # noqa: S308  # nosec B308 B703


def cached_bytes_or_text(name: str, parts: tuple, build: Callable[[], T]) -> T:
    """What `build()` makes for `parts` (a rendered fragment, a PDF), kept like
    the fragments: per data version, language, time zone and `parts`."""
    seconds = settings.TRACKER_LIST_CACHE_SECONDS
    if seconds <= 0:
        return build()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    zone = get_current_timezone_name()
    key = f"fragment:{name}:{data_version()}:{get_language()}:{zone}:{digest}"
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, seconds)
    return found
