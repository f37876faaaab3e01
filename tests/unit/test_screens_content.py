"""What the pages say (issue 17): owners by full name in the filters, the
result count beside the list's title, follow-ups in the history panel."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse

from commitments.models import Commitment
from commitments.permissions import MANAGER
from commitments.services.commitments import commitment_update
from commitments.services.followups import followup_log

pytestmark = pytest.mark.django_db

JWG = "jwg-quarterly"


@pytest.fixture
def manager_khan(client, seeded, system, officer, settings, tmp_path):
    """A. Khan (username akhan), a manager, owning the JWG commitment."""
    settings.MEDIA_ROOT = tmp_path / "media"
    officer.groups.add(Group.objects.get(name=MANAGER))
    commitment_update(
        commitment=Commitment.objects.get(reference=JWG),
        actor=system,
        reason="assigned",
        owner=officer,
    )
    client.force_login(officer)
    return officer


def _owner_options(html: str) -> list[str]:
    select = re.search(r'<select name="owner".*?</select>', html, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


@pytest.mark.parametrize(
    "url", ["commitments:commitment_list", "reporting:report_milestones"]
)
def test_the_owner_filter_names_people_by_full_name(client, manager_khan, url):
    options = _owner_options(client.get(reverse(url)).content.decode())
    assert "A. Khan" in options
    assert "akhan" not in options


def test_the_result_count_sits_beside_the_list_title(client, manager_khan):
    html = client.get(reverse("commitments:commitment_list")).content.decode()
    assert re.search(
        r'<h2><span class="heading" id="result-heading">All commitments '
        r'<span class="count">[\d,]+</span></span>',
        html,
    )


def test_the_history_panel_shows_note_only_follow_ups_and_attachments(
    client, manager_khan
):
    jwg = Commitment.objects.get(reference=JWG)
    followup_log(
        commitment=jwg,
        actor=manager_khan,
        happened_on=datetime.date(2026, 4, 2),
        note="Called the MPS desk: agenda still open",
    )
    with_file = followup_log(
        commitment=jwg,
        actor=manager_khan,
        happened_on=datetime.date(2026, 4, 3),
        note="Draft agenda received",
        evidence_file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="agenda.pdf"),
    )
    html = client.get(reverse("commitments:commitment_detail", args=[JWG]))
    history = html.content.decode().split('id="history"', 1)[1]
    assert "Called the MPS desk: agenda still open" in history
    assert "Draft agenda received" in history
    evidence = reverse("commitments:followup_evidence", args=[with_file.pk])
    assert f'href="{evidence}"' in history
    assert "agenda" in history
