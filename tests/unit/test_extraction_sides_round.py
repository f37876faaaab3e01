"""Sides read wrongly on the tuned sets (each with sentences written for it):
plural bodies of the two countries, "Hellenic", a visit whose visitor is a
person the directory does not know, and an instrument to be signed with no
signatory named."""

import datetime

import pytest

from extraction.rules.pipeline import extract

PUBLISHED = datetime.date(2026, 3, 10)
ABOUT = "Greece and Egypt held talks in Athens.\n"


def sides(sentence: str) -> list[str]:
    text = ABOUT + sentence + "\n"
    [candidate] = [
        c for c in extract(text, published=PUBLISHED) if c.start >= len(ABOUT)
    ]
    return sorted(candidate.parties)


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministries of interior will exchange data on irregular migration.",
        "The coast guards will hold joint search-and-rescue drills every spring.",
        "The customs services will share cargo manifests every week.",
        "The Hellenic Coast Guard and the Egyptian Navy will exchange liaison "
        "officers.",
        "An updated maritime agreement allowing Greek ferries to call at "
        "Alexandria will be signed in May.",
        "Papadakis will lead a Greek trade mission to Cairo in the third quarter.",
    ],
)
def test_both_sides_are_obliged(sentence):
    assert sides(sentence) == ["Egypt", "Greece"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Signed by one side: that side only.
        (
            "A new ferry agreement will be signed by Greece in May.",
            ["Greece"],
        ),
        # One side's ministry, singular: that side only.
        (
            "Egypt's interior ministry will share passenger lists with Greece.",
            ["Egypt"],
        ),
    ],
)
def test_one_side_stays_one_side(sentence, expected):
    assert sides(sentence) == expected
