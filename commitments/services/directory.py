"""Parties, their institutions and their officials."""

from dataclasses import dataclass

import pycountry
from babel.core import get_global
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from commitments.models import Institution, Party, Person
from core.history import save_with_history


@dataclass(frozen=True)
class Country:
    """A country as ISO 3166 names it: its code, short name and other names."""

    iso_code: str
    name: str
    names: frozenset[str]
    time_zone: str


def country_lookup(name_or_code: str) -> Country | None:
    """The ISO 3166 country of a name, official name or code, if pycountry
    knows it (case-insensitive)."""
    try:
        found = pycountry.countries.lookup(name_or_code.strip())
    except LookupError:
        return None
    name = getattr(found, "common_name", None) or found.name
    names = {
        found.name,
        name,
        getattr(found, "official_name", None) or found.name,
        found.alpha_3,
    }
    zones = get_global("territory_zones").get(found.alpha_2, [])
    # One zone is the country's; several are a guess a person may change,
    # so the directory says UTC rather than pick a wrong region's.
    return Country(
        iso_code=found.alpha_2,
        name=name,
        names=frozenset(names),
        time_zone=zones[0] if len(zones) == 1 else "UTC",
    )


def _iso_of(code: str) -> str:
    code = code.upper()
    return code if len(code) == 2 and pycountry.countries.get(alpha_2=code) else ""


@transaction.atomic
def party_ensure(
    *, code: str, name: str, time_zone: str, actor: AbstractBaseUser | None, reason: str
) -> Party:
    """Return the party with this code, creating it if it does not exist."""
    party = Party.objects.filter(code=code).first()
    if party is None:
        party = save_with_history(
            Party(code=code, name=name, time_zone=time_zone, iso_code=_iso_of(code)),
            actor=actor,
            reason=reason,
        )
    return party


def party_match(name: str) -> Party | None:
    """The directory's party for a name, whether written as the directory
    has it, as another of the country's names (official name, alpha-3) or as
    its ISO code; case-insensitive."""
    name = name.strip()
    if not name:
        return None
    country = country_lookup(name)
    names = {name} | (set(country.names) if country else set())
    condition = Q()
    for each in names:
        condition |= Q(name__iexact=each)
    if country:
        condition |= Q(iso_code__iexact=country.iso_code) | Q(
            code__iexact=country.iso_code
        )
    elif len(name) <= 12:
        condition |= Q(code__iexact=name)
    return Party.objects.filter(condition).order_by("pk").first()


@transaction.atomic
def party_find_or_create(
    *, name: str, actor: AbstractBaseUser | None, reason: str
) -> tuple[Party, bool]:
    """The directory's party of this name (see party_match), or a new one
    made from ISO 3166 (its short name, alpha-2 code and, if it has only one,
    its time zone). A name ISO 3166 does not know is refused: a side the
    directory lacks is a country, and a misspelt one would be a second row."""
    existing = party_match(name)
    if existing is not None:
        return existing, False
    country = country_lookup(name)
    if country is None:
        raise ValidationError(
            f"“{name.strip()[:80]}” is not a country ISO 3166 knows: write its "
            "short name (“Norway”) or its two-letter code (“NO”)."
        )
    party = Party(
        code=country.iso_code,
        iso_code=country.iso_code,
        name=country.name,
        time_zone=country.time_zone,
    )
    party.full_clean()
    try:
        # A savepoint: another acceptance adding the same country at the same
        # moment meets the unique constraints, and its row is the one used.
        with transaction.atomic():
            return save_with_history(party, actor=actor, reason=reason), True
    except IntegrityError:
        raced = party_match(name)
        if raced is None:
            raise
        return raced, False


@transaction.atomic
def institution_ensure(
    *,
    party: Party,
    name: str,
    acronym: str = "",
    actor: AbstractBaseUser | None,
    reason: str,
) -> Institution:
    """Return the party's institution of this name, creating it if needed."""
    institution = Institution.objects.filter(party=party, name=name).first()
    if institution is None:
        institution = save_with_history(
            Institution(party=party, name=name, acronym=acronym),
            actor=actor,
            reason=reason,
        )
    return institution


def institution_match(
    *, party: Party, name: str, acronym: str = ""
) -> Institution | None:
    """The party's institution of this name or acronym (case-insensitive)."""
    condition = Q(name__iexact=name.strip())
    if acronym.strip():
        condition |= Q(acronym__iexact=acronym.strip()) | Q(
            name__iexact=acronym.strip()
        )
    return party.institutions.filter(condition).order_by("pk").first()


@transaction.atomic
def institution_find_or_create(
    *,
    party: Party,
    name: str,
    acronym: str = "",
    actor: AbstractBaseUser | None,
    reason: str,
) -> tuple[Institution, bool]:
    """The party's institution of this name or acronym, or a new one."""
    name, acronym = name.strip(), acronym.strip()
    if not name:
        raise ValidationError({"new_institution_name": "Name the institution."})
    existing = institution_match(party=party, name=name, acronym=acronym)
    if existing is not None:
        return existing, False
    institution = Institution(party=party, name=name, acronym=acronym)
    institution.full_clean()
    return save_with_history(institution, actor=actor, reason=reason), True


@transaction.atomic
def person_ensure(
    *,
    party: Party,
    name: str,
    title: str = "",
    institution: Institution | None = None,
    actor: AbstractBaseUser | None,
    reason: str,
) -> Person:
    """Return the party's official of this name, creating them if needed."""
    person = Person.objects.filter(party=party, name=name).first()
    if person is None:
        person = save_with_history(
            Person(party=party, name=name, title=title, institution=institution),
            actor=actor,
            reason=reason,
        )
    return person
