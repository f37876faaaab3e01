"""Seasons as date ranges, which depend on the hemisphere: "in the autumn" is
September to November in Oslo and March to May in Santiago. Pure.

The hemisphere is an assumption the rules state in the resolution note: the
place the story is filed from, else the hemisphere both parties share, else
the northern one.
"""

import calendar
import datetime
from dataclasses import dataclass

NORTH, SOUTH = "N", "S"
# Season -> (first month, last month) in the northern hemisphere; winter runs
# over the new year (December to February).
NORTHERN = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
}
SOUTHERN = {
    "spring": (9, 11),
    "summer": (12, 2),
    "autumn": (3, 5),
    "fall": (3, 5),
    "winter": (6, 8),
}
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Hemisphere:
    """Which hemisphere a text's seasons are read in, and why."""

    code: str = NORTH
    reason: str = "no place or party in the text says otherwise"

    @property
    def label(self) -> str:
        return "southern" if self.code == SOUTH else "northern"


@dataclass(frozen=True)
class SeasonRange:
    """The first and last day of one season in one year."""

    first: datetime.date
    last: datetime.date


def month_end(year: int, month: int) -> datetime.date:
    """The last day of a month."""
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def season_range(season: str, year: int, hemisphere: str = NORTH) -> SeasonRange:
    """The days of `season` that starts in `year` (winter/summer spanning the
    new year start in December of `year`)."""
    table = SOUTHERN if hemisphere == SOUTH else NORTHERN
    first_month, last_month = table[season.lower()]
    last_year = year + 1 if last_month < first_month else year
    return SeasonRange(
        datetime.date(year, first_month, 1), month_end(last_year, last_month)
    )


def next_season(
    season: str, anchor: datetime.date, hemisphere: str = NORTH, *, strictly: bool
) -> SeasonRange:
    """The season not yet over on `anchor` (or, `strictly`, not yet begun)."""
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        found = season_range(season, year, hemisphere)
        if (found.first > anchor) if strictly else (found.last >= anchor):
            return found
    return season_range(season, anchor.year + 1, hemisphere)


def describe(found: SeasonRange) -> str:
    """The season's months and year(s), e.g. "September-November 2026"."""
    first = MONTH_NAMES[found.first.month - 1]
    last = MONTH_NAMES[found.last.month - 1]
    if found.first.year == found.last.year:
        return f"{first}–{last} {found.last.year}"
    return f"{first} {found.first.year}–{last} {found.last.year}"
