"""Named limits on every input that can grow, checked at the boundary.

Each limit is a setting (``TRACKER_LIMIT_<NAME>``, overridable from the
environment, listed in docs/security.md). A refusal names the limit and its
value, so that a person knows what to change and an operator knows which
setting was hit.
"""

from django.conf import settings
from django.core.exceptions import ValidationError


def limit_value(name: str) -> int:
    """The current value of the named limit (e.g. ``SEARCH_WORDS``)."""
    return int(settings.TRACKER_LIMITS[name])


def limit_exceeded_message(name: str, what: str, found: int | None = None) -> str:
    """A refusal that names the limit: "… at most 20 words (limit SEARCH_WORDS)"."""
    value = limit_value(name)
    found_text = f"; this has {found:,}" if found is not None else ""
    return (
        f"{what} may have at most {value:,}{found_text} "
        f"(limit {name}, setting TRACKER_LIMIT_{name})."
    )


def check_limit(name: str, count: int, what: str, *, field: str | None = None) -> None:
    """Raise ValidationError naming the limit when ``count`` passes it."""
    if count > limit_value(name):
        message = limit_exceeded_message(name, what, count)
        raise ValidationError({field: message} if field else message)
