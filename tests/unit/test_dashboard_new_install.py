"""The dashboard on the day it is installed (issue 17): no flat trend line at
zero over weeks that have no history, but a sentence saying so."""

import datetime

from django.urls import reverse
from django.utils import timezone

from commitments.services.milestones import milestones_generate
from tests.unit.test_dashboard import manager  # noqa: F401 - a fixture

UTC = datetime.UTC


def test_a_new_install_says_there_is_not_enough_history_yet(
    client,
    seeded,
    system,
    manager,  # noqa: F811
):
    milestones_generate(as_of=timezone.now(), actor=system)
    client.force_login(manager)
    page = client.get(reverse("reporting:dashboard")).content.decode()
    trend = page[page.index('id="trend"') : page.index('id="overdue-ages"')]
    assert "Not enough history yet" in trend
    assert "<polyline" not in trend
