"""fresh3's kinds of error after it was measured (docs/extraction.md), each
with sentences written for it: seasons, sides, rhetoric, nouns that look like
cues, invitations, dates relative to named days and events, facilities, and
unnamed subjects."""

import datetime

import pytest

from extraction.rules.pipeline import extract

PUBLISHED = datetime.date(2026, 6, 24)  # a Wednesday
ABOUT = "Norway and Chile held talks in Oslo on Wednesday.\n"


def proposed(sentence: str, about: str = ABOUT):
    text = about + sentence + "\n"
    return [c for c in extract(text, published=PUBLISHED) if c.start >= len(about)]


def only(sentence: str, about: str = ABOUT):
    [candidate] = proposed(sentence, about)
    return candidate


def test_dili_lies_in_the_southern_hemisphere():
    about = "DILI – Timor-Leste and Australia held talks.\n"
    exercise = only(
        "The two defence forces will hold an exercise in the spring.", about
    )
    assert exercise.due_date == datetime.date(2026, 11, 30)


def test_a_season_the_text_calls_southern_is_read_in_the_south():
    exercise = only("The two navies will hold an exercise during the southern winter.")
    assert exercise.due_date == datetime.date(2026, 8, 31)


def test_comorian_is_the_comoros_and_a_channel_is_no_side():
    about = "Seychelles and the Comoros held talks in Victoria.\n"
    candidate = only(
        "The Seychelles Coast Guard and the Comorian Coast Guard will patrol the "
        "northern Mozambique Channel every month.",
        about,
    )
    assert sorted(candidate.parties) == ["Comoros", "Seychelles"]


@pytest.mark.parametrize(
    "sentence",
    [
        "If nothing has moved by then, you will hear it from us first.",
        '"From now on, neither will our forces," the minister said.',
        "The minister and I will now take a few questions.",
        "That remains our position, and we will keep talking about it as friends.",
        "The minister said Santiago would welcome Norwegian traders at its ports.",
        "The line is a key part of Chile's plan to carry goods to Bolivia.",
        "They agreed that the ruling gives small states a powerful new voice.",
        "The study is expected to assess the demand for gas over fifteen years.",
        "The route is expected to bring new visitors to both countries.",
    ],
)
def test_rhetoric_views_and_forecasts_are_no_promises(sentence):
    assert proposed(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Chile will welcome 30 Norwegian cadets a year at its naval school.",
        "They agreed that the commission will meet twice a year.",
        "The Chilean side said it would open the sluice gates in the spring.",
        "Before that, experts from both ministries are to draw up a joint plan.",
        "I have accepted the Prime Minister's kind invitation to visit Oslo later "
        "this year.",
    ],
)
def test_promises_that_look_like_those_are_kept(sentence):
    assert len(proposed(sentence)) == 1


def test_an_invitation_to_a_course_obliges_the_invited_side():
    candidate = only(
        "Norway has invited Chilean navy divers to a salvage course at its naval "
        "academy next month."
    )
    assert (candidate.kind, candidate.parties) == ("training", ["Chile"])


def test_agreed_as_follows_with_a_full_stop_introduces_its_items():
    text = (
        "Joint statement\n\n"
        "At the close of the session, the two sides agreed as follows.\n\n"
        "1. Sign an air services agreement before the end of the year.\n"
    )
    quotes = [c.quote for c in extract(text, published=PUBLISHED)]
    assert quotes == ["Sign an air services agreement before the end of the year."]


def test_before_that_meeting_takes_the_series_first_stated_meeting():
    found = proposed(
        "The ministers agreed to meet every six months, with the first meeting to "
        "be held in Santiago in September. Ahead of that meeting, experts will "
        "draw up a joint plan."
    )
    plan = next(c for c in found if "joint plan" in c.quote)
    assert plan.due_date == datetime.date(2026, 9, 30)


@pytest.mark.parametrize(
    ("sentence", "due"),
    [
        (
            "The ministries will sign a protocol within 45 days of today's meeting.",
            datetime.date(2026, 8, 8),
        ),
        (
            "The utilities will sign a power purchase agreement within 30 days of "
            "Tuesday's talks.",
            datetime.date(2026, 7, 23),
        ),
        (
            "Our technical teams will meet again on Friday to finish the protocol.",
            datetime.date(2026, 6, 26),
        ),
    ],
)
def test_days_named_in_the_promise(sentence, due):
    assert only(sentence).due_date == due


@pytest.mark.parametrize(
    "sentence",
    [
        "The two sides agreed to open a consulate, officials said after two days "
        "of talks.",
        "The presidents met in Santiago on Monday and will hold talks every year.",
    ],
)
def test_how_long_talks_lasted_or_when_they_were_held_is_no_due_date(sentence):
    assert all(c.due_date is None for c in proposed(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "Norway's defence ministry will build a maintenance slipway for patrol "
        "boats by 2027.",
        "The two customs services will set up a direct electronic link between "
        "their systems.",
        "The Pino Hachado crossing, closed to trucks since 2021, will be reopened "
        "by the two countries within 30 days.",
    ],
)
def test_facilities_built_linked_or_reopened(sentence):
    assert only(sentence).kind == "establishment"


def test_opening_a_dams_gates_is_no_new_facility():
    assert only("Chile will open the dam's sluice gates in the spring.").kind == (
        "ongoing"
    )


def test_a_memorandum_finalised_by_unnamed_officials_binds_both():
    candidate = only("Officials will finalise a memorandum of understanding on trade.")
    assert sorted(candidate.parties) == ["Chile", "Norway"]


def test_a_quota_an_unnamed_academy_serves_to_one_side_is_the_others():
    candidate = only(
        "The Royal Police Academy will receive 30 Chilean officers each year."
    )
    assert candidate.parties == ["Norway"]
