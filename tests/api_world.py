"""Two desks, their users and a counterpart, with a token each: the world the
API tests (tests/unit/test_api_*.py) read through /api/v1/."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, Group
from django.test import Client

from access.services import (
    counterpart_account_create,
    desk_agreement_add,
    desk_create,
    desk_member_add,
)
from api.services import api_token_create
from commitments.models import (
    Agreement,
    Commitment,
    FollowUp,
    Milestone,
    Obligation,
    Provenance,
)
from commitments.services.followups import followup_log
from commitments.services.milestones import milestone_add
from extraction.models import Candidate
from tests.factories import (
    AgreementFactory,
    CommitmentFactory,
    InstitutionFactory,
    PartyFactory,
    SourceDocumentFactory,
    UserFactory,
)

A_TITLE = "Alpha secret talks"
A_NOTE_INTERNAL = "Alpha internal note"
A_NOTE_SHARED = "Alpha shared note"
B_TITLE = "Bravo open agreement"
QUOTE = "the alpha side shall share intelligence weekly"


@dataclass
class World:
    users: dict[str, AbstractBaseUser]
    keys: dict[str, str]
    a: Agreement
    b: Agreement
    commitment: Commitment
    commitment_b: Commitment
    milestone: Milestone
    internal: FollowUp
    shared: FollowUp
    candidate: Candidate
    extra: dict = field(default_factory=dict)

    def client(self, name: str) -> Client:
        """A client that sends `name`'s token on every request."""
        return Client(headers={"Authorization": f"Token {self.keys[name]}"})


def make_world() -> World:
    actor = UserFactory(username="desk-admin")
    china, pakistan = PartyFactory(code="CN"), PartyFactory(code="PK")
    source_a = SourceDocumentFactory(title="Alpha source", text=f"Pre. {QUOTE}. End.")
    a = AgreementFactory(title=A_TITLE, reference="alpha")
    a.parties.set([china, pakistan])
    a.sources.add(source_a)
    b = AgreementFactory(title=B_TITLE, reference="bravo")
    b.sources.add(SourceDocumentFactory(title="Bravo source"))
    roles = {
        "officer_a": "Policy officer",
        "viewer_a": "Viewer",
        "manager_a": "Manager",
        "officer_b": "Policy officer",
        "manager_b": "Manager",
        "oversight": "Oversight",
        "counterpart": "Counterpart",
        "norole": None,
    }
    users = {}
    for name, group in roles.items():
        users[name] = UserFactory(username=name, first_name=name.title())
        if group:
            users[name].groups.add(Group.objects.get(name=group))
    commitment = CommitmentFactory(
        agreement=a,
        title="Alpha pledge",
        reference="alpha-pledge",
        owner=users["officer_a"],
    )
    Provenance.objects.create(
        commitment=commitment,
        source=source_a,
        quote=QUOTE,
        quote_start=5,
        quote_end=5 + len(QUOTE),
    )
    Obligation.objects.create(
        commitment=commitment,
        party=pakistan,
        lead_institution=InstitutionFactory(party=pakistan, name="Alpha ministry"),
    )
    milestone = milestone_add(
        commitment=commitment,
        due_date=datetime.date(2026, 6, 1),
        title="Alpha meeting",
        actor=actor,
        reason="planned",
    )
    internal = followup_log(
        commitment=commitment,
        actor=users["officer_a"],
        happened_on=datetime.date(2026, 1, 20),
        note=A_NOTE_INTERNAL,
    )
    shared = followup_log(
        commitment=commitment,
        actor=users["officer_a"],
        happened_on=datetime.date(2026, 1, 21),
        note=A_NOTE_SHARED,
        visibility="shared",
    )
    commitment_b = CommitmentFactory(
        agreement=b,
        title="Bravo pledge",
        reference="bravo-pledge",
        owner=users["officer_b"],
    )
    candidate = Candidate.objects.create(
        source=source_a,
        quote=QUOTE,
        start=5,
        end=5 + len(QUOTE),
        kind="training",
        title="Share intelligence",
        confidence=0.8,
        extractor_version="test",
    )
    desk_a = desk_create(name="Desk A", actor=actor, reason="r")
    desk_b = desk_create(name="Desk B", actor=actor, reason="r")
    desk_agreement_add(desk=desk_a, agreement=a, actor=actor, reason="r")
    desk_agreement_add(desk=desk_b, agreement=b, actor=actor, reason="r")
    for name in ("officer_a", "viewer_a", "manager_a", "norole"):
        desk_member_add(desk=desk_a, user=users[name], actor=actor, reason="r")
    for name in ("officer_b", "manager_b"):
        desk_member_add(desk=desk_b, user=users[name], actor=actor, reason="r")
    counterpart_account_create(
        user=users["counterpart"],
        party=china,
        agreements=[a],
        actor=actor,
        reason="r",
    )
    keys = {
        name: api_token_create(user=user, name="tests", actor=user).key
        for name, user in users.items()
    }
    return World(
        users=users,
        keys=keys,
        a=a,
        b=b,
        commitment=commitment,
        commitment_b=commitment_b,
        milestone=milestone,
        internal=internal,
        shared=shared,
        candidate=candidate,
    )
