"""The evaluation's metrics are right, and the gold data is exact."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from extraction.evaluation import (
    GOLD_DIR,
    NONE,
    GoldText,
    as_json,
    confusion,
    evaluate,
    load_gold,
    match,
    overlap,
    score_predictions,
    side_key,
    totals,
)
from extraction.gold_check import gold_problems
from extraction.rules.pipeline import Candidate

GOLD = load_gold()


def gold_item(start, end, kind="ongoing", parties=("Chile", "Norway"), **extra):
    item = {
        "quote": "x" * (end - start),
        "start": start,
        "end": end,
        "kind": kind,
        "cadence": None,
        "due_date": None,
        "due_precision": "unknown",
        "parties": list(parties),
    }
    item.update(extra)
    return item


def predicted(start, end, kind="ongoing", parties=("Chile", "Norway"), **extra):
    return Candidate(
        "x" * (end - start), start, end, kind, "t", parties=list(parties), **extra
    )


# --- the metrics, on hand-made gold and predictions -------------------------


def test_a_perfect_prediction_scores_one_everywhere():
    score = score_predictions(
        [gold_item(0, 10, cadence="FREQ=YEARLY")],
        [predicted(0, 10, cadence="FREQ=YEARLY")],
    )
    figures = score.figures()
    for rate in ("precision", "recall", "cadence_right", "due_right"):
        assert figures[rate] == 1.0
    assert figures["kind_right"] == 1.0
    assert figures["sides_right"] == 1.0


def test_a_wrong_kind_counts_against_kind_and_lands_in_the_confusion_table():
    score = score_predictions(
        [gold_item(0, 10, kind="exchange"), gold_item(20, 30, kind="visit")],
        [predicted(0, 10, kind="recurring_meeting"), predicted(20, 30, kind="visit")],
    )
    assert score.share(score.kind_right) == 0.5
    assert confusion(score.kinds) == {
        "exchange": {"recurring_meeting": 1},
        "visit": {"visit": 1},
    }
    assert score.share(score.parties_right) == 1.0


def test_sides_are_right_only_when_the_sets_are_equal():
    gold = [
        gold_item(i * 20, i * 20 + 10, parties=("Norway", "Chile")) for i in range(4)
    ]
    score = score_predictions(
        gold,
        [
            predicted(0, 10, parties=("Chile", "Norway")),  # order does not count
            predicted(20, 30, parties=("Chile",)),  # one side missing
            predicted(40, 50, parties=("Chile", "Norway", "Peru")),  # a side too many
            predicted(60, 70, parties=()),  # none
        ],
    )
    assert score.parties_right == 1
    assert score.share(score.parties_right) == 0.25


def test_a_country_is_the_same_side_under_any_of_its_names():
    assert side_key("Türkiye") == side_key("Turkey") == "TR"
    assert side_key("South Korea") == side_key("Republic of Korea") == "KR"
    assert side_key("Côte d'Ivoire") == side_key("Côte d’Ivoire") == "CI"
    assert side_key("Norway") != side_key("Sweden")
    assert side_key("Interpol") == "interpol"


def test_misses_and_extras_give_recall_precision_and_the_dash_row_and_column():
    score = score_predictions(
        [gold_item(0, 10), gold_item(20, 30, kind="training")],
        [predicted(0, 10), predicted(40, 50, kind="visit"), predicted(60, 70)],
    )
    assert score.recall == 0.5
    assert score.precision == pytest.approx(1 / 3)
    assert score.kinds[("training", NONE)] == 1
    assert score.kinds[(NONE, "visit")] == 1
    assert score.kinds[(NONE, "ongoing")] == 1
    assert score.misses == ["x" * 10]


def test_due_date_needs_the_date_and_the_precision():
    gold = [
        gold_item(0, 10, due_date="2027-05-31", due_precision="month"),
        gold_item(20, 30, due_date="2027-05-31", due_precision="month"),
        gold_item(40, 50, due_date="2027-05-31", due_precision="month"),
    ]
    may = datetime.date(2027, 5, 31)
    score = score_predictions(
        gold,
        [
            predicted(0, 10, due_date=may, due_precision="month"),
            predicted(20, 30, due_date=may, due_precision="day"),
            predicted(40, 50),
        ],
    )
    assert score.due_right == 1


def test_totals_are_kept_per_set_and_over_all():
    dev = score_predictions([gold_item(0, 10)], [predicted(0, 10)], which="dev")
    held = score_predictions(
        [gold_item(0, 10), gold_item(20, 30)],
        [predicted(0, 10, parties=("Chile",))],
        which="holdout",
    )
    sums = totals([dev, held])
    assert (sums["dev"].gold, sums["holdout"].gold, sums["all"].gold) == (1, 2, 3)
    assert sums["holdout"].recall == 0.5
    assert sums["all"].share(sums["all"].parties_right) == 0.5


def test_the_json_report_carries_the_same_numbers():
    held = score_predictions(
        [gold_item(0, 10, kind="exchange"), gold_item(20, 30)],
        [predicted(0, 10, kind="training")],
        name="one",
        which="holdout",
    )
    data = json.loads(json.dumps(as_json([held], "holdout")))
    assert data["texts"][0]["recall"] == 0.5
    assert data["texts"][0]["kind_right"] == 0.0
    assert data["overall"]["holdout"]["gold"] == 2
    assert data["overall"]["all"]["sides_right"] == 1.0
    assert data["kind_confusion"]["exchange"] == {"training": 1}
    assert data["kind_confusion"]["ongoing"] == {NONE: 1}


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


def test_the_command_prints_the_same_numbers_as_json():
    out = StringIO()
    call_command(
        "evaluate_extraction", "--set", "holdout", "--format", "json", stdout=out
    )
    data = json.loads(out.getvalue())
    scores, total = evaluate("holdout")
    assert data == json.loads(json.dumps(as_json(scores, "holdout")))
    assert data["overall"]["holdout"]["gold"] == total.gold


def test_the_text_report_shows_sides_kinds_and_the_confusion_table():
    out = StringIO()
    call_command("evaluate_extraction", "--set", "all", stdout=out)
    text = out.getvalue()
    assert "sides" in text
    assert "kind" in text
    assert "overall (dev)" in text
    assert "overall (holdout)" in text
    assert "gold/predicted" in text


# --- the gold data ----------------------------------------------------------


@pytest.mark.parametrize("gold", GOLD, ids=lambda gold: gold.name)
def test_every_gold_file_is_valid(gold):
    assert gold_problems(gold) == []


def test_the_gold_check_finds_each_kind_of_mistake():
    text = "Norway will train ten officers. Chile will visit."
    visit = text[32:49]
    good = gold_item(0, 31, quote=text[0:31], kind="exchange", cadence="FREQ=YEARLY")
    broken = GoldText(
        name="broken",
        text=text,
        published=datetime.date(2026, 3, 1),
        set="holdout",
        known=None,
        commitments=[
            good,
            gold_item(1, 31, quote=text[0:31]),  # offsets off by one, overlapping
            gold_item(32, 49, quote=visit, kind="meeting"),
            gold_item(32, 49, quote=visit, cadence="every year"),
            gold_item(32, 49, quote=visit, due_date="June", due_precision="month"),
            gold_item(32, 49, quote=visit, due_date="2026-06-30"),
            gold_item(32, 49, quote=visit, parties=("Chile", "Atlantis")),
            gold_item(32, 49, quote=visit, parties=()),
        ],
    )
    problems = gold_problems(broken)
    assert not [p for p in problems if p.startswith("#0:")]
    expected = [
        "#1: text[start:end] is not the quote",
        "#1: overlaps or precedes the previous commitment",
        "#2: unknown kind 'meeting'",
        "#3: cadence 'every year' is no RRULE",
        "#4: due_date 'June' is not an ISO date",
        "#5: due_date and due_precision disagree",
        "#6: party 'Atlantis' is no country",
        "#7: no obligated side",
    ]
    for problem in expected:
        assert problem in problems


def test_there_are_thirty_texts_twenty_of_them_new_held_out_ones():
    assert len(GOLD) >= 30
    new_holdout = [path for path in GOLD_DIR.glob("holdout-*.json")]
    assert len(new_holdout) >= 20
    assert all(g.set == "holdout" for g in GOLD if g.name.startswith("holdout-"))


def test_the_fresh_set_is_its_own_set_apart_from_the_first_held_out_one():
    # A second held-out set, written after the first was used to tune the
    # rules: "holdout" keeps meaning the first set, "all" holds both.
    fresh = load_gold(which="fresh")
    names = {g.name for g in fresh}
    assert len(fresh) >= 12
    assert all(name.startswith("fresh-") for name in names)
    assert not names & {g.name for g in load_gold(which="holdout")}
    assert names <= {g.name for g in GOLD}
    assert all(g.set == "fresh" for g in GOLD if g.name.startswith("fresh-"))


def test_the_rules_meet_the_dev_targets():
    # Only the tuning set is asserted: the held-out figures are measured and
    # written down (docs/extraction.md), never tuned to pass a test.
    _, total = evaluate("dev")
    assert total.recall >= 0.9
    assert total.precision >= 0.8
    assert total.share(total.cadence_right) >= 0.9
    assert total.share(total.due_right) >= 0.9
