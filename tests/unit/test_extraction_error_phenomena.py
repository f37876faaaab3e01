"""The kinds and sides of the phenomena listed in docs/extraction.md's error
list: quotas phrased as funding, posting or exchanging people; patrols that
recur; next meetings; reviews; facilities; trade missions; reported speech;
and the convention that quotas and services oblige the provider only."""

import datetime

import pytest

from extraction.rules.pipeline import extract

PUBLISHED = datetime.date(2026, 6, 10)
ABOUT = "Norway and Chile agreed to deepen police cooperation on Monday.\n"


def only(sentence: str):
    text = ABOUT + sentence + "\n"
    [candidate] = [
        c for c in extract(text, published=PUBLISHED) if c.start >= len(ABOUT)
    ]
    return candidate


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        ("Norway will fund 30 places a year for Chilean officers.", 30),
        ("Norway will help train 200 Chilean recruits over two years.", 200),
        ("Norway will post two experts to the Chilean fisheries directorate.", 2),
        ("The two police forces will exchange liaison officers.", None),
        ("The two countries will exchange 10 prosecutors yearly.", 10),
        ("Norway will send two officers to the Chilean Police Investigations unit.", 2),
    ],
)
def test_quotas_in_any_phrasing_are_exchanges(sentence, number):
    candidate = only(sentence)
    assert candidate.kind == "exchange"
    assert candidate.quantity == number


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The two navies will conduct joint patrols every month.", "ongoing"),
        (
            "The next meeting will take place in Santiago in the second half of 2026.",
            "event_attendance",
        ),
        (
            "The next session of the commission will be held in Oslo in October.",
            "event_attendance",
        ),
        ("Chile will host the 5th Annual Fisheries Forum in 2027.", "event_attendance"),
        ("The two sides will review the partnership every six months.", "review"),
        ("The partnership will be reviewed at a mid-term meeting in 2027.", "review"),
        ("The ministers will meet yearly to evaluate the programme.", "review"),
        (
            "The two countries will continue to hold the joint council annually.",
            "recurring_meeting",
        ),
        ("Chile will upgrade two border posts by 2027.", "establishment"),
        ("Norway will build a new container terminal in Valparaiso.", "establishment"),
        (
            "The two countries will open trade houses in Oslo and Santiago.",
            "establishment",
        ),
        ("Chile will send a trade mission to Oslo in October.", "visit"),
        (
            "Norway's minister said the talks were useful, adding that Chile would "
            "share catch data monthly.",
            "ongoing",
        ),
    ],
)
def test_kinds_of_the_listed_phenomena(sentence, kind):
    assert only(sentence).kind == kind


@pytest.mark.parametrize(
    ("sentence", "sides"),
    [
        ("Norway will fund 30 places a year for Chilean officers.", ["Norway"]),
        ("Norway will admit 100 Chilean workers each year.", ["Norway"]),
        ("Chile will share vessel data with Norway's fisheries service.", ["Chile"]),
        (
            "Norway will post two experts to the Chilean fisheries directorate.",
            ["Norway"],
        ),
        (
            "Norway's minister said the talks were useful, adding that Chile would "
            "share catch data monthly.",
            ["Chile"],
        ),
        (
            "Norway invited Chile to attend the Oslo Security Forum in November.",
            ["Chile"],
        ),
        ("The two countries will exchange 10 prosecutors yearly.", ["Chile", "Norway"]),
    ],
)
def test_quotas_and_services_oblige_the_provider_only(sentence, sides):
    assert sorted(only(sentence).parties) == sides


@pytest.mark.parametrize(
    ("sentence", "sides"),
    [
        (
            "Minister Hansen accepted an invitation from Chilean President Boric "
            "to pay a visit to Santiago in 2027.",
            ["Chile", "Norway"],
        ),
        (
            "The Norwegian minister accepted an invitation to visit Santiago "
            "next year.",
            ["Chile", "Norway"],
        ),
        (
            "Norway extended an invitation to Chile to attend the fisheries summit "
            "in March.",
            ["Chile"],
        ),
    ],
)
def test_invitations_oblige_the_invited_and_an_accepted_visit_the_visitor(
    sentence, sides
):
    assert sorted(only(sentence).parties) == sides


@pytest.mark.parametrize(
    "sentence",
    [
        "The cooperation will also cover cybercrime, money laundering and training.",
        "The partnership will cover maritime security.",
        "The two sides will also consider a joint patrol programme.",
        "Norway will also consider opening a consulate in Valparaiso.",
    ],
)
def test_descriptions_and_bare_hedges_are_not_proposed(sentence):
    text = ABOUT + sentence + "\n"
    assert [
        c for c in extract(text, published=PUBLISHED) if c.start >= len(ABOUT)
    ] == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Chile will host the 5th Annual Fisheries Forum in 2027.",
        "Chile will host the fifth annual fisheries forum in 2027.",
        "Norway will host the Annual Arctic Security Conference in Tromso in March.",
    ],
)
def test_a_numbered_or_named_annual_event_is_one_event_without_cadence(sentence):
    candidate = only(sentence)
    assert (candidate.kind, candidate.cadence) == ("event_attendance", None)


def test_annual_consultations_still_recur():
    candidate = only("The two sides will hold annual consultations.")
    assert candidate.cadence == "FREQ=YEARLY"


def test_reported_speech_adding_that_obliges_the_subject_country():
    sentence = (
        "Hansen said Norway was pleased, adding that Chile would host the next "
        "round of talks."
    )
    assert only(sentence).parties == ["Chile"]


def test_a_trade_mission_to_a_capital_obliges_the_visitor_and_the_host():
    sentence = (
        "The Norwegian minister will lead a trade mission to Santiago in October."
    )
    candidate = only(sentence)
    assert candidate.kind == "visit"
    assert sorted(candidate.parties) == ["Chile", "Norway"]


def test_travelling_to_one_review_meeting_is_attending_an_event():
    sentence = (
        "The Chilean minister will travel to Oslo in May for the fisheries "
        "partnership review meeting."
    )
    assert only(sentence).kind == "event_attendance"


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        (
            "Chile was invited to attend the Arctic Forum in Oslo in November.",
            "event_attendance",
        ),
        (
            "Chilean experts were invited to take part in a training course in Oslo "
            "in May.",
            "training",
        ),
    ],
)
def test_a_passive_invitation_is_proposed_for_the_invited_side(sentence, kind):
    candidate = only(sentence)
    assert (candidate.kind, candidate.parties) == (kind, ["Chile"])
