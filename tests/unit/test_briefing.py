"""Briefing packs per agreement and per counterpart: the page and the PDF."""

import datetime
import io

import pypdf
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from commitments.models import Agreement, Party
from commitments.permissions import POLICY_OFFICER, VIEWER
from reporting.selectors.briefing import briefing_for_agreement, briefing_for_party
from tests.unit import test_dashboard
from tests.unit.test_dashboard import JWG, NOW, TALKS, at

# The lived-in seed of the dashboard tests, shared as fixtures.
manager = test_dashboard.manager
portfolio = test_dashboard.portfolio
_empty_cache = test_dashboard._empty_cache


TODAY = datetime.date(2026, 7, 10)


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_an_agreement_pack_covers_status_progress_delays_and_what_comes(portfolio):
    talks = Agreement.objects.get(reference=TALKS)
    with at(NOW):
        pack = briefing_for_agreement(
            user=portfolio["manager"], agreement=talks, since=None, today=TODAY
        )
    assert len(pack.commitments) == 10
    # No review meeting was held yet: the pack covers the last 90 days.
    assert pack.since == datetime.date(2026, 4, 11)
    assert "no review meeting held yet" in pack.since_note
    assert [(value, count) for value, _, count in pack.status_counts] == [
        ("planned", 9),
        ("overdue", 1),
    ]
    # The first JWG meeting was held on 9 April, before the period.
    assert pack.completed == []
    assert [f.happened_on for f in pack.followups] == [datetime.date(2026, 7, 9)]
    (late,) = pack.overdue
    assert late.due_date == datetime.date(2026, 7, 7)
    assert late.last_note.startswith("Chinese side proposed 20 July")
    assert [m.due_date for m in pack.upcoming] == [
        datetime.date(2026, 9, 30),
        datetime.date(2026, 10, 7),
    ]
    jwg = next(c for c in pack.commitments if c.reference == JWG)
    assert jwg.last_note_on == datetime.date(2026, 7, 9)


def test_since_defaults_to_the_last_review_meeting_held(portfolio, system):
    from commitments.models import Commitment
    from commitments.services.followups import milestone_complete
    from commitments.services.milestones import milestone_add

    review = Commitment.objects.get(reference="ministerial-review-annual")
    with at(datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)):
        held = milestone_add(
            commitment=review,
            due_date=datetime.date(2026, 5, 20),
            actor=system,
            reason="an extra review",
            title="Interim review",
        )
    with at(datetime.datetime(2026, 5, 21, tzinfo=datetime.UTC)):
        milestone_complete(
            commitment=review,
            actor=portfolio["manager"],
            happened_on=datetime.date(2026, 5, 20),
            milestone=held,
            note="Interim review held",
        )
    talks = Agreement.objects.get(reference=TALKS)
    with at(NOW):
        pack = briefing_for_agreement(
            user=portfolio["manager"], agreement=talks, since=None, today=TODAY
        )
    assert pack.since == datetime.date(2026, 5, 20)
    assert pack.since_note == "the last review meeting"
    assert [m.title for m in pack.completed] == ["Interim review"]


def test_a_counterpart_pack_holds_every_agreement_with_that_side(portfolio):
    china = Party.objects.get(code="CN")
    with at(NOW):
        pack = briefing_for_party(
            user=portfolio["manager"],
            party=china,
            since=datetime.date(2026, 1, 1),
            today=TODAY,
        )
    assert len(pack.commitments) == 12  # both agreements are with China
    assert pack.since == datetime.date(2026, 1, 1)
    assert pack.title == "Commitments with China"


def test_the_page_and_the_pdf_need_read_access(
    client, portfolio, officer, desk_of_everything
):
    officer.groups.add(Group.objects.get(name=POLICY_OFFICER))
    desk_of_everything.add(officer)  # not a test of scope
    client.force_login(officer)
    url = reverse("reporting:briefing_agreement", args=[TALKS])
    assert client.get(url).status_code == 200
    nobody = Group.objects.get(name=VIEWER).user_set.create(username="no-role")
    nobody.groups.clear()
    client.force_login(nobody)
    assert client.get(url).status_code == 403
    pdf = reverse("reporting:briefing_agreement_pdf", args=[TALKS])
    assert client.get(pdf).status_code == 403
    missing = reverse("reporting:briefing_agreement", args=["no-such-agreement"])
    client.force_login(officer)
    assert client.get(missing).status_code == 404


def test_the_printable_page_shows_every_section(
    client, portfolio, django_assert_max_num_queries
):
    client.force_login(portfolio["manager"])
    url = reverse("reporting:briefing_agreement", args=[TALKS])
    with at(NOW), django_assert_max_num_queries(16):
        response = client.get(url + "?since=2026-04-01")
    html = response.content.decode()
    for heading in (
        "Status of every commitment",
        "Done since 1 April 2026",
        "Overdue, and why",
        "Next milestones",
    ):
        assert heading in html
    assert "Chinese side proposed 20 July" in html
    assert "@media print" not in html  # the print rules are in the stylesheet
    assert "reporting/reporting.css" in html
    assert "data-print" in html  # tracker.js prints; no inline handler


def test_the_pdf_starts_with_its_signature_and_names_the_agreement(client, portfolio):
    client.force_login(portfolio["manager"])
    with at(NOW):
        response = client.get(reverse("reporting:briefing_agreement_pdf", args=[TALKS]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    talks = Agreement.objects.get(reference=TALKS)
    assert talks.title[:40] in text.replace("\n", " ")
    assert "Overdue, and why" in text
    assert "Chinese side proposed 20 July" in text.replace("\n", " ")


def test_a_counterpart_pdf_and_the_index(client, portfolio):
    client.force_login(portfolio["manager"])
    index = client.get(reverse("reporting:briefing_index")).content.decode()
    assert reverse("reporting:briefing_party_pdf", args=["CN"]) in index
    with at(NOW):
        response = client.get(reverse("reporting:briefing_party_pdf", args=["CN"]))
    assert response.content.startswith(b"%PDF")
    assert "Commitments with China" in pdf_text(response.content)


@pytest.mark.parametrize("since", ["not-a-date", "", "0001-01-01", "9999-12-31"])
def test_a_malformed_since_falls_back_to_the_default(client, portfolio, since):
    client.force_login(portfolio["manager"])
    url = reverse("reporting:briefing_agreement", args=[TALKS]) + f"?since={since}"
    with at(NOW):
        response = client.get(url)
    assert response.context["briefing"].since == datetime.date(2026, 4, 11)
