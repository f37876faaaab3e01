"""Template filters of the staff workspace."""

from functools import lru_cache
from pathlib import PurePath

from django import template
from django.urls import reverse

from commitments.cadence import CadenceError, describe
from commitments.lifecycle import LABELS, OPEN_STATUSES, Status

register = template.Library()

# A reference that no real one equals (references are slugs), replaced in the
# reversed pattern.
_PLACEHOLDER = "0-placeholder-0"


@lru_cache(maxsize=1)
def _commitment_url_pattern() -> str:
    return reverse("commitments:commitment_detail", args=[_PLACEHOLDER])


@register.filter
def status_label(value: str) -> str:
    """'due_soon' -> 'Due soon'; an unknown value is shown as it is."""
    try:
        return LABELS[Status(value)]
    except ValueError:
        return value


@register.filter
def is_open(value: str) -> bool:
    """Whether a status still has work to do."""
    return value in OPEN_STATUSES


@register.filter
def basename(value: object) -> str:
    """The last part of a stored file's path."""
    return PurePath(str(value)).name


@register.filter
def cadence_words(rule: str) -> str:
    """A recurrence rule in words ("every 6 months"): people never read the
    raw RRULE text (issue 18)."""
    if not rule:
        return ""
    try:
        return describe(rule)
    except CadenceError:
        return "a custom schedule"


@register.filter
def commitment_url(reference: str) -> str:
    """The commitment page's address: reverse() once, then a string join.
    A list row links two or three times to its commitment; reverse() per link
    was a tenth of a list page's rendering (docs/performance.md "Under load")."""
    return _commitment_url_pattern().replace(_PLACEHOLDER, reference, 1)
