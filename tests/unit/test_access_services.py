"""Desk and counterpart services: the rows they store and the history rows
(user and reason) they leave."""

import pytest
from django.core.exceptions import ValidationError

from access.models import CounterpartAccount, Desk, DeskAgreement, DeskMembership
from access.services import (
    counterpart_account_create,
    counterpart_account_update,
    desk_agreement_add,
    desk_agreement_remove,
    desk_create,
    desk_member_add,
    desk_member_remove,
    desk_rename,
)
from tests.factories import AgreementFactory, PartyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_actor():
    return UserFactory(username="desk-admin")


def last_history(model_history):
    return model_history.order_by("-history_id").first()


def test_desk_create_and_rename_record_who_and_why(admin_actor):
    desk = desk_create(name=" China desk ", actor=admin_actor, reason="new team")
    assert Desk.objects.get().name == "China desk"
    desk_rename(
        desk=desk, name="China and Mongolia desk", actor=admin_actor, reason="merged"
    )
    rows = list(desk.history.order_by("history_id"))
    assert [
        (r.history_type, r.name, r.history_user, r.history_change_reason) for r in rows
    ] == [
        ("+", "China desk", admin_actor, "new team"),
        ("~", "China and Mongolia desk", admin_actor, "merged"),
    ]


def test_a_desk_name_is_unique_and_a_reason_is_required(admin_actor):
    desk_create(name="China desk", actor=admin_actor, reason="new team")
    with pytest.raises(ValidationError):
        desk_create(name="China desk", actor=admin_actor, reason="again")
    with pytest.raises(ValidationError, match="Say why"):
        desk_create(name="Other desk", actor=admin_actor, reason="  ")
    assert Desk.objects.count() == 1


def test_members_join_once_and_leave_with_a_history_row(admin_actor):
    desk = desk_create(name="China desk", actor=admin_actor, reason="r")
    member = UserFactory()
    membership = desk_member_add(
        desk=desk, user=member, actor=admin_actor, reason="joins"
    )
    with pytest.raises(ValidationError, match="already"):
        desk_member_add(desk=desk, user=member, actor=admin_actor, reason="twice")
    desk_member_remove(
        desk=desk, user=member, actor=admin_actor, reason="posted abroad"
    )
    assert not DeskMembership.objects.exists()
    rows = DeskMembership.history.filter(id=membership.pk).order_by("history_id")
    assert [
        (r.history_type, r.history_user, r.history_change_reason) for r in rows
    ] == [
        ("+", admin_actor, "joins"),
        ("-", admin_actor, "posted abroad"),
    ]
    with pytest.raises(ValidationError, match="not on"):
        desk_member_remove(desk=desk, user=member, actor=admin_actor, reason="again")


def test_a_deactivated_user_cannot_join_a_desk(admin_actor):
    desk = desk_create(name="China desk", actor=admin_actor, reason="r")
    with pytest.raises(ValidationError, match="deactivated"):
        desk_member_add(
            desk=desk, user=UserFactory(is_active=False), actor=admin_actor, reason="r"
        )


def test_agreements_join_desks_once_and_leave_with_a_history_row(admin_actor):
    china = desk_create(name="China desk", actor=admin_actor, reason="r")
    policing = desk_create(name="Policing desk", actor=admin_actor, reason="r")
    agreement = AgreementFactory()
    link = desk_agreement_add(
        desk=china, agreement=agreement, actor=admin_actor, reason="ours"
    )
    desk_agreement_add(
        desk=policing, agreement=agreement, actor=admin_actor, reason="shared"
    )
    with pytest.raises(ValidationError, match="already"):
        desk_agreement_add(
            desk=china, agreement=agreement, actor=admin_actor, reason="x"
        )
    desk_agreement_remove(
        desk=china, agreement=agreement, actor=admin_actor, reason="handed over"
    )
    assert list(DeskAgreement.objects.values_list("desk__name", flat=True)) == [
        "Policing desk"
    ]
    deleted = DeskAgreement.history.get(id=link.pk, history_type="-")
    assert (deleted.history_user, deleted.history_change_reason) == (
        admin_actor,
        "handed over",
    )


@pytest.fixture
def sides():
    china, pakistan = PartyFactory(code="CN"), PartyFactory(code="PK")
    talks = AgreementFactory()
    talks.parties.set([china, pakistan])
    visit = AgreementFactory()
    visit.parties.set([china, pakistan])
    return china, pakistan, talks, visit


def test_a_counterpart_follows_its_party_agreements_with_history(admin_actor, sides):
    china, _, talks, visit = sides
    user = UserFactory()
    account = counterpart_account_create(
        user=user,
        party=china,
        agreements=[talks],
        actor=admin_actor,
        reason="MPS liaison",
    )
    assert set(account.agreements.all()) == {talks}
    counterpart_account_update(
        account=account,
        agreements=[talks, visit],
        actor=admin_actor,
        reason="the visit too",
    )
    account.refresh_from_db()
    assert set(account.agreements.all()) == {talks, visit}
    latest = last_history(account.history)
    assert (latest.history_user, latest.history_change_reason) == (
        admin_actor,
        "the visit too",
    )
    assert {a.agreement_id for a in latest.agreements.all()} == {talks.pk, visit.pk}
    first = account.history.order_by("history_id").first()
    assert (first.history_type, first.history_change_reason) == ("+", "MPS liaison")


def test_a_counterpart_cannot_follow_an_agreement_its_party_is_not_in(
    admin_actor, sides
):
    china, _, talks, _ = sides
    other = AgreementFactory()
    with pytest.raises(ValidationError, match="not a party"):
        counterpart_account_create(
            user=UserFactory(),
            party=china,
            agreements=[talks, other],
            actor=admin_actor,
            reason="r",
        )
    assert not CounterpartAccount.objects.exists()


def test_staff_and_desk_members_cannot_be_counterparts_and_vice_versa(
    admin_actor, sides
):
    china, _, talks, _ = sides
    with pytest.raises(ValidationError, match="staff"):
        counterpart_account_create(
            user=UserFactory(is_staff=True),
            party=china,
            agreements=[talks],
            actor=admin_actor,
            reason="r",
        )
    desk = desk_create(name="China desk", actor=admin_actor, reason="r")
    member = UserFactory()
    desk_member_add(desk=desk, user=member, actor=admin_actor, reason="r")
    with pytest.raises(ValidationError, match="on a desk"):
        counterpart_account_create(
            user=member, party=china, agreements=[talks], actor=admin_actor, reason="r"
        )
    counterpart = UserFactory()
    counterpart_account_create(
        user=counterpart, party=china, agreements=[talks], actor=admin_actor, reason="r"
    )
    with pytest.raises(ValidationError, match="counterpart"):
        desk_member_add(desk=desk, user=counterpart, actor=admin_actor, reason="r")
