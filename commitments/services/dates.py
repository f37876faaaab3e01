"""The supported date range, as the write services apply it (the cadence
bounds from settings are in commitments/bounds.py)."""

import datetime

from django.core.exceptions import ValidationError

from core.dates import is_supported_date, unsupported_date_message


def check_dates(**values: datetime.date | None) -> None:
    """Refuse, keyed by field, every date outside the supported range.

    Called by each write service before any date arithmetic, so that a date
    such as 9999-12-31 gives a message next to its field instead of an
    OverflowError deep inside a computation.
    """
    errors = {
        name: unsupported_date_message(value)
        for name, value in values.items()
        if isinstance(value, datetime.date) and not is_supported_date(value)
    }
    if errors:
        raise ValidationError(errors)
