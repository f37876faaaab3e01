"""A small bilateral world for the counterpart tests (issue 14).

Pakistan's ministry (a desk with an officer who owns the work, a manager and
a viewer) and China's counterpart, on one agreement; a second agreement the
counterpart does not follow. Commitments: ``joint`` binds both sides,
``ours`` only Pakistan, ``theirs`` only China.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import Group

from access.services import (
    counterpart_account_create,
    desk_agreement_add,
    desk_create,
    desk_member_add,
)
from commitments.models import Commitment, Milestone, Obligation
from tests.factories import (
    AgreementFactory,
    CommitmentFactory,
    MilestoneFactory,
    PartyFactory,
    UserFactory,
)


@dataclass
class World:
    users: dict = field(default_factory=dict)
    commitments: dict[str, Commitment] = field(default_factory=dict)
    milestones: dict[str, Milestone] = field(default_factory=dict)
    parties: dict = field(default_factory=dict)


def build_world() -> World:
    world = World()
    actor = UserFactory(username="desk-admin")
    china = PartyFactory(code="CN", name="China")
    pakistan = PartyFactory(code="PK", name="Pakistan")
    world.parties = {"CN": china, "PK": pakistan}
    agreement = AgreementFactory(title="Interior talks", reference="interior")
    agreement.parties.set([china, pakistan])
    other = AgreementFactory(title="Other talks", reference="other")
    other.parties.set([china, pakistan])
    desk = desk_create(name="China desk", actor=actor, reason="r")
    for a in (agreement, other):
        desk_agreement_add(desk=desk, agreement=a, actor=actor, reason="r")
    for role, group in (
        ("officer", "Policy officer"),
        ("manager", "Manager"),
        ("viewer", "Viewer"),
    ):
        user = UserFactory(username=role, first_name=role.title())
        user.groups.add(Group.objects.get(name=group))
        desk_member_add(desk=desk, user=user, actor=actor, reason="r")
        world.users[role] = user
    counterpart = UserFactory(username="counterpart", first_name="Li")
    counterpart.groups.add(Group.objects.get(name="Counterpart"))
    counterpart_account_create(
        user=counterpart, party=china, agreements=[agreement], actor=actor, reason="r"
    )
    world.users["counterpart"] = counterpart
    sides = {
        "joint": (agreement, [china, pakistan]),
        "ours": (agreement, [pakistan]),
        "theirs": (agreement, [china]),
        "elsewhere": (other, [china, pakistan]),
    }
    for name, (where, parties) in sides.items():
        commitment = CommitmentFactory(
            agreement=where,
            reference=name,
            title=f"{name.title()} commitment",
            owner=world.users["officer"],
        )
        for party in parties:
            Obligation.objects.create(commitment=commitment, party=party)
        world.commitments[name] = commitment
        world.milestones[name] = MilestoneFactory(
            commitment=commitment,
            title=f"{name.title()} meeting",
            due_date=datetime.date(2026, 3, 10),
            due_at=datetime.datetime(2026, 3, 10, 19, tzinfo=datetime.UTC),
        )
    return world
