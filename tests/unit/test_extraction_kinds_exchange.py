"""Exchanges and quotas are their own kind with their number kept; a
description of an instrument is no commitment; experts' meetings and
invitations to training are caught."""

import datetime

import pytest

from extraction.rules.kinds import EXCHANGE, classify, find_quantity
from extraction.rules.pipeline import extract

PUBLISHED = datetime.date(2026, 6, 10)
ABOUT = "Norway and Chile agreed to deepen police cooperation on Monday.\n"


def candidates(sentence: str):
    text = ABOUT + sentence + "\n"
    return [c for c in extract(text, published=PUBLISHED) if c.start >= len(ABOUT)]


@pytest.mark.parametrize(
    ("sentence", "number", "unit"),
    [
        ("The two police forces will exchange 20 officers yearly.", 20, "officers"),
        ("Norway will train 120 Chilean officers each year.", 120, "officers"),
        ("Chile will host 15 Norwegian students a year.", 15, "students"),
        ("The sides will exchange up to thirty cadets annually.", 30, "cadets"),
    ],
)
def test_exchanges_and_quotas_are_their_own_kind_with_the_number(
    sentence, number, unit
):
    [candidate] = candidates(sentence)
    assert candidate.kind == EXCHANGE
    assert (candidate.quantity, candidate.quantity_unit) == (number, unit)
    assert candidate.cadence == "FREQ=YEARLY"
    assert candidate.as_dict()["quantity"] == number


def test_a_yearly_officer_exchange_is_not_a_recurring_meeting():
    [candidate] = candidates("The two countries agreed to a yearly officer exchange.")
    assert candidate.kind == EXCHANGE
    assert candidate.quantity is None


def test_a_one_off_course_for_a_number_of_officers_stays_training():
    text = "Norway will run a course for 40 Chilean officers in Oslo in October."
    assert classify(text, 0, len(text), recurs=False) == "training"
    assert find_quantity(text, 0, len(text)) is None


def test_meetings_twice_a_year_stay_recurring_meetings():
    text = "The two sides will hold talks twice a year."
    assert classify(text, 0, len(text), recurs=True) == "recurring_meeting"


@pytest.mark.parametrize(
    "sentence",
    [
        "The agreement will cover information exchange on organised crime.",
        "The plan provides a framework for joint research on e-governance.",
        "The memorandum will also include provisions on extradition.",
        "Under the deal, the new protocol will set out rules on data sharing.",
    ],
)
def test_descriptions_of_an_instrument_are_not_proposed(sentence):
    assert candidates(sentence) == []


def test_a_side_that_will_cover_costs_is_still_a_commitment():
    [candidate] = candidates("Norway will cover the costs of the training in 2027.")
    assert candidate.parties == ["Norway"]


def test_experts_from_both_sides_holding_meetings_promise_them():
    [candidate] = candidates(
        "Experts from both sides will hold monthly video conferences on cybercrime."
    )
    assert candidate.kind == "recurring_meeting"
    assert candidate.cadence == "FREQ=MONTHLY"
    assert sorted(candidate.parties) == ["Chile", "Norway"]


def test_an_analysts_forecast_is_still_not_a_commitment():
    assert candidates("Analysts say the deal will boost trade next year.") == []


def test_an_invitation_to_training_courses_is_caught():
    [candidate] = candidates(
        "Norway invited Chilean officers to take part in training courses in Oslo."
    )
    assert candidate.kind == "training"
    assert candidate.parties == ["Chile"]


@pytest.mark.parametrize(
    ("text", "recurs", "kind"),
    [
        (
            "draft a joint strategy within 90 days of the signing of the agreement",
            False,
            "strategy",
        ),
        ("complete the feasibility study for a gas interconnector", False, "ongoing"),
        ("present a joint proposal on energy integration", False, "strategy"),
        ("draft a border management protocol", False, "strategy"),
        (
            "agreed to revive the Bilateral Monitoring Commission",
            False,
            "establishment",
        ),
        (
            "The centre is expected to open by the end of September",
            False,
            "establishment",
        ),
        (
            "will hold a joint business forum in São Paulo in May",
            False,
            "event_attendance",
        ),
        ("conduct joint coast guard exercises annually", True, "training"),
        ("The two navies will conduct a joint exercise", False, "training"),
        ("sign a memorandum on cybercrime by next June", False, "signing"),
    ],
)
def test_kinds_read_from_the_clause(text, recurs, kind):
    assert classify(text, 0, len(text), recurs=recurs) == kind
