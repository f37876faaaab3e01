"""The --as-of option shared by the operator commands that replay a moment."""

import datetime

from django.core.management.base import CommandError, CommandParser

from commitments.instants import parse_instant


def add_as_of_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--as-of",
        help="ISO date-time with zone (e.g. 2026-07-10T09:00+05:00); default now.",
    )


def parse_as_of(value: str | None) -> datetime.datetime:
    """The instant a command acts as of; a naive or malformed value is refused."""
    try:
        return parse_instant(value)
    except ValueError as error:
        raise CommandError(f"--as-of {error}") from error
