"""Due dates stated in running text, resolved against the publication date.

Each rule is a pattern and a resolver; the resolver returns the last day the
phrase allows and its precision (day, month, year), or no date at all
("within 90 days of the signing": the signing has no date yet). The phrase
and the anchor are always kept so that a person can check the reading.

Conventions (docs/extraction.md):
- month or year precision: the due date is the last day of that month or year;
- "early/mid/late 2026": year precision (the model has no "part of a year");
  the note says the text narrows it;
- a month without a year ("in September") is the next such month on or after
  the anchor's; "this September" is the anchor's year;
- "within N days/weeks/months" (of nothing named): N after the anchor, day
  precision; "within N days of <event>": no date, precision unknown.
"""

import calendar
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

from core.dates import is_supported_date, unsupported_date_message
from extraction.rules.events import EventDate, day_in_phrase, event_kind
from extraction.rules.numbers import MONTH, NUMBER, WEEKDAYS, month, number
from extraction.rules.seasons import (
    NORTH,
    SOUTH,
    Hemisphere,
    describe,
    next_season,
    season_range,
)

DAY, MONTH_P, YEAR, UNKNOWN = "day", "month", "year", "unknown"


@dataclass(frozen=True)
class DueFinding:
    """A date phrase and what it resolves to; `date` None means no date stated."""

    phrase: str
    start: int
    end: int
    date: datetime.date | None
    precision: str
    anchor: datetime.date
    note: str = ""
    is_deadline: bool = False
    starts: datetime.date | None = None  # first day of a stated period
    link: str = ""  # NEXT_MEETING: due at another commitment's next occurrence


@dataclass(frozen=True)
class DateContext:
    """What a whole text tells the date rules: the hemisphere its seasons are
    read in, and the events it reports as done ("signed on Monday")."""

    hemisphere: Hemisphere = field(default_factory=Hemisphere)
    events: dict[str, EventDate] | None = None


NEXT_MEETING = "next-meeting"
Resolved = tuple[datetime.date | None, str, str]
# A resolver may also give the first day of the period it read.
Resolution = Resolved | tuple[datetime.date | None, str, str, datetime.date | None]


def month_end(year: int, month_number: int) -> datetime.date:
    """The last day of a month."""
    return datetime.date(year, month_number, calendar.monthrange(year, month_number)[1])


def _year(match: re.Match[str], anchor: datetime.date, month_number: int = 1) -> int:
    groups = match.groupdict()
    if groups.get("y"):
        return int(groups["y"])
    rel = (groups.get("rel") or "").lower()
    if rel == "next":
        return anchor.year + 1
    if rel == "this":
        return anchor.year
    # No year: the next such month on or after the anchor's month.
    return anchor.year if month_number >= anchor.month else anchor.year + 1


def _full_date(match: re.Match[str], anchor: datetime.date) -> Resolved:
    default = datetime.datetime(anchor.year, 1, 1)  # noqa: DTZ001 (a calendar day)
    try:
        parsed = date_parser.parse(
            re.sub(r"\b(on|of)\b|,", " ", match.group(0)), default=default
        )
    except (ValueError, OverflowError):
        # "29 February 2027", "2027-02-30": the phrase names no day.
        return None, UNKNOWN, _not_a_date(match)
    return parsed.date(), DAY, ""


def _not_a_date(match: re.Match[str]) -> str:
    return f"“{match.group(0)}” is not a calendar date: no due date proposed."


def _month_day(match: re.Match[str], anchor: datetime.date) -> Resolved:
    month_number, day = month(match["m"]), int(match["d"])
    year = _year(match, anchor, month_number)
    if not match.groupdict().get("rel") and not match.groupdict().get("y"):
        try:
            if datetime.date(year, month_number, day) < anchor:
                year += 1
        except ValueError:
            return None, UNKNOWN, _not_a_date(match)
    try:
        return datetime.date(year, month_number, day), DAY, ""
    except ValueError:
        return None, UNKNOWN, _not_a_date(match)


def _month(match: re.Match[str], anchor: datetime.date) -> Resolved:
    month_number = month(match["m"])
    rel = (match.groupdict().get("rel") or "").lower()
    year = _year(match, anchor, month_number)
    if rel == "next" and not match.groupdict().get("nextyear"):
        # "next September": the first September after the anchor's month.
        year = anchor.year if month_number > anchor.month else anchor.year + 1
    return month_end(year, month_number), MONTH_P, ""


PARTS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
}


def _part_of_year(match: re.Match[str], anchor: datetime.date) -> Resolution:
    groups = match.groupdict()
    if groups.get("code"):
        code = match["code"].upper()
        part, which = (
            ("quarter", int(code[1])) if code[0] == "Q" else ("half", int(code[1]))
        )
    else:
        part = (groups.get("part") or groups.get("part2") or "").lower()
        which = PARTS[(groups.get("which") or groups.get("which2") or "").lower()]
    size = 3 if part == "quarter" else 6
    last_month = which * size
    if groups.get("y") or groups.get("rel") or groups.get("the_year"):
        # "of the year": the anchor's year.
        year = _year(match, anchor, 12)
    else:
        # "in the third quarter": the next one not yet over.
        year = _year(match, anchor, last_month)
    first = datetime.date(year, last_month - size + 1, 1)
    return month_end(year, last_month), MONTH_P, "", first


def _qualified_year(match: re.Match[str], anchor: datetime.date) -> Resolved:
    year = _year(match, anchor, 12)
    word = (match.groupdict().get("q") or "").lower()
    note = ""
    if word.startswith(("early", "mid", "late", "later")):
        note = (
            f"The text narrows it to {word} {year}; the due date is the year's end: "
            "set a tighter target if one is known."
        )
    return datetime.date(year, 12, 31), YEAR, note


def _beginning_of_year(match: re.Match[str], anchor: datetime.date) -> Resolved:
    return month_end(_year(match, anchor, 12), 1), MONTH_P, ""


def _relative_month(match: re.Match[str], anchor: datetime.date) -> Resolved:
    shift = 1 if match["rel"].lower() == "next" else 0
    target = anchor + relativedelta(months=shift)
    return month_end(target.year, target.month), MONTH_P, ""


def _within(match: re.Match[str], anchor: datetime.date) -> Resolved:
    count = number(match["n"]) or 1
    unit = match["unit"].lower().rstrip("s")
    delta = {
        "day": relativedelta(days=count),
        "week": relativedelta(weeks=count),
        "month": relativedelta(months=count),
        "year": relativedelta(years=count),
    }[unit]
    return anchor + delta, DAY, f"{match.group(0)} counted from {anchor.isoformat()}."


def _relative_to_event(
    match: re.Match[str], anchor: datetime.date, context: DateContext
) -> Resolved:
    kind = event_kind(match["event"] or "")
    dated = day_in_phrase(match["event"] or "", anchor) if kind else None
    if dated is None and kind:
        dated = (context.events or {}).get(kind)
    if dated is None or not match.groupdict().get("n"):
        return (
            None,
            UNKNOWN,
            "Relative to an event whose date is not stated: set the date once it "
            "is known.",
        )
    date, _, _ = _within(match, dated.date)
    return (
        date,
        DAY,
        f"“{match.group(0)}” counted from {dated.date.isoformat()}: {dated.how}.",
    )


def _season(
    match: re.Match[str], anchor: datetime.date, context: DateContext
) -> Resolution:
    season = match["season"].lower()
    hemisphere = context.hemisphere
    if match["hemi"]:
        said = match["hemi"].lower()
        code = SOUTH if said in {"southern", "austral"} else NORTH
        hemisphere = Hemisphere(code, f"the text says “{match['hemi']}”")
    rel = (match["rel"] or match["lead"] or "").lower()
    if match["y"]:
        found = season_range(season, int(match["y"]), hemisphere.code)
    elif match["yrel"]:
        year = anchor.year + (1 if match["yrel"].lower() == "next" else 0)
        found = season_range(season, year, hemisphere.code)
    elif rel == "this":
        found = season_range(season, anchor.year, hemisphere.code)
        if found.last < anchor:
            found = next_season(season, anchor, hemisphere.code, strictly=False)
    else:
        found = next_season(season, anchor, hemisphere.code, strictly=rel == "next")
    note = (
        f"“{match.group(0).strip()}” read as {describe(found)}, the season in the "
        f"{hemisphere.label} hemisphere (assumed: {hemisphere.reason}); the due "
        "date is the season's last day."
    )
    lead = (match["lead"] or "").lower()
    if lead.startswith(("start", "beginning")) and lead.endswith("of"):
        # "by the start of winter": the season's first day.
        return found.first, DAY, note.replace("last day", "first day"), found.first
    return found.last, MONTH_P, note, found.first


def _next_meeting(match: re.Match[str], anchor: datetime.date) -> Resolved:
    return (
        None,
        UNKNOWN,
        f"Due {match.group(0).strip()}: no date unless the text schedules that "
        f"{match['event'].strip()}.",
    )


def _vague(match: re.Match[str], anchor: datetime.date) -> Resolved:
    return None, UNKNOWN, "No date stated, only that it should be soon."


def _next_weekday(match: re.Match[str], anchor: datetime.date) -> Resolved:
    wanted = WEEKDAYS.index(match["wd"].lower())
    ahead = (wanted - anchor.weekday()) % 7 or 7
    return anchor + datetime.timedelta(days=ahead), DAY, ""


def _coming_weekday(match: re.Match[str], anchor: datetime.date) -> Resolved:
    date, precision, _ = _next_weekday(match, anchor)
    return (
        date,
        precision,
        f"“{match.group(0)}” in a promise: the first {match['wd']} after "
        f"{anchor.isoformat()}.",
    )


# A bare weekday is a deadline only right after the future verb it dates
# ("will meet again on Friday"); "met on Monday", "agreed on Tuesday" and
# "will hold a dialogue, the ministry said on Wednesday" report the past.
_FUTURE_VERB_BEFORE = re.compile(
    r"\b(?:will|shall|(?:is|are)\s+to)\s+(?:[\w-]+\s+){1,3}?$", re.IGNORECASE
)


def _tomorrow(match: re.Match[str], anchor: datetime.date) -> Resolved:
    return anchor + datetime.timedelta(days=1), DAY, ""


IGNORE = re.IGNORECASE
EVENT = (
    r"(?:the\s+|its\s+|their\s+|this\s+)?(?:[\w’'-]+\s+){0,4}?"
    r"(?:signing|signature|ratification|entry\s+into\s+force|approval|completion|"
    r"conclusion|adoption|launch|establishment|agreement|memorandum|mou|treaty|"
    r"meeting|visit|summit|decision|notification|receipt|request|formation|"
    r"talks|consultations|discussions|session|round|negotiations)"
)
DEADLINE = (
    r"(?:by|before|no\s+later\s+than|not\s+later\s+than|until|till|within|due|"
    r"scheduled\s+for|set\s+for|slated\s+for|planned\s+for)"
)
# (pattern, resolver). Most specific first; a later rule never takes text an
# earlier one has matched.
DATE_RULES: tuple[tuple[re.Pattern[str], Callable[..., Resolution]], ...] = (
    (
        re.compile(
            r"\b(?:before|by|ahead\s+of|prior\s+to|in\s+time\s+for|at)\s+"
            # "before the commission's first session": linked like a next one.
            r"(?:the|their|its|(?:the\s+)?[\w-]+[’']s)\s+(?P<which>next|first|inaugural)\s+"
            r"(?P<event>(?:[\w’'-]+\s+){0,2}?(?:meeting|session|"
            r"round|dialogue|summit|consultations?|talks|review|commission|council|"
            r"conference|retreat))\b",
            IGNORE,
        ),
        _next_meeting,
    ),
    (
        re.compile(
            r"\b(?:(?P<lead>in|by|during|from|starting|beginning|until|before|"
            r"through|over|this|next|coming|early|late|mid|"
            # "by the end of winter": the season without its article.
            r"(?:end|start|beginning|middle|close)\s+of)\s+)?(?P<the>the\s+)?"
            r"(?:(?P<rel>this|next|coming)\s+)?(?:(?:early|late|mid)[- ])?"
            # "during the southern winter": the text says which hemisphere.
            r"(?:(?P<hemi>southern|northern|austral|boreal)\s+)?"
            r"(?P<season>spring|summer|autumn|fall|winter)\b"
            r"(?![- ](?:olympics|games|school|camp|semester|time|season|wheat|crops?|"
            r"harvest|collection|session)\b)"
            r"(?:\s+(?:of\s+)?(?:(?P<y>(?:19|20)\d{2})\b|(?P<yrel>this|next)\s+year\b))?",
            IGNORE,
        ),
        _season,
    ),
    (
        re.compile(
            rf"\b(?:within|in|after|up\s+to)\s+(?P<n>{NUMBER})\s+(?P<unit>days?|weeks?|months?|years?)\s+"
            rf"(?:of|after|from|following)\s+(?P<event>{EVENT})\b",
            IGNORE,
        ),
        _relative_to_event,
    ),
    (
        re.compile(
            rf"\b(?:after|following|upon|on|once|immediately\s+after)\s+(?P<event>{EVENT})\b"
            r"(?=\s+(?:is|has|of|by|between|takes|enters)|[,.;])",
            IGNORE,
        ),
        _relative_to_event,
    ),
    (re.compile(r"\b(?P<y>\d{4})-(?P<mm>\d{2})-(?P<dd>\d{2})\b"), _full_date),
    (
        re.compile(
            rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{MONTH}),?\s+(?P<y>\d{{4}})\b",
            IGNORE,
        ),
        _full_date,
    ),
    (
        re.compile(
            rf"\b(?P<m>{MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b",
            IGNORE,
        ),
        _full_date,
    ),
    (
        re.compile(
            rf"\b(?P<m>{MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*[,-]?\s*\d)"
            r"(?:,?\s+(?P<rel>this|next)\s+year)?",
            IGNORE,
        ),
        _month_day,
    ),
    (
        re.compile(
            rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{MONTH})(?!\s*,?\s*\d)"
            r"(?:,?\s+(?P<rel>this|next)\s+year)?",
            IGNORE,
        ),
        _month_day,
    ),
    (
        re.compile(
            r"\b(?:the\s+)?(?P<which>first|second|third|fourth|1st|2nd|3rd|4th)\s+"
            r"(?P<part>quarter|half)\s+of\s+(?:(?P<y>\d{4})|(?P<rel>this|next)\s+year"
            r"|(?P<the_year>the\s+(?:current\s+)?year))\b"
            # "by the end of the third quarter": the period's end is the date anyway.
            r"|\b(?:(?:in|by|during|before|until)(?:\s+the\s+end\s+of)?|end\s+of)\s+"
            r"the\s+(?P<which2>first|second|third|"
            r"fourth|1st|2nd|3rd|4th)\s+(?P<part2>quarter|half)\b(?!\s+of)",
            IGNORE,
        ),
        _part_of_year,
    ),
    (re.compile(r"\b(?P<code>Q[1-4]|H[12])\s+(?P<y>\d{4})\b"), _part_of_year),
    (
        re.compile(
            rf"\b(?:the\s+)?end(?:\s+of|-)\s*(?P<m>{MONTH})(?:,?\s+(?P<y>\d{{4}}))?",
            IGNORE,
        ),
        _month,
    ),
    (re.compile(rf"\b(?P<m>{MONTH}),?\s+(?P<y>\d{{4}})\b", IGNORE), _month),
    (
        re.compile(
            rf"\b(?P<m>{MONTH})\s+(?P<rel>this|next)\s+(?P<nextyear>year)\b", IGNORE
        ),
        _month,
    ),
    (
        re.compile(
            rf"\b(?P<rel>this|next|coming|in|by|before|until|during|from|"
            rf"early|late|mid-?|starting|beginning)\s+(?P<m>{MONTH})(?!\s*\d)",
            IGNORE,
        ),
        _month,
    ),
    (
        re.compile(
            r"\b(?P<q>early|mid|late)(?:-|\s+)(?:in\s+)?(?P<y>(?:19|20)\d{2})\b", IGNORE
        ),
        _qualified_year,
    ),
    (
        re.compile(
            r"\b(?P<q>early|late|later|mid)(?:-|\s+)(?:in\s+)?(?P<rel>this|next)\s+year\b",
            IGNORE,
        ),
        _qualified_year,
    ),
    (
        re.compile(
            r"\b(?:the\s+)?(?:beginning|start)\s+of\s+(?:(?P<y>(?:19|20)\d{2})|"
            r"(?P<rel>this|next)\s+year)\b",
            IGNORE,
        ),
        _beginning_of_year,
    ),
    (
        re.compile(
            r"\b(?:the\s+)?end\s+of\s+(?:(?P<rel>this|the|next)\s+year|(?P<y>(?:19|20)\d{2}))\b"
            r"|\byear[- ]end\b",
            IGNORE,
        ),
        _qualified_year,
    ),
    (
        re.compile(r"\b(?:later\s+)?(?P<rel>this|next)\s+month\b", IGNORE),
        _relative_month,
    ),
    (
        re.compile(r"\b(?:later\s+)?(?P<rel>this|next)\s+year\b", IGNORE),
        _qualified_year,
    ),
    (
        re.compile(
            r"\b(?:in|by|before|until|till|through|during|within|from|starting|"
            r"beginning|no\s+later\s+than|not\s+later\s+than|the\s+year)\s+"
            r"(?P<y>(?:19|20)\d{2})\b(?!\s*[-–/]\s*\d)",
            IGNORE,
        ),
        _qualified_year,
    ),
    (
        re.compile(
            rf"\b(?:within\s+(?:the\s+next\s+|a\s+period\s+of\s+)?|"
            rf"(?:over|in|during)\s+the\s+(?:next|coming)\s+)(?P<n>{NUMBER})\s+"
            r"(?P<unit>days?|weeks?|months?|years?)\b",
            IGNORE,
        ),
        _within,
    ),
    (
        re.compile(r"\bnext\s+(?P<wd>" + "|".join(WEEKDAYS) + r")\b", IGNORE),
        _next_weekday,
    ),
    (
        # "Our teams will meet again on Friday": the coming Friday.
        re.compile(r"\bon\s+(?P<wd>" + "|".join(WEEKDAYS) + r")\b", IGNORE),
        _coming_weekday,
    ),
    (re.compile(r"\btomorrow\b", IGNORE), _tomorrow),
    (
        re.compile(
            r"\b(?:soon|shortly|at\s+an\s+early\s+date|as\s+soon\s+as\s+possible|"
            r"at\s+the\s+earliest|in\s+the\s+(?:near|coming)\s+"
            r"(?:future|days|weeks|months)|in\s+due\s+course)\b",
            IGNORE,
        ),
        _vague,
    ),
)
_PAST = re.compile(
    r"(?:\bsince|\blast|\bearlier|\bprevious|\bpast|\bago|\bheld|\bsigned|"
    # "a programme the two sides first discussed in 2023".
    # (not "will be launched in March 2026": after "be" it is a future)
    r"(?<!\bbe\s)(?<!\bbeen\s)(?<!\bbeing\s)"
    r"\b(?:discussed|launched|began|begun|started|founded|adopted|proposed|"
    r"announced|suspended|closed|stalled)(?:\s+(?:in|on))?)\s*$",
    IGNORE,
)
# "after two days of talks": how long the talks lasted, no deadline.
_LASTED = re.compile(r"after\s+\S+\s+(?:days?|weeks?|months?)\s+of\b", IGNORE)
_DEADLINE_BEFORE = re.compile(DEADLINE + r"\s+(?:the\s+)?$", IGNORE)


def _month_token_ok(text: str, match: re.Match[str]) -> bool:
    groups = match.groupdict()
    if groups.get("season"):
        # "prices may fall": a season needs "in/the/this/next" or a year.
        return any(groups.get(g) for g in ("lead", "the", "rel", "y", "yrel"))
    # "may" and "march" are also words: a month must be capitalised.
    if "m" not in match.re.groupindex or match["m"] is None:
        return True
    return match["m"][0].isupper()


_SEASON_WORD = re.compile(r"spring|summer|autumn|fall|winter", IGNORE)
_NEXT_WORD = re.compile(r"\b(?:next|first|inaugural)\b", IGNORE)
_CONTEXTUAL = frozenset({"_relative_to_event", "_season"})


def _resolve_safely(
    resolve: Callable[..., Resolution],
    match: re.Match[str],
    anchor: datetime.date,
    context: DateContext,
) -> tuple[datetime.date | None, str, str, datetime.date | None]:
    """A resolver's reading, or no date when the phrase names none or the result
    lies outside the supported range (docs/extraction.md: never a crash)."""
    try:
        if resolve.__name__ in _CONTEXTUAL:
            resolved = resolve(match, anchor, context)
        else:
            resolved = resolve(match, anchor)
    except (ValueError, OverflowError):
        # Date arithmetic past year 9999, or a day the month lacks.
        return None, UNKNOWN, _not_a_date(match), None
    date, precision, note = resolved[:3]
    starts = resolved[3] if len(resolved) > 3 else None
    if date is not None and not is_supported_date(date):
        return (
            None,
            UNKNOWN,
            (
                f"“{match.group(0)}”: {unsupported_date_message(date)} "
                "No due date proposed."
            ),
            None,
        )
    return date, precision, note, starts


def find_dates(
    text: str,
    anchor: datetime.date,
    start: int = 0,
    end: int | None = None,
    *,
    context: DateContext | None = None,
) -> list[DueFinding]:
    """Every date phrase in `text[start:end]`, resolved against `anchor` (and
    the text's hemisphere and dated events, when a `context` is given)."""
    end = len(text) if end is None else end
    context = context or DateContext()
    taken: list[tuple[int, int]] = []
    found: list[DueFinding] = []
    # The season and "next meeting" rules are costly to try at every word:
    # only where their key words occur.
    skip: set[object] = set()
    if not _SEASON_WORD.search(text, start, end):
        skip.add(_season)
    if not _NEXT_WORD.search(text, start, end):
        skip.add(_next_meeting)
    for pattern, resolve in DATE_RULES:
        if resolve in skip:
            continue
        for match in pattern.finditer(text, start, end):
            a, b = match.span()
            if any(a < y and x < b for x, y in taken) or not _month_token_ok(
                text, match
            ):
                continue
            before = text[max(start, a - 20) : a]
            if _PAST.search(before) or _LASTED.match(match.group(0)):
                continue
            if resolve is _coming_weekday and not _FUTURE_VERB_BEFORE.search(
                text, max(start, a - 40), a
            ):
                continue
            taken.append((a, b))
            date, precision, note, starts = _resolve_safely(
                resolve, match, anchor, context
            )
            deadline = bool(_DEADLINE_BEFORE.search(before)) or bool(
                re.match(DEADLINE, match.group(0), IGNORE)
            )
            found.append(
                DueFinding(
                    match.group(0),
                    a,
                    b,
                    date,
                    precision,
                    anchor,
                    note,
                    deadline,
                    starts,
                    NEXT_MEETING if resolve is _next_meeting else "",
                )
            )
    return sorted(found, key=lambda f: f.start)


def pick_due(findings: list[DueFinding]) -> DueFinding | None:
    """The phrase that most likely states when the commitment falls due: the
    first future date, else a relative or vague phrase, else the first past date."""
    if not findings:
        return None

    def key(finding: DueFinding) -> tuple[int, int]:
        future = finding.date is not None and finding.date >= finding.anchor
        undated = finding.date is None
        return (0 if future else 1 if undated else 2, finding.start)

    return min(findings, key=key)
