"""Parties, their institutions and their officials."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from commitments.models import Institution, Party, Person
from core.history import save_with_history


@transaction.atomic
def party_ensure(
    *, code: str, name: str, time_zone: str, actor: AbstractBaseUser | None, reason: str
) -> Party:
    """Return the party with this code, creating it if it does not exist."""
    party = Party.objects.filter(code=code).first()
    if party is None:
        party = save_with_history(
            Party(code=code, name=name, time_zone=time_zone), actor=actor, reason=reason
        )
    return party


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
