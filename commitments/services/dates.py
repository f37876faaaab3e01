"""The supported date range and rule limits, as the write services apply them.

The pure cadence module takes its bounds as an argument; this is where the
settings (TRACKER_DATE_MIN/MAX, the limit RULE_OCCURRENCES) are read for it.
"""

import datetime

from django.core.exceptions import ValidationError

from commitments.cadence import Bounds
from core.dates import is_supported_date, supported_range, unsupported_date_message
from core.limits import limit_value


def cadence_bounds() -> Bounds:
    """The days a cadence may cover and the occurrences it may expand, from settings."""
    first, last = supported_range()
    return Bounds(
        first=first, last=last, max_occurrences=limit_value("RULE_OCCURRENCES")
    )


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
