"""Dates a series or a deadline takes from another sentence (fresh2's kinds of
date error, each with sentences written for it): a series starting at its
next or numbered session stated with it, "before the next Leaders' Retreat",
"at that session", a season's end without its article, and a past year that
only says when something was first discussed."""

import datetime

import pytest

from extraction.rules.pipeline import extract

PUBLISHED = datetime.date(2026, 3, 10)


def read(*paragraphs: str, dateline: str = "OSLO – Norway and Chile held talks."):
    text = "\n\n".join([dateline, *paragraphs]) + "\n"
    return {c.quote: c for c in extract(text, published=PUBLISHED)}


@pytest.mark.parametrize(
    ("sentence", "due", "first_quote"),
    [
        (
            "The commission agreed to meet every two years; its fifth session will "
            "be held in Santiago in the autumn of 2028.",
            datetime.date(2028, 11, 30),
            "The commission agreed to meet every two years",
        ),
        (
            "The two governments agreed to hold joint meetings annually, alternating "
            "between Oslo and Santiago; the next joint meeting will take place in "
            "Oslo in the second half of 2027.",
            datetime.date(2027, 12, 31),
            "The two governments agreed to hold joint meetings annually, alternating "
            "between Oslo and Santiago",
        ),
    ],
)
def test_a_series_starts_at_its_next_or_numbered_session(sentence, due, first_quote):
    found = read(sentence)
    series = found[first_quote]
    assert series.cadence is not None
    assert series.due_date == due
    [session] = [c for q, c in found.items() if q != first_quote]
    assert session.kind == "event_attendance"


def test_before_the_next_named_retreat_takes_its_stated_date():
    found = read(
        "The two sides will draw up a roadmap before the next Leaders' Retreat.",
        "The Leaders agreed that the next Leaders' Retreat will be held in Oslo "
        "next year.",
    )
    roadmap = found[
        "The two sides will draw up a roadmap before the next Leaders' Retreat."
    ]
    assert (roadmap.due_date, roadmap.due_precision) == (
        datetime.date(2027, 12, 31),
        "year",
    )
    retreat = next(c for q, c in found.items() if q.startswith("The Leaders"))
    assert retreat.kind == "event_attendance"


def test_at_that_session_takes_the_date_of_the_session_just_named():
    found = read(
        "The prime ministers will attend the next session of the joint committee "
        "in Santiago in January. A new transit agreement will be signed at that "
        "session."
    )
    signing = found["A new transit agreement will be signed at that session."]
    assert signing.due_date == datetime.date(2027, 1, 31)
    assert "at that session" in signing.resolution_note


def test_at_that_session_without_a_dated_session_stays_undated():
    found = read("A new transit agreement will be signed at that session.")
    signing = found["A new transit agreement will be signed at that session."]
    assert signing.due_date is None


def test_by_the_end_of_a_season_without_its_article_is_that_seasons_last_day():
    found = read(
        "The two ministries will draw up a joint strategy by the end of winter.",
        dateline="SANTIAGO – Chile and Argentina held talks.",
    )
    [strategy] = found.values()
    # Santiago lies in the southern hemisphere: winter ends on 31 August.
    assert (strategy.due_date, strategy.due_precision) == (
        datetime.date(2026, 8, 31),
        "month",
    )


def test_the_year_a_programme_was_first_discussed_is_no_due_date():
    found = read(
        "Norway will train 40 Chilean technicians a year, under a programme the "
        "two sides first discussed in 2023."
    )
    [quota] = found.values()
    assert quota.due_date is None
