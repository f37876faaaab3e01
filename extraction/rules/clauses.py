"""Cutting a sentence into the clauses that each state one commitment.

"X agreed to A and to B" states two commitments; so does "A will meet every
three months, while B will meet annually". A clause is cut off only where
what follows can stand as a commitment of its own: its own undertaking cue,
or an infinitive governed by the cue before it ("agreed to A, hold B and to C").
"""

import re
from dataclasses import dataclass

from extraction.rules.cues import Cue, find_cues
from extraction.rules.text import Span, strip

IGNORE = re.IGNORECASE


@dataclass(frozen=True)
class Clause:
    """A clause and the cue that makes it a commitment (its own or inherited)."""

    span: Span
    cue: Cue | None
    inherited: bool = False


# Where independent clauses meet: the right side must carry its own cue.
_JOINS = re.compile(
    r"(?P<report>,?\s+and\s+)(?=(?:said|added|announced|stated|confirmed|assured|"
    r"disclosed)\b)"
    r"|\s*;\s*(?:and\s+|while\s+|but\s+)?"
    r"|,\s+(?:while|whereas|and|but|as\s+well\s+as)\s+"
    r"|\s+while\s+|\s+and\s+(?=(?:will|shall|agreed|decided|pledged|committed)\b)",
    IGNORE,
)
# Actions an undertaking governs in a list: "agreed to hold A, sign B and to C".
ACTION_VERBS = (
    r"accelerate|adopt|allocate|appoint|attend|begin|boost|broaden|build|"
    r"collaborate|combat|complete|conclude|conduct|construct|continue|"
    r"convene|cooperate|coordinate|counter|create|deepen|deploy|designate|"
    r"develop|devise|digitize|dispatch|double|draft|ease|enhance|ensure|"
    r"establish|exchange|expand|explore|extend|facilitate|fight|finalise|"
    r"finalize|form|formulate|fund|grant|harmonise|harmonize|hold|host|"
    r"implement|improve|increase|intensify|introduce|invest|jointly|launch|"
    r"lift|meet|modernise|modernize|negotiate|offer|open|organise|organize|"
    r"participate|prepare|promote|protect|provide|raise|reduce|remove|renew|"
    r"reopen|repatriate|restore|resume|return|review|revive|send|set|share|"
    r"sign|simplify|start|step|streamline|strengthen|study|support|train|"
    r"triple|upgrade|visit|work"
)
_VERB = r"(?:" + ACTION_VERBS + r")\b"
_INFINITIVE_JOIN = re.compile(
    rf"\s+and\s+(?=to\s+{_VERB})|,\s+(?:and\s+)?(?=(?:to\s+)?{_VERB}\s+\w+\s+\w+)",
    IGNORE,
)
_TRIM = " \t\n,;:–—-"
_LEADING = re.compile(r"(?:and|but|while|whereas|also)\s+", IGNORE)
MIN_CLAUSE = 18  # characters: shorter pieces are list items, not commitments


def _trim(text: str, span: Span) -> Span:
    span = strip(text, span, _TRIM)
    leading = _LEADING.match(text, span.start, span.end)
    if leading:
        span = Span(leading.end(), span.end)
    return span


def _own_cue(text: str, span: Span) -> Cue | None:
    cues = find_cues(text, span.start, span.end)
    return max(cues, key=lambda cue: cue.strength) if cues else None


def _split_independent(text: str, sentence: Span) -> list[Span]:
    pieces: list[Span] = []
    start = sentence.start
    for match in _JOINS.finditer(text, sentence.start, sentence.end):
        left = _trim(text, Span(start, match.start()))
        right = _trim(text, Span(match.end(), sentence.end))
        if left.end - left.start < MIN_CLAUSE or right.end - right.start < MIN_CLAUSE:
            continue
        right_cue = _own_cue(text, Span(right.start, min(right.end, right.start + 140)))
        if right_cue is None:
            continue
        # Both sides must promise something for the cut to be a new commitment,
        # except after "and said": praise before it must not hide the promise.
        reported = match.group("report") is not None
        if not reported and _own_cue(text, left) is None:
            continue
        pieces.append(left)
        start = match.end()
    pieces.append(_trim(text, Span(start, sentence.end)))
    return [piece for piece in pieces if piece.end > piece.start]


def _split_infinitives(text: str, clause: Span, cue: Cue) -> list[Clause]:
    pieces: list[Clause] = []
    start = clause.start
    for match in _INFINITIVE_JOIN.finditer(text, cue.end, clause.end):
        left = _trim(text, Span(start, match.start()))
        right = _trim(text, Span(match.end(), clause.end))
        if left.end - left.start < MIN_CLAUSE or right.end - right.start < MIN_CLAUSE:
            continue
        # Another cue on the right would make it an independent clause instead.
        pieces.append(Clause(left, cue, inherited=bool(pieces)))
        start = match.end()
    pieces.append(
        Clause(_trim(text, Span(start, clause.end)), cue, inherited=bool(pieces))
    )
    return pieces


def clauses(text: str, sentence: Span) -> list[Clause]:
    """The sentence's clauses that carry an undertaking, in order."""
    result: list[Clause] = []
    for piece in _split_independent(text, sentence):
        cue = _own_cue(text, piece)
        if cue is None:
            continue
        if cue.governs_infinitive:
            result.extend(_split_infinitives(text, piece, cue))
        else:
            result.append(Clause(piece, cue))
    return result
