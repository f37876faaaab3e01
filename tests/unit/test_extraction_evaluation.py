"""The gold data is exact, and the rules keep meeting the targets on it."""

import pytest

from extraction.evaluation import evaluate, load_gold, match, overlap
from extraction.rules.pipeline import Candidate

GOLD = load_gold()


@pytest.mark.parametrize("gold", GOLD, ids=lambda gold: gold.name)
def test_every_gold_quote_is_exactly_its_text_at_its_offsets(gold):
    assert gold.commitments
    for item in gold.commitments:
        assert gold.text[item["start"] : item["end"]] == item["quote"]
        assert item["due_precision"] in {"day", "month", "year", "unknown"}
        assert (item["due_date"] is None) == (item["due_precision"] == "unknown")


def test_there_are_eight_texts_of_our_own_three_held_out():
    sets = [gold.set for gold in GOLD]
    assert len(sets) == 10
    assert sets.count("holdout") == 3


@pytest.mark.parametrize(
    ("a", "b", "share"),
    [((0, 10), (5, 10), 1.0), ((0, 10), (8, 20), 0.2), ((0, 4), (4, 8), 0.0)],
)
def test_overlap_is_a_share_of_the_shorter_span(a, b, share):
    assert overlap(a, b) == pytest.approx(share)


def test_matching_is_one_to_one():
    whole = Candidate("x" * 20, 0, 20, "ongoing", "t")
    gold = [{"start": 0, "end": 10}, {"start": 10, "end": 20}]
    assert len(match([whole], gold)) == 1


@pytest.mark.parametrize("which", ["dev", "holdout"])
def test_the_rules_meet_the_targets(which):
    _, total = evaluate(which)
    assert total.recall >= 0.9
    assert total.precision >= 0.8
    assert total.share(total.cadence_right) >= 0.9
    assert total.share(total.due_right) >= 0.9
