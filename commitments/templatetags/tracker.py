"""Template filters of the staff workspace."""

from pathlib import PurePath

from django import template

from commitments.cadence import CadenceError, describe
from commitments.lifecycle import LABELS, OPEN_STATUSES, Status

register = template.Library()


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
