"""Recurrence rules and due-date arithmetic: pure Python, no ORM.

A cadence is an RFC 5545 RRULE (parsed by dateutil, never by hand) whose
occurrences are calendar days in the agreement's time zone. A day falls due
when it ends there; `due_at` gives that instant in UTC.
"""

import calendar
import datetime
import math
import re
import zoneinfo
from dataclasses import dataclass, field

from dateutil.rrule import rrule, rrulestr


class CadenceError(ValueError):
    """A cadence that cannot be used, with a message a person can act on."""


@dataclass(frozen=True)
class Bounds:
    """What a cadence may cover: the supported days and the occurrences one
    computation may expand. This module is pure, so the services pass the
    settings in (``cadence_bounds()`` reads TRACKER_DATE_MIN/MAX and the limit
    RULE_OCCURRENCES); the defaults below are those settings' defaults."""

    first: datetime.date = datetime.date(1900, 1, 1)
    last: datetime.date = datetime.date(2200, 12, 31)
    max_occurrences: int = 2000


DEFAULT_BOUNDS = Bounds()
# Beyond this an interval is a typing slip, and its digits must stay few: int()
# of thousands of digits is itself slow.
MAX_INTERVAL = 999
# A rule must fall due this soon after its first day, or it is refused.
FIRST_WITHIN_YEARS = 10
# The parts a cadence may use: days, never hours, and no dateutil extensions.
ALLOWED_PARTS = frozenset(
    {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "BYYEARDAY"}
    | {"BYWEEKNO", "WKST"}
)
SUB_DAILY_PARTS = frozenset({"BYHOUR", "BYMINUTE", "BYSECOND"})
SUB_DAILY_FREQS = frozenset({"HOURLY", "MINUTELY", "SECONDLY"})
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
BYDAY_ITEM = re.compile(
    r"(?P<sign>[+-]?)(?P<n>[0-9]{1,2})?(?P<day>MO|TU|WE|TH|FR|SA|SU)"
)
# The Gregorian calendar repeats every 400 years, weekdays included (146,097
# days are exactly 20,871 weeks); 9972-9999 hold every kind of year (leap or
# not, starting on each weekday) with no century exception.
CYCLE_YEARS = 400
ALL_KINDS_OF_YEAR = datetime.datetime.combine(
    datetime.date(9972, 1, 1), datetime.time()
)


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
        if raw.isdigit() and len(raw) > len(str(MAX_INTERVAL)):
            raise CadenceError(
                f"The interval in {phrase!r} must be a whole number "
                f"from 1 to {MAX_INTERVAL}."
            )
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


def rule_summary(rule: str) -> tuple[str, int, int | None]:
    """A rule's frequency, interval and count: FREQ=MONTHLY;INTERVAL=3 ->
    ("MONTHLY", 3, None); for wording it in any language (templatetags)."""
    parts = _parts(rule)
    raw = parts.get("INTERVAL", "1")
    interval = int(raw) if re.fullmatch(r"[0-9]{1,4}", raw) else 1
    raw_count = parts.get("COUNT", "")
    count = int(raw_count) if re.fullmatch(r"[0-9]{1,6}", raw_count) else None
    return parts.get("FREQ", ""), interval, count


def describe(rule: str) -> str:
    """A rule in words: FREQ=MONTHLY;INTERVAL=3 -> "every 3 months"."""
    if not rule:
        return "once"
    parts = _parts(rule)
    unit = FREQ_WORDS.get(parts.get("FREQ", ""), parts.get("FREQ", "?").lower())
    raw = parts.get("INTERVAL", "1")
    interval = int(raw) if re.fullmatch(r"[0-9]{1,4}", raw) else 1
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
    bounds: Bounds = field(default=DEFAULT_BOUNDS, compare=False)

    def _rrule(self) -> rrule:
        dtstart = datetime.datetime.combine(self.start, datetime.time())
        return _parse(self.rule, dtstart, count=self.count, until=self._last_day())

    def _last_day(self) -> datetime.date:
        # Occurrences past the supported range are never produced.
        if self.end is not None:
            return min(self.end, self.bounds.last)
        return self.bounds.last

    def occurrences(
        self, *, after: datetime.date | None = None, until: datetime.date
    ) -> list[datetime.date]:
        """Days the cadence falls on after `after` and up to `until` (inclusive).

        At most `bounds.max_occurrences` days are expanded, counted from the
        start; more is refused with CadenceError naming the limit.
        """
        days: list[datetime.date] = []
        limit = self.bounds.max_occurrences
        for index, moment in enumerate(self._rrule()):
            day = moment.date()
            if day > until:
                break
            if index >= limit:
                raise CadenceError(
                    f"{self.rule} from {self.start} falls due more than {limit:,} "
                    f"times up to {until} (limit RULE_OCCURRENCES, setting "
                    "TRACKER_LIMIT_RULE_OCCURRENCES): start it later or choose "
                    "a longer interval."
                )
            if after is None or day > after:
                days.append(day)
        return days


def _parse(
    rule: str,
    dtstart: datetime.datetime,
    *,
    count: int | None = None,
    until: datetime.date | None = None,
) -> rrule:
    try:
        parsed = rrulestr(rule, dtstart=dtstart)
    except (ValueError, TypeError, IndexError, OverflowError) as error:
        raise CadenceError(f"{rule!r} is not a valid RRULE: {error}") from error
    if not isinstance(parsed, rrule):
        raise CadenceError("Give one RRULE, not a set of rules.")
    # dateutil deprecates COUNT with UNTIL: a counted rule is cut by the caller.
    if count is not None:
        return parsed.replace(count=count)
    if until is not None:
        return parsed.replace(until=datetime.datetime.combine(until, datetime.time()))
    return parsed


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
    bounds: Bounds = DEFAULT_BOUNDS,
) -> Cadence:
    """Validate a rule and normalise the month-end and 29 February traps.

    Every refusal is a CadenceError that says what to fix. The work is bounded
    whatever the rule: no sub-daily parts, small numbers, and a rule that
    never falls due is found without scanning the centuries to year 9999.
    """
    rule = rule.strip().upper().removeprefix("RRULE:")
    if len(rule) > 500:
        raise CadenceError("A rule may have at most 500 characters.")
    parts = _parts(rule)
    _check_parts(rule, parts)
    interval = parts.get("INTERVAL", "1")
    if not re.fullmatch(r"[0-9]{1,4}", interval) or not 1 <= int(interval) <= (
        MAX_INTERVAL
    ):
        raise CadenceError(
            f"The interval must be a whole number from 1 to {MAX_INTERVAL}."
        )
    _check_days(start=start, end=end, bounds=bounds)
    if end is not None and end < start:
        raise CadenceError(f"The end ({end}) is before the start ({start}).")
    if end is not None and count is not None:
        raise CadenceError("Give an end date or a count, not both.")
    if count is not None and count < 1:
        raise CadenceError("The count must be at least 1.")
    if count is not None and count > bounds.max_occurrences:
        raise CadenceError(
            f"The count may be at most {bounds.max_occurrences:,} (limit "
            "RULE_OCCURRENCES, setting TRACKER_LIMIT_RULE_OCCURRENCES)."
        )
    has_day_rule = any(
        key in parts for key in ("BYMONTHDAY", "BYSETPOS", "BYDAY", "BYYEARDAY")
    ) or ("BYWEEKNO" in parts)
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
    _check_byday(parts)
    _check_possible(rule, _parts(rule), start)
    cadence = Cadence(rule=rule, start=start, end=end, count=count, bounds=bounds)
    first = _first_occurrence(rule, start)
    latest = min(
        start.replace(year=start.year + FIRST_WITHIN_YEARS, day=1),
        cadence._last_day(),
    )
    if first is None or first > latest:
        raise CadenceError(
            f"{rule!r} never falls due within ten years of {start} "
            f"(nor before {cadence._last_day()})."
        )
    if count is not None:
        _check_count_fits(cadence)
    return cadence


def _check_parts(rule: str, parts: dict[str, str]) -> None:
    freq = parts.get("FREQ")
    sub_daily = SUB_DAILY_PARTS & set(parts)
    if freq in SUB_DAILY_FREQS or sub_daily:
        named = f"FREQ={freq}" if freq in SUB_DAILY_FREQS else sorted(sub_daily)[0]
        raise CadenceError(
            f"A cadence is counted in days: {named} (hours, minutes or seconds) "
            "is not supported. Use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY."
        )
    if freq not in FREQ_WORDS:
        raise CadenceError("A cadence needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY.")
    if "UNTIL" in parts or "COUNT" in parts:
        raise CadenceError("Give the end date or count beside the rule, not inside it.")
    unknown = sorted(set(parts) - ALLOWED_PARTS)
    if unknown:
        allowed = ", ".join(sorted(ALLOWED_PARTS))
        raise CadenceError(
            f"{rule!r} is not a valid RRULE for a cadence: {unknown[0]} is not "
            f"a part it may use ({allowed})."
        )
    if "WKST" in parts and parts["WKST"] not in WEEKDAYS:
        raise CadenceError(
            f"WKST={parts['WKST']} must be one of {', '.join(WEEKDAYS)}."
        )


def _check_days(
    *, start: datetime.date, end: datetime.date | None, bounds: Bounds
) -> None:
    for name, day in (("first date", start), ("end", end)):
        if day is not None and not bounds.first <= day <= bounds.last:
            raise CadenceError(
                f"The {name} {day.isoformat()} is outside the supported range "
                f"{bounds.first:%Y-%m-%d} to {bounds.last:%Y-%m-%d}."
            )


def _check_byday(parts: dict[str, str]) -> None:
    """Weekdays, and numbered weekdays (+2MO) only where a number means something."""
    if "BYDAY" not in parts:
        return
    freq = parts["FREQ"]
    # In a month (or a yearly rule narrowed to months) a weekday occurs at most
    # 5 times; in a whole year at most 53.
    in_month = freq == "MONTHLY" or "BYMONTH" in parts
    most = 5 if in_month else 53
    for item in parts["BYDAY"].split(","):
        match = BYDAY_ITEM.fullmatch(item.strip())
        if match is None:
            raise CadenceError(
                f"{'BYDAY=' + parts['BYDAY']!r} is not a valid RRULE: BYDAY takes "
                "weekdays such as MO,WE or numbered ones such as +1MO or -1FR."
            )
        if match["n"] is None:
            continue
        if freq not in ("MONTHLY", "YEARLY"):
            raise CadenceError(
                f"BYDAY={parts['BYDAY']}: a numbered weekday such as {item} needs "
                "FREQ=MONTHLY or FREQ=YEARLY."
            )
        if "BYMONTHDAY" in parts or "BYWEEKNO" in parts or "BYYEARDAY" in parts:
            raise CadenceError(
                f"BYDAY={parts['BYDAY']}: give a numbered weekday such as {item} "
                "without BYMONTHDAY, BYWEEKNO or BYYEARDAY."
            )
        if not 1 <= int(match["n"]) <= most:
            where = "a month" if in_month else "a year"
            raise CadenceError(
                f"BYDAY={parts['BYDAY']} is out of range: in {where} a weekday "
                f"occurs at most {most} times (+1{match['day']} to "
                f"+{most}{match['day']}, or -1{match['day']} to -{most}{match['day']})."
            )


def _explicit(rule: str, parts: dict[str, str], start: datetime.date) -> str:
    """The rule with the days dateutil would take from its start written out."""
    if any(k in parts for k in ("BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY")):
        return rule
    freq = parts["FREQ"]
    if freq == "YEARLY":
        month = "" if "BYMONTH" in parts else f";BYMONTH={start.month}"
        return f"{rule}{month};BYMONTHDAY={start.day}"
    if freq == "MONTHLY":
        return f"{rule};BYMONTHDAY={start.day}"
    if freq == "WEEKLY":
        return f"{rule};BYDAY={WEEKDAYS[start.weekday()]}"
    return rule


def _month_lengths(month: int) -> tuple[int, ...]:
    return (28, 29) if month == 2 else (calendar.monthrange(2001, month)[1],)


def _check_possible(rule: str, parts: dict[str, str], start: datetime.date) -> None:
    """Refuse, quickly and with a reason, a rule that can never fall due."""
    months = (
        [int(m) for m in parts["BYMONTH"].split(",")]
        if "BYMONTH" in parts
        else list(range(1, 13))
    )
    interval = int(parts.get("INTERVAL", "1"))
    if parts["FREQ"] == "MONTHLY" and "BYMONTH" in parts:
        step = math.gcd(interval, 12)
        reachable = [m for m in months if (m - start.month) % step == 0]
        if not reachable:
            raise CadenceError(
                f"{rule!r} never falls due: every {interval} months from "
                f"{start:%B} never reaches BYMONTH={parts['BYMONTH']}."
            )
        months = reachable
    if "BYMONTHDAY" in parts:
        days = [int(d) for d in parts["BYMONTHDAY"].split(",")]
        if not any(
            abs(day) <= length
            for month in months
            for length in _month_lengths(month)
            for day in days
        ):
            raise CadenceError(
                f"{rule!r} never falls due: no month in BYMONTH="
                f"{parts.get('BYMONTH', '1-12')} has a day "
                f"BYMONTHDAY={parts['BYMONTHDAY']}."
            )
    if parts["FREQ"] == "DAILY" and "BYDAY" in parts and interval % 7 == 0:
        wanted = {d.strip()[-2:] for d in parts["BYDAY"].split(",")}
        if WEEKDAYS[start.weekday()] not in wanted:
            raise CadenceError(
                f"{rule!r} never falls due: every {interval} days from "
                f"{start:%A} is always a {start:%A}, not BYDAY={parts['BYDAY']}."
            )
    # Whatever else combines its parts, the calendar repeats: if no day of a
    # window holding every kind of year fits, no day ever will. 28 years of
    # days at most, whatever the rule.
    every_period = re.sub(r"(^|;)INTERVAL=[0-9]+", "", _explicit(rule, parts, start))
    probe = _parse(every_period, ALL_KINDS_OF_YEAR)
    if probe.after(ALL_KINDS_OF_YEAR, inc=True) is None:
        raise CadenceError(
            f"{rule!r} never falls due: no day fits all of its BYMONTH, "
            "BYMONTHDAY, BYDAY, BYSETPOS, BYWEEKNO and BYYEARDAY parts together."
        )


def _first_occurrence(rule: str, start: datetime.date) -> datetime.date | None:
    """The first day the rule falls due, searched in at most about 400 years.

    The same rule from the same day of the 400-year cycle near year 9999 falls
    on the same days shifted by whole cycles, and dateutil stops at year 9999:
    so even a rule whose interval never meets its days ends quickly.
    """
    cycles = (datetime.MAXYEAR - FIRST_WITHIN_YEARS - 1 - start.year) // CYCLE_YEARS
    shift = cycles * CYCLE_YEARS
    shifted = datetime.datetime.combine(
        start.replace(year=start.year + shift), datetime.time()
    )
    try:
        first = _parse(rule, shifted).after(shifted, inc=True)
    except (ValueError, TypeError, IndexError, OverflowError) as error:
        raise CadenceError(f"{rule!r} is not a valid RRULE: {error}") from error
    if first is None:
        return None
    return first.date().replace(year=first.year - shift)


def _check_count_fits(cadence: Cadence) -> None:
    # At most `count` (itself bounded) occurrences are expanded.
    last = cadence._last_day()
    seen = 0
    for moment in _parse(
        cadence.rule,
        datetime.datetime.combine(cadence.start, datetime.time()),
        count=cadence.count,
    ):
        if moment.date() > last:
            raise CadenceError(
                f"Its {cadence.count} occurrences run past {last:%Y-%m-%d}, the "
                "last supported day: give a smaller count."
            )
        seen += 1
    if cadence.count is not None and seen < cadence.count:
        raise CadenceError(
            f"It falls due only {seen} times before {last:%Y-%m-%d}: give a "
            "smaller count."
        )


# dateutil accepts some out-of-range values silently (BYMONTHDAY=0 yields
# every day), so the ranges RFC 5545 allows are checked here: (low, high, may
# the value be negative).
RANGES = {
    "BYMONTHDAY": (1, 31, True),
    "BYMONTH": (1, 12, False),
    "BYSETPOS": (1, 366, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
}


def _check_ranges(parts: dict[str, str]) -> None:
    for key, (low, high, signed) in RANGES.items():
        for raw in parts.get(key, "").split(",") if key in parts else []:
            value = raw.strip()
            pattern = r"[+-]?[0-9]{1,3}" if signed else r"\+?[0-9]{1,3}"
            if not re.fullmatch(pattern, value) or not low <= abs(int(value)) <= high:
                minus = " (or minus that)" if signed else ""
                raise CadenceError(
                    f"{key}={parts[key]} is out of range: each value must be "
                    f"between {low} and {high}{minus}."
                )


def _beyond_calendar(what: str) -> CadenceError:
    return CadenceError(
        f"{what} lies beyond the dates the calendar can hold; use a date within "
        "the supported range."
    )


def due_at(day: datetime.date, time_zone: str) -> datetime.datetime:
    """The instant (UTC) at which `day` ends in `time_zone`: after it, it is late."""
    zone = zoneinfo.ZoneInfo(time_zone)
    try:
        next_midnight = datetime.datetime.combine(
            day + datetime.timedelta(days=1), datetime.time(), tzinfo=zone
        )
        return next_midnight.astimezone(datetime.UTC)
    except OverflowError as error:
        raise _beyond_calendar(f"The end of {day}") from error


def local_date(moment: datetime.datetime, time_zone: str) -> datetime.date:
    """The calendar day `moment` falls on in `time_zone` (not the UTC date)."""
    if moment.tzinfo is None:
        raise ValueError("An aware datetime is needed.")
    try:
        return moment.astimezone(zoneinfo.ZoneInfo(time_zone)).date()
    except OverflowError as error:
        raise _beyond_calendar(f"{moment.isoformat()} in {time_zone}") from error


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise _beyond_calendar(f"{day} moved by {months} months")
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover
