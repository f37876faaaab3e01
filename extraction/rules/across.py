"""Rules across a text's candidates, once each clause has its own: a lead
that only summarises what follows is left out, a recurring commitment starts
at the next session stated with it, and "before the next meeting" takes that
meeting's stated date. Pure."""

from __future__ import annotations

import itertools
import re
from functools import cache
from typing import TYPE_CHECKING

from extraction.rules.countries import side_words
from extraction.rules.dates import NEXT_MEETING
from extraction.rules.kinds import ORDINAL
from extraction.rules.text import Span

if TYPE_CHECKING:
    from extraction.rules.pipeline import Candidate


# A lead that only summarises: "X and Y agreed to deepen cooperation on A, B
# and C", "agreed on a package of measures".
_VAGUE_LEAD = re.compile(
    r"\b(?:expand|expanding|deepen|deepening|strengthen|strengthening|step\s+up|"
    r"stepping\s+up|boost|boosting|enhance|enhancing|broaden|broadening|intensify|"
    r"work\s+together|working\s+together|cooperate|co-operate|modernise|modernize|"
    r"regularly|"
    r"(?:a\s+)?(?:package|set|series|raft|range)\s+of\s+(?:[\w,-]+\s+){0,5}?(?:measures|steps|"
    r"agreements|initiatives|projects))\b",
    re.IGNORECASE,
)
_COMMON_WORDS = frozenset(
    [
        "will",
        "would",
        "shall",
        "with",
        "that",
        "this",
        "their",
        "they",
        "both",
        "sides",
        "side",
        "agreed",
        "agree",
        "also",
        "countries",
        "country",
        "governments",
        "government",
        "ministers",
        "minister",
        "said",
        "announced",
        "after",
        "from",
        "into",
        "under",
        "further",
        "each",
        "other",
        "which",
        "were",
        "have",
        "been",
        "more",
        "than",
        "joint",
        "first",
        "next",
        "year",
        "years",
        "month",
        "months",
        "hold",
        "held",
    ]
)


# A news lead reports the day's agreement ("X and Y agreed on Tuesday to …",
# "on Thursday agreed to …"): the article's later paragraphs give its promises
# one by one, with their dates and sides.
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday)"
_REPORTED_AGREEMENT = re.compile(
    rf"\bagreed\s+(?:on\s+)?{_DAY}\b|\b(?:on\s+)?{_DAY}\s+agreed\b",
    re.IGNORECASE,
)


def _content_words(quote: str) -> set[str]:
    return {
        w
        for w in re.findall(r"[a-z]{4,}", quote.lower())
        if w not in _COMMON_WORDS and w not in _country_words()
    }


def _stems(words: set[str]) -> set[str]:
    # "patrol" and "patrols", "connect" and "connection" say the same thing.
    return {w[:5] for w in words}


@cache
def _country_words() -> frozenset[str]:
    # "Kenya and Uganda agreed …" shares the sides with every later promise.
    return frozenset(
        part for word in side_words() for part in re.findall(r"[a-z]{4,}", word.lower())
    )


def drop_summary_leads(
    text: str, found: list[Candidate], lead: Span | None
) -> list[Candidate]:
    """Leave out a lead sentence that only summarises what the text details
    later (the labelling guide): a vague one ("agreed to deepen cooperation
    on A, B and C") or a news lead reporting the day's agreement, undated,
    when at least three commitments follow; or an undated recurring one that
    a later commitment of the same kind and cadence restates with its start."""
    if lead is None:
        return found
    later = [c for c in found if c.start >= lead.end]
    reported = _REPORTED_AGREEMENT.search(text, lead.start, lead.end) is not None
    kept = []
    for candidate in found:
        if lead.start <= candidate.start < lead.end:
            vague = (
                candidate.kind in {"ongoing", "event_attendance", "recurring_meeting"}
                and not candidate.due_date
                and not candidate.cadence
                and candidate.quantity is None
                and _VAGUE_LEAD.search(candidate.quote) is not None
                and len(later) >= 3
            )
            words = _content_words(candidate.quote)
            # A series the lead announces and a later sentence schedules
            # ("will hold annual navy staff talks" ... "agreed to hold annual
            # navy staff talks, beginning in ..."); one-off facts in a lead
            # differ from their details too often to be merged by words.
            restated = (
                candidate.cadence is not None
                and candidate.due_date is None
                and any(
                    c.kind == candidate.kind
                    and c.cadence == candidate.cadence
                    # The later one details it: it states when it starts.
                    and c.due_date is not None
                    and len(words & _content_words(c.quote)) >= 4
                    for c in later
                )
            )
            news_lead = (
                reported
                and len(later) >= 3
                and not candidate.due_date
                and not candidate.cadence
                and candidate.quantity is None
                and any(
                    c.kind == candidate.kind
                    and len(_stems(words) & _stems(_content_words(c.quote))) >= 2
                    for c in later
                )
            )
            if vague or restated or news_lead:
                continue
        kept.append(candidate)
    return kept


_NEXT_SESSION = re.compile(
    r"\b(?:its|their|the)\s+(?:next|" + ORDINAL + r")\s+(?:[\w’'-]+\s+){0,2}?"
    r"(?:session|meeting|sitting|round|retreat|summit)\b",
    re.IGNORECASE,
)


def start_at_next_sessions(text: str, found: list[Candidate]) -> None:
    """ "The cabinet will meet twice a year, and its next session will be held
    in Colonia in the spring": the recurring commitment starts with that
    session (the labelling guide's first stated occurrence)."""
    for recurring, following in itertools.pairwise(found):
        if not recurring.cadence or recurring.due_date or not following.due_date:
            continue
        # The same sentence only: a later sentence's "next meeting" may be
        # any meeting, not this series' first.
        between = text[recurring.end - 1 : following.start]
        if len(between) > 12 or any(mark in between for mark in ".!?\n"):
            continue
        if not _NEXT_SESSION.search(following.quote):
            continue
        recurring.due_date = following.due_date
        recurring.due_precision = following.due_precision
        recurring.due_phrase = following.due_phrase
        recurring.cadence_start = following.due_date
        recurring.resolution_note = (
            f"First occurrence: the next session, {following.due_phrase.strip()} "
            f"({following.due_date})."
        )[:500]


_NEXT_EVENT = re.compile(
    r"(?P<which>next|first|inaugural)\s+(?P<event>[\w\s’'-]+)$", re.IGNORECASE
)


def _names_event(candidate: Candidate, stems: list[str], which: str) -> bool:
    quote = candidate.quote.lower()
    if not all(stem in quote for stem in stems):
        return False
    # A one-off source must be that very event: "the next session will be
    # held in Oslo in May", "its first session in March".
    return bool(candidate.cadence) or which in quote


def link_next_meetings(found: list[Candidate]) -> None:
    """ "before the next meeting", "before the commission's first session":
    due at that meeting's date when the same text states it, either as the
    stated start of a recurring commitment naming that event or as a dated
    one-off naming it. A date computed from a cadence alone is no stated date,
    so the phrase then stays undated for a person to set."""
    for candidate in found:
        if candidate.due_date or candidate.cadence:
            continue
        if candidate.due_link != NEXT_MEETING:
            continue
        wanted = _NEXT_EVENT.search(candidate.due_phrase.strip())
        which = (wanted["which"] if wanted else "next").lower()
        event = wanted["event"] if wanted else "meeting"
        words = re.sub(r"[’']s?\b", "", event).lower().split()
        # Each word of the event must be in the source's quote ("the next
        # Mercosur summit" is no meeting this text schedules); "meeting" also
        # matches "meet".
        stems = [w[:4] for w in words]
        source = next(
            (
                c
                for c in found
                if c is not candidate
                and c.due_date is not None
                and c.due_link != NEXT_MEETING
                and _names_event(c, stems, which)
            ),
            None,
        )
        if source is None:
            continue
        if source.cadence and source.cadence_start:
            candidate.due_date = source.cadence_start
            stated = f"{source.cadence_phrase}, next on {source.cadence_start}"
        else:
            candidate.due_date = source.due_date
            stated = f"{source.due_phrase.strip()}: {source.due_date}"
        candidate.due_precision = source.due_precision
        candidate.resolution_note = (
            f"Due {candidate.due_phrase.strip()}: linked to the commitment "
            f"“{source.title}” ({stated})."
        )[:500]


# "… will attend the next session of the committee in Baghdad in January. An
# updated agreement will be signed at that session."
_AT_THAT = re.compile(
    r"\b(?:at|during|on\s+the\s+sidelines\s+of|before|ahead\s+of|prior\s+to|"
    r"in\s+time\s+for)\s+(?:that|the\s+same)\s+"
    r"(?P<event>session|meeting|summit|retreat|visit|conference|forum|sitting|round)\b",
    re.IGNORECASE,
)


def date_at_that_event(found: list[Candidate]) -> None:
    """ "… will be signed at that session": due on the date of the nearest
    earlier commitment that names a dated event of that kind."""
    for index, candidate in enumerate(found):
        if candidate.due_date or candidate.cadence:
            continue
        match = _AT_THAT.search(candidate.quote)
        if match is None:
            continue
        # The event's own word ("session", "meetings"), not its letters:
        # "visi" is in "provisions", "meet" in "meet demand".
        named = re.compile(rf"\b{match['event'].lower()}s?\b", re.IGNORECASE)
        source = next(
            (
                c
                for c in reversed(found[:index])
                # A series' stated first occurrence counts too: "meet every
                # six months, with the first meeting in Berlin in September".
                if c.due_date is not None and named.search(c.quote)
            ),
            None,
        )
        if source is None:
            continue
        candidate.due_date = source.due_date
        candidate.due_precision = source.due_precision
        candidate.due_phrase = match.group(0)
        candidate.resolution_note = (
            f"Due “{match.group(0)}”: the date of “{source.title}” "
            f"({source.due_phrase.strip()}: {source.due_date})."
        )[:500]
