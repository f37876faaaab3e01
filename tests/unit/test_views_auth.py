"""Logging in, out, and changing one's password."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse


@pytest.fixture
def member(officer):
    officer.groups.add(Group.objects.get(name="Policy officer"))
    return officer


def test_logging_in_lands_on_my_work(client, member):
    response = client.post(
        reverse("login"), {"username": "akhan", "password": "pw-officer-1"}
    )
    assert response.status_code == 302
    assert response.url == "/"
    html = client.get("/").content.decode()
    assert "My work" in html
    assert "Policy officer" in html  # the role is shown next to the name


def test_a_wrong_password_says_so_and_keeps_the_username(client, member):
    response = client.post(reverse("login"), {"username": "akhan", "password": "no"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "did not match" in html
    assert 'value="akhan"' in html


def test_a_login_goes_back_to_the_page_asked_for(client, member):
    target = reverse("commitments:agreement_list")
    response = client.get(target)
    assert response.url == f"{reverse('login')}?next={target}"
    response = client.post(
        response.url, {"username": "akhan", "password": "pw-officer-1", "next": target}
    )
    assert response.url == target


def test_changing_the_password(client, member):
    client.force_login(member)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pw-officer-1",
            "new_password1": "a-long-new-passphrase-2026",
            "new_password2": "a-long-new-passphrase-2026",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a-long-new-passphrase-2026")


def test_a_weak_new_password_is_refused_next_to_the_field(client, member):
    client.force_login(member)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pw-officer-1",
            "new_password1": "123",
            "new_password2": "123",
        },
    )
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
