"""The one scoping rule (access/scope.py): every role against an agreement of
its desk and one of another desk."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.http import Http404

from access import scope
from access.services import (
    counterpart_account_create,
    desk_agreement_add,
    desk_create,
    desk_member_add,
)
from commitments.models import (
    Agreement,
    Commitment,
    FollowUp,
    Milestone,
    Obligation,
    SourceDocument,
)
from tests.factories import (
    AgreementFactory,
    CommitmentFactory,
    MilestoneFactory,
    PartyFactory,
    SourceDocumentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# role -> (group, on the China desk?)
DESK_ROLES = {
    "officer": ("Policy officer", True),
    "manager": ("Manager", True),
    "viewer": ("Viewer", True),
}
EVERYTHING = {"oversight", "administrator", "superuser"}
NOTHING = {"anonymous", "nodesk", "inactive"}
ROLES = [*DESK_ROLES, "outsider", *EVERYTHING, *NOTHING, "counterpart"]


def build_world():
    actor = UserFactory(username="desk-admin")
    china, pakistan = PartyFactory(code="CN"), PartyFactory(code="PK")
    inside, outside = AgreementFactory(title="China talks"), AgreementFactory()
    inside.parties.set([china, pakistan])
    source = SourceDocumentFactory()
    inside.sources.add(source)
    SourceDocumentFactory()  # linked to no agreement
    rows = {}
    for name, agreement in (("inside", inside), ("outside", outside)):
        commitment = CommitmentFactory(agreement=agreement)
        milestone = MilestoneFactory(commitment=commitment)
        followup = FollowUp.objects.create(
            commitment=commitment,
            milestone=milestone,
            author=actor,
            kind="note",
            happened_on=datetime.date(2026, 1, 20),
            note=f"{name} note",
        )
        rows[name] = {
            Agreement: agreement,
            Commitment: commitment,
            Milestone: milestone,
            FollowUp: followup,
        }
    china_desk = desk_create(name="China desk", actor=actor, reason="r")
    afghan_desk = desk_create(name="Afghanistan desk", actor=actor, reason="r")
    desk_agreement_add(desk=china_desk, agreement=inside, actor=actor, reason="r")
    desk_agreement_add(desk=afghan_desk, agreement=outside, actor=actor, reason="r")
    users = {"anonymous": AnonymousUser()}
    for role, (group, _) in DESK_ROLES.items():
        users[role] = UserFactory(username=role)
        users[role].groups.add(Group.objects.get(name=group))
        desk_member_add(desk=china_desk, user=users[role], actor=actor, reason="r")
    users["outsider"] = UserFactory(username="outsider")
    users["outsider"].groups.add(Group.objects.get(name="Policy officer"))
    desk_member_add(desk=afghan_desk, user=users["outsider"], actor=actor, reason="r")
    for role, group in (("oversight", "Oversight"), ("administrator", "Administrator")):
        users[role] = UserFactory(username=role)
        users[role].groups.add(Group.objects.get(name=group))
    users["superuser"] = UserFactory(username="root", is_superuser=True)
    users["nodesk"] = UserFactory(username="nodesk")
    users["nodesk"].groups.add(Group.objects.get(name="Viewer"))
    users["inactive"] = UserFactory(username="inactive")
    users["inactive"].groups.add(Group.objects.get(name="Viewer"))
    desk_member_add(desk=china_desk, user=users["inactive"], actor=actor, reason="r")
    users["inactive"].is_active = False
    users["inactive"].save()
    users["counterpart"] = UserFactory(username="counterpart")
    counterpart_account_create(
        user=users["counterpart"],
        party=china,
        agreements=[inside],
        actor=actor,
        reason="r",
    )
    return users, rows


@pytest.fixture
def world():
    return build_world()


def expected(role, where, model):
    if role in NOTHING:
        return False
    if role in EVERYTHING:
        return True
    if role == "outsider":
        return where == "outside"
    if role == "counterpart":
        # Follow-ups are internal until the visibility field exists.
        return where == "inside" and model is not FollowUp
    return where == "inside"


VISIBLE = {
    Agreement: lambda user: scope.visible_agreements(user),
    Commitment: lambda user: scope.visible_commitments(user),
    Milestone: lambda user: scope.visible_milestones(user),
    FollowUp: lambda user: scope.visible_followups(user),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_exactly_its_scope(world, role):
    users, rows = world
    user = users[role]
    wrong = []
    for where, objects in rows.items():
        for model, row in objects.items():
            want = expected(role, where, model)
            listed = VISIBLE[model](user).filter(pk=row.pk).exists()
            narrowed = scope.scope_queryset(model.objects.all(), user)
            if listed != want or narrowed.filter(pk=row.pk).exists() != want:
                wrong.append((where, model.__name__, want))
            try:
                scope.get_visible_or_404(model.objects.all(), user, pk=row.pk)
                found = True
            except Http404:
                found = False
            if found != want:
                wrong.append((where, model.__name__, "404" if want else "200"))
        agreement = objects[Agreement]
        if scope.can_see_agreement(user, agreement) != expected(role, where, Agreement):
            wrong.append((where, "can_see_agreement"))
    assert wrong == []


@pytest.mark.parametrize("role", ROLES)
def test_a_given_queryset_is_narrowed_not_replaced(world, role):
    users, rows = world
    only_outside = Commitment.objects.filter(pk=rows["outside"][Commitment].pk)
    got = set(scope.visible_commitments(users[role], only_outside))
    assert got == (
        {rows["outside"][Commitment]}
        if expected(role, "outside", Commitment)
        else set()
    )


def test_sources_follow_their_agreements(world):
    users, rows = world
    inside_sources = set(rows["inside"][Agreement].sources.all())
    assert set(scope.visible_sources(users["viewer"])) == inside_sources
    assert set(scope.visible_sources(users["counterpart"])) == inside_sources
    assert not scope.visible_sources(users["outsider"]).exists()
    # A source on no agreement yet: only whoever sees everything.
    assert (
        scope.visible_sources(users["oversight"]).count()
        == SourceDocument.objects.count()
        == 2
    )


def test_a_user_on_two_desks_sees_both_without_duplicates(world):
    users, rows = world
    from access.models import Desk

    desk_member_add(
        desk=Desk.objects.get(name="Afghanistan desk"),
        user=users["viewer"],
        actor=users["superuser"],
        reason="covers both",
    )
    desk_agreement_add(
        desk=Desk.objects.get(name="Afghanistan desk"),
        agreement=rows["inside"][Agreement],
        actor=users["superuser"],
        reason="shared file",
    )
    listed = list(scope.visible_agreements(users["viewer"]))
    assert sorted(a.pk for a in listed) == sorted(
        [rows["inside"][Agreement].pk, rows["outside"][Agreement].pk]
    )


def test_a_model_without_a_rule_is_refused_loudly(world):
    users, _ = world
    with pytest.raises(TypeError, match="no scoping rule"):
        scope.scope_queryset(Group.objects.all(), users["viewer"])


def test_obligations_follow_their_commitment(world):
    users, rows = world
    china = rows["inside"][Agreement].parties.get(code="CN")
    Obligation.objects.create(commitment=rows["inside"][Commitment], party=china)
    assert scope.scope_queryset(Obligation.objects.all(), users["viewer"]).count() == 1
    assert not scope.scope_queryset(
        Obligation.objects.all(), users["outsider"]
    ).exists()


def test_the_scope_is_one_query(world, django_assert_num_queries):
    users, _ = world
    viewer = users["viewer"]
    # Permissions and the (missing) counterpart account are looked up once per
    # request user; what is left is the one query of the list itself.
    scope.sees_everything(viewer)
    with django_assert_num_queries(1):
        list(scope.visible_commitments(viewer))
