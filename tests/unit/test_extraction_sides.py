"""Which sides a clause obliges: "both sides" and its variants, a named
institution's country, places that are not sides, and invitations."""

import datetime

import pytest

from extraction.rules.pipeline import extract

PUBLISHED = datetime.date(2026, 6, 10)
ABOUT = "Norway and Chile agreed to deepen police cooperation on Monday.\n"


def sides_of(sentence: str, about: str = ABOUT) -> list[str]:
    text = about + sentence + "\n"
    [candidate] = [
        c for c in extract(text, published=PUBLISHED) if c.start >= len(about)
    ]
    return sorted(candidate.parties)


@pytest.mark.parametrize(
    "sentence",
    [
        "Both sides will hold annual consultations on organised crime.",
        "The two countries will hold annual consultations on organised crime.",
        "The two governments agreed to set up a joint investigations team.",
        "The two ministers agreed to meet again in March 2027.",
        "The two leaders will hold a summit every two years.",
        "The two navies will conduct a joint exercise in the autumn.",
        "The two police forces will exchange 20 officers yearly.",
        "Each side will designate a liaison officer by July 2026.",
        "Experts from both sides will hold monthly video conferences.",
        "The ministers also decided to establish a joint task force.",
    ],
)
def test_both_sides_in_any_form_are_the_texts_two_parties(sentence):
    assert sides_of(sentence) == ["Chile", "Norway"]


def test_a_named_institutions_country_is_its_side():
    about = "Estonia and Uruguay agreed on digital cooperation on Tuesday.\n"
    sentence = (
        "Estonia's Information System Authority will post a cyber security "
        "adviser to Montevideo for two years."
    )
    assert sides_of(sentence, about) == ["Estonia"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Chile's Investigations Police will open a liaison office in Oslo by May 2027.",
        "Chile will host a seminar on cybercrime in Norway next year.",
        "Chile will send a delegation to Oslo in September.",
    ],
)
def test_a_place_where_something_happens_is_not_a_side(sentence):
    assert sides_of(sentence) == ["Chile"]


def test_an_invitation_obliges_the_invited_side():
    sentence = (
        "Norwegian Justice Minister Emilie Mehl invited Chilean police officers to "
        "take part in training courses in Oslo."
    )
    assert sides_of(sentence) == ["Chile"]


def test_a_counterpart_makes_both_sides():
    sentence = (
        "The Norwegian minister and her Chilean counterpart agreed to meet "
        "every six months."
    )
    assert sides_of(sentence) == ["Chile", "Norway"]


def test_a_trainer_alone_is_obliged_not_its_trainees():
    # Quotas and services oblige the provider only (docs/extraction.md).
    sentence = "Norway will train 40 Chilean officers at its police academy next year."
    assert sides_of(sentence) == ["Norway"]


def test_a_giver_alone_acts_when_it_provides_something():
    sentence = "Norway will provide two patrol boats to the Chilean navy in 2027."
    assert sides_of(sentence) == ["Norway"]


def test_an_unnamed_subject_takes_the_sides_of_the_commitment_before_it():
    sentence = (
        "Chile will establish a cybercrime centre in Santiago. "
        "The centre is expected to open by the end of September."
    )
    text = ABOUT + sentence + "\n"
    candidates = extract(text, published=PUBLISHED)
    assert [c.parties for c in candidates[-2:]] == [["Chile"], ["Chile"]]
