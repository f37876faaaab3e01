"""Events a text reports as done, with the day they took place. Pure.

"within 30 days of the signing" has a date only when the text dates the
signing: "the memorandum was signed in Oslo on Monday", "signed today",
"the signing took place on 3 March 2026". Without a stated day, a signing the
text reports as done took place on the publication date (news reports the
day's events); the note says which reading was used. "within 60 days of the
talks" is dated the same way when the text reports talks as held ("after
talks in Tbilisi on Tuesday", "the ministers met on Monday").
"""

import datetime
import re
from dataclasses import dataclass

from dateutil import parser as date_parser

from extraction.rules.numbers import MONTH, WEEKDAYS
from extraction.rules.text import Span, sentences

SIGNING = "signing"
MEETING = "meeting"
IGNORE = re.IGNORECASE
INSTRUMENT = (
    r"(?:agreements?|memorand(?:um|a)|MoUs?|MOUs?|treat(?:y|ies)|accords?|"
    r"protocols?|deals?|contracts?|letters?\s+of\s+intent|declarations?)"
)
_SIGNED = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:formally\s+|officially\s+)?"
    r"(?:signed|inked)\b"
    rf"|\b(?:signed|inked)\s+(?:an?|the|two|three|four|several|\w+)\s+"
    rf"(?:[\w-]+\s+){{0,4}}?{INSTRUMENT}\b"
    r"|\b(?:signing|signature)\s+(?:ceremony\s+)?(?:took\s+place|was\s+held)\b"
    # "The leaders witnessed the signing today of a memorandum".
    r"|\b(?:witnessed|attended|oversaw|presided\s+over)\s+(?:the\s+)?(?:signing|"
    r"signature)\b"
    # "The agreement, signed on Monday, ..."
    r"|\b(?:signed|inked)\s+(?:on|today|yesterday|earlier\s+today|this\s+week)\b"
    # "The agreement, signed in Tbilisi on Tuesday, ..."
    r"|\b(?:signed|inked)\s+(?:in|at)\s+(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?"
    r"\s+(?:on\s+\w+day|today|yesterday)\b",
    IGNORE,
)
_WEEKDAY_NAMES = "|".join(WEEKDAYS)
# Talks the text reports as held: "after talks in Tbilisi on Tuesday", "the
# ministers met on Monday", "held consultations", "the meeting took place".
_HELD = re.compile(
    r"\b(?:held|holding)\s+(?:[\w-]+\s+){0,2}?(?:talks|consultations|discussions|"
    r"negotiations|meetings?)\b"
    r"|\bafter\s+(?:their\s+|the\s+)?(?:[\w-]+\s+){0,3}?(?:talks|meeting|"
    r"consultations|discussions)\b"
    r"|\b(?:talks|consultations|discussions|negotiations|meeting)\s+(?:were\s+|was\s+)?"
    r"(?:held\s+)?(?:in\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?\s+)?"
    rf"(?:on\s+(?:{_WEEKDAY_NAMES})|today|yesterday)\b"
    r"|\bmet\s+(?:in\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?\s+)?"
    rf"(?:on\s+(?:{_WEEKDAY_NAMES})|today|yesterday)\b"
    r"|\b(?:meeting|talks)\s+took\s+place\b",
    IGNORE,
)
_NOT_YET = re.compile(
    r"\b(?:next|first|coming|upcoming|forthcoming|inaugural)\b", IGNORE
)
_FUTURE = re.compile(r"\b(?:will|shall|to\s+be|would|plans?\s+to|expected)\b", IGNORE)
_FULL_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH},?\s+\d{{4}}\b"
    rf"|\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b",
    IGNORE,
)
_WEEKDAY = re.compile(r"\bon\s+(?P<wd>" + "|".join(WEEKDAYS) + r")\b", IGNORE)
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_YESTERDAY = re.compile(r"\byesterday\b", IGNORE)
EVENT_NOUNS = {
    "signing": SIGNING,
    "signature": SIGNING,
    "agreement": SIGNING,
    "memorandum": SIGNING,
    "mou": SIGNING,
    "treaty": SIGNING,
    "accord": SIGNING,
    "protocol": SIGNING,
    "deal": SIGNING,
    "talks": MEETING,
    "consultations": MEETING,
    "discussions": MEETING,
    "negotiations": MEETING,
    "meeting": MEETING,
    "session": MEETING,
    "round": MEETING,
    "summit": MEETING,
    "visit": MEETING,
}


@dataclass(frozen=True)
class EventDate:
    """The day an event took place and how the text says so."""

    date: datetime.date
    how: str


def _day(sentence: str, published: datetime.date) -> tuple[datetime.date, str]:
    full = _FULL_DATE.search(sentence)
    if full:
        default = datetime.datetime(published.year, 1, 1)  # noqa: DTZ001 (a day)
        try:
            day = date_parser.parse(
                re.sub(r"\bof\b|,", " ", full.group(0)), default=default
            ).date()
        except (ValueError, OverflowError):
            day = None
        if day is not None and day <= published:
            return day, f"dated “{full.group(0)}” in the text"
    weekday = _WEEKDAY.search(sentence)
    if weekday:
        wanted = WEEKDAYS.index(weekday["wd"].lower())
        back = (published.weekday() - wanted) % 7
        day = published - datetime.timedelta(days=back)
        return (
            day,
            f"“{weekday.group(0)}”: the last {weekday['wd']} on or before publication",
        )
    if _YESTERDAY.search(sentence):
        return published - datetime.timedelta(
            days=1
        ), "“yesterday”: the day before publication"
    return published, "reported as done, so taken as the publication date"


def _sentence_around(text: str, position: int) -> Span:
    # Only the sentence around the match: cutting the whole text into
    # sentences would cost more than the rest of this module.
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    line = Span(line_start, len(text) if line_end == -1 else line_end)
    return next((s for s in sentences(text, line) if s.start <= position < s.end), line)


def _first_done(
    text: str, published: datetime.date, pattern: re.Pattern[str], label: str
) -> EventDate | None:
    for match in pattern.finditer(text):
        span = _sentence_around(text, match.start())
        # Only the words just before: "will deepen ties under a package agreed
        # after talks on Tuesday" reports talks held, whatever else is future.
        before = text[max(span.start, match.start() - 40) : match.start()]
        if _FUTURE.search(before) or _NOT_YET.search(match.group(0)):
            continue
        sentence = text[span.start : span.end]
        # The day stated after the event comes first ("after talks in Nairobi
        # on Tuesday"), before a dateline's date in the same sentence.
        after = text[match.start() : span.end]
        if _FULL_DATE.search(after) or _WEEKDAY.search(after):
            sentence = after
        day, how = _day(sentence, published)
        earlier = [int(y) for y in _YEAR.findall(sentence) if int(y) < published.year]
        if earlier and day == published:
            # "the first pact was signed in 1963": history, not this event.
            continue
        return EventDate(day, f"{label} (“{match.group(0)}”) {how}")
    return None


def event_dates(text: str, published: datetime.date) -> dict[str, EventDate]:
    """The events the text reports as done, by kind, with their day."""
    found = {}
    for kind, pattern, label in (
        (SIGNING, _SIGNED, "the signing"),
        (MEETING, _HELD, "the talks"),
    ):
        dated = _first_done(text, published, pattern, label)
        if dated is not None:
            found[kind] = dated
    return found


_NAMED_DAY = re.compile(
    rf"\b(?:(?P<wd>{_WEEKDAY_NAMES})|today|yesterday)[’']s\b", IGNORE
)


def day_in_phrase(phrase: str, published: datetime.date) -> EventDate | None:
    """The day an event phrase names itself: "Tuesday's talks" (the last
    Tuesday on or before publication), "today's meeting", "yesterday's
    signing"; None when the phrase names no day."""
    match = _NAMED_DAY.search(phrase)
    if match is None:
        return None
    if match["wd"]:
        wanted = WEEKDAYS.index(match["wd"].lower())
        day = published - datetime.timedelta(days=(published.weekday() - wanted) % 7)
        return EventDate(
            day, f"“{match.group(0)}”: the last {match['wd']} on or before publication"
        )
    if match.group(0).lower().startswith("yesterday"):
        return EventDate(
            published - datetime.timedelta(days=1),
            "“yesterday's”: the day before publication",
        )
    return EventDate(published, "“today's”: the publication date")


def event_kind(phrase: str) -> str | None:
    """Which reported event a phrase like "of the signing" refers to."""
    lowered = phrase.lower()
    if re.search(r"entry\s+into\s+force|ratification|approval|adoption", lowered):
        return None
    if _NOT_YET.search(lowered):
        # "within 30 days of the next meeting": not an event that took place.
        return None
    for word in re.findall(r"[a-z]+", lowered)[::-1]:
        if word in EVENT_NOUNS:
            return EVENT_NOUNS[word]
    return None
