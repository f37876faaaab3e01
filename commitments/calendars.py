"""Public holidays and weekends of the parties (pure, over `holidays`)."""

import datetime
from functools import lru_cache

import holidays

DEFAULT_WEEKEND = frozenset({5, 6})  # Saturday, Sunday
MAX_LOOKAHEAD_DAYS = 60


@lru_cache(maxsize=256)
def _calendar(country_code: str, year: int) -> holidays.HolidayBase | None:
    try:
        return holidays.country_holidays(country_code, years=year)
    except NotImplementedError:
        return None  # a party that is not a country, or one the package lacks


def non_working_reasons(
    day: datetime.date, country_codes: tuple[str, ...]
) -> list[str]:
    """Why `day` is not a working day for each party ("Pakistan: Labour Day")."""
    reasons = []
    for code in country_codes:
        calendar = _calendar(code, day.year)
        weekend = getattr(calendar, "weekend", DEFAULT_WEEKEND) or DEFAULT_WEEKEND
        if calendar is not None and day in calendar:
            reasons.append(f"{code}: {calendar.get(day)}")
        elif day.weekday() in weekend:
            reasons.append(f"{code}: weekend")
    return reasons


def next_working_day(
    day: datetime.date, country_codes: tuple[str, ...]
) -> datetime.date:
    """The first day on or after `day` that is a working day for every party."""
    candidate = day
    for _ in range(MAX_LOOKAHEAD_DAYS):
        if not non_working_reasons(candidate, country_codes):
            return candidate
        candidate += datetime.timedelta(days=1)
    return day
