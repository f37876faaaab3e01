"""From a text and its publication date to candidate commitments. Pure.

Paragraphs -> sentences -> clauses with an undertaking cue; headlines, page
furniture, praise and descriptions are left out; each clause left gets a kind,
a cadence or due date resolved against the publication date, a duration, its
sides and institutions, and a confidence.
"""

import datetime
import re
from dataclasses import asdict, dataclass, field

from commitments.cadence import CadenceError, cadence_build
from core.dates import is_supported_date
from extraction.rules import cues as cue_rules
from extraction.rules.across import (
    date_at_that_event,
    drop_summary_leads,
    link_next_meetings,
    start_at_next_sessions,
)
from extraction.rules.clauses import Clause, clauses
from extraction.rules.countries import country_named
from extraction.rules.dates import (
    UNKNOWN,
    DateContext,
    find_dates,
    pick_due,
)
from extraction.rules.entities import EntityMatcher, KnownNames
from extraction.rules.events import event_dates
from extraction.rules.kinds import EXCHANGE, classify, find_quantity
from extraction.rules.recurrence import find_cadence, find_duration
from extraction.rules.seasons import NORTH, SOUTH, Hemisphere
from extraction.rules.text import Span, paragraphs, sentences

THRESHOLD = 0.5  # below this a clause is not proposed at all
EXTRACTOR_VERSION = "rules-1"
TITLE_LENGTH = 120

_TERMINAL = '.!?:;"”’)»…'
# An empty item ("a)" alone) is still an item: the list goes on after it.
_BULLET = re.compile(
    r"(?:[-*•▪–]|\d{1,2}[.)]|\([a-z0-9]\)|[a-z]\)|\(?[ivx]{1,4}\))(?:\s+|$)"
)
# "JAKARTA –", "BAKU, November 4, 2025 —", "MANILA (July 1, 2026) –",
# "Islamabad :": where and when the story was filed, not part of a commitment.
_DATELINE = re.compile(
    r"(?:[A-Z][\w’'.]+(?:[ ,]+[A-Z][\w’'.]+){0,3})"
    r"(?P<date>,?\s*\(?[^()\n—–|]{0,30}?\d{4}\)?"
    # "BOGOTÁ, Aug 19 (EFE) –": a day without its year.
    r"|,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    # "NAIROBI, March 12, 2026 (Reuters) –": the agency's name; Spanish
    # agencies close it with ".-" ("SAN SALVADOR, Nov. 10 (EFE).-").
    r"(?:\s*\([A-Z][\w .&/-]{1,24}\))?\.?\s*(?P<sep>—|–|--?|\||:)\s+"
    r"(?=[A-Z\"“‘])"
)
_REPORTING = re.compile(
    r"^(?:[^,;]{0,120}?\b(?:said|stated|added|announced|confirmed|disclosed|noted|"
    r"told\s+\w+|informed\s+\w+|revealed|explained)\s+(?:on\s+\w+\s+|in\s+\w+\s+)?"
    r"that\s+|it\s+was\s+(?:confirmed|agreed|decided|announced)\s+that\s+|"
    r"(?:in\s+addition|earlier\s+this\s+week|meanwhile|during\s+the\s+visit|"
    r"in\s+response|to\s+formali[sz]e\s+this\s+collaboration),\s+)",
    re.IGNORECASE,
)


# A stated period that opens a recurring commitment: "starting in the autumn".
_STARTING = re.compile(
    r"\b(?:starting|beginning|commencing|from|as\s+of)"
    r"(?:\s+(?:in|from|on|during))?\s*$",
    re.IGNORECASE,
)


@dataclass
class Candidate:
    """A commitment proposed from a clause, with everything a person must check."""

    quote: str
    start: int
    end: int
    kind: str
    title: str
    cadence: str | None = None
    cadence_phrase: str = ""
    cadence_start: datetime.date | None = None
    due_date: datetime.date | None = None
    due_precision: str = UNKNOWN
    due_phrase: str = ""
    due_link: str = ""  # "next-meeting": due at a recurring commitment's next date
    resolved_against: datetime.date | None = None
    resolution_note: str = ""
    duration_days: int | None = None
    quantity: int | None = None
    quantity_unit: str = ""
    parties: list[str] = field(default_factory=list)
    institutions: list[dict[str, object]] = field(default_factory=list)
    confidence: float = 0.0
    cues: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready: dates as ISO strings (the shape in docs/extraction.md)."""
        data = asdict(self)
        for name in ("cadence_start", "due_date", "resolved_against"):
            value = data[name]
            data[name] = value.isoformat() if value else None
        return data


def _is_headline(text: str, paragraph: Span) -> bool:
    # Titles and section heads carry no sentence-ending mark; list items do
    # not either, but they start with a bullet.
    if _BULLET.match(text, paragraph.start, paragraph.end):
        return False
    if text.startswith("#", paragraph.start):
        return True
    return text[paragraph.end - 1] not in _TERMINAL


def _without_dateline(text: str, paragraph: Span) -> Span:
    match = _DATELINE.match(
        text, paragraph.start, min(paragraph.end, paragraph.start + 70)
    )
    if match is None:
        return paragraph
    place = text[paragraph.start : match.start("sep")]
    # A dash after an ordinary first word is prose ("Kenya – Ethiopia ties");
    # a dateline has capitals, a date, or a colon or bar.
    if match["date"] or match["sep"] in ":|" or place.split(",")[0].isupper():
        return Span(match.end(), paragraph.end)
    return paragraph


# A list item written on in lower case starts with a word ("conclude an
# agreement …;"), not with a stray letter ("a)" with nothing after it).
_HAS_WORD = re.compile(r"[^\W\d_]{3,}")
_LOWER_ITEM = re.compile(r"[a-z][a-z’'-]+\s")
# "At the close of the session, the two sides agreed as follows." introduces
# the items after it, like a colon.
_INTRODUCES_LIST = re.compile(r"\bas\s+follows\s*[.:]?\s*$", re.IGNORECASE)


def _item_body(
    text: str, paragraph: Span, list_cue: cue_rules.Cue | None
) -> Span | None:
    """The text of a list item, without its bullet: a bulleted or numbered
    paragraph, or, after "The two sides agreed to:", a paragraph that goes on
    the sentence in lower case ("conclude an agreement on …;")."""
    bullet = _BULLET.match(text, paragraph.start, paragraph.end)
    if bullet is not None:
        return Span(bullet.end(), paragraph.end)
    if list_cue is not None and _LOWER_ITEM.match(text, paragraph.start, paragraph.end):
        return paragraph
    return None


def _strongest_cue(text: str, span: Span) -> cue_rules.Cue | None:
    own = cue_rules.find_cues(text, span.start, span.end)
    return max(own, key=lambda c: c.strength) if own else None


def _title(text: str, span: Span) -> str:
    body = text[span.start : span.end]
    framed = _REPORTING.match(body)
    if framed and len(body) - framed.end() > 20:
        body = body[framed.end() :]
    body = body.strip(" .;,")
    if len(body) > TITLE_LENGTH:
        body = body[:TITLE_LENGTH].rsplit(" ", 1)[0] + "…"
    return body[:1].upper() + body[1:]


def _first_occurrence(rule: str, anchor: datetime.date) -> datetime.date | None:
    try:
        cadence = cadence_build(rule, anchor)
        # Most rules fall due within about a year: expanding three years of a
        # weekly rule for every candidate costs more than the rest of a text.
        following = cadence.occurrences(
            after=anchor, until=anchor + datetime.timedelta(days=400)
        ) or cadence.occurrences(
            after=anchor, until=anchor.replace(year=anchor.year + 3)
        )
    except (CadenceError, ValueError, OverflowError):
        return None
    if not following or not is_supported_date(following[0]):
        return None
    return following[0]


def _confidence(
    text: str, clause: Clause, *, dated: bool, parties: list[str], kind: str
) -> float:
    score = clause.cue.strength if clause.cue else 0.5
    if clause.inherited:
        score -= 0.05
    if dated:
        score += 0.05
    if not parties:
        score -= 0.1
    score -= min(
        0.3, 0.1 * cue_rules.hedge_count(text, clause.span.start, clause.span.end)
    )
    if kind == "ongoing" and clause.cue and clause.cue.name in {"will", "intention"}:
        score -= 0.05
    return round(max(0.0, min(1.0, score)), 2)


class Extractor:
    """Extraction for one text: the entity tables are compiled once."""

    def __init__(self, known: KnownNames | None = None, threshold: float = THRESHOLD):
        self.entities = EntityMatcher(known or KnownNames())
        self.threshold = threshold
        self._previous_sides: list[str] = []

    def extract(
        self, text: str, *, published: datetime.date, limit: int | None = None
    ) -> list[Candidate]:
        """Every candidate commitment in `text`, in text order; with a `limit`,
        the first `limit + 1` at most, so the caller knows there were more."""
        self.entities.read_text(text)
        doc_parties = self.entities.document_parties(text)
        self._previous_sides = []
        self._context = DateContext(
            hemisphere=self._hemisphere(text, doc_parties),
            events=event_dates(text, published),
        )
        found: list[Candidate] = []
        list_cue: cue_rules.Cue | None = None
        # The lead: the first body paragraph proposing anything, if it is one
        # of the first two (the first may only introduce the leaders).
        lead: Span | None = None
        body_paragraphs = 0
        for paragraph in paragraphs(text):
            if limit is not None and len(found) > limit:
                return found[: limit + 1]
            if cue_rules.is_boilerplate(
                text, paragraph.start, paragraph.end
            ) or cue_rules.is_preamble(text, paragraph.start, paragraph.end):
                continue
            item = _item_body(text, paragraph, list_cue)
            if item is not None:
                found.extend(
                    self._list_item(text, item, list_cue, published, doc_parties)
                )
                # "4. The Council reviewed progress and agreed on the
                # following:" introduces the items after it.
                if text[paragraph.end - 1] == ":":
                    list_cue = _strongest_cue(text, paragraph) or list_cue
                continue
            list_cue = None
            if _is_headline(text, paragraph):
                continue
            paragraph = _without_dateline(text, paragraph)
            body_paragraphs += 1
            proposed_before = len(found)
            for sentence in sentences(text, paragraph):
                # A question proposes nothing; "agreed to the following:"
                # introduces the list after it, whose items are the commitments.
                if (
                    text[sentence.end - 1] in "?:"
                    or _INTRODUCES_LIST.search(text, sentence.start, sentence.end)
                    or cue_rules.is_boilerplate(text, sentence.start, sentence.end)
                ):
                    continue
                pieces = clauses(text, sentence)
                for clause in pieces:
                    candidate = self._candidate(
                        text, clause, pieces, published, doc_parties
                    )
                    if candidate is not None:
                        found.append(candidate)
            if lead is None and body_paragraphs <= 2 and len(found) > proposed_before:
                lead = paragraph
            # "The two sides agreed to the following:" governs the list after it.
            if text[paragraph.end - 1] == ":" or _INTRODUCES_LIST.search(
                text, paragraph.start, paragraph.end
            ):
                list_cue = _strongest_cue(text, paragraph)
        found = drop_summary_leads(text, found, lead)
        start_at_next_sessions(text, found)
        link_next_meetings(found)
        date_at_that_event(found)
        return found if limit is None else found[: limit + 1]

    def _hemisphere(self, text: str, doc_parties: list[str]) -> Hemisphere:
        """Where seasons are read: the dateline's country, else the hemisphere
        the text's parties share, else the northern one."""
        for paragraph in paragraphs(text)[:3]:
            match = _DATELINE.match(
                text, paragraph.start, min(paragraph.end, paragraph.start + 70)
            )
            if match is None:
                continue
            # "OSLO, June 10, 2026 –": datelines are often in capitals.
            place = text[paragraph.start : match.start("sep")]
            for segment in place.split(","):
                words = segment.strip(" (").title()
                country = country_named(words) if words else None
                if country is not None:
                    return Hemisphere(
                        country.hemisphere,
                        f"the text is filed from {words} ({country.name})",
                    )
        countries = [c for c in map(country_named, doc_parties) if c is not None]
        codes = {c.hemisphere for c in countries}
        if countries and len(codes) == 1:
            code = codes.pop()
            label = "southern" if code == SOUTH else "northern"
            names = " and ".join(c.name for c in countries)
            return Hemisphere(code, f"{names} lie in the {label} hemisphere")
        if len(codes) > 1:
            return Hemisphere(
                NORTH, "the parties span both hemispheres and no dateline says which"
            )
        return Hemisphere()

    def _list_item(
        self,
        text: str,
        span: Span,
        list_cue: cue_rules.Cue | None,
        published: datetime.date,
        doc_parties: list[str],
    ) -> list[Candidate]:
        result: list[Candidate] = []
        # A numbered paragraph of a joint statement often holds several
        # sentences, each its own promise with its own sides and dates.
        for index, sentence in enumerate(sentences(text, span) or [span]):
            if text[sentence.end - 1] == ":" or not _HAS_WORD.search(
                text, sentence.start, sentence.end
            ):
                continue  # it introduces the items after it, or is empty
            pieces = clauses(text, sentence)
            if (
                not pieces
                and list_cue is not None
                and index == 0
                and not cue_rules.reports_not_agrees(text, sentence.start, sentence.end)
            ):
                # "agreed to the following: 1. Establish a committee." The
                # list's cue governs an item's first sentence only.
                pieces = [Clause(sentence, list_cue, inherited=True)]
            for clause in pieces:
                candidate = self._candidate(
                    text, clause, pieces, published, doc_parties
                )
                if candidate is not None:
                    result.append(candidate)
        return result

    def _candidate(
        self,
        text: str,
        clause: Clause,
        siblings: list[Clause],
        published: datetime.date,
        doc_parties: list[str],
    ) -> Candidate | None:
        span, cue = clause.span, clause.cue
        if cue is None:
            return None
        # An inherited cue sits in an earlier clause: look for praise there.
        owner_start = min(
            (c.span.start for c in siblings if c.cue is cue), default=span.start
        )
        if cue.start >= owner_start and cue_rules.negative_before(
            text, owner_start if cue.start < span.start else span.start, cue
        ):
            return None
        if cue_rules.is_description(text, span.start, span.end):
            return None
        cadence = find_cadence(text, span.start, span.end)
        dates = find_dates(text, published, span.start, span.end, context=self._context)
        due = pick_due(dates)
        recurs = cadence is not None
        kind = classify(text, span.start, span.end, recurs=recurs)
        # The subject is what comes before the cue in the clause that owns it.
        subject_end = cue.start if span.start < cue.start <= span.end else None
        parties = self.entities.obligated(
            text,
            span.start,
            span.end,
            kind=kind,
            doc_parties=doc_parties,
            subject_end=subject_end,
        )
        if not parties and clause.inherited:
            # "agreed to A and to B": B's sides are those named with the cue.
            parties = self.entities.obligated(
                text,
                owner_start,
                span.end,
                kind=kind,
                doc_parties=doc_parties,
                subject_end=cue.start if owner_start < cue.start <= span.end else None,
            )
        institutions = [
            hit.as_dict()
            for hit in self.entities.institutions_in(text, span.start, span.end)
        ]
        duration = find_duration(text, span.start, span.end)
        confidence = _confidence(
            text,
            clause,
            dated=bool(due and due.date) or bool(cadence and cadence.rrule),
            parties=parties,
            kind=kind,
        )
        if confidence < self.threshold:
            return None
        if not parties:
            # "It will meet twice a year", "the commission will hold its next
            # session": a meeting with no side named is the text's two sides;
            # "The centre is expected to open...": the sides of the commitment
            # before it (what "the centre" refers to), else the text's two.
            two = list(doc_parties) if len(doc_parties) == 2 else []
            if kind in {"recurring_meeting", "review", "event_attendance"} and two:
                parties = two
            else:
                parties = list(self._previous_sides) or two
        self._previous_sides = parties
        candidate = Candidate(
            quote=text[span.start : span.end],
            start=span.start,
            end=span.end,
            kind=kind,
            title=_title(text, span),
            parties=parties,
            institutions=institutions,
            confidence=confidence,
            cues=[cue.name + (" (inherited)" if clause.inherited else "")],
            duration_days=duration.days if duration else None,
        )
        notes = []
        if kind == EXCHANGE:
            quantity = find_quantity(text, span.start, span.end)
            if quantity is not None:
                candidate.quantity = quantity.number
                candidate.quantity_unit = quantity.unit
        if cadence is not None:
            candidate.cadence = cadence.rrule
            candidate.cadence_phrase = cadence.phrase
            if cadence.note:
                notes.append(cadence.note)
        if due is not None:
            candidate.due_phrase = due.phrase
            candidate.due_link = due.link
            candidate.due_date = due.date
            candidate.due_precision = due.precision if due.date else UNKNOWN
            candidate.resolved_against = published
            if due.note:
                notes.append(due.note)
        if candidate.cadence:
            candidate.resolved_against = published
            starting = due is not None and (
                _STARTING.search(text, max(0, due.start - 20), due.start)
                or _STARTING.search(due.phrase.split(" ")[0] + " ")
            )
            if due is not None and due.starts and starting:
                # "starting in the autumn": the schedule opens with the period.
                candidate.cadence_start = due.starts
                notes.append(
                    f"Starts {due.phrase} ({due.starts}); the first occurrence is "
                    f"due by {due.date}."
                )
            elif candidate.due_date and due is not None:
                candidate.cadence_start = candidate.due_date
                notes.append(f"First occurrence: {due.phrase} ({due.date}).")
            else:
                candidate.cadence_start = _first_occurrence(
                    candidate.cadence, published
                )
                notes.append(
                    f"First occurrence taken as one interval after {published} "
                    "(the publication date): confirm it."
                )
        elif due is None:
            notes.append("No date stated: a person must choose a target date.")
        candidate.resolution_note = " ".join(notes)[:500]
        return candidate


def extract(
    text: str,
    *,
    published: datetime.date,
    known: KnownNames | None = None,
    limit: int | None = None,
) -> list[Candidate]:
    """Candidate commitments in `text`, dates resolved against `published`."""
    return Extractor(known).extract(text, published=published, limit=limit)
