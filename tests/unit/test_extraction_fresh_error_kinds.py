"""The kinds of error docs/extraction.md lists for the fresh set, each with a
sentence written for it (never a fresh text): quotas phrased as training,
one meeting or a hosted event, facilities, nouns that look like kinds, dates
relative to talks held on a weekday, quarters without a year, "before the
next meeting" only when that meeting is dated, summary leads, forecasts and
the sides of hosts, bodies and attributions."""

import datetime

import pytest

from extraction.rules.pipeline import extract

PUBLISHED = datetime.date(2026, 6, 10)  # a Wednesday
ABOUT = "Police cooperation between Norway and Chile was discussed.\n"


def proposed(sentence: str, published: datetime.date = PUBLISHED):
    text = ABOUT + sentence + "\n"
    return [c for c in extract(text, published=published) if c.start >= len(ABOUT)]


def only(sentence: str):
    [candidate] = proposed(sentence)
    return candidate


@pytest.mark.parametrize(
    ("sentence", "kind", "quantity"),
    [
        (
            "Norway will provide training for 40 Chilean diplomats annually.",
            "exchange",
            40,
        ),
        ("Norway will provide training for 40 Chilean officers.", "exchange", 40),
        ("The two countries will exchange 20 magistrates yearly.", "exchange", 20),
        ("Norway will train 12 Chilean geologists a year.", "exchange", 12),
        # The number of a one-off course stays a course.
        ("Norway will run a course for 40 Chilean officers in Oslo.", "training", None),
    ],
)
def test_quotas_phrased_as_training_are_exchanges(sentence, kind, quantity):
    candidate = only(sentence)
    assert (candidate.kind, candidate.quantity) == (kind, quantity)


@pytest.mark.parametrize(
    "sentence",
    [
        "The commission will hold its next meeting in Santiago in March 2027.",
        "Experts from both sides will meet within 30 days to draft the terms.",
        "The two ministers will meet again in Oslo next spring.",
        "Chile will host the next session of the joint commission in October.",
    ],
)
def test_one_meeting_or_hosted_session_is_attending_an_event(sentence):
    assert only(sentence).kind == "event_attendance"


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Norway will set up a joint border market in Tromsø.", "establishment"),
        ("Chile will upgrade the Los Libertadores border crossing.", "establishment"),
        (
            "The two sides will open the Norwegian-Chilean Customs and Border Guard "
            "Training Centre in Oslo.",
            "establishment",
        ),
        (
            "Chile will upgrade the Paso–Pehuenche customs complex by 2028.",
            "establishment",
        ),
        (
            "Chile will launch a freight train service to the port next year.",
            "establishment",
        ),
        ("The two police forces will begin a monthly exchange of data.", "ongoing"),
        ("The two sides will complete a feasibility study by June 2027.", "ongoing"),
        (
            "The treaty should be signed before the next meeting of the commission.",
            "signing",
        ),
        ("The two sides will hold a review by the end of the third quarter.", "review"),
    ],
)
def test_facilities_services_data_studies_and_signings(sentence, kind):
    assert only(sentence).kind == kind


def test_talks_named_in_a_date_are_not_what_is_promised():
    candidate = only(
        "The two customs services will begin a monthly exchange of data within "
        "60 days of the talks held in Oslo on Monday."
    )
    assert candidate.kind == "ongoing"
    # Monday 8 June 2026 + 60 days, not the publication date + 60.
    assert candidate.due_date == datetime.date(2026, 8, 7)


def test_within_days_of_talks_counts_from_the_weekday_after_a_dated_dateline():
    text = (
        "OSLO, June 10, 2026 (Reuters) – Norway and Chile agreed on customs steps "
        "after talks in Oslo on Monday.\n\n"
        "Experts from both sides will meet within 30 days of the talks.\n"
    )
    [*_, meeting] = extract(text, published=PUBLISHED)
    assert meeting.due_date == datetime.date(2026, 7, 8)
    assert "Monday" in meeting.resolution_note


def test_a_signing_witnessed_today_dates_within_days_of_the_signing():
    text = (
        "The leaders witnessed the signing today of a memorandum on transport.\n\n"
        "Both sides will designate focal points within 30 days of the signing.\n"
    )
    [candidate] = extract(text, published=PUBLISHED)
    assert candidate.due_date == datetime.date(2026, 7, 10)


def test_a_quarter_without_a_year_is_the_next_one_not_yet_over():
    candidate = only(
        "The two sides will present the roadmap by the end of the third quarter."
    )
    assert (candidate.due_date, candidate.due_precision) == (
        datetime.date(2026, 9, 30),
        "month",
    )


def test_before_the_next_meeting_is_undated_when_only_a_cadence_gives_it():
    first, second = proposed(
        "The two police forces agreed to hold a review meeting every three months.\n"
        "A working group will draft a protocol before the next review meeting."
    )
    assert first.cadence == "FREQ=MONTHLY;INTERVAL=3"
    assert (second.due_date, second.due_precision) == (None, "unknown")


def test_before_the_first_session_takes_the_stated_date_of_that_session():
    first, second = proposed(
        "The new commission will hold its first session in Oslo in March 2027.\n"
        "Both sides will sign the statute before the commission's first session."
    )
    assert first.due_date == datetime.date(2027, 3, 31)
    assert (second.kind, second.due_date) == ("signing", datetime.date(2027, 3, 31))
    assert "first session" in second.resolution_note


def test_a_series_starts_at_the_next_session_stated_with_it():
    series, session = proposed(
        "The binational cabinet will meet twice a year, and its next session will "
        "be held in Valparaíso in October."
    )
    assert series.cadence == "FREQ=MONTHLY;INTERVAL=6"
    assert series.due_date == session.due_date == datetime.date(2026, 10, 31)
    assert series.cadence_start == datetime.date(2026, 10, 31)
    assert series.parties == session.parties == ["Norway", "Chile"]


def test_a_body_named_by_a_pronoun_still_meets():
    [meeting] = proposed(
        "The two countries set up a border commission last year. It will meet "
        "twice a year."
    )
    assert (meeting.kind, meeting.parties) == ("recurring_meeting", ["Norway", "Chile"])


@pytest.mark.parametrize(
    ("sentence", "sides"),
    [
        ("Chile will host the next session of the joint commission.", ["Chile"]),
        (
            "Chile will host a meeting of the two countries' ministers.",
            ["Chile", "Norway"],
        ),
        ("Norway will host talks with Chile in October.", ["Norway", "Chile"]),
        (
            "The next meeting will be held in Santiago in May, Chilean Foreign "
            "Minister Alberto van Klaveren told reporters.",
            ["Norway", "Chile"],
        ),
    ],
)
def test_the_sides_of_hosts_and_of_attributed_meetings(sentence, sides):
    assert sorted(only(sentence).parties) == sorted(sides)


def test_a_lead_that_only_summarises_is_not_proposed():
    text = (
        "OSLO, June 10, 2026 (NTB) – Norway and Chile agreed on Monday to deepen "
        "cooperation on customs, ports and rail freight.\n\n"
        "Norway will train 40 Chilean customs officers a year.\n\n"
        "The two sides will set up a joint border market by 2028.\n\n"
        "Chile will host a regional ports forum in May.\n"
    )
    found = extract(text, published=PUBLISHED)
    assert [c.kind for c in found] == ["exchange", "establishment", "event_attendance"]


def test_a_lead_series_restated_with_its_start_is_proposed_once():
    text = (
        "Norway and Chile will hold annual navy staff talks, the ministers said.\n\n"
        "Both sides agreed to hold annual navy staff talks, beginning in the first "
        "quarter of 2027.\n"
    )
    [talks] = extract(text, published=PUBLISHED)
    assert talks.quote.startswith("Both sides agreed")
    assert talks.due_date == datetime.date(2027, 3, 31)


def test_a_specific_lead_is_still_proposed():
    text = (
        "Norway will open a police liaison office in Santiago by September, the "
        "minister said.\n\n"
        "The office will be staffed by two officers.\n\n"
        "Chile will host a regional ports forum in May.\n\n"
        "The two sides will set up a joint border market by 2028.\n"
    )
    assert extract(text, published=PUBLISHED)[0].kind == "establishment"


@pytest.mark.parametrize(
    "sentence",
    [
        "The road, officials said, will cut travel time by half.",
        "The new terminal will create 2,000 jobs.",
        "The centre will have room for 60 trainees and a simulation hall.",
        '"We hope these measures will make trade safer," the minister said.',
    ],
)
def test_forecasts_descriptions_and_hopes_are_not_proposed(sentence):
    assert proposed(sentence) == []


def test_each_sentence_of_a_numbered_paragraph_is_read_on_its_own():
    text = (
        "Joint statement\n\n"
        "1. The two sides reaffirmed their commitment to the partnership. Norway "
        "will offer 20 scholarships a year to Chilean students.\n\n"
        "2. Chile will open a trade office in Oslo in March 2027. Norway will lead "
        "a trade mission to Santiago by the end of next year.\n"
    )
    found = extract(text, published=PUBLISHED)
    assert [(c.kind, c.parties, c.due_date) for c in found] == [
        ("exchange", ["Norway"], None),
        ("establishment", ["Chile"], datetime.date(2027, 3, 31)),
        ("visit", ["Norway", "Chile"], datetime.date(2027, 12, 31)),
    ]
