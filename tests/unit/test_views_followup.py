"""Logging a follow-up through the form: evidence, completion, moves, bad input."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.models import Commitment, FollowUp, Milestone
from commitments.services.commitments import commitment_update
from commitments.services.milestones import milestones_generate
from commitments.services.sweeps import milestone_statuses_flag
from tests.factories import UserFactory

UTC = datetime.UTC
JWG = "jwg-quarterly"
PDF = b"%PDF-1.4\n% minutes of the first JWG meeting\n%%EOF\n"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 4, 10, 6, tzinfo=UTC)):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def overdue(seeded, system, officer):
    """The first JWG meeting, overdue; the officer owns the JWG commitment."""
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    milestone_statuses_flag(
        as_of=datetime.datetime(2026, 4, 10, tzinfo=UTC), actor=system
    )
    officer.groups.add(Group.objects.get(name="Policy officer"))
    commitment_update(
        commitment=Commitment.objects.get(reference=JWG),
        actor=system,
        reason="assigned",
        owner=officer,
    )
    return Milestone.objects.filter(commitment__reference=JWG).first()


@pytest.fixture
def as_officer(client, officer, overdue):
    client.force_login(officer)
    return client


def url():
    return reverse("commitments:followup_create", args=[JWG])


def post(client, **data):
    fields = {
        "action": "note",
        "visibility": "internal",
        "happened_on": "2026-04-09",
        "note": "",
        "status": "",
        "reason": "",
        "due_date": "",
        "evidence_url": "",
    }
    fields.update(data)
    return client.post(url(), fields)


def test_the_form_opens_on_the_milestone_asked_for(as_officer, overdue):
    response = as_officer.get(url(), {"milestone": overdue.pk, "action": "complete"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{overdue.pk}" selected>' in html
    assert 'value="complete" required id="id_action_1" checked' in html
    assert 'value="2026-04-10"' in html  # today, in the agreement's zone


def test_completing_with_evidence_marks_it_done_and_shows_in_history(
    as_officer, overdue
):
    response = post(
        as_officer,
        action="complete",
        milestone=overdue.pk,
        note="JWG meeting held in Islamabad, minutes attached",
        evidence_file=SimpleUploadedFile("minutes.pdf", PDF, "application/pdf"),
    )
    assert response.status_code == 302
    assert response.url.endswith("#follow-ups")
    overdue.refresh_from_db()
    assert overdue.status == "done"
    followup = FollowUp.objects.get()
    assert followup.evidence_file.read() == PDF
    html = as_officer.get(response.url).content.decode()
    assert "Follow-up logged." in html
    followups = html.split('id="follow-ups"')[1].split('id="facts"')[0]
    assert "JWG meeting held in Islamabad, minutes attached" in followups
    assert "Overdue → Done" in followups
    assert "minutes.pdf" in followups
    history = html.split('id="history"')[1]
    assert "<del>Overdue</del> → <ins>Done</ins>" in history
    assert "A. Khan" in history


def test_the_evidence_downloads_as_an_attachment(as_officer, overdue):
    post(
        as_officer,
        note="minutes",
        evidence_file=SimpleUploadedFile("minutes.pdf", PDF, "application/pdf"),
    )
    followup = FollowUp.objects.get()
    response = as_officer.get(
        reverse("commitments:followup_evidence", args=[followup.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_a_follow_up_without_evidence_has_no_download(as_officer):
    post(as_officer, note="called the embassy")
    followup = FollowUp.objects.get()
    response = as_officer.get(
        reverse("commitments:followup_evidence", args=[followup.pk])
    )
    assert response.status_code == 404


def test_an_oversized_file_is_refused_with_a_message(as_officer, settings):
    settings.TRACKER_EVIDENCE_MAX_BYTES = 1024
    response = post(
        as_officer,
        note="Minutes attached",
        evidence_file=SimpleUploadedFile("minutes.pdf", PDF + b"x" * 4096),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "evidence may be at most 1.0" in errors["evidence_file"][0]
    html = response.content.decode()
    assert "Minutes attached</textarea>" in html  # the note is kept
    assert "choose it again" in html
    assert FollowUp.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("payload.html", b"<script>alert(1)</script>", "not accepted"),
        ("minutes.pdf", b"MZ\x90\x00 an executable", "not a .pdf file"),
    ],
)
def test_a_forbidden_file_is_refused(as_officer, name, content, message):
    response = post(
        as_officer, note="see file", evidence_file=SimpleUploadedFile(name, content)
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors["evidence_file"][0]
    assert FollowUp.objects.count() == 0


def test_a_note_with_a_script_shows_as_text(as_officer):
    post(as_officer, note='<script>alert("x")</script> & <b>bold</b>')
    html = as_officer.get(
        reverse("commitments:commitment_detail", args=[JWG])
    ).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in html


def test_an_invalid_move_keeps_the_input_and_marks_each_field(as_officer, overdue):
    response = post(
        as_officer,
        action="reschedule",
        milestone=overdue.pk,
        note="Chinese side asked to postpone",
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"due_date", "reason"}
    html = response.content.decode()
    assert "Chinese side asked to postpone</textarea>" in html
    assert 'value="reschedule" required id="id_action_2" checked' in html
    assert f'<option value="{overdue.pk}" selected>' in html
    assert "Choose the new date." in html
    assert "Say why the milestone moves." in html


def test_a_holiday_is_refused_with_the_next_working_day_offered(as_officer, overdue):
    response = post(
        as_officer,
        action="reschedule",
        milestone=overdue.pk,
        due_date="2026-05-01",
        reason="postponed at China's request",
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.suggested_date == datetime.date(2026, 5, 6)
    assert "CN: Labor Day; PK: Labor Day" in form.errors["due_date"][0]
    assert 'data-value="2026-05-06"' in response.content.decode()
    overdue.refresh_from_db()
    assert overdue.due_date == datetime.date(2026, 4, 7)


def test_a_holiday_can_be_kept_on_purpose(as_officer, overdue):
    response = post(
        as_officer,
        action="reschedule",
        milestone=overdue.pk,
        due_date="2026-05-01",
        keep_non_working="on",
        reason="ministers meet on the holiday",
    )
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert overdue.due_date == datetime.date(2026, 5, 1)
    assert "Labor Day" in overdue.non_working_note


def test_a_working_day_move_is_saved(as_officer, overdue):
    response = post(
        as_officer,
        action="reschedule",
        milestone=overdue.pk,
        due_date="2026-04-21",
        reason="postponed at China's request",
    )
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert (overdue.due_date, overdue.status) == (datetime.date(2026, 4, 21), "planned")


def test_missed_asks_for_a_reason_next_to_the_reason_field(as_officer, overdue):
    response = post(as_officer, action="status", milestone=overdue.pk, status="missed")
    assert response.status_code == 200
    assert "needs a reason" in response.context["form"].errors["reason"][0]


def test_a_future_date_is_refused(as_officer):
    response = post(as_officer, note="x", happened_on="2026-05-30")
    assert "not a future date" in response.context["form"].errors["happened_on"][0]


def test_an_officer_cannot_close_the_commitment_itself(as_officer):
    response = post(as_officer, action="status", status="cancelled", reason="dropped")
    assert response.status_code == 200
    assert "only a manager" in response.context["form"].errors["milestone"][0]


def test_a_manager_closes_a_commitment_without_milestones(
    client, overdue, desk_of_everything
):
    manager = desk_of_everything.add(
        UserFactory(username="mgr", first_name="S.", last_name="Rao")
    )
    manager.groups.add(Group.objects.get(name="Manager"))
    client.force_login(manager)
    reference = "wang-xiaohong-visit-pakistan"
    response = client.post(
        reverse("commitments:followup_create", args=[reference]),
        {
            "action": "status",
            "visibility": "internal",
            "happened_on": "2026-04-10",
            "status": "cancelled",
            "reason": "invitation withdrawn",
        },
    )
    assert response.status_code == 302
    visit = Commitment.objects.get(reference=reference)
    assert visit.status == "cancelled"
    latest = visit.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        manager,
        "invitation withdrawn",
    )


def test_completing_a_done_milestone_again_is_refused(as_officer, overdue):
    post(as_officer, action="complete", milestone=overdue.pk, note="held")
    response = post(as_officer, action="complete", milestone=overdue.pk, note="again")
    assert response.status_code == 200
    assert "already done" in response.context["form"].errors["milestone"][0]
    assert FollowUp.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"action": "reschedule", "due_date": "2026-04-21", "reason": "moved"},
        {"action": "status", "status": "cancelled", "reason": "not needed"},
        {"action": "complete"},
    ],
)
def test_an_officer_cannot_change_a_milestone_of_work_they_do_not_own(
    desk_of_everything, client, overdue, change
):
    """Finding 4 of issue 10: the milestone page said 403, the follow-up form
    moved or cancelled the milestone anyway."""
    colleague = desk_of_everything.add(UserFactory(username="colleague"))
    colleague.groups.add(Group.objects.get(name="Policy officer"))
    client.force_login(colleague)
    response = post(client, milestone=overdue.pk, **change)
    # The form never offered the change; followup_log would refuse it too
    # (tests/unit/test_followups.py), for the paths that skip the form.
    assert response.status_code == 200
    assert "Select a valid choice" in str(response.context["form"].errors["action"])
    overdue.refresh_from_db()
    assert (overdue.status, overdue.due_date) == ("overdue", datetime.date(2026, 4, 7))
    assert not FollowUp.objects.exists()


def test_the_form_offers_a_non_owner_only_notes(client, overdue, desk_of_everything):
    colleague = desk_of_everything.add(UserFactory(username="colleague"))
    colleague.groups.add(Group.objects.get(name="Policy officer"))
    client.force_login(colleague)
    html = client.get(url()).content.decode()
    assert 'value="note"' in html
    assert 'value="reschedule"' not in html
    assert 'value="complete"' not in html
    assert "you can log notes and evidence" in html
