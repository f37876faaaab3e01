"""Reading the "as of" instant that jobs and commands take: no ORM.

The instant must lie in the supported date range (core.dates): a moment such
as 9999-12-31T23:59 would overflow as soon as a job adds a horizon or changes
its time zone.
"""

import datetime

from core.dates import is_supported_date, supported_range


def parse_instant(value: str | None) -> datetime.datetime:
    """An aware datetime from ISO text; now (UTC) when empty; ValueError otherwise."""
    if not value:
        return datetime.datetime.now(datetime.UTC)
    if len(value) > 64:
        raise ValueError(f"{value[:20]!r}… is too long for an ISO date-time.")
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"{value!r} is not an ISO date-time.") from error
    if moment.tzinfo is None:
        raise ValueError(f"{value!r} has no time zone; add one, e.g. +05:00 or Z.")
    if not is_supported_date(moment):
        first, last = supported_range()
        raise ValueError(
            f"{value!r} is outside the supported range {first.isoformat()} "
            f"to {last.isoformat()}."
        )
    return moment
