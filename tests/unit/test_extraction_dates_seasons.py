"""Half-years, quarters, seasons (with the hemisphere stated), "within N days
of the signing", "by the end of next year", "before the next meeting" and
"starting in the autumn": each reading keeps its phrase and a note."""

import datetime

import pytest

from extraction.rules.dates import DateContext, find_dates, pick_due
from extraction.rules.events import event_dates
from extraction.rules.pipeline import extract
from extraction.rules.seasons import SOUTH, Hemisphere

ANCHOR = datetime.date(2026, 6, 10)  # a Wednesday


def due(phrase: str, context: DateContext | None = None):
    return pick_due(find_dates(phrase, ANCHOR, context=context))


@pytest.mark.parametrize(
    ("phrase", "date", "starts"),
    [
        ("in the second half of the year", "2026-12-31", "2026-07-01"),
        ("in the first half of the year", "2026-06-30", "2026-01-01"),
        ("in the second half of 2027", "2027-12-31", "2027-07-01"),
        ("in the first half of next year", "2027-06-30", "2027-01-01"),
        ("in the third quarter", "2026-09-30", "2026-07-01"),
        ("in the first quarter", "2027-03-31", "2027-01-01"),
        ("in the fourth quarter of 2026", "2026-12-31", "2026-10-01"),
        ("by Q1 2027", "2027-03-31", "2027-01-01"),
    ],
)
def test_half_years_and_quarters_run_to_their_last_day(phrase, date, starts):
    found = due(phrase)
    assert (found.date.isoformat(), found.precision) == (date, "month")
    assert found.starts.isoformat() == starts


@pytest.mark.parametrize(
    ("phrase", "date", "starts"),
    [
        ("in the spring of 2027", "2027-05-31", "2027-03-01"),
        ("in the autumn", "2026-11-30", "2026-09-01"),
        ("in the fall", "2026-11-30", "2026-09-01"),
        ("this summer", "2026-08-31", "2026-06-01"),
        ("next spring", "2027-05-31", "2027-03-01"),
        ("this winter", "2027-02-28", "2026-12-01"),
    ],
)
def test_seasons_in_the_northern_hemisphere(phrase, date, starts):
    found = due(phrase)
    assert (found.date.isoformat(), found.starts.isoformat()) == (date, starts)
    assert "northern hemisphere" in found.note
    assert found.phrase.strip() in found.note


def test_seasons_in_the_southern_hemisphere_say_why():
    context = DateContext(Hemisphere(SOUTH, "the text is filed from Santiago"))
    found = due("in the autumn", context)
    assert (found.date, found.starts) == (
        datetime.date(2027, 5, 31),
        datetime.date(2027, 3, 1),
    )
    assert "southern hemisphere" in found.note
    assert "filed from Santiago" in found.note


@pytest.mark.parametrize(
    "phrase", ["prices may fall sharply", "the winter Olympics", "a summer school"]
)
def test_a_season_word_that_names_no_time_is_no_date(phrase):
    assert find_dates(phrase, ANCHOR) == []


def test_by_the_end_of_next_year_is_its_last_day():
    found = due("by the end of next year")
    assert (found.date, found.precision) == (datetime.date(2027, 12, 31), "year")


@pytest.mark.parametrize(
    ("report", "signed"),
    [
        ("The memorandum was signed in Oslo on Monday.", "2026-06-08"),
        ("Norway and Chile signed a memorandum of understanding today.", "2026-06-10"),
        ("The agreement was signed on 2 June 2026 in Santiago.", "2026-06-02"),
        ("The signing ceremony took place yesterday.", "2026-06-09"),
    ],
)
def test_within_n_days_of_a_signing_the_text_dates(report, signed):
    context = DateContext(events=event_dates(report, ANCHOR))
    found = due("open an office within 30 days of the signing", context)
    start = datetime.date.fromisoformat(signed)
    assert found.date == start + datetime.timedelta(days=30)
    assert found.precision == "day"
    assert signed in found.note


def test_within_n_days_of_a_signing_still_to_come_has_no_date():
    context = DateContext(events=event_dates("The two sides will sign a deal.", ANCHOR))
    found = due("open an office within 30 days of the signing", context)
    assert found.date is None
    assert "not stated" in found.note


TEXT = """Norway and Chile agree on police cooperation

OSLO, June 10, 2026 – Norway and Chile signed a memorandum on police cooperation on Wednesday.

The two countries agreed to hold biannual meetings of senior police officials, starting in the autumn.

Chile's Investigations Police will open a liaison office in Oslo within 90 days of the signing.

Norway will host a workshop on maritime surveillance before the next meeting.
"""  # noqa: E501


def test_the_pipeline_reads_a_whole_text_in_context():
    meetings, office, workshop = extract(TEXT, published=ANCHOR)
    # "starting in the autumn" opens the schedule; Oslo's dateline: northern.
    assert meetings.cadence == "FREQ=MONTHLY;INTERVAL=6"
    assert meetings.cadence_start == datetime.date(2026, 9, 1)
    assert "filed from Oslo" in meetings.resolution_note
    assert meetings.due_phrase == "in the autumn"
    # Signed the day of publication: 90 days from 10 June.
    assert office.due_date == datetime.date(2026, 9, 8)
    assert "2026-06-10" in office.resolution_note
    # "before the next meeting": the meetings' first occurrence, and says so.
    assert workshop.due_date == datetime.date(2026, 9, 1)
    assert workshop.due_link == "next-meeting"
    assert "biannual" in workshop.resolution_note
    assert "2026-09-01" in workshop.resolution_note


def test_before_the_next_meeting_stays_undated_without_a_schedule():
    text = "Norway will host a maritime workshop before the next meeting.\n"
    [workshop] = extract(text, published=ANCHOR)
    assert workshop.due_date is None
    assert workshop.due_phrase == "before the next meeting"


def test_a_named_meeting_the_text_does_not_schedule_is_not_linked():
    text = (
        "The two sides agreed to meet every six months.\n"
        "Both governments undertook to present a joint proposal at the next "
        "Mercosur summit.\n"
    )
    candidates = extract(text, published=ANCHOR)
    assert candidates[-1].due_date is None


def test_southern_parties_without_a_dateline_read_southern_seasons():
    text = (
        "Chile and Argentina agreed to hold a joint exercise in the spring.\n"
        "Chile and Argentina will meet again soon.\n"
    )
    first = extract(text, published=ANCHOR)[0]
    assert first.due_date == datetime.date(2026, 11, 30)
    assert "southern hemisphere" in first.resolution_note


@pytest.mark.parametrize(
    ("report", "signed"),
    [
        ("The agreement, signed on Monday, takes effect in July.", "2026-06-08"),
        ("Officials said the pact, inked today, covers ports.", "2026-06-10"),
    ],
)
def test_a_signing_reported_in_passing_is_dated(report, signed):
    assert event_dates(report, ANCHOR)["signing"].date.isoformat() == signed


@pytest.mark.parametrize(
    "report",
    [
        "The deal will be signed on Monday.",
        "The memorandum is to be signed on Friday.",
        "Their first defence pact was signed in 1963.",
    ],
)
def test_a_signing_to_come_or_long_ago_dates_nothing(report):
    assert event_dates(report, ANCHOR) == {}
