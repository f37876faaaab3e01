"""What is wrong with a labelled text (pure): the gold data's own test.

Offsets that do not give the quote, spans out of order, unknown kinds,
RRULEs that do not parse, dates that are not ISO, a precision that does not
fit the date, and parties that are no country would all make the evaluation
measure the labels instead of the rules.
"""

import datetime

from dateutil.rrule import rrulestr

from extraction.evaluation import KINDS, PRECISIONS, SETS, GoldText, side_key

# Any aware start will do: the rule only has to parse.
_DTSTART = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def item_problems(text: str, item: dict) -> list[str]:
    """The problems of one gold commitment."""
    problems = []
    start, end = item.get("start"), item.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or start >= end:
        problems.append("start/end are not a span")
    elif text[start:end] != item.get("quote"):
        problems.append("text[start:end] is not the quote")
    if item.get("kind") not in KINDS:
        problems.append(f"unknown kind {item.get('kind')!r}")
    if item.get("cadence") is not None:
        try:
            rrulestr(item["cadence"], dtstart=_DTSTART)
        except (ValueError, TypeError):
            problems.append(f"cadence {item['cadence']!r} is no RRULE")
    precision, due = item.get("due_precision"), item.get("due_date")
    if precision not in PRECISIONS:
        problems.append(f"unknown precision {precision!r}")
    elif (due is None) != (precision == "unknown"):
        problems.append("due_date and due_precision disagree")
    if due is not None:
        try:
            datetime.date.fromisoformat(due)
        except (ValueError, TypeError):
            problems.append(f"due_date {due!r} is not an ISO date")
    parties = item.get("parties")
    if not parties:
        problems.append("no obligated side")
    else:
        problems.extend(
            f"party {name!r} is no country"
            for name in parties
            if len(side_key(name)) != 2
        )
    return problems


def gold_problems(gold: GoldText) -> list[str]:
    """Every problem of a labelled text, each prefixed with its commitment's index."""
    problems = []
    if gold.set not in SETS[1:]:
        problems.append(f"unknown set {gold.set!r}")
    if not gold.commitments:
        problems.append("no commitments")
    previous_end = 0
    for index, item in enumerate(gold.commitments):
        found = item_problems(gold.text, item)
        start = item.get("start")
        if isinstance(start, int) and start < previous_end:
            found.append("overlaps or precedes the previous commitment")
        previous_end = max(previous_end, item.get("end") or 0)
        problems.extend(f"#{index}: {problem}" for problem in found)
    return problems
