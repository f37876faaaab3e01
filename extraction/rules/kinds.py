"""The kind of a commitment (CommitmentKind's values), read from its clause.

Rules are tried in order and the first that matches wins; the order encodes
which reading beats which ("meet annually to review progress" is a review
before it is a recurring meeting; "expand police training" is ongoing work,
"attend a training programme" is training).
"""

import re
from dataclasses import dataclass

from extraction.rules.numbers import NUMBER, number

IGNORE = re.IGNORECASE
RECURRING_MEETING = "recurring_meeting"
REVIEW = "review"
TRAINING = "training"
ESTABLISHMENT = "establishment"
SIGNING = "signing"
STRATEGY = "strategy"
VISIT = "visit"
EVENT_ATTENDANCE = "event_attendance"
ONGOING = "ongoing"
# People exchanged or trained in stated numbers ("exchange 20 officers yearly",
# "train 120 officers each year"): a quota to count, not a meeting to attend.
EXCHANGE = "exchange"

INSTRUMENTS = (
    r"(?:agreements?|memorand(?:um|a)|MoUs?|MOUs?|treaty|treaties|accords?|protocols?|"
    r"contracts?|deals?|conventions?|charter|instruments?|pacts?|letters?\s+of\s+"
    r"intent|extradition|framework\s+agreement|statutes?|arrangements?)"
)
BODIES = (
    r"(?:units?|cent(?:re|er)s?|offices?|task\s+forces?|cells?|desks?|hotlines?|"
    r"committees?|commissions?|working\s+groups?|groups?|mechanisms?|councils?|"
    r"agenc(?:y|ies)|bureaus?|academ(?:y|ies)|colleges?|schools?|institutes?|"
    r"consulates?|embass(?:y|ies)|branch(?:es)?|hubs?|laborator(?:y|ies)|labs?|"
    r"facilit(?:y|ies)|secretariats?|funds?|zones?|corridors?|bases?|stations?|"
    r"networks?|platforms?|teams?|squads?|battalions?|boards?|chambers?|forces?|"
    r"posts?|registry|database|portal|channel|line|terminals?|trade\s+houses?|"
    r"checkpoints?|crossing\s+points?|warehouses?|dry\s+ports?|crossings?|"
    r"(?:electronic|direct|data|digital|radio|fibre|fiber|secure)\s+links?|"
    r"(?:border|joint|cross-border|bilateral|wholesale|trade|common|fish|livestock)\s+"
    r"markets?|bridges?|airports?|roads?|highways?|railways?|rail\s+lines?|plants?|"
    r"pipelines?|hospitals?|clinics?|depots?|jett(?:y|ies)|piers?|berths?|"
    r"buildings?|headquarters|outposts?|substations?|dams?|canals?|"
    r"transmission\s+lines?|interconnectors?|complex(?:es)?|"
    r"(?:industrial|economic|free[- ]trade|logistics|technology|science)\s+"
    r"(?:cit(?:y|ies)|parks?|estates?)|"
    # "launch a freight train service", "open a ferry route": a new line.
    r"(?:train|ferry|bus|shipping|air|rail|freight|cargo|liner|container|direct|"
    r"passenger|postal|shuttle)\s+(?:services?|routes?|links?)|direct\s+flights?)"
)
MEETINGS = (
    r"\b(?:meet|meets|meeting|meetings|convene|convenes|consultations?|dialogues?|"
    r"talks|sessions?|summits?|conferences?|rounds?|gather(?:ings?)?|"
    # "a monthly exchange of data" is ongoing work, not a meeting.
    r"exchanges?(?!\s+(?:of\s+)?(?:[\w-]+\s+){0,2}?(?:data|information|"
    r"intelligence|records|statistics|lists|documents|experience|expertise|"
    r"best\s+practices))|"
    r"visits?|exercises?|drills?|patrols?|forums?|reviews?)\b"
)
TRAINING_WORDS = (
    r"\b(?:training|trainings|courses?|workshops?|scholarships?|capacity[- ]building|"
    # "a freight train service", "the train line" are no training.
    r"(?<!freight\s)(?<!cargo\s)(?<!passenger\s)(?<!express\s)(?<!high-speed\s)"
    r"(?<!block\s)(?<!container\s)(?<!goods\s)"
    r"train(?!\s+(?:services?|lines?|routes?|links?|connections?|stations?|journeys?|"
    r"operators?|cars?|wagons?|tickets?|tracks?|ferr(?:y|ies)))|trained|drills?|internships?|fellowships?|curricul(?:um|a)|education|"
    r"instruction|seminars?|exercises?)\b"
)
GROWTH_VERBS = (
    r"\b(?:expand|expanding|strengthen|strengthening|enhance|enhancing|improve|"
    r"improving|deepen|deepening|broaden|broadening|promote|promoting|boost|"
    r"boosting|increase|increasing|intensify|intensifying|continue|continuing|"
    r"step\s+up|scale\s+up|upgrade|further)\b"
)

_REVIEW = re.compile(
    r"\breview(?:ing|s)?\s+(?:the\s+)?(?:overall\s+)?(?:progress|implementation|"
    r"status|outcomes?|results?|developments?|achievements?)\b|\btake\s+stock\b|"
    r"\bstock-?tak|\b(?:assess|evaluate)\w*\s+(?:the\s+)?progress\b|"
    r"(?<!next\s)\b(?:review|evaluation)\s+(?:meetings?|mechanism|sessions?|conference)\b|"
    r"\bprogress\s+review\b|\bmonitor\w*\s+(?:the\s+)?implementation\b"
    # "review the partnership every six months", "reviewed at a mid-term
    # meeting", "meet yearly to evaluate the programme".
    r"|\breview\w*\s+(?:the\s+|their\s+|its\s+)?(?:[\w-]+\s+){0,2}?(?:partnership|"
    r"cooperation|agreement|memorandum|programme|program|plan|roadmap|relations|"
    r"action\s+plan)\b|\b(?:partnership|cooperation|agreement|memorandum|programme|"
    r"program|plan|roadmap)\s+(?:will|would|shall|is\s+to)\s+be\s+(?:reviewed|evaluated|"
    r"assessed)\b|\bmid-?term\s+(?:meeting|review|evaluation)\b"
    r"|\bto\s+(?:evaluate|assess|review)\b"
    # "will meet every quarter to monitor construction of the line".
    r"|\b(?:meet|convene)\w*\s+[^.;]{0,40}?\bto\s+monitor\b"
    # "hold a joint review by the end of the third quarter".
    r"|\b(?:hold|conduct|carry\s+out|undertake)\w*\s+(?:a|an|the)\s+"
    r"(?:[\w-]+\s+){0,2}?review\b(?!\s+of\s+(?:the\s+)?(?:tariff|law|legislation|"
    r"regulations?|rules|procedures))",
    IGNORE,
)
_SIGNING = re.compile(
    rf"(?<!the\s)(?<!its\s)\b(?:sign|signing|ink|conclude|finali[sz]e|initial)\b"
    rf"[^.;]{{0,80}}?\b{INSTRUMENTS}"
    rf"|\b{INSTRUMENTS}\b[^.;]{{0,100}}?\b(?:to|will|would|shall|should|must|could|"
    r"(?:is|are)\s+(?:expected|due|scheduled|set|likely)\s+to)\s+be\s+"
    r"(?:signed|inked|concluded|finali[sz]ed)\b"
    # "conclude a framework for the import of electricity".
    r"|\b(?:sign|conclude|ink)\w*\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?framework\b",
    IGNORE,
)
_STRATEGY = re.compile(
    r"\b(?:formulat|draft|develop|prepar|devis|work\w*\s+out|draw\w*\s+up|adopt|"
    r"finali[sz]|chart|map\w*\s+out|design|present|submit)\w*,?\s+(?:[\w,]+\s+){0,6}?"
    r"(?:strateg(?:y|ies)|plans?|roadmaps?|road\s+maps?|frameworks?|blueprints?|"
    # "draw up a joint programme for …" (the labelling guide's strategy).
    r"programmes?|programs?|"
    r"polic(?:y|ies)|concepts?|work\s*plans?|proposals?|guidelines)\b"
    r"|\bdraft\w*\s+(?:\w+\s+){0,4}?(?:protocols?|regulations|procedures)\b",
    IGNORE,
)
_ESTABLISHMENT = re.compile(
    rf"\b(?:set(?:ting)?\s+up|establish\w*|formation|form|forming|create|creating|"
    rf"revive|reviving|re-?establish\w*|reactivat\w+|relaunch\w*|reconstitut\w+|"
    rf"re-?open\w*|"
    rf"creation|launch\w*|open(?:ing)?|inaugurat\w+|build\w*|construct\w*|introduc\w+|"
    rf"set|upgrad\w+|moderni[sz]\w+|rehabilitat\w+|renovat\w+)\b\s+"
    # "upgrade the Kittsee–Jarovce border crossing", "the Tedungan immigration,
    # customs, quarantine and security (ICQS) complex".
    # "open the dam's sluice gates": a possessive is not the object.
    # (a word may hold hyphens, "one-stop"; the separator is only space, so
    # that the two never compete for the same "-" and a run of dashes stays
    # linear)
    rf"(?:[\w’'.,()–]+(?:-[\w’'.,()–]+)*-?\s+){{0,8}}?{BODIES}\b(?![’']s\b)"
    # "build a maintenance slipway": whatever is built is a facility.
    r"|\b(?:build|construct)\w*\s+(?:an?|the|new|its|their)\s"
    # "build the capacity of the police", "build a strong partnership".
    r"(?!(?:[\w-]+\s+){0,2}?(?:capacity|capacities|partnership|trust|relations|"
    r"relationship|confidence|consensus|understanding|ties|momentum|cooperation|"
    r"friendship|resilience|bridges\s+between)\b)"
    rf"|\b{BODIES}\b[^.;]{{0,100}}?\b(?:(?:is|are)\s+(?:now\s+)?being|"
    r"(?:will|would|shall|should|is\s+to|are\s+to|(?:is|are)\s+(?:expected|due|"
    r"scheduled|set)\s+to)\s+be)\s+(?:set\s+up|established|created|formed|built|"
    r"opened|re-?opened|constructed|upgraded|renovated|inaugurated|launched)\b",
    IGNORE,
)
# At the clause's start: "The centre is expected to open by September."
_BODY_OPENS = re.compile(
    rf"\s*(?:the|a|an|this|that|its|their)\s+(?:[\w-]+\s+){{0,3}}?{BODIES}\s+"
    r"(?:is|are|will|would|should)\s+(?:\w+\s+){0,3}?(?:open|opened|launched|"
    r"operational|inaugurated|set\s+up|established|up\s+and\s+running)\b",
    IGNORE,
)
# Exercises and drills recur but are training, not meetings.
# Patrols and deployments with a cadence are ongoing work, not meetings;
# "continue to hold the joint council annually" is a meeting.
_MEETING = re.compile(
    MEETINGS.replace("exercises?|drills?|patrols?|", "")
    + r"|\bhold\w*\s+(?:the\s+|a\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,4}?"
    r"(?:councils?|commissions?|committees?)\b",
    IGNORE,
)
_TRAINING = re.compile(TRAINING_WORDS, IGNORE)
# "its fifth session", "the 8th meeting": which occurrence of a series.
ORDINAL = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"eleventh|twelfth|\d{1,2}(?:st|nd|rd|th))"
)
# One meeting, no cadence: "experts will meet within 30 days", "the ministers
# will meet again in Oslo next spring", "hold its next session in Tirana".
_ONE_MEETING = re.compile(
    r"\bmeet\b(?!\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+)?(?:needs?|standards?|"
    r"requirements?|demands?|targets?|obligations?|costs?|expenses|criteria|goals?|"
    r"deadlines?|conditions))"
    r"|\b(?:hold|convene|host)\w*\s+(?:a|an|the|its|their)\s+(?:next\s+|first\s+|"
    r"inaugural\s+)?(?:[\w-]+\s+){0,3}?(?:meeting|session|talks|consultations|"
    r"round|sitting)\b",
    IGNORE,
)
_GROWING_TRAINING = re.compile(
    # "strengthen cooperation on connectivity, border management and education".
    GROWTH_VERBS + r"\s+(?:[\w,-]+\s+){0,6}?" + TRAINING_WORDS,
    IGNORE,
)
_VISIT = re.compile(
    r"\b(?:visit|visits|visiting|travel\s+to|trip\s+to|tour\s+of|state\s+visit|"
    r"(?:trade|business|investment|economic)\s+missions?)\b",
    IGNORE,
)
_EVENT = re.compile(
    r"\b(?:attend|attending|participate|participation|take\s+part|join|host|hosting|"
    r"be\s+held|represent)\b[^.;]{0,100}?\b(?:forum|summit|conference|expo|"
    r"exhibition|games|ceremony|festival|fair|congress|meeting|session|event|"
    r"symposium|seminar|assembly|convention|olympiad|dialogue|talks|jubilee|"
    r"consultations?|retreat|(?-i:Week))\b"
    r"|\b(?:forum|summit|conference|expo|exhibition|games|ceremony|festival|"
    r"congress|symposium|convention)\b[^.;]{0,60}?\b(?:will|to)\s+be\s+held\b"
    # "The next meeting will take place (be held) in Santiago in October."
    r"|\b(?:next|" + ORDINAL + r")\s+(?:[\w’'-]+\s+){0,2}?"
    r"(?:meeting|session|round|summit|sitting|retreat)\b"
    r"[^.;]{0,80}?\b(?:will|to|shall|would)\s+(?:take\s+place|be\s+held|be\s+hosted|"
    r"be\s+convened)\b"
    r"|\b(?:hold|organi[sz]e|stage|co-host)\s+(?:a|an|the)\s+(?:[\w–-]+\s+){0,5}?"
    r"(?:forum|expo|exhibition|fair|festival|congress|symposium|convention|"
    r"games|investment\s+conference|business\s+conference)\b",
    IGNORE,
)


PEOPLE = (
    r"(?:officers?|officials?|police(?:men|women)?|students?|cadets?|personnel|"
    r"experts?|staff|diplomats?|scholarships?|trainees?|judges?|prosecutors?|"
    r"soldiers?|troops|journalists?|teachers?|doctors?|nurses?|scientists?|"
    r"researchers?|participants?|places|slots|specialists?|investigators?|"
    r"agents?|inspectors?|guards?|engineers?|academics?|youths?|athletes?|"
    r"artists?|people|members|instructors?|interns?|fellows?|scholars?|"
    r"graduates?|workers?|nationals|citizens|civil\s+servants|recruits?|"
    r"liaison\s+officers?|advisers?|advisors?|mentors?|farmers|fishermen|"
    r"technicians|apprentices|entrepreneurs|magistrates|pilots|seafarers|sailors|"
    r"crew|rangers|lawyers|analysts|managers|auditors|surveyors|paramedics|"
    r"firefighters|employees|delegates|representatives|volunteers|professionals|"
    r"practitioners|midwives|coaches|clerks|wardens|translators|interpreters|"
    r"planners|coastguards|veterinarians|observers|monitors|operators|drivers|"
    r"mechanics|controllers|cadres|"
    # geologists, economists, technicians, statisticians, librarians ...
    r"[a-z]{3,}(?:ists|ians))"
)
_QUOTA = re.compile(
    r"\b(?P<verb>exchange|exchanging|train|training|send|sending|host|hosting|"
    r"receive|receiving|admit|admitting|offer|offering|deploy|second|welcome|"
    r"accept|dispatch|award|grant|provide|providing|educate|place|fund|funding|"
    r"finance|sponsor|post|posting|assign|help\s+train|helping\s+train|"
    # "provide training for 40 officers", "offer scholarships to 30 students".
    r"(?:provide|providing|offer|offering|fund|funding|finance|sponsor|deliver)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:training|scholarships?|places|fellowships?|internships?)"
    r"\s+(?:for|to))\s+"
    r"(?:a\s+total\s+of\s+|up\s+to\s+|at\s+least\s+|as\s+many\s+as\s+|some\s+|"
    r"about\s+|around\s+|more\s+than\s+)?"
    rf"(?P<n>{NUMBER}|\d{{1,3}}(?:,\d{{3}})+)\s+(?:[\w’'-]+\s+){{0,4}}?"
    rf"(?P<unit>{PEOPLE})\b",
    IGNORE,
)
_EXCHANGE_OF_PEOPLE = re.compile(
    r"\b(?:officer|student|staff|police|personnel|youth|expert|cadet|academic|"
    r"scholar|judicial|military|people-to-people|teacher|researcher)s?\s+"
    r"exchanges?\b|\bexchanges?\s+of\s+(?:\w+\s+){0,2}?" + PEOPLE + r"\b"
    # "exchange liaison officers", "exchange experts".
    r"|\bexchang\w*\s+(?:\w+\s+){0,2}?" + PEOPLE + r"\b",
    IGNORE,
)


# Quota verbs that make a number of people an exchange even without a cadence
# ("post two experts", "fund 30 places"); "send 500 troops" stays a deployment.
_PROVIDES_PLACES = re.compile(
    r"exchang|fund|financ|sponsor|provid|post|second|assign|help|grant|award|offer|"
    r"send|sending|dispatch",
    IGNORE,
)
_NUMBERED_EVENT = re.compile(
    r"\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|"
    r"ninth|tenth)\s+(?:edition\s+of\s+the\s+)?(?:annual|biennial|yearly)\b",
    IGNORE,
)
_ATTENDS_ONE = re.compile(
    r"\b(?:attend|attending|participate\s+in|take\s+part\s+in|travel\w*\s+to\s+"
    r"(?:[\w’'-]+\s+){1,4}?for)\s+(?:the|a|an)\s+[^.;]{0,80}?\breview\s+"
    r"(?:meeting|session|conference)\b",
    IGNORE,
)
_ADDING = re.compile(
    r"\b(?:said|stated|noted|told\s+\w+)\b[^.;]{0,200}?,\s+adding\s+(?:that\s+)?",
    IGNORE,
)


# "within 60 days of Tuesday's talks": the talks date the commitment; they are
# not what it promises.
_EVENT_IN_DATE = re.compile(
    r"\b(?:within|after|following|since|before|ahead\s+of|prior\s+to|of)\s+"
    r"(?:[\w’'-]+\s+){0,4}?(?:talks|meetings?|summits?|sessions?|visits?|"
    r"consultations|rounds?)\b",
    IGNORE,
)


def _meeting_outside_dates(text: str, start: int, end: int) -> bool:
    dates = [m.span() for m in _EVENT_IN_DATE.finditer(text, start, end)]
    return any(
        not any(a <= m.start() < b for a, b in dates)
        for m in _MEETING.finditer(text, start, end)
    )


@dataclass(frozen=True)
class Quantity:
    """A stated number of people (or places) and what they are."""

    number: int
    unit: str
    phrase: str


def find_quantity(text: str, start: int, end: int) -> Quantity | None:
    """The number of people a clause exchanges, trains, sends or hosts."""
    match = _QUOTA.search(text, start, end)
    if match is None:
        return None
    raw = match["n"].replace(",", "")
    count = number(raw)
    if count is None:
        return None
    return Quantity(count, match["unit"].lower(), match.group(0))


def classify(text: str, start: int, end: int, *, recurs: bool) -> str:
    """The kind of the commitment stated in `text[start:end]`."""
    # "X said the talks were useful, adding that Chile would share data":
    # only what follows "adding that" is promised.
    adding = _ADDING.search(text, start, end)
    if adding:
        start = adding.end()
    if _REVIEW.search(text, start, end):
        # "travel to Tokyo for the partnership review meeting": one meeting to attend.
        return EVENT_ATTENDANCE if _ATTENDS_ONE.search(text, start, end) else REVIEW
    if _SIGNING.search(text, start, end):
        return SIGNING
    if _STRATEGY.search(text, start, end):
        return STRATEGY
    if not recurs and (
        _ESTABLISHMENT.search(text, start, end) or _BODY_OPENS.match(text, start, end)
    ):
        return ESTABLISHMENT
    # "exchange 20 officers yearly", "a yearly officer exchange", "train 120
    # officers each year": a quota, even though it recurs.
    quota = _QUOTA.search(text, start, end)
    if _EXCHANGE_OF_PEOPLE.search(text, start, end) or (
        quota
        and (
            recurs
            or (
                _PROVIDES_PLACES.match(quota["verb"]) is not None
                and quota["unit"].lower() not in {"troops", "soldiers"}
            )
        )
    ):
        return EXCHANGE
    if _NUMBERED_EVENT.search(text, start, end) and _EVENT.search(text, start, end):
        # "host the 5th Annual Fisheries Forum": one event, not a series.
        return EVENT_ATTENDANCE
    if recurs and _meeting_outside_dates(text, start, end):
        return RECURRING_MEETING
    if not recurs and _ONE_MEETING.search(text, start, end):
        return EVENT_ATTENDANCE
    if _TRAINING.search(text, start, end) and not _GROWING_TRAINING.search(
        text, start, end
    ):
        return TRAINING
    if _VISIT.search(text, start, end):
        return VISIT
    if _EVENT.search(text, start, end):
        return EVENT_ATTENDANCE
    return ONGOING
