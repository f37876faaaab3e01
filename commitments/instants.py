"""Reading the "as of" instant that jobs and commands take: pure, no ORM."""

import datetime


def parse_instant(value: str | None) -> datetime.datetime:
    """An aware datetime from ISO text; now (UTC) when empty; ValueError otherwise."""
    if not value:
        return datetime.datetime.now(datetime.UTC)
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"{value!r} is not an ISO date-time.") from error
    if moment.tzinfo is None:
        raise ValueError(f"{value!r} has no time zone; add one, e.g. +05:00 or Z.")
    return moment
