"""Sentences that are no promise although they carry a cue (fresh2's kinds of
extra, each with sentences written for it): a news lead reporting the day's
agreement that a later paragraph details, a thing's future ("the zone will
offer ..."), a declaration's preamble, list items that report what was
welcomed or noted, and a quote's rhetoric."""

import datetime

import pytest

from extraction.rules.pipeline import extract

PUBLISHED = datetime.date(2026, 6, 10)  # a Wednesday
ABOUT = "Police cooperation between Norway and Chile was discussed.\n"


def proposed(sentence: str):
    text = ABOUT + sentence + "\n"
    return [c for c in extract(text, published=PUBLISHED) if c.start >= len(ABOUT)]


DETAILS = (
    "Norway will build a new forensic laboratory in Valparaíso by March 2027.\n\n"
    "The two police forces will hold talks every quarter.\n\n"
    "Chile will sign a data-sharing protocol by the end of the year.\n"
)


def quotes(text: str) -> list[str]:
    return [c.quote for c in extract(text, published=PUBLISHED)]


def test_a_news_lead_is_left_out_when_a_later_paragraph_details_it():
    lead = (
        "OSLO, June 10 (NTB) - Norway and Chile agreed on Wednesday to build a "
        "new forensic laboratory for the Chilean police, officials said.\n\n"
    )
    found = quotes("Norway and Chile sign police deal\n\n" + lead + DETAILS)
    assert not any("agreed on Wednesday" in quote for quote in found)
    assert any(quote.startswith("Norway will build") for quote in found)


def test_a_news_lead_whose_promise_no_later_paragraph_repeats_is_kept():
    lead = (
        "OSLO, June 10 (NTB) - Norway and Chile agreed on Wednesday to set up a "
        "joint cybercrime unit, officials said.\n\n"
    )
    found = quotes("Norway and Chile sign police deal\n\n" + lead + DETAILS)
    assert any("joint cybercrime unit" in quote for quote in found)


def test_a_lead_without_a_reported_day_is_judged_by_the_older_rules_only():
    lead = "Norway and Chile agreed to build a new forensic laboratory.\n\n"
    found = quotes("Norway and Chile sign police deal\n\n" + lead + DETAILS)
    assert any("agreed to build" in quote for quote in found)


def test_a_spanish_agency_dateline_is_no_date_of_the_lead():
    text = (
        "Chile y Noruega\n\n"
        "SANTIAGO, Nov. 10 (EFE).- Chile and Norway agreed on Tuesday to open "
        "a police liaison office in Santiago.\n"
    )
    [candidate] = extract(text, published=datetime.date(2026, 11, 10))
    assert candidate.quote.startswith("Chile and Norway agreed")
    assert candidate.due_date is None


@pytest.mark.parametrize(
    "sentence",
    [
        "The roadmap will identify up to four pilot ports in Chile.",
        "The 30-hectare zone will offer duty-free storage to traders of both sides.",
        "The 900-kilometre corridor, financed by the two development banks, will "
        "link the ports of Bergen and Valparaíso.",
        "The new interconnector would carry 500 megawatts between the two grids.",
    ],
)
def test_what_a_thing_will_do_is_a_description(sentence):
    assert proposed(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The new border terminal will be completed by June 2027.",
        "The ferry link will resume in April.",
        "The fund will start disbursing grants in 2027.",
        "Norway will identify four pilot ports in Chile.",
    ],
)
def test_a_things_building_or_start_and_a_sides_action_stay_promises(sentence):
    assert len(proposed(sentence)) == 1


def test_a_declarations_preamble_is_no_promise():
    text = (
        "Joint Declaration of Norway and Chile\n\n"
        "Determined to protect the fish stocks on which their fishing towns depend;\n\n"
        "Recognising the importance of science to that end,\n\n"
        "The two sides agreed to hold annual fisheries talks.\n"
    )
    assert quotes(text) == ["The two sides agreed to hold annual fisheries talks."]


def test_list_items_that_report_what_was_welcomed_or_noted_are_no_promises():
    text = (
        "The Ministers agreed as follows:\n\n"
        "1. The Ministers welcomed the close cooperation of the two police forces.\n\n"
        "2. The Ministers noted that joint patrols have run since 2018.\n\n"
        "3. The Ministers expressed their thanks to the officers of both sides.\n\n"
        "4. Exchange liaison officers between the two police headquarters.\n"
    )
    assert quotes(text) == [
        "Exchange liaison officers between the two police headquarters."
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        '"From now on there will be no safe havens," the minister said.',
        '"We have a deadline, and we will hold each other to it," the minister said.',
    ],
)
def test_a_quotes_rhetoric_is_no_promise(sentence):
    assert proposed(sentence) == []
