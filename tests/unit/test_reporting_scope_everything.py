"""A viewer whose desks hold every agreement sees the whole portfolio: the
dashboard reads the tallies for them, as for someone who sees everything
(reporting/scope.py for_viewer). Anyone who misses one agreement, and every
counterpart, stays narrowed to what they see."""

from django.contrib.auth.models import Group

from access.models import Desk, DeskAgreement, DeskMembership
from access.services import counterpart_account_create
from commitments.permissions import COUNTERPART, MANAGER
from reporting.scope import Scope, for_viewer
from tests.factories import AgreementFactory, PartyFactory, UserFactory


def on_desk(user, *agreements):
    desk = Desk.objects.create(name=f"Desk {Desk.objects.count() + 1}")
    for agreement in agreements:
        DeskAgreement.objects.create(desk=desk, agreement=agreement)
    DeskMembership.objects.create(desk=desk, user=user)
    return user


def manager():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=MANAGER))
    return user


def test_a_desk_of_every_agreement_sees_the_whole_portfolio(db):
    first, second = AgreementFactory(), AgreementFactory()
    viewer = on_desk(manager(), first, second)

    assert for_viewer(Scope(), viewer).visible is None


def test_a_desk_missing_one_agreement_stays_narrowed(db):
    first, second = AgreementFactory(), AgreementFactory()
    viewer = on_desk(manager(), first)
    AgreementFactory()  # a third, on no desk

    assert for_viewer(Scope(), viewer).visible == frozenset({first.pk})
    assert second.pk not in for_viewer(Scope(), viewer).visible


def test_a_counterpart_following_every_agreement_stays_narrowed(db):
    party = PartyFactory()
    agreement = AgreementFactory()
    agreement.parties.add(party)
    user = UserFactory()
    user.groups.add(Group.objects.get(name=COUNTERPART))
    counterpart_account_create(
        user=user, party=party, agreements=[agreement], actor=None, reason="test"
    )

    assert for_viewer(Scope(), user).visible == frozenset({agreement.pk})
