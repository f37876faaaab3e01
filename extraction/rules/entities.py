"""Sides and institutions named in a clause, matched against names passed in as
plain data (so this module needs no database), and new institution-like names
proposed for a person to confirm."""

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from extraction.rules.countries import (
    BY_CODE,
    corroborated_names,
    country_named,
    side_words,
)
from extraction.rules.kinds import INSTRUMENTS
from extraction.rules.wordre import word_pattern


@dataclass(frozen=True)
class KnownParty:
    """A side the directory knows: its name, code and other words for it."""

    name: str
    code: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnownInstitution:
    """An institution the directory knows, and its party's name."""

    name: str
    party: str
    acronym: str = ""


@dataclass(frozen=True)
class KnownPerson:
    """An official the directory knows, and their party's name."""

    name: str
    party: str


@dataclass(frozen=True)
class KnownNames:
    """Everything already in the directory, as plain data."""

    parties: tuple[KnownParty, ...] = ()
    institutions: tuple[KnownInstitution, ...] = ()
    people: tuple[KnownPerson, ...] = ()


@dataclass(frozen=True)
class InstitutionHit:
    """An institution named in a clause: known (in the directory) or proposed."""

    name: str
    acronym: str
    party: str | None
    known: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "acronym": self.acronym,
            "party": self.party,
            "known": self.known,
        }


# Subjects that mean every side of the text.
BOTH = re.compile(
    r"\b(?:both|the\s+two|all\s+(?:the\s+)?(?:two|three|parties|sides))\s+"
    r"(?:\w+\s+){0,2}?(?:sides|countries|parties|nations|governments|ministers|"
    r"leaders|delegations|presidents|states|heads|ministries|agencies|forces|"
    r"commands|navies|armies|militaries|coast\s+guards|police|polices|services|"
    r"authorities|teams|institutions|agencies|presidents|premiers|chiefs|"
    r"interior|defen[cs]e|foreign|prime|sides’|countries’|sides'|countries')\b"
    r"|\b(?:both|either|each)\s+(?:side|sides|country|countries|party|parties|"
    r"government|governments)\b"
    r"|\beach\s+other\b|\bjoint(?:ly)?\b|\bmutual(?:ly)?\b|\bbilateral\b"
    r"|\bbi-?national\b|\binter-?governmental\b"
    r"|\bcounterparts?\b",
    re.IGNORECASE,
)
# Plural subjects that, in a text about two sides, are those two sides.
_PLURAL_SUBJECT = re.compile(
    r"\s*(?:[\w,]+\s+){0,3}?(?:the|their)\s+(?:\w+\s+)?(?:ministers|presidents|"
    r"leaders|delegations|governments|sides|parties|premiers|heads\s+of\s+state|"
    r"foreign\s+ministers|negotiators|ministries|navies|armies|police\s+forces|"
    r"coast\s+guards|border\s+guards|customs\s+(?:services|administrations|"
    r"authorities)|railways|central\s+banks)\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\s*(?:he|she|they|we|it|his|her)\b", re.IGNORECASE)
# Kinds where both sides named in the clause act, not only its subject:
# trainers and trainees, signatories, host and visitor.
_ALL_NAMED = frozenset({"training", "signing", "visit", "exchange"})
_MEETINGS = frozenset({"recurring_meeting", "review", "event_attendance"})
# Words that make a country name the place where something happens ("in
# Beijing", "to Santiago"), not a side that must act.
_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|near|across|throughout|inside|around|to|into|outside|via|"
    r"hosted\s+by|held\s+in)\s+(?:the\s+)?(?:city\s+of\s+|capital\s+)?$"
    # "the Gulf of Guinea", "the Bay of Bengal".
    r"|\b(?:Gulf|Bay|Sea|Straits?|Port|Isle)\s+of\s+$",
    re.IGNORECASE,
)
# A country word that names a sea, channel or river: "the Mozambique Channel".
_PLACE_AFTER = re.compile(
    r"\s+(?:Channel|Sea|Straits?|Gulf|River|Basin|Bight|Current|Trench|Ridge|"
    r"Plateau|Highlands|Lowlands|Desert|Lake|Bay)\b"
)
# Reported speech before the subject: "Sato said Japan will ..." -> Japan.
_REPORTED = re.compile(
    r".*\b(?:said|says|stated|added|announced|confirmed|noted|told\s+\w+|"
    r"explained|informed\s+\w+|adding|added)\s+(?:on\s+\w+\s+)?(?:that\s+)?",
    re.IGNORECASE | re.DOTALL,
)
# After a country word: it qualifies a body ("the Beijing institution",
# "the Oslo Police District"), so it is that body's side, not a place.
_MODIFIES = re.compile(
    r"\s+(?:[A-Z][\w’'-]+|institution|institute|academy|college|university|"
    r"cent(?:re|er)|office|embassy|ministry|police|authorit(?:y|ies)|agency)\b"
)
# The verb right after the subject's cue, when it provides a quota or a
# service to the other side ("will fund / train / host / share ...").
_PROVIDER_VERB = re.compile(
    r"\s*(?:will|would|shall|(?:has\s+|have\s+)?(?:agreed|pledged|undertook|undertaken|"
    r"committed|decided|offered|promised|plans?)\s+to|is\s+to|are\s+to)?\s*"
    r"(?:also\s+|further\s+|each\s+year\s+|annually\s+)?(?:help\s+(?:to\s+)?)?"
    r"(?:train|fund|financ|sponsor|provid|host|receiv|admit|grant|award|offer|post|"
    r"second|send|dispatch|assign|welcome|accept|educate|share|supply|deliver|"
    r"transfer)\w*\b",
    re.IGNORECASE,
)
# "An updated transit agreement … will be signed at that session": nobody is
# named as signing, and an instrument between the two has both as signatories.
_INSTRUMENT_SUBJECT = re.compile(
    rf"\s*(?:an?|the)\s+(?:[\w-]+\s+){{0,3}}?{INSTRUMENTS}\b", re.IGNORECASE
)
_SIGNED_BY_NOBODY = re.compile(
    r"\bbe\s+(?:signed|concluded|inked|finali[sz]ed)\b(?!\s+by\b)", re.IGNORECASE
)
_ATTRIBUTION = re.compile(
    r",\s+(?:[^,.;]{0,80}?)\b(?:said|says|told\s+(?:\w+\s+)?\w+|announced|added|"
    r"stated|confirmed|noted)\b(?:\s+(?:on|in)\s+\w+)?[.;]?\s*$",
    re.IGNORECASE,
)
_TWO_NAMED = re.compile(r"\b(?:both|the\s+two)\b", re.IGNORECASE)
_WITH = re.compile(r"\b(?:with|alongside)\s+(?:the\s+)?$", re.IGNORECASE)
# "accepted an invitation (from ...) to visit / pay a visit": the visitor acts.
_ACCEPTED = re.compile(
    r"\baccept(?:ed|s)?\s+(?:an\s+|the\s+|his\s+|her\s+|their\s+)?invitations?\b"
    r"(?=[^.;]{0,120}?\bvisit)",
    re.IGNORECASE,
)
_INVITATION = re.compile(
    r"\b(?:invited|invites?|inviting|invitation\s+to)\s+"
    r"(?P<invitee>(?:[\w’'.-]+\s+){1,8}?)to\s+"
    r"(?P<verb>visit|attend|participate|take\s+part|join|send|come|address|observe|"
    # "invited German navy divers to a salvage and recovery course".
    r"(?:a|an|the|its|their)\s+(?:[\w-]+\s+){0,5}?(?:course|courses|training|"
    r"exercise|workshop|seminar|conference|forum|summit|meeting))\b"
    r"(?P<rest>[^.;]*)",
    re.IGNORECASE,
)
INSTITUTION_HEADS = (
    r"Ministry|Department|Office|Bureau|Agency|Directorate|Commission|Council|"
    r"Institute|Academy|College|University|Authority|Board|Centre|Center|Embassy|"
    r"Secretariat|Chamber|Corporation|Service|Force|Forces|Command|Unit|Division|"
    r"Police|Guard|Court|Parliament|Assembly|Administration|Group|Task\s+Force|"
    r"Committee|Coast\s+Guard|Gendarmerie|Customs|Army|Navy"
)
_NAME_WORD = r"[A-Z][\w’'&-]*"
_PROPOSED = re.compile(
    rf"\b(?:{INSTITUTION_HEADS})\s+(?:of|for|on)\s+(?:the\s+)?{_NAME_WORD}"
    rf"(?:\s+(?:and\s+|of\s+|for\s+|the\s+|&\s+)?{_NAME_WORD})*"
    rf"|\b{_NAME_WORD}(?:\s+(?:of\s+|for\s+)?{_NAME_WORD}){{0,6}}\s+"
    rf"(?:{INSTITUTION_HEADS})\b",
)
# Words that start a sentence or title a person rather than name a body.
_NOT_NAME_START = frozenset(
    {
        "The",
        "A",
        "An",
        "During",
        "In",
        "At",
        "On",
        "With",
        "Both",
        "According",
        "Minister",
        "President",
        "Prime",
        "Federal",
        "Interior",
        "Foreign",
        "Deputy",
        "Vice",
        "Chief",
        "Secretary",
        "Director",
        "General",
        "DG",
        "Ambassador",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "He",
        "She",
        "They",
        "It",
        "This",
        "That",
        "Earlier",
        "Later",
        "Meanwhile",
        "Chinese",
        "Pakistani",
        "Also",
        "And",
        "Under",
        "As",
        "For",
        "By",
        "From",
    }
)


class EntityMatcher:
    """Finds sides, institutions and officials in clauses of one text."""

    def __init__(self, known: KnownNames) -> None:
        self.known = known
        words: dict[str, str] = {}
        known_by_code = {party.code: party for party in known.parties if party.code}
        for word, code in side_words().items():
            party = known_by_code.get(code)
            words[word] = party.name if party else BY_CODE[code].name
        for party in known.parties:
            for word in (party.name, *party.aliases):
                words[word] = party.name
        self.party_words = words
        self._text_words = words
        self._party_re = _word_pattern(words, flags=0)
        self.institutions = {i.name.lower(): i for i in known.institutions}
        self.acronyms = {i.acronym: i for i in known.institutions if i.acronym}
        self._institution_re = _word_pattern(self.institutions, flags=re.IGNORECASE)
        self._acronym_re = _word_pattern(self.acronyms, flags=0)
        people: dict[str, str] = {}
        token_parties: dict[str, set[str]] = {}
        for person in known.people:
            people[person.name] = person.party
            for token in person.name.split():
                if len(token) >= 3:
                    token_parties.setdefault(token, set()).add(person.party)
        # A surname alone ("Naqvi") counts when it points at one side only.
        for token, parties in token_parties.items():
            if len(parties) == 1:
                people.setdefault(token, next(iter(parties)))
        self.people = people
        self._people_re = _word_pattern(people, flags=0)
        self.known_party_names = frozenset(p.name for p in known.parties)

    def read_text(self, text: str) -> None:
        """Before reading a text: its ambiguous country names ("Jordan") count
        as sides when the text confirms it means the country."""
        words = dict(self.party_words)
        for name, code in corroborated_names(text).items():
            words.setdefault(name, BY_CODE[code].name)
        self._text_words = words
        self._party_re = _word_pattern(words, flags=0)

    def parties_in(self, text: str, start: int, end: int) -> list[str]:
        """Sides named in `text[start:end]`, by country word, institution or person."""
        found: list[str] = []
        for match in (
            self._party_re.finditer(text, start, end) if self._party_re else ()
        ):
            _add(found, self._text_words[match.group(0)])
        for hit in self.institutions_in(text, start, end):
            if hit.party:
                _add(found, hit.party)
        for match in (
            self._people_re.finditer(text, start, end) if self._people_re else ()
        ):
            _add(found, self.people[match.group(0)])
        return found

    def document_parties(self, text: str) -> list[str]:
        """The sides a whole text is about: the two most named."""
        counts: Counter[str] = Counter()
        if self._party_re:
            counts.update(
                self._text_words[m.group(0)] for m in self._party_re.finditer(text)
            )
        if self._people_re:
            counts.update(
                self.people[m.group(0)] for m in self._people_re.finditer(text)
            )
        return [name for name, _ in counts.most_common(2)]

    def institutions_in(self, text: str, start: int, end: int) -> list[InstitutionHit]:
        """Known institutions named in the clause, then proposed new ones."""
        hits: list[InstitutionHit] = []
        spans: list[tuple[int, int]] = []
        if self._institution_re:
            for match in self._institution_re.finditer(text, start, end):
                known = self.institutions[match.group(0).lower()]
                hits.append(
                    InstitutionHit(known.name, known.acronym, known.party, True)
                )
                spans.append(match.span())
        if self._acronym_re:
            for match in self._acronym_re.finditer(text, start, end):
                known = self.acronyms[match.group(0)]
                if all(h.name != known.name for h in hits):
                    hits.append(
                        InstitutionHit(known.name, known.acronym, known.party, True)
                    )
                spans.append(match.span())
        for match in _PROPOSED.finditer(text, start, end):
            a, b = match.span()
            if any(a < y and x < b for x, y in spans):
                continue
            name = _clean_name(match.group(0))
            if name is None or any(h.name.lower() == name.lower() for h in hits):
                continue
            party = None
            if self._party_re:
                word = self._party_re.search(name)
                party = self._text_words[word.group(0)] if word else None
            hits.append(InstitutionHit(name, "", party, False))
        return hits

    def sides_in(self, text: str, start: int, end: int) -> list[str]:
        """Sides that act in `text[start:end]`: as `parties_in`, less the places
        where something happens ("in Beijing", "to Santiago")."""
        found: list[str] = []
        for match in (
            self._party_re.finditer(text, start, end) if self._party_re else ()
        ):
            before = text[max(start, match.start() - 24) : match.start()]
            # "in Norway" is a place; "at the Beijing institution" names a body.
            if (
                _PLACE_BEFORE.search(before)
                and not _MODIFIES.match(text, match.end(), end)
            ) or _PLACE_AFTER.match(text, match.end(), end):
                continue
            _add(found, self._text_words[match.group(0)])
        for hit in self.institutions_in(text, start, end):
            if hit.party:
                _add(found, hit.party)
        for match in (
            self._people_re.finditer(text, start, end) if self._people_re else ()
        ):
            _add(found, self.people[match.group(0)])
        return found

    def obligated(
        self,
        text: str,
        start: int,
        end: int,
        *,
        kind: str,
        doc_parties: list[str],
        subject_end: int | None = None,
    ) -> list[str]:
        """The sides that must act on the commitment stated in the clause.

        In order: an invitation obliges the invited side; a subject that means
        both ("the two navies", "each side") is the text's two parties; a named
        subject (a country, "Estonia's Information System Authority", a known
        official) is its side, with those it acts "with" and, for training, the
        trainees' side; then "both" anywhere; then every side named, less places.
        """
        # "…, Uruguayan Foreign Minister Mario Lubetkin told reporters": who
        # said it is not who must act.
        attribution = _ATTRIBUTION.search(text, start, end)
        if attribution and (subject_end is None or attribution.start() >= subject_end):
            end = attribution.start()
        accepted = _ACCEPTED.search(text, start, end)
        if accepted:
            return self._accepted(text, accepted, start, end, doc_parties=doc_parties)
        invitation = _INVITATION.search(text, start, end)
        if invitation:
            return self._invited(
                text, invitation, start, kind=kind, doc_parties=doc_parties
            )
        both = len(doc_parties) >= 2
        if subject_end is not None and start < subject_end <= end:
            reported = _REPORTED.match(text, start, subject_end)
            subject_start = reported.end() if reported else start
            if both and (
                BOTH.search(text, subject_start, subject_end)
                or _PLURAL_SUBJECT.match(text, subject_start, subject_end)
            ):
                return list(doc_parties)
            subject = self.sides_in(text, subject_start, subject_end)
            if not subject and reported and _PRONOUN.match(text, subject_start):
                # "Santos said she would travel": the speaker's side acts.
                subject = self.sides_in(text, start, subject_start)
            if (
                both
                and kind == "signing"
                and _INSTRUMENT_SUBJECT.match(text, subject_start, subject_end)
                and _SIGNED_BY_NOBODY.search(text, subject_end, end)
            ):
                return list(doc_parties)
            if not subject and both:
                unnamed = self._unnamed_subject(
                    text, subject_end, end, kind=kind, doc_parties=doc_parties
                )
                if unnamed:
                    return unnamed
            if subject:
                provides = _PROVIDER_VERB.match(text, subject_end, end)
                # "Chile will host the next session of the joint commission":
                # the host only, as for any one event it hosts.
                hosts_one = (
                    kind == "event_attendance"
                    and provides is not None
                    # "host a meeting of the two countries' ministers": both.
                    and not _TWO_NAMED.search(text, subject_end, end)
                )
                if (
                    both
                    and kind in _MEETINGS
                    and not hosts_one
                    and BOTH.search(text, subject_end, end)
                ):
                    return list(doc_parties)
                if hosts_one:
                    # "Uruguay will host talks with Argentina": the guest
                    # takes part in them.
                    rest = self._sides_with(text, subject_end, end)
                elif provides:
                    # Quotas and services oblige the provider only: "Norway
                    # will fund 30 places for Chilean officers", "Chile will
                    # share data with Norway's fisheries service".
                    rest = []
                elif kind == "visit":
                    # "lead a trade mission to Hanoi": the host is a side.
                    rest = self.parties_in(text, subject_end, end)
                elif kind in _ALL_NAMED:
                    rest = self.sides_in(text, subject_end, end)
                else:
                    rest = self._sides_with(text, subject_end, end)
                for party in rest:
                    _add(subject, party)
                return subject
        if both and BOTH.search(text, start, end):
            return list(doc_parties)
        if kind == "visit":
            # "Bello will lead a trade mission to Accra": visitor and host;
            # with only the host named, the visitor is the text's other side.
            named = self.parties_in(text, start, end)
            if len(named) == 1 and both and named[0] in doc_parties:
                return list(doc_parties)
            return named
        return self.sides_in(text, start, end)

    def _unnamed_subject(
        self, text: str, start: int, end: int, *, kind: str, doc_parties: list[str]
    ) -> list[str]:
        """Sides for a subject that names none ("Officials", "The Royal
        Academy of Police"): an instrument to be signed binds both; a quota
        served to one side's people ("will receive 30 Kuwaiti officers") is
        provided by the other."""
        if kind == "signing" and (
            _SIGNED_BY_NOBODY.search(text, start, end)
            or not self.sides_in(text, start, end)
        ):
            return list(doc_parties)
        if kind == "exchange" and _PROVIDER_VERB.match(text, start, end):
            served = self.sides_in(text, start, end)
            if len(served) == 1 and served[0] in doc_parties:
                return [p for p in doc_parties if p != served[0]][:1]
        return []

    def _sides_with(self, text: str, start: int, end: int) -> list[str]:
        """The sides the subject acts "with" ("talks with Argentina")."""
        return [
            party
            for party in self.sides_in(text, start, end)
            if self._after_with(text, party, start, end)
        ]

    def _after_with(self, text: str, party: str, start: int, end: int) -> bool:
        if self._party_re is None:
            return False
        for match in self._party_re.finditer(text, start, end):
            if self._text_words[match.group(0)] == party and _WITH.search(
                text, max(start, match.start() - 16), match.start()
            ):
                return True
        return False

    def _accepted(
        self,
        text: str,
        match: re.Match[str],
        start: int,
        end: int,
        *,
        doc_parties: list[str],
    ) -> list[str]:
        """ "X accepted an invitation (from Y) to visit Z": the visitor X and the
        host (the inviter, else the place); either, when unnamed, is the text's
        other party."""
        visitor = self.sides_in(text, start, match.start())
        host = self.parties_in(text, match.end(), end)
        host = [p for p in host if p not in visitor][:1]
        if len(doc_parties) == 2:
            if not visitor:
                visitor = [p for p in doc_parties if p not in host][:1]
            if not host:
                host = [p for p in doc_parties if p not in visitor][:1]
        sides = list(visitor)
        for party in host:
            _add(sides, party)
        return sides

    def _invited(
        self,
        text: str,
        match: re.Match[str],
        start: int,
        *,
        kind: str,
        doc_parties: list[str],
    ) -> list[str]:
        inviter = self.parties_in(text, start, match.start())
        invitee = self.parties_in(text, *match.span("invitee"))
        place = self.parties_in(text, *match.span("rest"))
        if not invitee and len(doc_parties) == 2:
            other_than = inviter or (place if match["verb"].lower() == "visit" else [])
            invitee = [p for p in doc_parties if p not in other_than][:1]
        sides = list(invitee)
        if match["verb"].lower() == "visit":
            host = inviter or place
            if not host and len(doc_parties) == 2:
                host = [p for p in doc_parties if p not in invitee][:1]
            for party in host:
                _add(sides, party)
        return sides


def country_for(name: str) -> dict[str, str] | None:
    """The country data's code, name and zone for a side's name, if it knows it."""
    country = country_named(name)
    if country is None:
        return None
    return {"code": country.code, "name": country.name, "time_zone": country.time_zone}


def _add(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def _word_pattern(words: Collection[str], *, flags: int) -> re.Pattern[str] | None:
    return word_pattern(list(words), flags=flags)


def _clean_name(raw: str) -> str | None:
    words = raw.split()
    # "Pakistan’s National Police Academy": the owner is not part of the name.
    for index, word in enumerate(words):
        if word.endswith(("’s", "'s")):
            words = words[index + 1 :]
            break
    while words and words[0].strip("’'") in _NOT_NAME_START:
        words.pop(0)
    if len(words) < 2:
        return None
    return " ".join(words)
