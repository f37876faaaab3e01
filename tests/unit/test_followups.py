import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from commitments.models import Commitment, FollowUp, Milestone
from commitments.permissions import POLICY_OFFICER
from commitments.services.followups import (
    evidence_check,
    followup_log,
    milestone_complete,
    milestone_reschedule,
    milestone_status_set,
)
from commitments.services.milestones import milestones_generate
from commitments.services.sweeps import milestone_statuses_flag

UTC = datetime.UTC
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def overdue(seeded, system, officer):
    """The first JWG meeting (2026-04-07), overdue as of 2026-04-10; the
    officer holds the officer role and owns the JWG commitment."""
    officer.groups.add(Group.objects.get(name=POLICY_OFFICER))
    Commitment.objects.filter(reference="jwg-quarterly").update(owner=officer)
    milestones_generate(as_of=datetime.datetime(2026, 1, 8, tzinfo=UTC), actor=system)
    milestone_statuses_flag(
        as_of=datetime.datetime(2026, 4, 10, tzinfo=UTC), actor=system
    )
    return Milestone.objects.filter(commitment__reference="jwg-quarterly").first()


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 4, 10, 6, tzinfo=UTC)):
        yield


def jwg():
    return Commitment.objects.get(reference="jwg-quarterly")


def test_a_note_is_stored_with_its_author_and_history(overdue, officer):
    followup = followup_log(
        commitment=jwg(),
        actor=officer,
        happened_on=datetime.date(2026, 4, 9),
        note="Dates proposed to MPS by note verbale.",
    )
    assert followup.kind == "note"
    assert followup.author == officer
    record = followup.history.get()
    assert record.history_user == officer
    assert record.history_change_reason == "follow-up: note"


def test_completion_marks_the_milestone_done_on_the_day_it_happened(overdue, officer):
    followup = milestone_complete(
        commitment=jwg(),
        actor=officer,
        happened_on=datetime.date(2026, 4, 9),
        milestone=overdue,
        note="JWG meeting held in Islamabad, minutes attached",
        evidence_file=SimpleUploadedFile("minutes.pdf", PDF, "application/pdf"),
    )
    overdue.refresh_from_db()
    assert overdue.status == "done"
    assert overdue.completed_on == datetime.date(2026, 4, 9)
    assert (followup.kind, followup.from_status, followup.to_status) == (
        "completion",
        "overdue",
        "done",
    )
    assert followup.evidence_file.name.endswith(".pdf")
    change = overdue.history.first()
    assert change.history_user == officer
    # The note is the reason the history shows next to "overdue -> done".
    assert change.history_change_reason == (
        "JWG meeting held in Islamabad, minutes attached"
    )
    assert jwg().status == "planned"  # the next occurrence is not due yet


def test_a_reschedule_moves_the_milestone_and_says_so(overdue, officer):
    followup = milestone_reschedule(
        commitment=jwg(),
        actor=officer,
        happened_on=datetime.date(2026, 4, 10),
        milestone=overdue,
        due_date=datetime.date(2026, 4, 21),
        reason="postponed at China's request",
    )
    overdue.refresh_from_db()
    assert overdue.due_date == datetime.date(2026, 4, 21)
    assert overdue.scheduled_date == datetime.date(2026, 4, 7)
    assert overdue.status == "planned"
    assert followup.kind == "reschedule"
    assert followup.note.startswith("Moved from 2026-04-07 to 2026-04-21")
    assert overdue.history.first().history_change_reason == (
        "postponed at China's request"
    )


def test_missed_needs_a_reason_and_nothing_is_stored_without_one(overdue, officer):
    with pytest.raises(ValidationError, match="needs a reason"):
        milestone_status_set(
            commitment=jwg(),
            actor=officer,
            happened_on=datetime.date(2026, 4, 10),
            milestone=overdue,
            status="missed",
        )
    assert FollowUp.objects.count() == 0
    overdue.refresh_from_db()
    assert overdue.status == "overdue"


def test_a_refused_change_rolls_back_the_whole_follow_up(overdue, officer):
    # Done -> missed is forbidden: the follow-up must not be stored either.
    milestone_complete(
        commitment=jwg(),
        actor=officer,
        happened_on=datetime.date(2026, 4, 9),
        milestone=overdue,
    )
    with pytest.raises(ValidationError):
        milestone_status_set(
            commitment=jwg(),
            actor=officer,
            happened_on=datetime.date(2026, 4, 10),
            milestone=overdue,
            status="missed",
            reason="wrong",
        )
    assert FollowUp.objects.count() == 1


def test_a_milestone_of_another_commitment_is_refused(overdue, admin_user):
    other = Commitment.objects.get(reference="ministerial-review-annual")
    with pytest.raises(ValidationError, match="another commitment"):
        milestone_complete(
            commitment=other,
            actor=admin_user,
            happened_on=datetime.date(2026, 4, 10),
            milestone=overdue,
        )


def test_a_note_needs_words_or_evidence(overdue, officer):
    with pytest.raises(ValidationError, match="note or attach"):
        followup_log(
            commitment=jwg(), actor=officer, happened_on=datetime.date(2026, 4, 10)
        )


def test_a_link_alone_is_evidence(overdue, officer):
    followup = followup_log(
        commitment=jwg(),
        actor=officer,
        happened_on=datetime.date(2026, 4, 10),
        evidence_url="https://mofa.gov.pk/press/jwg",
    )
    assert followup.kind == "evidence"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("minutes.exe", b"MZ\x90\x00", "not accepted"),
        ("minutes.pdf", b"MZ\x90\x00 renamed", "not a .pdf file"),
        ("notes.txt", b"text\x00with a null byte", "not a .txt file"),
        ("noextension", b"%PDF-1.4", "not accepted"),
    ],
)
def test_forbidden_or_disguised_files_are_refused(name, content, message):
    with pytest.raises(ValidationError, match=message):
        evidence_check(SimpleUploadedFile(name, content))


def test_an_oversized_file_is_refused(settings):
    settings.TRACKER_EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match=r"at most 1\.0"):
        evidence_check(SimpleUploadedFile("big.pdf", PDF + b"0" * 2048))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("minutes.pdf", PDF),
        ("photo.JPG", b"\xff\xd8\xff\xe0 JFIF"),
        ("letter.docx", b"PK\x03\x04 word"),
        ("notes.txt", "Réunion tenue à Islamabad".encode()),
    ],
)
def test_accepted_files_pass(name, content):
    evidence_check(SimpleUploadedFile(name, content))


@pytest.fixture
def colleague(db):
    """An officer who does not own the JWG commitment."""
    user = Group.objects.get(name=POLICY_OFFICER).user_set.create(username="colleague")
    return user


@pytest.mark.parametrize(
    ("service", "extra"),
    [
        (milestone_complete, {}),
        (
            milestone_reschedule,
            {"due_date": datetime.date(2026, 4, 20), "reason": "Minister travelling"},
        ),
        (milestone_status_set, {"status": "cancelled", "reason": "Not needed"}),
    ],
)
def test_an_officer_cannot_change_a_milestone_they_do_not_own(
    overdue, colleague, service, extra
):
    with pytest.raises(PermissionDenied, match="only its owner or a manager"):
        service(
            commitment=jwg(),
            actor=colleague,
            happened_on=datetime.date(2026, 4, 9),
            milestone=overdue,
            **extra,
        )
    overdue.refresh_from_db()
    assert (overdue.status, overdue.due_date) == ("overdue", datetime.date(2026, 4, 7))
    assert not FollowUp.objects.exists()


def test_an_officer_may_still_note_progress_on_work_they_do_not_own(overdue, colleague):
    followup = followup_log(
        commitment=jwg(),
        actor=colleague,
        happened_on=datetime.date(2026, 4, 9),
        milestone=overdue,
        note="MPS confirmed the dates by phone.",
    )
    assert followup.author == colleague
    overdue.refresh_from_db()
    assert overdue.status == "overdue"


def test_a_user_without_a_role_cannot_log_anything(overdue):
    nobody = Group.objects.create(name="nothing").user_set.create(username="nobody")
    with pytest.raises(PermissionDenied):
        followup_log(
            commitment=jwg(),
            actor=nobody,
            happened_on=datetime.date(2026, 4, 9),
            note="Hello",
        )


@pytest.mark.parametrize(
    ("field", "service", "extra"),
    [
        ("happened_on", followup_log, {"happened_on": datetime.date(1, 1, 1)}),
        (
            "due_date",
            milestone_reschedule,
            {"due_date": datetime.date(9999, 12, 31), "reason": "far"},
        ),
    ],
)
def test_a_date_outside_the_supported_range_is_refused_by_field(
    overdue, officer, field, service, extra
):
    """The service refuses it too (imports and the API skip the form)."""
    arguments = {"happened_on": datetime.date(2026, 4, 9), "note": "x", **extra}
    with pytest.raises(ValidationError) as refused:
        service(commitment=jwg(), actor=officer, milestone=overdue, **arguments)
    assert "outside the supported range" in refused.value.message_dict[field][0]
    overdue.refresh_from_db()
    assert overdue.due_date == datetime.date(2026, 4, 7)
    assert not FollowUp.objects.exists()
