"""Measuring the rules against the hand-labelled gold data (no database).

A gold file (fixtures/extraction/gold/*.json) names its text, publication
date, set (dev or holdout), the names the directory would know, and the
commitments a person found. A prediction matches a gold commitment when
their spans overlap by at least half of the shorter one; each is matched at
most once, the largest overlaps first.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from extraction.rules.entities import (
    KnownInstitution,
    KnownNames,
    KnownParty,
    KnownPerson,
)
from extraction.rules.pipeline import Candidate, Extractor

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GOLD_DIR = FIXTURES / "extraction" / "gold"
SETS = ("all", "dev", "holdout")


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
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, other: "TextScore") -> None:
        for name in (
            "gold",
            "predicted",
            "matched",
            "cadence_right",
            "due_right",
            "kind_right",
            "parties_right",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    def share(self, count: int) -> float:
        """A count as a share of the matches."""
        return count / self.matched if self.matched else 1.0


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
    """The labelled texts of a set ("all", "dev" or "holdout"), by name."""
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


def score_text(gold: GoldText) -> TextScore:
    """Run the extractor on one text and compare it with its labels."""
    predicted = Extractor(gold.known).extract(gold.text, published=gold.published)
    pairs = match(predicted, gold.commitments)
    score = TextScore(gold.name, len(gold.commitments), len(predicted), len(pairs))
    for candidate, item in pairs:
        due = candidate.due_date.isoformat() if candidate.due_date else None
        cadence_ok = candidate.cadence == item["cadence"]
        due_ok = due == item["due_date"] and (
            candidate.due_precision == item["due_precision"]
        )
        score.cadence_right += cadence_ok
        score.due_right += due_ok
        score.kind_right += candidate.kind == item["kind"]
        score.parties_right += sorted(candidate.parties) == sorted(item["parties"])
        if not (cadence_ok and due_ok):
            score.wrong.append(
                f"{item['quote'][:60]!r}: cadence {candidate.cadence} (gold "
                f"{item['cadence']}), due {due}/{candidate.due_precision} (gold "
                f"{item['due_date']}/{item['due_precision']})"
            )
    matched_gold = {id(item) for _, item in pairs}
    matched_pred = {id(candidate) for candidate, _ in pairs}
    score.misses = [
        g["quote"][:80] for g in gold.commitments if id(g) not in matched_gold
    ]
    score.extras = [p.quote[:80] for p in predicted if id(p) not in matched_pred]
    return score


def evaluate(
    which: str = "all", directory: Path = GOLD_DIR
) -> tuple[list[TextScore], TextScore]:
    """Scores per text and overall for a set."""
    scores = [score_text(gold) for gold in load_gold(directory, which)]
    total = TextScore("overall")
    for score in scores:
        total.add(score)
    return scores, total


def report(scores: list[TextScore], total: TextScore, *, verbose: bool = False) -> str:
    """A table: precision, recall, and cadence/due/kind/parties right per match."""
    header = (
        f"{'text':44} {'gold':>4} {'pred':>4} {'match':>5} {'prec':>5} {'recall':>6} "
        f"{'cadence':>7} {'due':>5} {'kind':>5} {'sides':>5}"
    )
    lines = [header, "-" * len(header)]
    for score in [*scores, total]:
        if score is total:
            lines.append("-" * len(header))
        lines.append(
            f"{score.name[:44]:44} {score.gold:>4} {score.predicted:>4} "
            f"{score.matched:>5} {score.precision:>5.2f} {score.recall:>6.2f} "
            f"{score.share(score.cadence_right):>7.2f} "
            f"{score.share(score.due_right):>5.2f} "
            f"{score.share(score.kind_right):>5.2f} "
            f"{score.share(score.parties_right):>5.2f}"
        )
    if verbose:
        for score in scores:
            for label, items in (
                ("missed", score.misses),
                ("extra", score.extras),
                ("wrong date/cadence", score.wrong),
            ):
                lines.extend(f"  {score.name}: {label}: {item}" for item in items)
    return "\n".join(lines)
