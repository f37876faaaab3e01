import calendar
import re
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from commitments.cadence import (
    Bounds,
    Cadence,
    CadenceError,
    add_months,
    cadence_build,
    describe,
    due_at,
    local_date,
    rule_from_phrase,
)

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2060, 12, 31)
FREQS = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]
ZONES = ["Asia/Karachi", "Asia/Shanghai", "Europe/London", "America/New_York"]
ONE_MICROSECOND = timedelta(microseconds=1)

# Fast enough for every run; deadline=None because dateutil's first call is slow.
quick = settings(max_examples=150, deadline=None)


def month_index(day: date) -> int:
    return day.year * 12 + day.month


def month_length(day: date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


@st.composite
def late_days(draw) -> date:
    """The 29th, 30th or 31st of a month that has it."""
    year = draw(st.integers(FIRST_DAY.year, LAST_DAY.year))
    month = draw(st.integers(1, 12))
    last = calendar.monthrange(year, month)[1]
    assume(last > 28)
    return date(year, month, draw(st.integers(29, last)))


# 2000 is a leap year, so every fourth year from it up to 2060 is one too.
leap_days = st.integers(0, 15).map(lambda k: date(2000 + 4 * k, 2, 29))
start_days = st.one_of(st.dates(FIRST_DAY, LAST_DAY), late_days(), leap_days)


ANY_LIMIT = st.sampled_from(["none", "end", "count"])


@st.composite
def cadences(draw, limits=ANY_LIMIT, starts=start_days) -> Cadence:
    freq = draw(st.sampled_from(FREQS))
    interval = draw(st.integers(1, 12))
    start = draw(starts)
    limit = draw(limits)
    end = draw(st.dates(start, LAST_DAY)) if limit == "end" else None
    # Ten yearly occurrences 12 years apart from 2060 still end before 2200.
    count = draw(st.integers(1, 10)) if limit == "count" else None
    return cadence_build(
        f"FREQ={freq};INTERVAL={interval}", start, end=end, count=count
    )


def until_days(start: date) -> st.SearchStrategy[date]:
    # Up to the limit RULE_OCCURRENCES (2,000) of a daily rule: beyond it, see
    # test_expanding_past_the_limit_is_refused_naming_it.
    return st.dates(start, start + timedelta(days=1999))


def interval_of(cadence: Cadence) -> int:
    return int(cadence.rule.split("INTERVAL=")[1].split(";")[0])


# --- occurrences ---------------------------------------------------------------


@quick
@given(data=st.data(), cadence=cadences())
def test_occurrences_increase_and_stay_within_start_end_until_and_count(data, cadence):
    until = data.draw(until_days(cadence.start))

    days = cadence.occurrences(until=until)

    assert all(earlier < later for earlier, later in pairwise(days))
    assert all(cadence.start <= day <= until for day in days)
    if cadence.end is not None:
        assert all(day <= cadence.end for day in days)
    if cadence.count is not None:
        assert len(days) <= cadence.count


@quick
@given(data=st.data(), cadence=cadences())
def test_first_occurrence_is_the_start_day(data, cadence):
    until = data.draw(until_days(cadence.start))

    assert cadence.occurrences(until=until)[0] == cadence.start


@quick
@given(cadence=cadences())
def test_occurrences_are_whole_intervals_from_the_start(cadence):
    interval = interval_of(cadence)
    freq = cadence.rule.split(";")[0].removeprefix("FREQ=")

    days = cadence.occurrences(until=cadence.start + timedelta(days=1500))

    for k, day in enumerate(days):
        if freq == "DAILY":
            assert day == cadence.start + timedelta(days=k * interval)
        elif freq == "WEEKLY":
            assert day == cadence.start + timedelta(weeks=k * interval)
        elif freq == "MONTHLY":
            assert day == add_months(cadence.start, k * interval)
        else:
            assert day == add_months(cadence.start, 12 * k * interval)


@quick
@given(cadence=cadences(limits=st.just("count")), extra=st.integers(0, 3))
def test_a_count_gives_that_many_occurrences_when_until_is_far_enough(cadence, extra):
    # Even a yearly rule with INTERVAL=12 fits its count in this many days.
    until = cadence.start + timedelta(days=(cadence.count + extra) * 12 * 366)

    assert len(cadence.occurrences(until=until)) == cadence.count


@quick
@given(data=st.data(), cadence=cadences())
def test_occurrences_after_a_day_leave_out_only_that_day_and_earlier(data, cadence):
    until = data.draw(until_days(cadence.start))
    after = data.draw(st.dates(cadence.start - timedelta(days=5), until))

    every_day = cadence.occurrences(until=until)

    assert cadence.occurrences(after=after, until=until) == [
        day for day in every_day if day > after
    ]


@quick
@given(
    start=late_days(),
    interval=st.integers(1, 12),
    months=st.integers(0, 60),
)
def test_monthly_from_a_late_day_falls_in_every_interval_month_at_its_end(
    start, interval, months
):
    cadence = cadence_build(f"FREQ=MONTHLY;INTERVAL={interval}", start)
    until = add_months(start, months)

    days = cadence.occurrences(until=until)

    assert len(days) == months // interval + 1
    for earlier, later in pairwise(days):
        assert month_index(later) - month_index(earlier) == interval
    assert all(day.day == min(start.day, month_length(day)) for day in days)


@quick
@given(start=leap_days, interval=st.integers(1, 12), years=st.integers(0, 40))
def test_yearly_from_29_february_falls_every_interval_years_at_february_end(
    start, interval, years
):
    cadence = cadence_build(f"FREQ=YEARLY;INTERVAL={interval}", start)

    days = cadence.occurrences(until=date(start.year + years, 3, 1))

    assert [day.year for day in days] == list(
        range(start.year, start.year + years + 1, interval)
    )
    for day in days:
        assert (day.month, day.day) == (2, 29 if calendar.isleap(day.year) else 28)


def test_monthly_from_31_january_clamps_each_short_month():
    cadence = cadence_build("FREQ=MONTHLY", date(2026, 1, 31))

    assert cadence.occurrences(until=date(2026, 5, 31)) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
    ]


def test_yearly_from_29_february_falls_every_year():
    cadence = cadence_build("FREQ=YEARLY", date(2024, 2, 29))

    assert cadence.occurrences(until=date(2028, 12, 31)) == [
        date(2024, 2, 29),
        date(2025, 2, 28),
        date(2026, 2, 28),
        date(2027, 2, 28),
        date(2028, 2, 29),
    ]


def test_end_and_until_include_a_day_that_falls_on_them():
    cadence = cadence_build("FREQ=MONTHLY", date(2026, 1, 31), end=date(2026, 4, 30))

    assert cadence.occurrences(until=date(2026, 3, 31))[-1] == date(2026, 3, 31)
    assert cadence.occurrences(until=date(2027, 1, 1))[-1] == date(2026, 4, 30)


# --- due_at and local_date -----------------------------------------------------


@quick
@given(day=st.dates(FIRST_DAY, LAST_DAY), zone_name=st.sampled_from(ZONES))
def test_due_at_is_the_utc_instant_the_day_ends_in_the_zone(day, zone_name):
    zone = zoneinfo.ZoneInfo(zone_name)

    due = due_at(day, zone_name)

    assert due.tzinfo is UTC
    local = due.astimezone(zone)
    assert local.date() == day + timedelta(days=1)
    assert local_date(due - ONE_MICROSECOND, zone_name) == day
    # Midnight, unless the clocks skipped it: then the day ends at the jump.
    jumped = (due - ONE_MICROSECOND).astimezone(zone).utcoffset() != local.utcoffset()
    assert local.time() == time() or jumped


@pytest.mark.parametrize(
    ("day", "zone_name", "expected"),
    [
        (date(2026, 4, 7), "Asia/Karachi", datetime(2026, 4, 7, 19, 0, tzinfo=UTC)),
        (date(2026, 4, 7), "Asia/Shanghai", datetime(2026, 4, 7, 16, 0, tzinfo=UTC)),
        # London goes to summer time at 01:00 UTC on 29 March 2026.
        (date(2026, 3, 28), "Europe/London", datetime(2026, 3, 29, 0, 0, tzinfo=UTC)),
        (date(2026, 3, 29), "Europe/London", datetime(2026, 3, 29, 23, 0, tzinfo=UTC)),
        # New York goes to summer time on 8 March and back on 1 November 2026.
        (date(2026, 3, 7), "America/New_York", datetime(2026, 3, 8, 5, 0, tzinfo=UTC)),
        (date(2026, 3, 8), "America/New_York", datetime(2026, 3, 9, 4, 0, tzinfo=UTC)),
        (
            date(2026, 11, 1),
            "America/New_York",
            datetime(2026, 11, 2, 5, 0, tzinfo=UTC),
        ),
        # Pakistan skipped midnight on 1 June 2008 (00:00 became 01:00).
        (date(2008, 5, 31), "Asia/Karachi", datetime(2008, 5, 31, 19, 0, tzinfo=UTC)),
    ],
)
def test_due_at_follows_the_zone_offset_on_that_day(day, zone_name, expected):
    assert due_at(day, zone_name) == expected


@pytest.mark.parametrize(
    ("zone_name", "expected"),
    [
        ("Asia/Karachi", date(2026, 4, 8)),
        ("Asia/Shanghai", date(2026, 4, 8)),
        ("UTC", date(2026, 4, 7)),
    ],
)
def test_local_date_is_the_day_in_the_zone_not_the_utc_day(zone_name, expected):
    evening_in_utc = datetime(2026, 4, 7, 20, 30, tzinfo=UTC)

    assert local_date(evening_in_utc, zone_name) == expected


def test_local_date_refuses_a_naive_datetime():
    naive = datetime(2026, 4, 7, 20, 30)  # noqa: DTZ001 - naive on purpose

    with pytest.raises(ValueError, match="aware"):
        local_date(naive, "Asia/Karachi")


# --- rule_from_phrase and describe ---------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "rule"),
    [
        ("quarterly", "FREQ=MONTHLY;INTERVAL=3"),
        ("every three months", "FREQ=MONTHLY;INTERVAL=3"),
        ("every 3 months", "FREQ=MONTHLY;INTERVAL=3"),
        ("annually", "FREQ=YEARLY"),
        ("twice a year", "FREQ=MONTHLY;INTERVAL=6"),
        ("monthly", "FREQ=MONTHLY"),
        ("every 2 weeks", "FREQ=WEEKLY;INTERVAL=2"),
        ("every 1 month", "FREQ=MONTHLY"),
        ("  QUARTERLY\n", "FREQ=MONTHLY;INTERVAL=3"),
        ("Every   Three\tMonths", "FREQ=MONTHLY;INTERVAL=3"),
        ("Twice  A Year ", "FREQ=MONTHLY;INTERVAL=6"),
        ("rrule:freq=monthly;interval=3", "FREQ=MONTHLY;INTERVAL=3"),
        ("every day", "FREQ=DAILY"),
    ],
)
def test_rule_from_phrase_reads_common_cadences(phrase, rule):
    assert rule_from_phrase(phrase) == rule


@pytest.mark.parametrize("phrase", ["sometimes", "every 2 fortnights", ""])
def test_rule_from_phrase_names_the_phrase_and_suggests_ones_it_reads(phrase):
    with pytest.raises(
        CadenceError, match=rf"{re.escape(repr(phrase))}.*try 'quarterly'"
    ):
        rule_from_phrase(phrase)


def test_rule_from_phrase_says_when_it_cannot_read_the_number():
    with pytest.raises(CadenceError, match="Cannot read the number"):
        rule_from_phrase("every few months")


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=MONTHLY;INTERVAL=3", "every 3 months"),
        ("FREQ=YEARLY", "every year"),
        ("", "once"),
        ("FREQ=MONTHLY;INTERVAL=6", "twice a year"),
        ("FREQ=WEEKLY;INTERVAL=2", "every 2 weeks"),
        ("FREQ=DAILY;COUNT=4", "every day, 4 times"),
        ("FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", "every month"),
    ],
)
def test_describe_puts_a_rule_in_words(rule, words):
    assert describe(rule) == words


@pytest.mark.parametrize(
    ("phrase", "words"),
    [
        ("quarterly", "every 3 months"),
        ("annually", "every year"),
        ("twice a year", "twice a year"),
        ("monthly", "every month"),
        ("fortnightly", "every 2 weeks"),
        ("every three months", "every 3 months"),
    ],
)
def test_describe_of_a_read_phrase_says_the_same_cadence(phrase, words):
    assert describe(rule_from_phrase(phrase)) == words


@quick
@given(freq=st.sampled_from(FREQS), interval=st.integers(1, 24))
def test_describe_reads_back_as_the_same_rule(freq, interval):
    rule = f"FREQ={freq}" if interval == 1 else f"FREQ={freq};INTERVAL={interval}"

    assert rule_from_phrase(describe(rule)) == rule


# --- cadence_build rejects what it cannot use ----------------------------------


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=SOMETIMES", "needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY"),
        ("nonsense", "not an RRULE"),
        ("FREQ=MONTHLY;INTERVAL=0", "interval must be a whole number"),
        ("FREQ=MONTHLY;INTERVAL=x", "interval must be a whole number"),
        ("FREQ=MONTHLY;BYDAY=XX", "not a valid RRULE.*BYDAY"),
        ("FREQ=MONTHLY;FOO=1", "not a valid RRULE.*FOO"),
        ("FREQ=MONTHLY;UNTIL=20300101", "beside the rule, not inside it"),
        ("FREQ=MONTHLY;COUNT=3", "beside the rule, not inside it"),
        ("FREQ=MONTHLY;BYMONTHDAY=40", "BYMONTHDAY=40 is out of range"),
        ("FREQ=MONTHLY;BYMONTHDAY=-40", "BYMONTHDAY=-40 is out of range"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY=0 is out of range"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH=13 is out of range"),
        ("FREQ=MONTHLY;INTERVAL=²", "interval must be a whole number"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "never falls due"),
    ],
)
def test_cadence_build_rejects_an_unusable_rule(rule, message):
    with pytest.raises(CadenceError, match=message):
        cadence_build(rule, date(2026, 1, 1))


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"end": date(2025, 12, 31)}, r"end \(2025-12-31\) is before the start"),
        ({"end": date(2026, 6, 30), "count": 3}, "not both"),
        ({"count": 0}, "count must be at least 1"),
        ({"count": -2}, "count must be at least 1"),
    ],
)
def test_cadence_build_rejects_unusable_end_or_count(limits, message):
    with pytest.raises(CadenceError, match=message):
        cadence_build("FREQ=MONTHLY", date(2026, 1, 1), **limits)


def test_cadence_build_accepts_an_end_on_the_start_day():
    cadence = cadence_build("FREQ=DAILY", date(2026, 1, 1), end=date(2026, 1, 1))

    assert cadence.occurrences(until=date(2026, 12, 31)) == [date(2026, 1, 1)]


# --- add_months ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 1, 31), 12, date(2027, 1, 31)),
        (date(2026, 5, 17), 12, date(2027, 5, 17)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -13, date(2024, 12, 15)),
        (date(2026, 1, 31), -2, date(2025, 11, 30)),
        (date(2026, 1, 31), 0, date(2026, 1, 31)),
    ],
)
def test_add_months_clamps_to_the_end_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


@quick
@given(day=st.dates(FIRST_DAY, LAST_DAY), months=st.integers(-600, 600))
def test_add_months_moves_whole_months_and_keeps_the_day_where_it_fits(day, months):
    moved = add_months(day, months)

    assert month_index(moved) - month_index(day) == months
    assert moved.day == min(day.day, month_length(moved))


@pytest.mark.parametrize(
    ("phrase", "rule"),
    [
        ("every other month", "FREQ=MONTHLY;INTERVAL=2"),
        ("Three times a year", "FREQ=MONTHLY;INTERVAL=4"),
        ("once a quarter", "FREQ=MONTHLY;INTERVAL=3"),
        ("every other year", "FREQ=YEARLY;INTERVAL=2"),
    ],
)
def test_more_everyday_cadence_phrases_are_read(phrase, rule):
    assert rule_from_phrase(phrase) == rule


# --- bounded work: sub-daily, impossible and extreme rules are refused --------


@pytest.mark.parametrize(
    ("rule", "start", "message"),
    [
        # dateutil raised IndexError on numbered weekdays past the month's.
        ("FREQ=MONTHLY;BYDAY=+9MO", date(2026, 1, 1), r"at most 5 times.*\+5MO"),
        ("FREQ=MONTHLY;BYDAY=-6FR", date(2026, 1, 1), "at most 5 times"),
        ("FREQ=YEARLY;BYMONTH=3;BYDAY=+6MO", date(2026, 1, 1), "at most 5 times"),
        ("FREQ=YEARLY;BYDAY=+60MO", date(2026, 1, 1), "at most 53 times"),
        ("FREQ=WEEKLY;BYDAY=+2MO", date(2026, 1, 1), "needs FREQ=MONTHLY or"),
        ("FREQ=MONTHLY;BYDAY=+1MO;BYMONTHDAY=20", date(2026, 1, 1), "without"),
        ("FREQ=MONTHLY;BYDAY=M0", date(2026, 1, 1), "BYDAY takes weekdays"),
        # Sub-daily rules: seconds of CPU for occurrences nobody can track.
        ("FREQ=HOURLY", date(2026, 1, 1), "counted in days: FREQ=HOURLY"),
        ("FREQ=MINUTELY;BYMINUTE=1,2,3", date(2026, 1, 1), "counted in days"),
        ("FREQ=SECONDLY", date(2026, 1, 1), "counted in days"),
        ("FREQ=DAILY;BYMINUTE=0,15,30,45", date(2026, 1, 1), "BYMINUTE"),
        ("FREQ=DAILY;BYHOUR=9,17", date(2026, 1, 1), "counted in days: BYHOUR"),
        ("FREQ=WEEKLY;BYSECOND=5", date(2026, 1, 1), "counted in days"),
        # Rules that never occur, found without scanning to year 9999.
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", date(2026, 1, 1), "has a day"),
        ("FREQ=WEEKLY;BYMONTH=4,6;BYMONTHDAY=31", date(2026, 1, 1), "has a day"),
        ("FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=-30", date(2026, 1, 1), "has a day"),
        ("FREQ=DAILY;INTERVAL=7;BYDAY=TU", date(2026, 1, 1), "always a Thursday"),
        ("FREQ=MONTHLY;INTERVAL=2;BYMONTH=2", date(2026, 1, 1), "never reaches"),
        (
            "FREQ=MONTHLY;BYMONTHDAY=1,2;BYDAY=MO;BYSETPOS=2",
            date(2026, 1, 1),
            "no day fits",
        ),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6", date(2026, 1, 1), "no day fits"),
        (
            "FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29",
            date(2025, 1, 1),
            "never falls due within ten years",
        ),
        # Numbers too large to be meant, or too long to parse cheaply.
        ("FREQ=MONTHLY;INTERVAL=1000", date(2026, 1, 1), "from 1 to 999"),
        ("FREQ=MONTHLY;INTERVAL=" + "9" * 5000, date(2026, 1, 1), "at most 500"),
        ("FREQ=MONTHLY;INTERVAL=" + "9" * 400, date(2026, 1, 1), "from 1 to 999"),
        ("FREQ=MONTHLY;BYMONTHDAY=" + "1" * 300, date(2026, 1, 1), "out of range"),
        ("FREQ=YEARLY;BYMONTH=-2", date(2026, 1, 1), "BYMONTH=-2 is out of range"),
        ("FREQ=YEARLY;BYWEEKNO=54", date(2026, 1, 1), "BYWEEKNO=54 is out of"),
        ("FREQ=YEARLY;BYEASTER=0", date(2026, 1, 1), "BYEASTER is not a part"),
        ("FREQ=MONTHLY;WKST=XX", date(2026, 1, 1), "WKST=XX must be one of"),
        # Dates outside the supported range.
        ("FREQ=YEARLY", date(9995, 1, 1), "first date 9995-01-01 is outside"),
        ("FREQ=YEARLY", date(1, 1, 1), "first date 0001-01-01 is outside"),
        ("FREQ=DAILY", date(9999, 12, 31), "outside the supported range"),
    ],
)
def test_cadence_build_refuses_unbounded_or_impossible_rules(rule, start, message):
    with pytest.raises(CadenceError, match=message):
        cadence_build(rule, start)


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"end": date(9999, 12, 31)}, "end 9999-12-31 is outside the supported"),
        ({"count": 2001}, r"at most 2,000 \(limit RULE_OCCURRENCES"),
        ({"count": 10**40}, "at most 2,000"),
    ],
)
def test_cadence_build_refuses_an_end_or_count_beyond_the_bounds(limits, message):
    with pytest.raises(CadenceError, match=message):
        cadence_build("FREQ=MONTHLY", date(2026, 1, 1), **limits)


def test_a_count_that_runs_past_the_supported_range_is_refused():
    with pytest.raises(CadenceError, match="run past 2200-12-31"):
        cadence_build("FREQ=YEARLY", date(2190, 1, 1), count=20)


def test_an_open_rule_stops_at_the_last_supported_day():
    cadence = cadence_build("FREQ=YEARLY", date(2195, 6, 1))

    days = cadence.occurrences(until=date(2400, 1, 1))

    assert days[-1] == date(2200, 6, 1)
    assert len(days) == 6


@pytest.mark.parametrize(
    ("rule", "start", "first"),
    [
        # Rare but possible: kept, and found quickly.
        ("FREQ=MONTHLY;BYDAY=+5MO", date(2026, 1, 1), date(2026, 3, 30)),
        ("FREQ=YEARLY;BYDAY=-53MO", date(2026, 1, 1), date(2029, 1, 1)),
        ("FREQ=DAILY;INTERVAL=7;BYDAY=TH", date(2026, 1, 1), date(2026, 1, 1)),
        ("FREQ=MONTHLY;INTERVAL=2;BYMONTH=3", date(2026, 1, 1), date(2026, 3, 1)),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", date(2026, 1, 1), date(2028, 2, 29)),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1", date(2026, 1, 1), date(2026, 1, 26)),
        ("FREQ=MONTHLY", date(2200, 12, 31), date(2200, 12, 31)),
        ("FREQ=YEARLY", date(1900, 1, 1), date(1900, 1, 1)),
    ],
)
def test_rare_but_possible_rules_are_kept(rule, start, first):
    cadence = cadence_build(rule, start)

    assert cadence.occurrences(until=first)[0] == first


def test_expanding_past_the_limit_is_refused_naming_it():
    cadence = cadence_build("FREQ=DAILY", date(2000, 1, 1))

    with pytest.raises(CadenceError, match=r"more than 2,000 times.*RULE_OCCURRENCES"):
        cadence.occurrences(after=date(2026, 1, 1), until=date(2026, 12, 31))


def test_the_bounds_passed_in_are_the_ones_used():
    bounds = Bounds(first=date(2000, 1, 1), last=date(2030, 12, 31), max_occurrences=5)
    with pytest.raises(CadenceError, match="first date 1999-12-31 is outside"):
        cadence_build("FREQ=YEARLY", date(1999, 12, 31), bounds=bounds)
    with pytest.raises(CadenceError, match="at most 5"):
        cadence_build("FREQ=YEARLY", date(2026, 1, 1), count=6, bounds=bounds)
    cadence = cadence_build("FREQ=MONTHLY", date(2026, 1, 1), bounds=bounds)

    assert len(cadence.occurrences(until=date(2026, 5, 1))) == 5
    with pytest.raises(CadenceError, match="more than 5 times"):
        cadence.occurrences(until=date(2026, 6, 1))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: due_at(date(9999, 12, 31), "Asia/Karachi"), "beyond the dates"),
        (lambda: add_months(date(9999, 12, 1), 1), "beyond the dates"),
        (lambda: add_months(date(2026, 1, 1), 10**9), "beyond the dates"),
        (
            lambda: local_date(datetime.max.replace(tzinfo=UTC), "Asia/Shanghai"),
            "beyond the dates",
        ),
    ],
)
def test_day_arithmetic_at_the_calendar_edge_refuses_with_a_message(call, message):
    with pytest.raises(CadenceError, match=message):
        call()


# --- any rule text, any date: a cadence or a refusal, never a crash -----------

RULE_PARTS = st.one_of(
    st.sampled_from(
        [
            "FREQ=DAILY",
            "FREQ=WEEKLY",
            "FREQ=MONTHLY",
            "FREQ=YEARLY",
            "FREQ=HOURLY",
            "FREQ=MINUTELY",
            "FREQ=SECONDLY",
            "FREQ=",
            "COUNT=3",
            "UNTIL=20300101",
            "WKST=SU",
            "BYEASTER=0",
            "X=1",
            "=",
            "",
        ]
    ),
    st.builds(
        "{}={}".format,
        st.sampled_from(
            [
                "INTERVAL",
                "BYMONTH",
                "BYMONTHDAY",
                "BYSETPOS",
                "BYYEARDAY",
                "BYWEEKNO",
                "BYHOUR",
                "BYMINUTE",
                "BYSECOND",
            ]
        ),
        st.lists(
            st.one_of(
                st.integers(-400, 400),
                st.sampled_from([0, 10**6, -(10**6), 10**40]),
            ).map(str),
            min_size=1,
            max_size=4,
        ).map(",".join),
    ),
    st.builds(
        "BYDAY={}".format,
        st.lists(
            st.builds(
                "{}{}".format,
                st.sampled_from(["", "+1", "-1", "+5", "+9", "-60", "+53", "0", "+"]),
                st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU", "XX"]),
            ),
            min_size=1,
            max_size=3,
        ).map(",".join),
    ),
    st.text(max_size=12),
)
rule_texts = st.lists(RULE_PARTS, min_size=1, max_size=5).map(";".join)
any_dates = st.one_of(
    st.dates(),
    st.sampled_from([date.min, date.max, date(1900, 1, 1), date(2200, 12, 31)]),
)
fuzz = settings(derandomize=True, max_examples=300, deadline=None)


@fuzz
@given(
    rule=rule_texts,
    start=any_dates,
    end=st.one_of(st.none(), any_dates),
    count=st.one_of(st.none(), st.integers(-5, 3000)),
    until=any_dates,
)
def test_any_rule_and_dates_give_a_cadence_or_a_refusal_with_a_message(
    rule, start, end, count, until
):
    if end is not None and count is not None:
        count = None
    try:
        cadence = cadence_build(rule, start, end=end, count=count)
        cadence.occurrences(after=start, until=until)
        describe(cadence.rule)
    except CadenceError as error:
        refusal = str(error)
    else:
        refusal = "none"
    assert refusal.strip()


@fuzz
@given(phrase=st.one_of(rule_texts, st.text(max_size=60)), start=any_dates)
def test_any_phrase_gives_a_rule_or_a_refusal_with_a_message(phrase, start):
    try:
        rule = rule_from_phrase(phrase)
        describe(rule)
        cadence_build(rule, start)
    except CadenceError as error:
        refusal = str(error)
    else:
        refusal = "none"
    assert refusal.strip()
