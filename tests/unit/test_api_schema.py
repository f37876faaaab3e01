"""The API's OpenAPI schema (current in docs/openapi.yaml), its docs page
(local files only, under the project's Content-Security-Policy) and its rate
limit per token."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client

from api.services import api_token_create
from tests.factories import UserFactory

ROOT = Path(settings.BASE_DIR)
CHECKED_IN = ROOT / "docs" / "openapi.yaml"


def test_the_checked_in_schema_is_current(tmp_path):
    fresh = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(fresh), "--validate", "--fail-on-warn")
    assert fresh.read_text() == CHECKED_IN.read_text(), (
        "docs/openapi.yaml is stale: run "
        "`python manage.py spectacular --file docs/openapi.yaml`"
    )


@pytest.fixture
def viewer_user(db):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Viewer"))
    return user


def test_the_schema_is_served_to_callers_with_a_token(viewer_user):
    key = api_token_create(user=viewer_user, name="t", actor=viewer_user).key
    client = Client(headers={"Authorization": f"Token {key}"})
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert "/api/v1/commitments/" in schema["paths"]
    assert "/api/v1/commitments/{id}/history/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["tokenAuth"]["in"] == "header"
    assert Client().get("/api/v1/schema/").status_code == 401


def test_the_docs_page_uses_only_local_files_under_the_policy(client, viewer_user):
    assert client.get("/api/v1/docs/").status_code == 302  # sign in first
    client.force_login(viewer_user)
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "an outside URL"
    assets = re.findall(r"(?:src|href)=\"/static/([^\"]+)\"", html)
    assert len(assets) == 5
    for asset in assets:
        found = finders.find(asset)
        assert found, asset
        if asset.startswith("api/"):
            text = Path(found).read_text()
            assert "http://" not in text
            assert "https://" not in text
    assert 'data-schema-url="/api/v1/schema/"' in html


def test_a_token_over_its_rate_gets_429_and_others_carry_on(settings, viewer_user):
    settings.TRACKER_API_RATE = "3/min"
    first = api_token_create(user=viewer_user, name="a", actor=viewer_user).key
    second = api_token_create(user=viewer_user, name="b", actor=viewer_user).key

    def get(key):
        return Client(headers={"Authorization": f"Token {key}"}).get("/api/v1/parties/")

    assert [get(first).status_code for _ in range(3)] == [200, 200, 200]
    refused = get(first)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "detail" in refused.json()
    assert get(second).status_code == 200
