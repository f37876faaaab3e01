"""The desk management pages: administrators only, every change through a
service with the reason in the history."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from access.models import Desk, DeskAgreement, DeskMembership
from access.services import desk_agreement_add, desk_create, desk_member_add
from tests.factories import AgreementFactory, UserFactory

pytestmark = pytest.mark.django_db

GROUPS = {
    "viewer": "Viewer",
    "officer": "Policy officer",
    "manager": "Manager",
    "oversight": "Oversight",
    "administrator": "Administrator",
    "norole": None,
}
ALLOWED = {"administrator", "superuser"}


@pytest.fixture
def desk():
    actor = UserFactory(username="setup")
    desk = desk_create(name="China desk", actor=actor, reason="setup")
    member = UserFactory(username="member")
    desk_member_add(desk=desk, user=member, actor=actor, reason="setup")
    agreement = AgreementFactory(reference="talks", title="China talks")
    desk_agreement_add(desk=desk, agreement=agreement, actor=actor, reason="setup")
    return desk


def user_for(role):
    if role == "superuser":
        return UserFactory(username="root", is_superuser=True)
    user = UserFactory(username=role)
    if GROUPS[role]:
        user.groups.add(Group.objects.get(name=GROUPS[role]))
    return user


def page_urls(desk):
    return [
        reverse("access:desk_list"),
        reverse("access:desk_create"),
        reverse("access:desk_detail", args=[desk.pk]),
        reverse("access:desk_rename", args=[desk.pk]),
        reverse("access:desk_history", args=[desk.pk]),
    ]


@pytest.mark.parametrize("role", [*GROUPS, "superuser"])
def test_only_administrators_open_the_desk_pages(client, desk, role):
    client.force_login(user_for(role))
    want = 200 if role in ALLOWED else 403
    assert {
        url: client.get(url).status_code for url in page_urls(desk)
    } == dict.fromkeys(page_urls(desk), want)


@pytest.mark.parametrize("role", ["viewer", "manager", "oversight"])
def test_non_administrators_cannot_change_desks_by_posting(client, desk, role):
    client.force_login(user_for(role))
    posts = [
        (reverse("access:desk_create"), {"name": "Mine", "reason": "x"}),
        (
            reverse("access:desk_member_add", args=[desk.pk]),
            {"username": role, "reason": "x"},
        ),
        (
            reverse(
                "access:desk_member_remove",
                args=[desk.pk, DeskMembership.objects.get().user_id],
            ),
            {"reason": "x"},
        ),
    ]
    assert [client.post(url, data).status_code for url, data in posts] == [403] * 3
    assert Desk.objects.count() == 1
    assert DeskMembership.objects.count() == 1


def test_anonymous_visitors_are_sent_to_the_login_page(client, desk):
    for url in page_urls(desk):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_an_administrator_creates_a_desk_and_staffs_it(client, db):
    admin = user_for("administrator")
    client.force_login(admin)
    response = client.post(
        reverse("access:desk_create"),
        {"name": "Afghanistan desk", "reason": "new team"},
    )
    desk = Desk.objects.get(name="Afghanistan desk")
    assert response.status_code == 302
    assert response.url == reverse("access:desk_detail", args=[desk.pk])
    officer = UserFactory(username="akhan")
    response = client.post(
        reverse("access:desk_member_add", args=[desk.pk]),
        {"username": "akhan", "reason": "joins the team"},
    )
    assert response.status_code == 302
    AgreementFactory(reference="pk-af-talks")
    client.post(
        reverse("access:desk_agreement_add", args=[desk.pk]),
        {"reference": "pk-af-talks", "reason": "our file"},
    )
    client.post(
        reverse("access:desk_rename", args=[desk.pk]),
        {"name": "Af-Pak desk", "reason": "wider remit"},
    )
    desk.refresh_from_db()
    assert desk.name == "Af-Pak desk"
    assert DeskMembership.objects.get(desk=desk).user == officer
    membership = DeskMembership.history.get(desk_id=desk.pk, history_type="+")
    assert (membership.history_user, membership.history_change_reason) == (
        admin,
        "joins the team",
    )
    history = client.get(
        reverse("access:desk_history", args=[desk.pk])
    ).content.decode()
    for text in (
        "new team",
        "joins the team",
        "our file",
        "wider remit",
        "added member akhan",
        "renamed “Afghanistan desk” to “Af-Pak desk”",
    ):
        assert text in history


def test_removing_needs_a_reason_and_records_it(client, desk):
    admin = user_for("administrator")
    client.force_login(admin)
    member = DeskMembership.objects.get().user
    url = reverse("access:desk_member_remove", args=[desk.pk, member.pk])
    client.post(url, {"reason": ""})
    assert DeskMembership.objects.exists()
    client.post(url, {"reason": "moved to another desk"})
    assert not DeskMembership.objects.exists()
    removed = DeskMembership.history.get(history_type="-")
    assert (removed.history_user, removed.history_change_reason) == (
        admin,
        "moved to another desk",
    )
    agreement = DeskAgreement.objects.get().agreement
    client.post(
        reverse("access:desk_agreement_remove", args=[desk.pk, agreement.pk]),
        {"reason": "handed over"},
    )
    assert not DeskAgreement.objects.exists()


def test_an_unknown_user_or_agreement_is_a_form_error_not_a_change(client, desk):
    client.force_login(user_for("administrator"))
    response = client.post(
        reverse("access:desk_member_add", args=[desk.pk]),
        {"username": "nobody", "reason": "x"},
    )
    assert response.status_code == 400
    assert "No active user named" in response.content.decode()
    response = client.post(
        reverse("access:desk_agreement_add", args=[desk.pk]),
        {"reference": "nothing", "reason": "x"},
    )
    assert response.status_code == 400
    assert DeskMembership.objects.count() == DeskAgreement.objects.count() == 1


def test_ids_out_of_range_or_unknown_are_404(client, desk):
    client.force_login(user_for("administrator"))
    huge = 2**63
    assert client.get(reverse("access:desk_detail", args=[huge])).status_code == 404
    assert (
        client.get(reverse("access:desk_detail", args=[desk.pk + 1])).status_code == 404
    )
    url = reverse("access:desk_member_remove", args=[desk.pk, huge])
    assert client.post(url, {"reason": "x"}).status_code == 404


def test_posts_need_the_csrf_token(desk):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_for("administrator"))
    response = client.post(reverse("access:desk_create"), {"name": "X", "reason": "y"})
    assert response.status_code == 403
    assert Desk.objects.count() == 1


def test_the_desk_list_is_paginated(client, db):
    actor = user_for("administrator")
    for n in range(55):
        desk_create(name=f"Desk {n:02}", actor=actor, reason="r")
    client.force_login(actor)
    first = client.get(reverse("access:desk_list")).content.decode()
    assert "Desk 49" in first
    assert "Desk 50" not in first
    assert (
        "Desk 54"
        in client.get(reverse("access:desk_list") + "?page=2").content.decode()
    )
