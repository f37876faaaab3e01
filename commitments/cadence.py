"""Recurrence rules and due-date arithmetic: pure Python, no ORM.

A cadence is an RFC 5545 RRULE (parsed by dateutil, never by hand) whose
occurrences are calendar days in the agreement's time zone. A day falls due
when it ends there; `due_at` gives that instant in UTC.
"""

import datetime
import re
import zoneinfo
from dataclasses import dataclass

from dateutil.rrule import rrule, rrulestr

MAX_OCCURRENCES = 10_000  # a guard against rules that would never end


class CadenceError(ValueError):
    """A cadence that cannot be used, with a message a person can act on."""


FREQ_WORDS = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
# Shared with the extraction rules, which read the same phrases in running text.
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "eighteen": 18,
    "twenty": 20,
    "twenty-four": 24,
    "thirty": 30,
    "forty-five": 45,
    "sixty": 60,
    "ninety": 90,
    "hundred": 100,
}
# Phrases people type for common cadences, mapped to their rule.
PHRASES = {
    "daily": "FREQ=DAILY",
    "every day": "FREQ=DAILY",
    "weekly": "FREQ=WEEKLY",
    "fortnightly": "FREQ=WEEKLY;INTERVAL=2",
    "biweekly": "FREQ=WEEKLY;INTERVAL=2",
    "monthly": "FREQ=MONTHLY",
    "bimonthly": "FREQ=MONTHLY;INTERVAL=2",
    "quarterly": "FREQ=MONTHLY;INTERVAL=3",
    "twice a year": "FREQ=MONTHLY;INTERVAL=6",
    "twice yearly": "FREQ=MONTHLY;INTERVAL=6",
    "biannually": "FREQ=MONTHLY;INTERVAL=6",
    "semi-annually": "FREQ=MONTHLY;INTERVAL=6",
    "semiannually": "FREQ=MONTHLY;INTERVAL=6",
    "half-yearly": "FREQ=MONTHLY;INTERVAL=6",
    "annually": "FREQ=YEARLY",
    "annual": "FREQ=YEARLY",
    "yearly": "FREQ=YEARLY",
    "every year": "FREQ=YEARLY",
    "once a year": "FREQ=YEARLY",
    "each year": "FREQ=YEARLY",
    "every month": "FREQ=MONTHLY",
    "once a month": "FREQ=MONTHLY",
    "every week": "FREQ=WEEKLY",
    "once a week": "FREQ=WEEKLY",
    "biennially": "FREQ=YEARLY;INTERVAL=2",
    "every other week": "FREQ=WEEKLY;INTERVAL=2",
    "every other month": "FREQ=MONTHLY;INTERVAL=2",
    "every other year": "FREQ=YEARLY;INTERVAL=2",
    "three times a year": "FREQ=MONTHLY;INTERVAL=4",
    "four times a year": "FREQ=MONTHLY;INTERVAL=3",
    "every quarter": "FREQ=MONTHLY;INTERVAL=3",
    "each quarter": "FREQ=MONTHLY;INTERVAL=3",
    "once a quarter": "FREQ=MONTHLY;INTERVAL=3",
}
EVERY_N = re.compile(r"^every\s+(?P<n>\d+|[a-z-]+)\s+(?P<unit>day|week|month|year)s?$")
UNIT_FREQ = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "year": "YEARLY"}


def rule_from_phrase(phrase: str) -> str:
    """Turn "quarterly", "every three months" or an RRULE into a normal RRULE."""
    text = " ".join(phrase.strip().lower().split())
    if text.upper().startswith(("FREQ=", "RRULE:")):
        return text.upper().removeprefix("RRULE:")
    if text in PHRASES:
        return PHRASES[text]
    match = EVERY_N.match(text)
    if match:
        raw = match["n"]
        interval = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw)
        if interval is None:
            raise CadenceError(f"Cannot read the number in {phrase!r}.")
        freq = UNIT_FREQ[match["unit"]]
        return f"FREQ={freq}" if interval == 1 else f"FREQ={freq};INTERVAL={interval}"
    raise CadenceError(
        f"Cannot read the cadence {phrase!r}: try 'quarterly', 'every 3 months', "
        "'annually', 'twice a year', 'monthly' or an RRULE such as "
        "FREQ=MONTHLY;INTERVAL=3."
    )


def _parts(rule: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for item in rule.split(";"):
        key, sep, value = item.partition("=")
        if not sep or not key or not value:
            raise CadenceError(f"{rule!r} is not an RRULE (expected KEY=VALUE;…).")
        parts[key.strip().upper()] = value.strip().upper()
    return parts


def describe(rule: str) -> str:
    """A rule in words: FREQ=MONTHLY;INTERVAL=3 -> "every 3 months"."""
    if not rule:
        return "once"
    parts = _parts(rule)
    unit = FREQ_WORDS.get(parts.get("FREQ", ""), parts.get("FREQ", "?").lower())
    interval = int(parts.get("INTERVAL", "1"))
    if parts.get("FREQ") == "MONTHLY" and interval == 6:
        words = "twice a year"
    elif interval == 1:
        words = f"every {unit}"
    else:
        words = f"every {interval} {unit}s"
    if "COUNT" in parts:
        words += f", {parts['COUNT']} times"
    return words


@dataclass(frozen=True)
class Cadence:
    """A validated rule with its first day and optional end or count."""

    rule: str
    start: datetime.date
    end: datetime.date | None = None
    count: int | None = None

    def _rrule(self) -> rrule:
        dtstart = datetime.datetime.combine(self.start, datetime.time())
        parsed = rrulestr(self.rule, dtstart=dtstart)
        if not isinstance(parsed, rrule):
            raise CadenceError("Give one RRULE, not a set of rules.")
        kwargs = {}
        if self.end is not None:
            kwargs["until"] = datetime.datetime.combine(self.end, datetime.time())
        if self.count is not None:
            kwargs["count"] = self.count
        return parsed.replace(**kwargs) if kwargs else parsed

    def occurrences(
        self, *, after: datetime.date | None = None, until: datetime.date
    ) -> list[datetime.date]:
        """Days the cadence falls on after `after` and up to `until` (inclusive)."""
        days: list[datetime.date] = []
        for moment in self._rrule():
            day = moment.date()
            if day > until or len(days) >= MAX_OCCURRENCES:
                break
            if after is None or day > after:
                days.append(day)
        return days


# What cadence_build appends to clamp month ends and 29 February.
CLAMP_SUFFIX = re.compile(
    r";(?:BYMONTH=2;)?BYMONTHDAY=28(?:,29)?(?:,30)?(?:,31)?;BYSETPOS=-1$"
)


def base_rule(rule: str) -> str:
    """The rule as a person entered it, without the clamp added for its start."""
    return CLAMP_SUFFIX.sub("", rule)


def cadence_build(
    rule: str,
    start: datetime.date,
    *,
    end: datetime.date | None = None,
    count: int | None = None,
) -> Cadence:
    """Validate a rule and normalise the month-end and 29 February traps."""
    rule = rule.strip().upper().removeprefix("RRULE:")
    parts = _parts(rule)
    if parts.get("FREQ") not in FREQ_WORDS:
        raise CadenceError("A cadence needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY.")
    interval = parts.get("INTERVAL", "1")
    if not re.fullmatch(r"[0-9]+", interval) or int(interval) < 1:
        raise CadenceError("The interval must be a whole number of at least 1.")
    if "UNTIL" in parts or "COUNT" in parts:
        raise CadenceError("Give the end date or count beside the rule, not inside it.")
    if end is not None and end < start:
        raise CadenceError(f"The end ({end}) is before the start ({start}).")
    if end is not None and count is not None:
        raise CadenceError("Give an end date or a count, not both.")
    if count is not None and count < 1:
        raise CadenceError("The count must be at least 1.")
    has_day_rule = any(key in parts for key in ("BYMONTHDAY", "BYSETPOS", "BYDAY"))
    # A monthly rule from the 31st would skip short months, and a yearly rule
    # from 29 February would fire once in four years: clamp to the month's end.
    if parts["FREQ"] == "MONTHLY" and start.day > 28 and not has_day_rule:
        days = ",".join(str(day) for day in range(28, start.day + 1))
        rule = f"{rule};BYMONTHDAY={days};BYSETPOS=-1"
    elif (
        parts["FREQ"] == "YEARLY"
        and (start.month, start.day) == (2, 29)
        and not has_day_rule
    ):
        rule = f"{rule};BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1"
    _check_ranges(parts)
    cadence = Cadence(rule=rule, start=start, end=end, count=count)
    try:
        first = cadence._rrule().after(
            datetime.datetime.combine(start, datetime.time()), inc=True
        )
    except (ValueError, TypeError) as error:
        raise CadenceError(f"{rule!r} is not a valid RRULE: {error}") from error
    if first is None or first.date() > start.replace(year=start.year + 10, day=1):
        raise CadenceError(f"{rule!r} never falls due within ten years of {start}.")
    return cadence


# dateutil accepts some out-of-range values silently (BYMONTHDAY=0 yields
# every day), so the ranges RFC 5545 allows are checked here.
RANGES = {"BYMONTHDAY": (1, 31), "BYMONTH": (1, 12), "BYSETPOS": (1, 366)}


def _check_ranges(parts: dict[str, str]) -> None:
    for key, (low, high) in RANGES.items():
        for raw in parts.get(key, "").split(",") if key in parts else []:
            value = raw.strip().lstrip("+-")
            if not re.fullmatch(r"[0-9]+", value) or not low <= int(value) <= high:
                raise CadenceError(
                    f"{key}={parts[key]} is out of range: each value must be "
                    f"between {low} and {high} (or minus that)."
                )


def due_at(day: datetime.date, time_zone: str) -> datetime.datetime:
    """The instant (UTC) at which `day` ends in `time_zone`: after it, it is late."""
    zone = zoneinfo.ZoneInfo(time_zone)
    next_midnight = datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time(), tzinfo=zone
    )
    return next_midnight.astimezone(datetime.UTC)


def local_date(moment: datetime.datetime, time_zone: str) -> datetime.date:
    """The calendar day `moment` falls on in `time_zone` (not the UTC date)."""
    if moment.tzinfo is None:
        raise ValueError("An aware datetime is needed.")
    return moment.astimezone(zoneinfo.ZoneInfo(time_zone)).date()


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover
