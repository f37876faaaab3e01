"""factory_boy factories for rows that tests need in numbers."""

import datetime

import factory
from django.contrib.auth import get_user_model

from commitments.models import (
    Agreement,
    Commitment,
    Institution,
    Milestone,
    Party,
    SourceDocument,
    content_hash,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("pw-user-1")


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"P{n}")
    name = factory.LazyAttribute(lambda party: f"Party {party.code}")
    time_zone = "Asia/Karachi"


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    party = factory.SubFactory(PartyFactory)
    name = factory.Sequence(lambda n: f"Institution {n}")


class SourceDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceDocument

    title = factory.Sequence(lambda n: f"Statement {n}")
    text = factory.Sequence(
        lambda n: f"Statement {n}. Both sides agreed to meet every three months."
    )
    content_hash = factory.LazyAttribute(lambda document: content_hash(document.text))
    published_on = datetime.date(2026, 1, 7)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    reference = factory.Sequence(lambda n: f"agreement-{n}")
    title = factory.Sequence(lambda n: f"Talks {n}")
    kind = "talks"
    date = datetime.date(2026, 1, 7)
    time_zone = "Asia/Karachi"


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    agreement = factory.SubFactory(AgreementFactory)
    reference = factory.Sequence(lambda n: f"commitment-{n}")
    title = factory.Sequence(lambda n: f"Commitment {n}")
    kind = "ongoing"


class MilestoneFactory(factory.django.DjangoModelFactory):
    """A planned milestone due at 19:00 UTC on its day (midnight in Islamabad)."""

    class Meta:
        model = Milestone

    commitment = factory.SubFactory(CommitmentFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_date = factory.Sequence(
        lambda n: datetime.date(2026, 3, 1) + datetime.timedelta(n)
    )
    due_at = factory.LazyAttribute(
        lambda m: datetime.datetime.combine(
            m.due_date, datetime.time(19), tzinfo=datetime.UTC
        )
    )
