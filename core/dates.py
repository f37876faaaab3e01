"""The range of dates the product supports, in one place.

Dates outside it (year 1 or 9999, a rule that runs into year 10000) make
Python's date arithmetic overflow deep inside a computation; refusing them at
the boundary gives the person a message instead of a 500. Every path that
reads a date (forms, cadences, extraction, imports, ``--as-of``) checks it here.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError


def supported_range() -> tuple[datetime.date, datetime.date]:
    """The first and last day a date in the product may be."""
    return settings.TRACKER_DATE_MIN, settings.TRACKER_DATE_MAX


def is_supported_date(value: datetime.date) -> bool:
    """Whether a date (or a datetime's date) lies in the supported range."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    first, last = supported_range()
    return first <= value <= last


def unsupported_date_message(value: datetime.date | None = None) -> str:
    """The refusal for a date outside the range, naming the range."""
    first, last = supported_range()
    shown = f"{value:%Y-%m-%d} is" if value is not None else "That date is"
    return f"{shown} outside the supported range {first:%Y-%m-%d} to {last:%Y-%m-%d}."


def check_supported_date(
    value: datetime.date | None, *, field: str | None = None
) -> None:
    """Raise ValidationError when a date lies outside the supported range."""
    if value is None or is_supported_date(value):
        return
    message = unsupported_date_message(value)
    raise ValidationError({field: message} if field else message)


def supported_date_validator(value: datetime.date) -> None:
    """A form and model field validator for the supported range."""
    check_supported_date(value)
