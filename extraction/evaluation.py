"""Measuring the rules against the hand-labelled gold data (no database).

A gold file (fixtures/extraction/gold/*.json) names its text, publication
date, set (dev, holdout, fresh, fresh2, fresh3 or fresh4), the names the directory
would know, and the commitments a person found. A prediction matches a gold
commitment when their spans overlap by at least half of the shorter one; each
is matched at most once, the largest overlaps first. Over the matches we
score cadence, due date, kind and the obligated sides; the kinds also go into
a confusion table (gold kind x predicted kind, with misses and extras in a
"-" row/column).
"""

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry
from babel import Locale

from extraction.rules.entities import (
    KnownInstitution,
    KnownNames,
    KnownParty,
    KnownPerson,
)
from extraction.rules.pipeline import Candidate, Extractor

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GOLD_DIR = FIXTURES / "extraction" / "gold"
# "fresh": a second held-out set, written after the first was used to tune the
# rules (issue 16); "fresh2" a third, written after the second was measured
# and its kinds of error used for another round of rules; "fresh3" a fourth,
# written after fresh2 was used; "fresh4" a fifth, written while fresh3 was
# measured. "holdout" keeps meaning the first one; "all" holds every set.
SETS = ("all", "dev", "holdout", "fresh", "fresh2", "fresh3", "fresh4")
# CommitmentKind's values plus "exchange" (exchanges and quotas with a number,
# issue 16); kept here so that this module stays free of the ORM.
KINDS = (
    "recurring_meeting",
    "review",
    "training",
    "establishment",
    "signing",
    "strategy",
    "visit",
    "event_attendance",
    "ongoing",
    "exchange",
)
NONE = "-"  # the confusion table's row for extras and column for misses
SHORT = {
    "recurring_meeting": "meeting",
    "event_attendance": "event",
    "establishment": "establish",
}
# English names still common in the press that ISO 3166 and CLDR have dropped.
FORMER_NAMES = {
    "turkey": "TR",
    "ivory coast": "CI",
    "burma": "MM",
    "swaziland": "SZ",
    "cape verde": "CV",
    "east timor": "TL",
    "macedonia": "MK",
    "republic of korea": "KR",
    # Common short forms ISO and CLDR do not carry.
    "democratic republic of the congo": "CD",
    "dr congo": "CD",
    "drc": "CD",
    "congo-kinshasa": "CD",
    "congo-brazzaville": "CG",
    "bosnia": "BA",
    "bosnia and herzegovina": "BA",
    "lao pdr": "LA",
    "st kitts and nevis": "KN",
    "saint kitts and nevis": "KN",
    "sao tome and principe": "ST",
    "são tomé and príncipe": "ST",
    "trinidad and tobago": "TT",
    "antigua and barbuda": "AG",
    "st vincent and the grenadines": "VC",
    "saint vincent and the grenadines": "VC",
    "st lucia": "LC",
}
PRECISIONS = ("day", "month", "year", "unknown")
COUNTS = (
    "gold",
    "predicted",
    "matched",
    "cadence_right",
    "due_right",
    "kind_right",
    "parties_right",
)


@dataclass
class GoldText:
    """One labelled text."""

    name: str
    text: str
    published: datetime.date
    set: str
    known: KnownNames
    commitments: list[dict]


@dataclass
class TextScore:
    """Counts for one text (or the sum of several)."""

    name: str
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    cadence_right: int = 0
    due_right: int = 0
    kind_right: int = 0
    parties_right: int = 0
    set: str = ""
    kinds: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, other: "TextScore") -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.kinds.update(other.kinds)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    def share(self, count: int) -> float:
        """A count as a share of the matches."""
        return count / self.matched if self.matched else 1.0

    def figures(self) -> dict[str, object]:
        """The counts and the rates, JSON-ready (rates rounded to 4 places)."""
        data: dict[str, object] = {"name": self.name}
        if self.set:
            data["set"] = self.set
        data.update({name: getattr(self, name) for name in COUNTS[:3]})
        data.update({f"{name}_n": getattr(self, name) for name in COUNTS[3:]})
        data.update(
            precision=round(self.precision, 4),
            recall=round(self.recall, 4),
            cadence_right=round(self.share(self.cadence_right), 4),
            due_right=round(self.share(self.due_right), 4),
            kind_right=round(self.share(self.kind_right), 4),
            sides_right=round(self.share(self.parties_right), 4),
        )
        return data


def known_from(data: dict) -> KnownNames:
    """The gold file's "known" block as the extractor's plain data."""
    return KnownNames(
        parties=tuple(
            KnownParty(p["name"], p.get("code", "")) for p in data.get("parties", [])
        ),
        institutions=tuple(
            KnownInstitution(i["name"], i["party"], i.get("acronym", ""))
            for i in data.get("institutions", [])
        ),
        people=tuple(
            KnownPerson(p["name"], p["party"]) for p in data.get("people", [])
        ),
    )


def load_gold(directory: Path = GOLD_DIR, which: str = "all") -> list[GoldText]:
    """The labelled texts of a set (one of SETS), by name."""
    texts = []
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if which != "all" and data["set"] != which:
            continue
        texts.append(
            GoldText(
                name=path.stem,
                text=(FIXTURES / data["text"]).read_text(encoding="utf-8"),
                published=datetime.date.fromisoformat(data["published"]),
                set=data["set"],
                known=known_from(data.get("known", {})),
                commitments=data["commitments"],
            )
        )
    return texts


@cache
def _country_names() -> dict[str, str]:
    """Every English name of a country (ISO and CLDR) -> its ISO code."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names[value.casefold()] = country.alpha_2
    for code, value in Locale("en").territories.items():
        if len(code) == 2 and code.isalpha():
            names.setdefault(value.casefold(), code)
    for value, code in FORMER_NAMES.items():
        names.setdefault(value, code)
    return names


def side_key(name: str) -> str:
    """One spelling per side, so "Turkey" and "Türkiye" are the same side.

    The score is about who is obliged, not about which of a country's names
    the rules print; names that are no country compare case-insensitively.
    """
    folded = name.strip().replace("’", "'").casefold()
    names = _country_names()
    for variant in (folded, folded.replace("'", "’"), folded.removeprefix("the ")):
        if variant in names:
            return names[variant]
    return folded


def sides_equal(predicted: list[str], gold: list[str]) -> bool:
    """The obligated sides are right when the two sets are equal."""
    return {side_key(name) for name in predicted} == {side_key(name) for name in gold}


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Shared characters as a share of the shorter span."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shared / shorter if shared > 0 and shorter > 0 else 0.0


def match(predicted: list[Candidate], gold: list[dict]) -> list[tuple[Candidate, dict]]:
    """One-to-one pairs that overlap by at least half, largest overlaps first."""
    pairs = []
    for p_index, candidate in enumerate(predicted):
        for g_index, item in enumerate(gold):
            share = overlap(
                (candidate.start, candidate.end), (item["start"], item["end"])
            )
            if share >= 0.5:
                pairs.append((share, p_index, g_index))
    used_p: set[int] = set()
    used_g: set[int] = set()
    result = []
    for _, p_index, g_index in sorted(pairs, reverse=True):
        if p_index in used_p or g_index in used_g:
            continue
        used_p.add(p_index)
        used_g.add(g_index)
        result.append((predicted[p_index], gold[g_index]))
    return sorted(result, key=lambda pair: pair[1]["start"])


def score_predictions(
    items: list[dict], predicted: list[Candidate], *, name: str = "", which: str = ""
) -> TextScore:
    """Compare predictions with one text's gold commitments (pure: no extractor)."""
    pairs = match(predicted, items)
    score = TextScore(name, len(items), len(predicted), len(pairs), set=which)
    for candidate, item in pairs:
        due = candidate.due_date.isoformat() if candidate.due_date else None
        cadence_ok = candidate.cadence == item["cadence"]
        due_ok = due == item["due_date"] and (
            candidate.due_precision == item["due_precision"]
        )
        kind_ok = candidate.kind == item["kind"]
        sides_ok = sides_equal(candidate.parties, item["parties"])
        score.cadence_right += cadence_ok
        score.due_right += due_ok
        score.kind_right += kind_ok
        score.parties_right += sides_ok
        score.kinds[(item["kind"], candidate.kind)] += 1
        problems = []
        if not cadence_ok:
            problems.append(f"cadence {candidate.cadence} (gold {item['cadence']})")
        if not due_ok:
            problems.append(
                f"due {due}/{candidate.due_precision} "
                f"(gold {item['due_date']}/{item['due_precision']})"
            )
        if not kind_ok:
            problems.append(f"kind {candidate.kind} (gold {item['kind']})")
        if not sides_ok:
            sides = sorted(candidate.parties)
            problems.append(f"sides {sides} (gold {item['parties']})")
        if problems:
            score.wrong.append(f"{item['quote'][:60]!r}: " + ", ".join(problems))
    matched_gold = {id(item) for _, item in pairs}
    matched_pred = {id(candidate) for candidate, _ in pairs}
    for item in items:
        if id(item) not in matched_gold:
            score.misses.append(item["quote"][:80])
            score.kinds[(item["kind"], NONE)] += 1
    for candidate in predicted:
        if id(candidate) not in matched_pred:
            score.extras.append(candidate.quote[:80])
            score.kinds[(NONE, candidate.kind)] += 1
    return score


def score_text(gold: GoldText) -> TextScore:
    """Run the extractor on one text and compare it with its labels."""
    predicted = Extractor(gold.known).extract(gold.text, published=gold.published)
    return score_predictions(
        gold.commitments, predicted, name=gold.name, which=gold.set
    )


def totals(scores: list[TextScore]) -> dict[str, TextScore]:
    """The sums per set present in the scores, and over all of them."""
    result = {"all": TextScore("overall (all)", set="all")}
    for which in SETS[1:]:
        chosen = [score for score in scores if score.set == which]
        if chosen:
            total = TextScore(f"overall ({which})", set=which)
            for score in chosen:
                total.add(score)
            result[which] = total
    for score in scores:
        result["all"].add(score)
    return result


def evaluate(
    which: str = "all", directory: Path = GOLD_DIR
) -> tuple[list[TextScore], TextScore]:
    """Scores per text and overall for a set."""
    scores = [score_text(gold) for gold in load_gold(directory, which)]
    total = TextScore("overall", set=which)
    for score in scores:
        total.add(score)
    return scores, total


def confusion(kinds: Counter) -> dict[str, dict[str, int]]:
    """Gold kind -> predicted kind -> count; "-" for a miss or an extra."""
    table: dict[str, dict[str, int]] = {}
    for (gold_kind, predicted_kind), count in sorted(kinds.items()):
        table.setdefault(gold_kind, {})[predicted_kind] = count
    return table


def as_json(scores: list[TextScore], which: str) -> dict[str, object]:
    """The report's numbers as one JSON-ready object."""
    sums = totals(scores)
    return {
        "set": which,
        "texts": [score.figures() for score in scores],
        "overall": {name: total.figures() for name, total in sums.items()},
        "kind_confusion": confusion(sums["all"].kinds),
        "details": {
            score.name: {
                "missed": score.misses,
                "extra": score.extras,
                "wrong": score.wrong,
            }
            for score in scores
        },
    }


def _row(score: TextScore) -> str:
    return (
        f"{score.name[:48]:48} {score.gold:>4} {score.predicted:>4} "
        f"{score.matched:>5} {score.precision:>5.2f} {score.recall:>6.2f} "
        f"{score.share(score.cadence_right):>7.2f} "
        f"{score.share(score.due_right):>5.2f} "
        f"{score.share(score.kind_right):>5.2f} "
        f"{score.share(score.parties_right):>5.2f}"
    )


def confusion_report(kinds: Counter) -> str:
    """The kinds table as text: rows are gold kinds, columns predicted ones."""
    used = sorted({kind for pair in kinds for kind in pair if kind != NONE})
    columns = [*used, NONE]
    short = {kind: SHORT.get(kind, kind)[:10] for kind in columns}
    header = f"{'gold/predicted':18}" + "".join(f"{short[k]:>11}" for k in columns)
    lines = [header]
    for gold_kind in columns:
        counts = [kinds.get((gold_kind, k), 0) for k in columns]
        if any(counts):
            lines.append(
                f"{gold_kind[:18]:18}" + "".join(f"{n or '.':>11}" for n in counts)
            )
    return "\n".join(lines)


def report(scores: list[TextScore], total: TextScore, *, verbose: bool = False) -> str:
    """A table: precision, recall, and cadence/due/kind/sides right per match.

    Below the texts: one overall row per set present, then the kinds'
    confusion table over all the texts shown.
    """
    header = (
        f"{'text':48} {'gold':>4} {'pred':>4} {'match':>5} {'prec':>5} {'recall':>6} "
        f"{'cadence':>7} {'due':>5} {'kind':>5} {'sides':>5}"
    )
    lines = [header, "-" * len(header)]
    lines.extend(_row(score) for score in scores)
    lines.append("-" * len(header))
    sums = totals(scores)
    present = [which for which in SETS[1:] if which in sums]
    lines.extend(_row(sums[which]) for which in present)
    if len(present) != 1:  # one set's sum is already the overall one
        lines.append(_row(sums["all"]))
    lines += ["", "Kinds (gold x predicted; '-' = missed / extra):"]
    lines.append(confusion_report(total.kinds))
    if verbose:
        lines.append("")
        for score in scores:
            for label, items in (
                ("missed", score.misses),
                ("extra", score.extras),
                ("wrong", score.wrong),
            ):
                lines.extend(f"  {score.name}: {label}: {item}" for item in items)
    return "\n".join(lines)
