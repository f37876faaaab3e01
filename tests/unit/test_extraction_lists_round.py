"""List shapes of joint communiqués (fresh3's kinds of miss, each with a text
written for it): items lettered "a)", items in lower case with no bullet after
"The two sides agreed to:", a numbered item that introduces the list, new
services whose adjective is no cadence, and forums organised."""

import datetime

from extraction.rules.pipeline import extract

PUBLISHED = datetime.date(2026, 3, 10)


def found(text: str):
    return {c.quote: c for c in extract(text, published=PUBLISHED)}


def test_lettered_items_after_a_numbered_introduction_are_each_a_commitment():
    text = (
        "Joint Communiqué\n\n"
        "4. The Council reviewed progress since its last meeting, held in Oslo "
        "in 2024, and agreed on the following:\n\n"
        "The two sides agreed to:\n\n"
        "a) sign the fisheries agreement before the end of 2026;\n\n"
        "b) establish a joint technical committee within 60 days;\n\n"
        "c) hold a joint training course for customs officers in March; and\n\n"
        "d) draw up a roadmap for energy cooperation by mid-2026.\n\n"
        "5. Norway will offer 15 scholarships a year to Chilean students.\n"
    )
    quotes = list(found(text))
    assert [q.split()[0] for q in quotes] == [
        "sign",
        "establish",
        "hold",
        "draw",
        "Norway",
    ]
    kinds = [c.kind for c in found(text).values()]
    assert kinds == ["signing", "establishment", "training", "strategy", "exchange"]


def test_lower_case_items_without_bullets_follow_the_cue():
    text = (
        "Joint Communiqué\n\n"
        "The two sides agreed to:\n\n"
        "conclude an agreement on driving licences by the end of March 2026;\n\n"
        "establish a joint business council before the next session;\n\n"
        "organise a Norway–Chile sustainable seafood business forum in Puerto "
        "Montt in the spring of 2026.\n\n"
        "Norway thanked Chile for its hospitality.\n"
    )
    result = found(text)
    assert [c.kind for c in result.values()] == [
        "signing",
        "establishment",
        "event_attendance",
    ]


def test_a_lower_case_paragraph_with_no_list_before_it_is_no_item():
    text = "Talks\n\nand then the ministers toured the port.\n"
    assert found(text) == {}


def test_a_new_daily_service_is_one_promise_not_a_daily_one():
    text = (
        "Norway and Chile held talks.\n\n"
        "The two sides will introduce a second daily ferry crossing between the "
        "islands from January 2027.\n"
    )
    [crossing] = [c for q, c in found(text).items() if "ferry" in q]
    assert (crossing.kind, crossing.cadence) == ("establishment", None)


def test_a_daily_exchange_is_still_daily():
    text = (
        "Norway and Chile held talks.\n\n"
        "The two coast guards will exchange position reports daily.\n"
    )
    [reports] = found(text).values()
    assert reports.cadence == "FREQ=DAILY"


def test_empty_list_items_propose_nothing_and_do_not_end_the_list():
    text = (
        "The two sides agreed to:\n\n"
        "a) \n\n"
        "1. \n\n"
        "- \n\n"
        "2. 42.\n\n"
        "b) sign a treaty on fisheries.\n\n"
        "x\n"
    )
    assert list(found(text)) == ["sign a treaty on fisheries."]


def test_thousands_of_empty_items_propose_nothing():
    text = "The two sides agreed to:\n\n" + "a) \n\n" * 5000
    assert found(text) == {}
