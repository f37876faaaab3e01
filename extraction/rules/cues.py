"""What makes a clause a commitment, and what makes it a description, praise or
page furniture. Tables of patterns with a strength each; pure.

Strength is a prior confidence: an explicit undertaking ("agreed to", "shall",
"pledged") is stronger than a future tense ("will"), which is stronger than a
stated intention ("plans to", "expressed readiness to").
"""

import re
from dataclasses import dataclass

IGNORE = re.IGNORECASE


@dataclass(frozen=True)
class Cue:
    """A phrase that marks an undertaking, with its strength and what it governs."""

    name: str
    start: int
    end: int
    strength: float
    governs_infinitive: bool = False


_OBJ = r"(?:[\w’'.-]+\s+){1,8}?"
# (name, pattern, strength, governs a list of infinitives "to X, Y and to Z")
CUES: tuple[tuple[str, re.Pattern[str], float, bool], ...] = (
    (
        "agreed",
        re.compile(
            r"\b(?:have\s+|has\s+|had\s+|also\s+)?agree[sd]?\s+(?:\w+\s+)?"
            r"(?:to|on|upon|that)\b|\b(?:agreed|decided)\s+as\s+follows\b"
            r"|\breached\s+(?:an?\s+)?(?:agreement|consensus|"
            r"understanding)\s+(?:to|on)\b",
            IGNORE,
        ),
        0.9,
        True,
    ),
    (
        "undertaking",
        re.compile(
            r"\b(?:decided|decide|deciding|resolved|resolving|undertook|undertake|"
            r"undertakes|undertaking|pledged|pledges?|pledging|vowed|vows?|vowing|"
            r"promised|promises?|promising|committed|commits?|committing|"
            r"obliged|obligated|determined)\s+(?:themselves\s+|itself\s+|himself\s+|"
            r"herself\s+)?to\b",
            IGNORE,
        ),
        0.9,
        True,
    ),
    ("pledged", re.compile(r"\bpledged\b", IGNORE), 0.8, False),
    ("shall", re.compile(r"\bshall\b", IGNORE), 0.85, True),
    (
        "invited",
        re.compile(
            rf"\b(?:invited|invites?|inviting)\s+{_OBJ}to\s+(?:visit|attend|"
            r"participate|take\s+part|join|send|come|address|observe)\b"
            r"|\b(?:extended|accepted|renewed)\s+(?:an?\s+|the\s+|his\s+|her\s+)?"
            r"(?:[\w’'-]+\s+){0,4}?invitation\b"
            # "invited German navy divers to a salvage and recovery course".
            rf"|\b(?:invited|invites?|inviting)\s+{_OBJ}to\s+(?:a|an|the|its|their)\s+"
            r"(?:[\w-]+\s+){0,5}?(?:course|courses|training|exercise|workshop|"
            r"seminar|conference|forum|summit|meeting)\b"
            # "Chile was invited to attend …": the invited subject is obliged.
            r"|\b(?:was|were|has\s+been|have\s+been|is|are)\s+invited\s+to\s+"
            r"(?:visit|attend|participate|take\s+part|join)\b",
            IGNORE,
        ),
        0.85,
        False,
    ),
    (
        "announced",
        re.compile(
            r"\bannounced\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:\w+\s+)?"
            r"(?:formation|establishment|creation|launch|setting[- ]up|opening|"
            r"plans?|decision|allocation|grant|deployment)\b",
            IGNORE,
        ),
        0.85,
        False,
    ),
    (
        "passive-future",
        re.compile(
            r"\b(?:to|will|would|shall|should|must)\s+be\s+(?:\w+ly\s+)?(?:signed|held|established|"
            r"set\s+up|launched|opened|created|formed|convened|organi[sz]ed|hosted|"
            r"deployed|completed|finali[sz]ed|implemented|conducted|inaugurated|"
            r"built|constructed|sent|dispatched|trained|extended|renewed|"
            r"expanded|upgraded|delivered|provided|introduced|resumed|"
            r"restored|reopened|launched|drafted|prepared|submitted)\b",
            IGNORE,
        ),
        0.85,
        False,
    ),
    (
        "in-progress",
        re.compile(
            r"\b(?:is|are)\s+(?:now\s+|currently\s+)?being\s+(?:set\s+up|established|"
            r"created|formed|finali[sz]ed|drafted|prepared|built|developed|"
            r"constructed|organi[sz]ed|planned|negotiated|raised|deployed)\b",
            IGNORE,
        ),
        0.8,
        False,
    ),
    (
        "scheduled",
        re.compile(
            r"\b(?:is|are|was|were)\s+(?:set|scheduled|due|slated|poised)\s+to\b",
            IGNORE,
        ),
        0.8,
        True,
    ),
    (
        "expected",
        re.compile(r"\b(?:is|are)\s+(?:now\s+)?expected\s+to\b", IGNORE),
        0.6,
        True,
    ),
    (
        "directed",
        re.compile(
            rf"\b(?:directed|instructed|tasked|ordered|mandated)\s+{_OBJ}"
            r"(?:to|with)\b",
            IGNORE,
        ),
        0.75,
        True,
    ),
    (
        "is-to",
        re.compile(
            r"\b(?:is|are)\s+to\s+(?:hold|sign|meet|host|establish|visit|open|launch|"
            r"set\s+up|send|conduct|receive|begin|start|train|deploy|build|provide|"
            r"draw\s+up|draft|prepare|complete|submit|present|organi[sz]e|exchange|"
            r"finali[sz]e|review|deliver|resume|introduce|run|carry\s+out)\b",
            IGNORE,
        ),
        0.75,
        True,
    ),
    (
        "will",
        re.compile(r"\b(?:will|’ll|'ll)\b(?!\s+not\s+be\s+published)", IGNORE),
        0.75,
        True,
    ),
    (
        "intention",
        re.compile(
            # "Iran's plan to carry goods", "the plan to": a noun, no cue.
            r"(?<!\bthe\s)(?<!\ba\s)(?<!'s\s)(?<!’s\s)(?<!\bits\s)(?<!\bour\s)"
            r"(?<!\btheir\s)(?<!\bhis\s)(?<!\bher\s)"
            r"\b(?:plans?|planning|planned|intends?|intended|intending|aims?|aiming|"
            r"offered|offers?|proposed|expects?)\s+to\b"
            r"|\b(?:readiness|willingness|eagerness|desire|keenness|ready|willing|"
            r"keen|eager|prepared)\s+to\b"
            r"|\bapproved\s+(?:the\s+)?(?:establishment|creation|plan|proposal|"
            r"funding|deployment|release)\b",
            IGNORE,
        ),
        0.6,
        True,
    ),
)
# Cues that a forecast ("it will help", "is expected to grow") can hide.
PREDICTABLE = frozenset({"will", "expected"})
# "would" counts only in reported speech: "said the unit would be ready".
_REPORTED_WOULD = re.compile(
    r"\b(?:said|stated|added|announced|confirmed|told|noted|assured|informed|"
    r"disclosed|explained|revealed|indicated)\b[^.;]{0,120}?\bwould\b",
    IGNORE,
)
# A future tense that forecasts rather than promises: "the deal will boost trade".
_PREDICTION = re.compile(
    r"\b(?:which|that|(?<!said\s)(?<!says\s)(?<!added\s)(?<!stated\s)"
    r"(?<!announced\s)(?<!confirmed\s)it|this|these|those)\s+(?:will|would)\b"
    # "It will meet twice a year" (a body just named): a promise, not a forecast.
    r"(?!\s+(?:also\s+|then\s+)?(?:meet|convene|hold|sit|report|submit|draft|"
    r"be\s+(?:co-)?chaired|be\s+headed|be\s+staffed|be\s+based)\b)"
    # Pundits forecast; "experts from both sides will hold ..." promise.
    r"|\b(?:analysts?|experts?|observers?|critics?)(?!\s+(?:from|of)\s)"
    r"\s+(?:\w+\s+){0,4}?(?:will|would)\b(?!\s+(?:hold|meet|convene|exchange|"
    r"visit|travel|train|draft|draw\s+up|develop|prepare|submit|present|complete|"
    r"finali[sz]e|conduct|work|set\s+up|attend)\b)"
    r"|\b(?:will|would)\s+(?:\w+ly\s+)?(?:help(?!\s+(?:to\s+)?(?:train|fund|build|equip|"
    r"set\s+up|establish|upgrade)\b)|boost|contribute|benefit|pave|"
    r"go\s+a\s+long\s+way|serve|bring|lead\s+to|result\s+in|open\s+new|open\s+up|"
    r"usher|cement|translate|depend|remain|be\s+a|be\s+an|be\s+the|have\s+a|"
    r"continue\s+to\s+grow|likely|undoubtedly|certainly)\b"
    # "the road will cut travel time by half", "will create 2,000 jobs".
    r"|\b(?:will|would)\s+(?:\w+ly\s+)?(?:cut|reduce|halve|shorten|lower|slash)\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:time|times|costs?|journeys?|delays|waiting|"
    r"losses|emissions|distance|prices)\b"
    r"|\b(?:will|would)\s+(?:\w+ly\s+)?(?:create|generate|support)\s+(?:up\s+to\s+|"
    r"some\s+|about\s+|around\s+|more\s+than\s+)?(?:[\w,.-]+\s+){0,3}?(?:jobs|"
    r"revenues?|employment|livelihoods)\b"
    # "From now on there will be no gaps"; "we will hold each other to it".
    r"|\bthere\s+(?:will|would)\s+be\s+no\s+(?:more\s+)?(?:gaps?|room|place|safe\s+"
    r"havens?|impunity|going\s+back|turning\s+back|let-?up|hiding\s+places?|"
    r"escape|excuses?|retreat)\b"
    # "neither will our forces"; "you will hear it from us"; "we will now take
    # a few questions"; "we will keep talking about it as friends".
    r"|\b(?:neither|nor)\s+will\b|\byou\s+(?:will|would)\b"
    r"|\b(?:will|would)\s+(?:now\s+)?(?:take|answer)\s+(?:a\s+few\s+|some\s+|your\s+)?"
    r"questions\b"
    r"|\b(?:will|would)\s+(?:keep|continue|go\s+on)\s+(?:talking|discussing|to\s+talk|"
    r"to\s+discuss)\b|\b(?:will|would)\s+(?:stay|remain|keep)\s+in\s+(?:close\s+)?"
    r"(?:touch|contact)\b"
    # "Tehran would welcome Afghan traders": goodwill; "will welcome 30 cadets
    # a year" (a number) is a quota.
    r"|\b(?:will|would)\s+welcome\b(?!\s+(?:[\w-]+\s+){0,2}?\d)"
    # "Japan will welcome Prime Minister Modi on a state visit": a visit.
    r"(?![^.;]{0,80}?\b(?:visit|delegation|President|Prime\s+Minister|Minister|"
    r"King|Queen|Prince|Emir|Sultan|Chancellor)\b)"
    r"|\b(?:will|would)\s+hold\s+(?:each\s+other|one\s+another|them|us|him|her|"
    r"you|me)\s+to\s+"
    r"(?:it|this|that|account|its\s+word|their\s+word|our\s+word)\b"
    r"|\b(?:(?:is|are)\s+(?:now\s+)?)?expected\s+to\s+(?:grow|rise|increase|reach|"
    r"exceed|double|triple|fall|"
    r"decline|drop|boost|benefit|improve|remain|be\s+a|help|create|bring|attract|"
    r"cut|reduce|save|transform|generate|ease|lower|raise|make\s+it)\b",
    IGNORE,
)
# Words that, before the undertaking, make the clause praise, description or a
# request rather than a promise (they are ignored after it: "agreed to X and
# praised Y" is still an agreement).
NEGATIVES = re.compile(
    r"\b(?:commended|commends|praised|praises|lauded|appreciated|thanked|"
    r"congratulated|hailed|paid\s+(?:rich\s+)?tribute|admired|applauded|"
    r"(?:highly\s+)?impressed|acknowledged|recogni[sz]ed\s+the|"
    r"expressed\s+(?:\w+\s+){0,3}?(?:satisfaction|gratitude|appreciation|"
    r"condolences|respect|admiration|confidence|hope|optimism|solidarity|"
    r"support|thanks|pleasure|concern)|"
    r"(?:reaffirmed|reiterated|emphasi[sz]ed|underscored|underlined|stressed|"
    r"highlighted|noted|affirmed)\s+(?:\w+\s+){0,4}?(?:commitment|support|"
    r"position|stance|resolve|importance|need|necessity|significance|role)|"
    r"(?:emphasi[sz]ed|underscored|underlined|stressed|highlighted|noted)\s+that|"
    r"hope|hoped|hopes|hoping|wished|urged|urges|called\s+(?:on|for|upon)|"
    r"toured|was\s+briefed|were\s+briefed|was\s+shown|were\s+shown|"
    r"received\s+(?:a\s+)?briefings?|observed|witnessed|inspected|"
    r"visited\s+the|was\s+given|were\s+given|according\s+to\s+analysts)\b",
    IGNORE,
)
# A sentence that says what an instrument contains, not what a side will do:
# "The agreement will cover information exchange ...", "The plan provides a
# framework for ...".
DESCRIPTION = re.compile(
    r"(?:[^,;]{0,80}?,\s+)?(?:the|this|that|its|their|a|an)\s+(?:new\s+|joint\s+|"
    r"bilateral\s+|signed\s+|\w+\s+){0,2}?(?:agreements?|memorand(?:um|a)|MoUs?|"
    r"MOUs?|plans?|deals?|accords?|treat(?:y|ies)|protocols?|frameworks?|"
    r"documents?|programmes?|programs?|roadmaps?|charters?|declarations?|"
    r"strateg(?:y|ies)|action\s+plans?|partnerships?|cooperation|co-operation|"
    r"collaboration|arrangements?|initiatives?|projects?)\s+(?:\w+\s+){0,6}?"
    r"(?:will\s+|would\s+|shall\s+|"
    r"is\s+to\s+|also\s+)*(?:cover|covers|covering|include|includes|including|"
    r"provide\s+(?:a|the)\s+(?:\w+\s+)?(?:framework|basis|legal\s+basis)|"
    r"provides\s+(?:a|the)\s+(?:\w+\s+)?(?:framework|basis|legal\s+basis)|"
    r"outline|outlines|set\s+out|sets\s+out|define|defines|envisage|envisages|"
    r"span|spans|encompass|encompasses|focus\s+on|focuses\s+on|address|"
    r"addresses|govern|governs|lay\s+out|lays\s+out|lay\s+down|lays\s+down|"
    r"be\s+valid|remain\s+in\s+force|run\s+for|comprise|comprises)\b"
    # "The centre will have room for 60 trainees": what a facility holds.
    r"|(?:[^,;]{0,80}?,\s+)?(?:the|this|that|its|their|a|an)\s+(?:new\s+|joint\s+|\w+\s+){0,2}?"
    r"(?:cent(?:re|er)|facility|terminal|building|academy|school|office|hall|complex|"
    r"market|port|station|unit|laboratory)\s+(?:will|would)\s+(?:have|house|hold|"
    r"accommodate|include|feature|comprise|cost|employ|cover)\b",
    IGNORE,
)
# Hedges lower the confidence of a clause without removing it.
HEDGES = re.compile(
    r"\b(?:may|might|could|possibly|consider(?:ing|ed)?|explore|exploring|"
    r"possibility|feasibility|if|unless|in\s+principle|discuss(?:ed)?)\b",
    re.IGNORECASE,
)
# Page furniture that is never a commitment, even with "will" in it.
BOILERPLATE = re.compile(
    r"^(?:comments?\s+are\s+closed|leave\s+a\s+(?:reply|comment)|related\s+"
    r"(?:articles?|posts?|news|stories)|back\s+to\s+top|your\s+email\s+address|"
    r"required\s+fields|share\s+(?:this|on)|subscribe|follow\s+us|all\s+rights\s+"
    r"reserved|copyright|click\s+here|read\s+(?:more|also)|sign\s+up|"
    r"advertisement|also\s+read|tags?:|posted\s+(?:in|on|by)|you\s+may\s+also|"
    r"this\s+(?:site|website)\s+uses\s+cookies|previous\s+(?:article|post)|"
    r"next\s+(?:article|post)|photo:|image:|source:|published\s+(?:on|in)|"
    r"updated\s+(?:on|at)|loading|print\s+this)",
    IGNORE,
)


# "They agreed that the opinion gives small states a voice": an agreed view,
# unless a future or a duty follows ("agreed that the body will meet").
_DUTY_AFTER = re.compile(
    r"\b(?:will|would|shall|should|must|could|can|be|to)\b", IGNORE
)
# "… gives small states a voice", "… is a milestone": a view, not a promise;
# a subjunctive ("that joint patrols begin in March") is a promise.
_VIEW_AFTER = re.compile(
    r"\b(?:is|are|was|were|has|have|had|remains?|gives|provides|represents|"
    r"constitutes|offers|shows|reflects|marks|serves|plays|lies|depends|deserves|"
    r"exists|opens|creates)\b",
    IGNORE,
)


def find_cues(text: str, start: int, end: int) -> list[Cue]:
    """Every undertaking cue in `text[start:end]`, strongest first at each place;
    future tenses that forecast ("it will help") are left out."""
    found: list[Cue] = []
    predictions = [m.span() for m in _PREDICTION.finditer(text, start, end)]
    for name, pattern, strength, governs in CUES:
        for match in pattern.finditer(text, start, end):
            a, b = match.span()
            if name in PREDICTABLE and any(x <= a < y for x, y in predictions):
                continue
            if (
                name == "agreed"
                and match.group(0).lower().endswith("that")
                and not _DUTY_AFTER.search(text, b, end)
                and _VIEW_AFTER.search(text, b, end)
            ):
                continue
            found.append(Cue(name, a, b, strength, governs))
    for match in _REPORTED_WOULD.finditer(text, start, end):
        a = match.end() - len("would")
        if not any(x <= a < y for x, y in predictions):
            found.append(Cue("reported-would", a, match.end(), 0.7, True))
    return sorted(found, key=lambda cue: (cue.start, -cue.strength))


def negative_before(text: str, start: int, cue: Cue) -> re.Match[str] | None:
    """Praise, description or a request that comes before the cue in its clause."""
    return NEGATIVES.search(text, start, cue.start)


# "The two sides will also consider a joint programme": a thought, not a
# promise (an agreement "to consider" keeps its stronger cue).
_ONLY_CONSIDER = re.compile(
    r"[^,;]{0,80}?\b(?:will|would)\s+(?:also\s+)?(?:consider|explore|look\s+into|"
    r"study\s+the\s+possibility)\b",
    IGNORE,
)


# A thing as the subject of an active future says what it will do once it
# exists, not what a side promises: "The roadmap will identify five sites",
# "The 24-square-kilometre zone will offer customs-free access", "The
# corridor, backed by the bank, will link ...". Its building or its start
# ("will be completed", "will open in May") stays a promise.
_THING_DOES = re.compile(
    # The words before the noun modify it ("the 24-square-kilometre zone"):
    # no preposition, so that the noun heads the subject ("the committee for
    # the railway" is a committee).
    r"(?:[^,;]{0,80}?,\s+)?(?:the|this|that|its|their|a|an)\s+"
    r"(?:(?!(?:for|on|of|in|at|to|with|from|by|and|or)\b)[\w.,-]+\s+){0,4}?"
    r"(?:roadmaps?|zones?|corridors?|highways?|roads?|lines?|bridges?|"
    r"pipelines?|cables?|interconnectors?|projects?|funds?|schemes?|platforms?|"
    r"systems?|networks?|routes?|links?|plans?|programmes?|programs?|"
    r"strateg(?:y|ies)|agreements?|deals?|accords?|treat(?:y|ies)|initiatives?|"
    r"facilit(?:y|ies)|terminals?|markets?|parks?|cit(?:y|ies)|stud(?:y|ies)|"
    r"surveys?|assessments?|turbines?)"
    r"(?:\s*,[^,;]{1,120},)?\s+(?:will|would|(?:is|are)\s+expected\s+to)\s+"
    r"(?:\w+ly\s+|also\s+|then\s+)?"
    r"(?!(?:be|start|begin|open|enter|come|resume|restart|reopen|meet|convene|"
    # Duties only an agent has: "the working group will draft a plan".
    r"report|draft|train|exchange|run|share|submit|hold|sign|conduct|deploy|"
    r"provide|deliver|send|host|organi[sz]e|prepare|present|publish|review|"
    r"monitor|fund|finance|supply|employ)\b)"
    r"[a-z]+\b",
    IGNORE,
)


def is_description(text: str, start: int, end: int) -> bool:
    """ "The agreement will cover X": what an instrument holds, not a promise;
    "The zone will offer Y": what a thing will do; "X will also consider Y": a
    hedge with nothing promised."""
    return bool(
        DESCRIPTION.match(text, start, end)
        or _THING_DOES.match(text, start, end)
        or _ONLY_CONSIDER.match(text, start, end)
    )


# A preamble paragraph of a declaration: "Determined to protect the marine
# resources …;", "Recognising the importance of …,". It states motives; the
# operative paragraphs after it hold the promises.
_PREAMBLE = re.compile(
    r"(?:Determined|Resolved|Convinced|Recogni[sz]ing|Noting|Recalling|Mindful|"
    r"Desiring|Welcoming|Acknowledging|Reaffirming|Considering|Aware|Guided|"
    r"Bearing\s+in\s+mind|Taking\s+into\s+account|Inspired|Emphasi[sz]ing|"
    r"Conscious|Seeking|Wishing|Encouraged)\b[^\n]*[;,]\s*$"
)
# What a list item reports the ministers did, rather than what they agreed:
# "1. The Ministers welcomed the excellent cooperation …", "2. The Ministers
# noted that mixed patrols have operated since 2016". The list's "agreed"
# does not govern it.
_REPORTED_ITEM = re.compile(
    r"\s*(?:the|both|all|they|he|she)\b[^,;.]{0,70}?\b(?:welcomed|welcomes|noted|"
    r"took\s+note|recalled|"
    r"reaffirmed|reiterated|commended|praised|appreciated|acknowledged|"
    r"congratulated|thanked|condemned|reviewed|exchanged\s+views|"
    r"expressed|emphasi[sz]ed|stressed|underlined|underscored|recogni[sz]ed)\b",
    IGNORE,
)


def is_preamble(text: str, start: int, end: int) -> bool:
    """A declaration's preamble paragraph ("Determined to …;"): motives, no promise."""
    return bool(_PREAMBLE.match(text[start:end]))


def reports_not_agrees(text: str, start: int, end: int) -> bool:
    """A list item whose own verb says what was welcomed, noted or praised."""
    return bool(_REPORTED_ITEM.match(text, start, end))


def is_boilerplate(text: str, start: int, end: int) -> bool:
    """Comment forms, share buttons, "Back to top" and the like."""
    return bool(BOILERPLATE.match(text, start, end))


def hedge_count(text: str, start: int, end: int) -> int:
    """How many hedging words the clause has."""
    return sum(1 for _ in HEDGES.finditer(text, start, end))
