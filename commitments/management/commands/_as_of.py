"""The --as-of option shared by the operator commands that replay a moment."""

import datetime

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone


def add_as_of_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--as-of",
        help="ISO date-time with zone (e.g. 2026-07-10T09:00+05:00); default now.",
    )


def parse_as_of(value: str | None) -> datetime.datetime:
    """The instant a command acts as of; a naive or malformed value is refused."""
    if not value:
        return timezone.now()
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--as-of {value!r} is not an ISO date-time.") from error
    if timezone.is_naive(moment):
        raise CommandError(
            f"--as-of {value!r} has no time zone; add one, e.g. +05:00 or Z."
        )
    return moment
