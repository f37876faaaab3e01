"""Login throttling (issue 10, finding 5): wrong passwords lock out the username
and the address for a cooling-off period, with a clear message."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.factories import UserFactory

UTC = datetime.UTC
START = datetime.datetime(2026, 11, 30, 9, tzinfo=UTC)


@pytest.fixture
def member(db):
    return UserFactory(username="akhan", password="pw-right-1")


def attempt(client, password, *, username="akhan", address="10.0.0.1"):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_the_right_password_is_refused_while_a_username_is_locked(
    client, member, settings
):
    with time_machine.travel(START, tick=False):
        statuses = [
            attempt(client, "wrong").status_code
            for _ in range(settings.AXES_FAILURE_LIMIT)
        ]
        response = attempt(client, "pw-right-1")
    # The attempt that reaches the limit is the first to be told.
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_locked_username_stays_locked_from_another_address(client, member, settings):
    with time_machine.travel(START, tick=False):
        for n in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, "wrong", address=f"10.0.0.{n + 1}")
        response = attempt(client, "pw-right-1", address="192.168.9.9")
    assert response.status_code == 429


def test_an_address_guessing_many_usernames_is_locked(client, member, settings):
    with time_machine.travel(START, tick=False):
        for n in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, "wrong", username=f"guess{n}", address="10.9.9.9")
        response = attempt(client, "pw-right-1", address="10.9.9.9")
    assert response.status_code == 429


def test_a_forged_forwarded_for_header_does_not_give_a_new_address(
    client, member, settings
):
    with time_machine.travel(START, tick=False):
        for n in range(settings.AXES_FAILURE_LIMIT):
            client.post(
                reverse("login"),
                {"username": f"guess{n}", "password": "wrong"},
                REMOTE_ADDR="10.9.9.9",
                HTTP_X_FORWARDED_FOR=f"172.16.0.{n}",
            )
        response = attempt(client, "pw-right-1", address="10.9.9.9")
    assert response.status_code == 429


def test_the_lock_ends_after_the_cooling_off_period(client, member, settings):
    with time_machine.travel(START, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, "wrong")
    later = START + settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        response = attempt(client, "pw-right-1")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_a_few_mistakes_then_the_right_password_logs_in(client, member, settings):
    with time_machine.travel(START, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            attempt(client, "wrong")
        response = attempt(client, "pw-right-1")
    assert response.status_code == 302


def test_administrators_see_the_lockouts_in_the_admin(client, member, admin_user):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            attempt(client, "wrong")
        client.force_login(admin_user)
        response = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 200
    assert "akhan" in response.content.decode()


def test_a_huge_username_is_refused_not_a_500(client, member):
    """Found by the hostile-input walker: axes' insert failed on varchar(255)."""
    response = attempt(client, "wrong", username="name " * 3000)
    assert response.status_code == 200
    assert "did not match" in response.content.decode()
