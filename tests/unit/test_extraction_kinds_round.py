"""Kinds read wrongly on fresh2 (each with sentences written for it): quotas of
longer-named people, programmes drawn up, industrial cities opened,
arrangements and frameworks signed, trade weeks and consultations hosted,
block trains, and committees meeting to monitor work."""

import datetime

import pytest

from extraction.rules.pipeline import extract

PUBLISHED = datetime.date(2026, 3, 10)
ABOUT = "Cooperation between Norway and Chile was discussed.\n"


def only(sentence: str):
    text = ABOUT + sentence + "\n"
    [candidate] = [
        c for c in extract(text, published=PUBLISHED) if c.start >= len(ABOUT)
    ]
    return candidate


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        (
            "Norway will train 60 Chilean port and customs officers a year.",
            "exchange",
        ),
        (
            "Norway will provide training for 15 Chilean fisheries observers each "
            "year.",
            "exchange",
        ),
        (
            "Norway will train 25 Chilean locomotive drivers a year in Oslo.",
            "exchange",
        ),
        (
            "The two sides will draw up, within six months, a joint action plan "
            "against illegal fishing.",
            "strategy",
        ),
        (
            "The Ministries of Education of the two countries will draw up a joint "
            "programme for the mutual recognition of vocational qualifications.",
            "strategy",
        ),
        (
            "The two sides agreed to open the first phase of the joint industrial "
            "city at Arica to investors by the end of 2027.",
            "establishment",
        ),
        (
            "The ministers will sign a reciprocal fishing access arrangement in May.",
            "signing",
        ),
        (
            "Norway's energy agency and Chile's energy ministry will conclude a "
            "framework for the import of green hydrogen in the third quarter.",
            "signing",
        ),
        (
            "Chile invited Norwegian companies to take part in Santiago Mining Week "
            "in April.",
            "event_attendance",
        ),
        (
            "Norway will host the 8th Annual Consultation in the first quarter of "
            "2027.",
            "event_attendance",
        ),
        (
            "The railways of the two countries will run a container block train "
            "every week.",
            "ongoing",
        ),
        (
            "A joint committee of engineers from both utilities will meet every "
            "quarter to monitor construction of the line.",
            "review",
        ),
    ],
)
def test_the_kind_of_each_promise(sentence, kind):
    assert only(sentence).kind == kind


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # A one-off course stays training; a plan's review is no plan.
        ("Norway will run a course for 40 Chilean officers in Oslo.", "training"),
        ("The two sides will meet every year to review the action plan.", "review"),
        (
            "Coast guards of both sides will patrol to monitor the strait weekly.",
            "ongoing",
        ),
    ],
)
def test_neighbouring_readings_keep_their_kind(sentence, kind):
    assert only(sentence).kind == kind
