"""Cadences ("every three months", "meet annually") and durations ("month-long")
found in running text. Pure and table-driven.

A cadence found here is turned into an RRULE by commitments.cadence's
rule_from_phrase, so that a phrase typed by a person and a phrase found in a
text give the same rule. Phrases it does not know ("three times a year") are
first rewritten into ones it does ("every 4 months").
"""

import re
from dataclasses import dataclass

from commitments.cadence import CadenceError, rule_from_phrase
from extraction.rules.numbers import NUMBER, number


@dataclass(frozen=True)
class CadenceFinding:
    """A cadence stated in the text; `rrule` is None when no interval is stated."""

    phrase: str
    start: int
    end: int
    rrule: str | None
    note: str = ""


@dataclass(frozen=True)
class DurationFinding:
    """A stated length ("one-month"), in days."""

    phrase: str
    start: int
    end: int
    days: int


UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}
# Nouns an "annual"/"quarterly" adjective must qualify to be a schedule:
# "annual summit" is one, "annual trade" is not.
EVENT_NOUNS = (
    r"(?:meetings?|summits?|consultations?|dialogues?|sessions?|reviews?|"
    r"conferences?|forums?|fora|exercises?|drills?|talks|reports?|visits?|"
    r"exchanges?|events?|festivals?|commissions?|councils?|gatherings?|rounds?|"
    r"trainings?|courses?|workshops?|seminars?|retreats?|conventions?|games|"
    r"expos?|exhibitions?|fairs?|ministerials?|assessments?|evaluations?|"
    r"inspections?|audits?|camps?|symposi(?:a|ums?)|get-togethers?|"
    r"consultative|coordination|progress|stock-?takes?)"
)
# Nouns after which "monthly" or "quarterly" describe an amount, not a schedule.
AMOUNT_NOUNS = (
    r"(?:trade|volume|output|income|budget|turnover|growth|rate|figures?|"
    r"salar(?:y|ies)|revenue|production|exports?|imports?|average|total|basis)"
)
ADVERBS = {
    "biannually": "biannually",
    "bi-annually": "biannually",
    "semiannually": "semi-annually",
    "semi-annually": "semi-annually",
    "half-yearly": "half-yearly",
    "biennially": "biennially",
    "triennially": "every 3 years",
    "annually": "annually",
    "yearly": "yearly",
    "quarterly": "quarterly",
    "monthly": "monthly",
    "bimonthly": "bimonthly",
    "bi-monthly": "bimonthly",
    "fortnightly": "fortnightly",
    "biweekly": "biweekly",
    "bi-weekly": "biweekly",
    "weekly": "weekly",
    "daily": "daily",
}
ADJECTIVES = {
    "annual": "annually",
    "biannual": "biannually",
    "bi-annual": "biannually",
    "semiannual": "semi-annually",
    "semi-annual": "semi-annually",
    "biennial": "biennially",
    "triennial": "every 3 years",
    "yearly": "annually",
    "quarterly": "quarterly",
    "monthly": "monthly",
    "weekly": "weekly",
}
# Times per period -> the phrase for the equivalent interval.
TIMES_PER = {
    ("year", 1): "annually",
    ("year", 2): "every 6 months",
    ("year", 3): "every 4 months",
    ("year", 4): "every 3 months",
    ("year", 6): "every 2 months",
    ("year", 12): "monthly",
    ("quarter", 1): "quarterly",
    ("month", 1): "monthly",
    ("month", 2): "every 2 weeks",
    ("month", 4): "weekly",
    ("week", 1): "weekly",
}
TIMES = {"once": 1, "twice": 2, "thrice": 3}
VAGUE = "regular (no interval stated)"

_EVERY = re.compile(
    rf"\b(?:once\s+)?every\s+(?:(?P<n>{NUMBER}|other|second)\s+)?"
    r"(?P<unit>day|week|fortnight|month|quarter|year)s?\b",
    re.IGNORECASE,
)
_TIMES_PER = re.compile(
    rf"\b(?P<times>once|twice|thrice|(?:{NUMBER})\s+times)\s+"
    r"(?:a|per|each|every|in\s+a)\s+(?P<unit>year|quarter|month|week)\b",
    re.IGNORECASE,
)
_TIMES_ADVERB = re.compile(
    r"\b(?P<times>once|twice|thrice)\s+(?P<adv>annually|yearly|monthly)\b",
    re.IGNORECASE,
)
_BASIS = re.compile(
    r"\bon\s+an?\s+(?P<word>annual|yearly|biannual|bi-annual|semi-annual|quarterly|"
    r"monthly|weekly|regular|periodic|rotational|routine)\s+basis\b",
    re.IGNORECASE,
)
# "each year", "per month"; "60 officers a year" (a plural count before "a").
_EACH = re.compile(
    r"\b(?:each|per|(?<=[a-z]s\s)a)\s+(?P<unit>year|month|quarter|week)\b"
    r"(?!\s+(?:ago|later|earlier|after|before|from|since|or|and|of)\b)",
    re.I,
)
_ADVERB = re.compile(
    r"\b(?P<word>" + "|".join(sorted(ADVERBS, key=len, reverse=True)) + r")\b"
    rf"(?!\s+{AMOUNT_NOUNS}\b)",
    re.IGNORECASE,
)
_ADJECTIVE = re.compile(
    r"\b(?P<word>" + "|".join(sorted(ADJECTIVES, key=len, reverse=True)) + r")"
    rf"\s+(?:[\w-]+\s+){{0,3}}?{EVENT_NOUNS}\b",
    re.IGNORECASE,
)
_REGULAR = re.compile(
    r"\b(?:regular|regularly|periodic|periodically|routine|frequent|"
    r"from time to time)\b",
    re.IGNORECASE,
)
_DURATIONS = (
    re.compile(
        rf"\b(?P<n>{NUMBER}|a|an)?[- ]?(?P<unit>day|week|fortnight|month|year)"
        r"[- ]long\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?P<n>{NUMBER})-(?P<unit>day|week|month|year)\b(?!-old)", re.IGNORECASE
    ),
    re.compile(
        rf"\b(?<!within )(?<!in )for\s+(?:a\s+period\s+of\s+)?(?P<n>{NUMBER}|a|an)\s+"
        r"(?P<unit>day|week|fortnight|month|year)s?\b",
        re.IGNORECASE,
    ),
)


def _rule(phrase: str) -> str | None:
    try:
        return rule_from_phrase(phrase)
    except CadenceError:
        return None


def _every(match: re.Match[str]) -> tuple[str, str | None]:
    raw, unit = (match["n"] or "1").lower(), match["unit"].lower()
    count = 2 if raw in {"other", "second"} else number(raw)
    if count is None:
        return match.group(0), None
    if unit == "quarter":
        unit, count = "month", count * 3
    elif unit == "fortnight":
        unit, count = "week", count * 2
    phrase = f"every {count} {unit}s" if count != 1 else f"every {unit}"
    return phrase, _rule(phrase)


def _times(match: re.Match[str]) -> tuple[str, str | None]:
    raw = match["times"].lower()
    times = TIMES.get(raw) or number(raw.split()[0])
    phrase = TIMES_PER.get((match["unit"].lower(), times or 0))
    return (phrase, _rule(phrase)) if phrase else (match.group(0), None)


def _times_adverb(match: re.Match[str]) -> tuple[str, str | None]:
    unit = "month" if match["adv"].lower() == "monthly" else "year"
    phrase = TIMES_PER.get((unit, TIMES[match["times"].lower()]))
    return (phrase, _rule(phrase)) if phrase else (match.group(0), None)


def _basis(match: re.Match[str]) -> tuple[str, str | None]:
    word = match["word"].lower()
    if word in {"regular", "periodic", "rotational", "routine"}:
        return VAGUE, None
    phrase = ADJECTIVES.get(word, word)
    return phrase, _rule(phrase)


def _each(match: re.Match[str]) -> tuple[str, str | None]:
    unit = match["unit"].lower()
    phrase = "quarterly" if unit == "quarter" else f"every {unit}"
    return phrase, _rule(phrase)


def _adverb(match: re.Match[str]) -> tuple[str, str | None]:
    phrase = ADVERBS[match["word"].lower()]
    return phrase, _rule(phrase)


def _adjective(match: re.Match[str]) -> tuple[str, str | None]:
    phrase = ADJECTIVES[match["word"].lower()]
    return phrase, _rule(phrase)


# Most specific first: a later pattern never claims text an earlier one took.
CADENCE_RULES = (
    (_EVERY, _every),
    (_TIMES_PER, _times),
    (_TIMES_ADVERB, _times_adverb),
    (_BASIS, _basis),
    (_ADVERB, _adverb),
    (_ADJECTIVE, _adjective),
    (_EACH, _each),
)


# "the 5th Annual Fisheries Forum", "host the Annual Arctic Conference": an
# adjective in a numbered event, or in the name of an event a side hosts or
# attends, is one event, no cadence.
_ONE_EVENT_BEFORE = re.compile(
    r"(?:\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|"
    r"eighth|ninth|tenth)\s+(?:edition\s+of\s+the\s+)?"
    r"|\b(?:host|hosting|attend|attending|participate\s+in|take\s+part\s+in)\s+"
    r"the\s+)$",
    re.IGNORECASE,
)


# "introduce a second daily ferry crossing": the adjective describes the new
# service; the promise is made once.
_NEW_SERVICE_BEFORE = re.compile(
    r"\b(?:introduc|launch|open|establish|add|start)\w*\s+(?:a|an)\s+"
    r"(?:new\s+|second\s+|third\s+|additional\s+|extra\s+)?$",
    re.IGNORECASE,
)


_SERVICE_AFTER = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:ferry|ferries|flights?|trains?|services?|routes?|"
    r"crossings?|connections?|links?|shuttles?|sailings?|buses)\b",
    re.IGNORECASE,
)


def _describes_new_service(text: str, match: re.Match[str], start: int) -> bool:
    a, b = match.span("word")
    return (
        _NEW_SERVICE_BEFORE.search(text[max(start, a - 40) : a]) is not None
        and _SERVICE_AFTER.match(text, b) is not None
    )


def _names_one_event(text: str, match: re.Match[str], start: int) -> bool:
    a = match.start("word")
    before = _ONE_EVENT_BEFORE.search(text[max(start, a - 40) : a])
    # After "host the", only a capitalised name ("the Annual X Forum") is one event.
    if before is None:
        return False
    hosted = before.group(0).lower().startswith(("host", "attend", "particip", "take"))
    return not hosted or text[a].isupper()


def find_cadence(
    text: str, start: int = 0, end: int | None = None
) -> CadenceFinding | None:
    """The first stated cadence in `text[start:end]`, or a vague "regular" one."""
    end = len(text) if end is None else end
    taken: list[tuple[int, int]] = []
    found: list[CadenceFinding] = []
    for pattern, read in CADENCE_RULES:
        for match in pattern.finditer(text, start, end):
            if any(match.start() < b and a < match.end() for a, b in taken):
                continue
            # "within a month of" or "every year since 2015" are not schedules.
            before = text[max(start, match.start() - 8) : match.start()].lower()
            if before.endswith(("within ", "in ")) and pattern is _EVERY:
                continue
            if pattern is _ADJECTIVE and _names_one_event(text, match, start):
                continue
            if pattern in (_ADJECTIVE, _ADVERB) and _describes_new_service(
                text, match, start
            ):
                continue
            taken.append((match.start(), match.end()))
            _, rrule = read(match)
            note = "" if rrule else "No interval could be read from this phrase."
            # "annual summit": the phrase is the adjective, not the noun after it.
            a, b = match.span("word") if pattern is _ADJECTIVE else match.span()
            found.append(CadenceFinding(text[a:b], a, b, rrule, note))
    if found:
        with_rule = [f for f in found if f.rrule] or found
        return min(with_rule, key=lambda f: f.start)
    vague = _REGULAR.search(text, start, end)
    if vague:
        return CadenceFinding(
            vague.group(0),
            vague.start(),
            vague.end(),
            None,
            "The text says it recurs but gives no interval: a person should set one.",
        )
    return None


def find_duration(
    text: str, start: int = 0, end: int | None = None
) -> DurationFinding | None:
    """The first stated duration in `text[start:end]`, in days."""
    end = len(text) if end is None else end
    best: DurationFinding | None = None
    for pattern in _DURATIONS:
        match = pattern.search(text, start, end)
        if match is None:
            continue
        count = number(match["n"]) if match["n"] else 1
        if count is None:
            continue
        finding = DurationFinding(
            match.group(0).strip(),
            match.start(),
            match.end(),
            count * UNIT_DAYS[match["unit"].lower()],
        )
        if best is None or finding.start < best.start:
            best = finding
    return best
