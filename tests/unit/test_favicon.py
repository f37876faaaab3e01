"""Every page links a favicon that is a real static file (issue 17: a 404)."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_link_a_favicon_that_exists(client):
    html = client.get(reverse("login")).content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)
    assert icon.startswith("/static/")
    assert finders.find(icon.removeprefix("/static/"))
