"""The reminders and agreement calendar pages look like the rest (issue 17):
cards, the site's buttons, a label for every field."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from commitments.models import Agreement
from commitments.permissions import MANAGER

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, seeded, officer):
    officer.groups.add(Group.objects.get(name=MANAGER))
    client.force_login(officer)
    return client


def _pages(client) -> dict[str, str]:
    agreement = Agreement.objects.order_by("pk").first()
    urls = {
        "reminders": reverse("notifications:preferences"),
        "calendar": reverse(
            "notifications:agreement_calendar", args=[agreement.reference]
        ),
    }
    return {name: client.get(url).content.decode() for name, url in urls.items()}


def test_reminders_and_calendar_pages_use_cards_and_the_site_buttons(signed_in):
    for name, html in _pages(signed_in).items():
        main = html.split("<main", 1)[1]
        buttons = re.findall(r"<button[^>]*>", main)
        assert buttons, name
        assert all('class="button' in b for b in buttons), (name, buttons)
        assert 'class="card' in main, name
        assert "<p><label" not in main, name  # no bare form.as_p


def test_every_reminder_field_has_a_label(signed_in):
    html = _pages(signed_in)["reminders"]
    form = html.split('id="preferences-form"', 1)[1].split("</form>", 1)[0]
    for field_id in re.findall(r'<(?:input|select)[^>]*\bid="(id_[^"]+)"', form):
        if re.search(rf'<input[^>]*type="radio"[^>]*id="{field_id}"', form):
            continue  # a radio is labelled by the label around it
        assert f'for="{field_id}"' in form, field_id
