"""API tokens: issued once, stored as a digest only, refused when revoked or
when their person is deactivated, stamped at most once a minute; the token
page and `manage.py api_token`."""

import datetime
import hashlib
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from api.models import ApiToken
from api.services import api_token_create, api_token_revoke
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/parties/"


@pytest.fixture
def person(desk_of_everything):
    from django.contrib.auth.models import Group

    user = desk_of_everything.add(UserFactory(username="reader"))
    user.groups.add(Group.objects.get(name="Viewer"))
    return user


def call(key: str, url: str = URL):
    return Client().get(url, headers={"Authorization": f"Token {key}"})


def test_a_token_stores_only_the_digest_of_its_key(person):
    issued = api_token_create(user=person, name="register", actor=person)
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(issued.key.encode()).hexdigest()
    assert token.prefix == issued.key[:8]
    assert len(issued.key) >= 50
    stored = [str(value) for value in ApiToken.objects.values().get().values()]
    stored += [str(v) for v in token.history.values().get().values()]
    assert not any(issued.key in value for value in stored)
    record = token.history.get()
    assert record.history_user == person
    assert record.history_change_reason == "API token created"


def test_a_key_authenticates_as_its_person(person):
    issued = api_token_create(user=person, name="register", actor=person)
    response = call(issued.key)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "header",
    [
        "Token nonsense",
        "Token",
        "Token a b",
        "Token " + "x" * 500,
        "Token caf\u00e9",
    ],
)
def test_unknown_or_malformed_keys_are_refused_with_401(person, header):
    response = Client().get(URL, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_revoked_token_is_refused(person):
    issued = api_token_create(user=person, name="register", actor=person)
    api_token_revoke(token=issued.token, actor=person, reason="leaked")
    assert call(issued.key).status_code == 401
    record = issued.token.history.first()
    assert record.history_change_reason == "leaked"
    # Revoking again changes nothing.
    api_token_revoke(token=issued.token, actor=person)
    assert issued.token.history.count() == 2


def test_a_deactivated_persons_token_is_refused(person):
    issued = api_token_create(user=person, name="register", actor=person)
    person.is_active = False
    person.save()
    assert call(issued.key).status_code == 401


def test_last_use_is_stamped_at_most_once_a_minute(person):
    issued = api_token_create(user=person, name="register", actor=person)
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        call(issued.key)
    issued.token.refresh_from_db()
    assert issued.token.last_used_at == start
    with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
        call(issued.key)
    issued.token.refresh_from_db()
    assert issued.token.last_used_at == start
    later = start + datetime.timedelta(minutes=2)
    with time_machine.travel(later, tick=False):
        call(issued.key)
    issued.token.refresh_from_db()
    assert issued.token.last_used_at == later
    # The stamp writes no history row per request.
    assert issued.token.history.count() == 1


def test_the_command_prints_the_key_once(person):
    out, err = StringIO(), StringIO()
    call_command("api_token", "reader", "--name", "sheet", stdout=out, stderr=err)
    key = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.name == "sheet"
    assert token.history.get().history_change_reason == (
        "created with manage.py api_token"
    )
    assert call(key).status_code == 200
    assert "not shown again" in err.getvalue()


def test_the_command_refuses_an_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No user named"):
        call_command("api_token", "nobody", "--name", "x")


def test_the_token_page_creates_shows_the_key_once_and_revokes(person, client):
    client.force_login(person)
    response = client.post(reverse("api:tokens"), {"name": "register sync"})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    key = response.context["issued"].key
    assert key in response.content.decode()
    assert "no-store" in response.headers["Cache-Control"]
    listed = client.get(reverse("api:tokens")).content.decode()
    assert "register sync" in listed
    assert key not in listed
    assert token.prefix in listed
    response = client.post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert call(key).status_code == 401


def test_nobody_revokes_anothers_token(person, client):
    issued = api_token_create(user=person, name="register", actor=person)
    client.force_login(UserFactory())
    response = client.post(reverse("api:token_revoke", args=[issued.token.pk]))
    assert response.status_code == 404
    assert call(issued.key).status_code == 200


def test_the_token_page_needs_a_login(client):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302


def test_the_walkthrough_lists_the_12_seed_commitments(seeded):
    """docs/api.md: a token made with the command for the demo's viewer lists
    the seed's commitments; the outsider's lists none of them."""
    from django.conf import settings

    from access.demo import demo_logins_ensure

    demo_logins_ensure(password="pw-demo-1", seed_file=settings.TRACKER_SEED_FILE)
    out = StringIO()
    call_command("api_token", "viewer", "--name", "walkthrough", stdout=out)
    response = call(out.getvalue().strip(), "/api/v1/commitments/")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 12
    outsider = StringIO()
    call_command("api_token", "outsider", "--name", "walkthrough", stdout=outsider)
    seen = call(outsider.getvalue().strip(), "/api/v1/commitments/").json()
    seed = {row["reference"] for row in response.json()["results"]}
    assert not seed & {row["reference"] for row in seen["results"]}
