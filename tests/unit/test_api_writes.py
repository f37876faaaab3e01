"""The write endpoints of /api/v1/: the pages' forms, rules and services,
with the API user and the reason on the history row; 404 outside scope, 403
without the right, 400 JSON for a bad or reason-less request, 409/412 for a
stale version."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from commitments.models import Commitment, FollowUp, Obligation, SourceDocument
from extraction.models import Candidate, CandidateStatus, ExtractionJob
from tests.api_world import World, make_world

pytestmark = pytest.mark.django_db

REASON = "minutes of the JWG received"


@pytest.fixture
def world(db) -> World:
    return make_world()


def post(world: World, who: str, url: str, data: dict, **extra):
    return world.client(who).post(url, data, content_type="application/json", **extra)


def note(world: World, **fields) -> dict:
    return {
        "commitment": world.commitment.pk,
        "happened_on": timezone.localdate().isoformat(),
        "note": "JWG met",
        "reason": REASON,
        **fields,
    }


# Follow-ups -----------------------------------------------------------------


def test_an_officer_logs_a_note_with_its_reason_on_the_history_row(world):
    response = post(world, "officer_a", "/api/v1/followups/", note(world))
    assert response.status_code == 201, response.content
    followup = FollowUp.objects.get(pk=response.json()["id"])
    row = followup.history.latest()
    assert row.history_user == world.users["officer_a"]
    assert REASON in row.history_change_reason
    assert response.json()["note"] == "JWG met"


def test_the_reason_may_come_as_a_header(world):
    body = note(world)
    del body["reason"]
    response = post(
        world, "officer_a", "/api/v1/followups/", body, headers={"X-Reason": REASON}
    )
    assert response.status_code == 201, response.content
    row = FollowUp.objects.get(pk=response.json()["id"]).history.latest()
    assert REASON in row.history_change_reason


def test_a_write_without_a_reason_is_a_400(world):
    body = note(world)
    del body["reason"]
    response = post(world, "officer_a", "/api/v1/followups/", body)
    assert response.status_code == 400
    assert "reason" in response.json()
    assert not FollowUp.objects.filter(note="JWG met").exists()


def test_the_owner_completes_a_milestone_with_the_reason_on_its_history(world):
    response = post(
        world,
        "officer_a",
        "/api/v1/followups/",
        note(world, action="complete", milestone=world.milestone.pk),
    )
    assert response.status_code == 201, response.content
    world.milestone.refresh_from_db()
    assert world.milestone.status == "done"
    row = world.milestone.history.latest()
    assert row.history_user == world.users["officer_a"]
    assert REASON in row.history_change_reason


def test_a_reschedule_moves_the_milestone(world):
    new_day = datetime.date(2026, 12, 15)  # a Tuesday
    response = post(
        world,
        "manager_a",
        "/api/v1/followups/",
        note(
            world,
            action="reschedule",
            milestone=world.milestone.pk,
            due_date=new_day.isoformat(),
        ),
    )
    assert response.status_code == 201, response.content
    world.milestone.refresh_from_db()
    assert world.milestone.due_date == new_day


def test_a_user_outside_scope_gets_404(world):
    response = post(world, "officer_b", "/api/v1/followups/", note(world))
    assert response.status_code == 404
    assert FollowUp.objects.filter(commitment=world.commitment).count() == 2


def test_a_viewer_gets_403(world):
    response = post(world, "viewer_a", "/api/v1/followups/", note(world))
    assert response.status_code == 403
    assert "detail" in response.json()


def test_an_officer_who_does_not_own_it_may_not_complete(world):
    world.commitment.owner = world.users["manager_a"]
    world.commitment.save()
    response = post(
        world,
        "officer_a",
        "/api/v1/followups/",
        note(world, action="complete", milestone=world.milestone.pk),
    )
    assert response.status_code == 400  # the form offers a note only
    assert "action" in response.json()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"happened_on": "not a date"}, "happened_on"),
        ({"happened_on": "2999-01-01"}, "happened_on"),
        ({"note": ""}, "note"),
        ({"action": "explode"}, "action"),
        ({"action": "complete"}, "milestone"),
        ({"milestone": 999999999}, "milestone"),
        ({"commitment": "abc"}, "commitment"),
        ({"commitment": None}, "commitment"),
        ({"colour": "red"}, "colour"),
        ({"note": ["a", {"b": 1}]}, "note"),
    ],
)
def test_bad_input_is_a_400_with_a_message_per_field(world, fields, field):
    response = post(world, "officer_a", "/api/v1/followups/", note(world, **fields))
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert all(isinstance(m, str) for m in response.json()[field])


def test_a_json_array_body_is_a_400(world):
    response = world.client("officer_a").post(
        "/api/v1/followups/", "[1, 2]", content_type="application/json"
    )
    assert response.status_code == 400


def test_evidence_is_uploaded_and_downloaded_within_scope(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n%minutes\n", "application/pdf")
    body = note(world, evidence_file=pdf, note="")
    response = world.client("officer_a").post("/api/v1/followups/", body)
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["has_evidence_file"] is True
    download = world.client("viewer_a").get(f"/api/v1/followups/{pk}/evidence/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]
    assert (
        world.client("officer_b").get(f"/api/v1/followups/{pk}/evidence/").status_code
        == 404
    )
    # Internal: the counterpart does not see it either.
    assert (
        world.client("counterpart").get(f"/api/v1/followups/{pk}/evidence/").status_code
        == 404
    )


def test_a_disguised_evidence_file_is_a_400(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = world.client("officer_a").post(
        "/api/v1/followups/", note(world, evidence_file=fake, note="")
    )
    assert response.status_code == 400, response.content
    assert "evidence_file" in response.json()


def test_a_followup_without_evidence_has_no_download(world):
    url = f"/api/v1/followups/{world.internal.pk}/evidence/"
    assert world.client("officer_a").get(url).status_code == 404


# Commitments ----------------------------------------------------------------


def patch(world: World, who: str, body: dict, **extra):
    return world.client(who).patch(
        f"/api/v1/commitments/{world.commitment.pk}/",
        body,
        content_type="application/json",
        **extra,
    )


def test_the_owner_changes_a_commitment_with_the_version_it_read(world):
    version = world.commitment.version
    response = patch(
        world,
        "officer_a",
        {"title": "Alpha pledge, renamed", "version": version, "reason": REASON},
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Alpha pledge, renamed"
    assert response.json()["version"] == version + 1
    assert response["ETag"] == f'"{version + 1}"'
    row = Commitment.objects.get(pk=world.commitment.pk).history.latest()
    assert row.history_user == world.users["officer_a"]
    assert row.history_change_reason == REASON


def test_a_stale_version_field_is_a_409_with_the_current_version(world):
    version = world.commitment.version
    assert (
        patch(
            world, "officer_a", {"title": "One", "version": version, "reason": "r"}
        ).status_code
        == 200
    )
    response = patch(
        world, "officer_a", {"title": "Two", "version": version, "reason": "r"}
    )
    assert response.status_code == 409
    assert response.json()["current_version"] == version + 1
    assert Commitment.objects.get(pk=world.commitment.pk).title == "One"


def test_a_stale_if_match_is_a_412(world):
    version = world.commitment.version
    patch(world, "officer_a", {"title": "One", "version": version, "reason": "r"})
    response = patch(
        world,
        "officer_a",
        {"title": "Two"},
        headers={"If-Match": f'"{version}"', "X-Reason": "r"},
    )
    assert response.status_code == 412
    assert response.json()["current_version"] == version + 1


def test_a_patch_without_a_version_or_reason_is_a_400(world):
    response = patch(world, "officer_a", {"title": "Two", "reason": "r"})
    assert response.status_code == 400
    assert "version" in response.json()
    response = patch(
        world, "officer_a", {"title": "Two", "version": world.commitment.version}
    )
    assert response.status_code == 400
    assert "reason" in response.json()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"due_date": "2026-13-45"}, "due_date"),
        ({"kind": "nonsense"}, "kind"),
        ({"reference": "new-ref"}, "reference"),
        ({"owner": 1}, "owner"),  # an officer may not reassign
        ({"version": "x"}, "version"),
    ],
)
def test_a_bad_patch_is_a_400_per_field(world, body, field):
    response = patch(
        world, "officer_a", {"version": world.commitment.version, "reason": "r", **body}
    )
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_a_patch_outside_scope_is_404_and_without_the_right_403(world):
    body = {"title": "x", "version": world.commitment.version, "reason": "r"}
    assert patch(world, "officer_b", body).status_code == 404
    assert patch(world, "viewer_a", body).status_code == 403
    assert patch(world, "counterpart", body).status_code == 403


# Candidates -----------------------------------------------------------------


def test_a_reviewer_rejects_a_candidate_with_the_reason(world):
    url = f"/api/v1/candidates/{world.candidate.pk}/reject/"
    response = post(world, "officer_a", url, {"reason": "praise, not a pledge"})
    assert response.status_code == 200, response.content
    world.candidate.refresh_from_db()
    assert world.candidate.status == CandidateStatus.REJECTED
    row = world.candidate.history.latest()
    assert row.history_user == world.users["officer_a"]
    assert "praise" in row.history_change_reason
    again = post(world, "officer_a", url, {"reason": "again"})
    assert again.status_code == 400


def test_a_candidate_decision_needs_scope_right_and_reason(world):
    url = f"/api/v1/candidates/{world.candidate.pk}/reject/"
    assert post(world, "officer_b", url, {"reason": "r"}).status_code == 404
    assert post(world, "viewer_a", url, {"reason": "r"}).status_code == 403
    assert post(world, "officer_a", url, {}).status_code == 400
    assert (
        post(
            world,
            "officer_a",
            "/api/v1/candidates/99999999999/reject/",
            {"reason": "r"},
        ).status_code
        == 404
    )
    assert (
        Candidate.objects.get(pk=world.candidate.pk).status == CandidateStatus.PROPOSED
    )


def test_a_reviewer_accepts_a_candidate_as_a_commitment(world):
    party = world.a.parties.get(code="PK")
    response = post(
        world,
        "officer_a",
        f"/api/v1/candidates/{world.candidate.pk}/accept/",
        {
            "agreement": world.a.pk,
            "reference": "share-intel",
            "parties": [party.pk],
            "reason": "a clear undertaking",
        },
    )
    assert response.status_code == 201, response.content
    commitment = Commitment.objects.get(reference="share-intel")
    assert response.json()["id"] == commitment.pk
    row = commitment.history.earliest()
    assert row.history_user == world.users["officer_a"]
    assert row.history_change_reason == "a clear undertaking"


def test_accepting_into_an_agreement_outside_scope_is_a_400(world):
    response = post(
        world,
        "officer_a",
        f"/api/v1/candidates/{world.candidate.pk}/accept/",
        {"agreement": world.b.pk, "reference": "x-ref", "reason": "r"},
    )
    assert response.status_code == 400
    assert "agreement" in response.json()


# Sources --------------------------------------------------------------------

STATEMENT = (
    "Joint statement. The two sides agreed to hold a Joint Working Group "
    "meeting every quarter, starting in March 2026."
)


def test_a_reviewer_stores_a_text_and_its_candidates_are_queued(world):
    response = post(
        world,
        "officer_a",
        "/api/v1/sources/",
        {"published": "2026-01-10", "title": "JWG statement", "text": STATEMENT},
        headers={"X-Reason": "from the ministry's register"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["is_new_document"] is True
    document = SourceDocument.objects.get(pk=body["source"])
    assert document.text == STATEMENT
    row = document.history.latest()
    assert row.history_user == world.users["officer_a"]
    assert "from the ministry's register" in row.history_change_reason
    assert body["queued"] == document.candidates.count()


def test_a_long_text_goes_to_a_worker_job(world, settings, tmp_path):
    settings.TRACKER_LIMITS = {**settings.TRACKER_LIMITS, "TEXT_INLINE_BYTES": 20}
    settings.MEDIA_ROOT = tmp_path
    response = post(
        world,
        "officer_a",
        "/api/v1/sources/",
        {"published": "2026-01-10", "text": STATEMENT, "reason": "r"},
    )
    assert response.status_code == 202, response.content
    job = ExtractionJob.objects.get(pk=response.json()["job"])
    assert job.params["reason"] == "r"


@pytest.mark.parametrize(
    ("who", "body", "code", "field"),
    [
        (
            "viewer_a",
            {"published": "2026-01-10", "text": STATEMENT, "reason": "r"},
            403,
            None,
        ),
        ("officer_a", {"published": "2026-01-10", "text": STATEMENT}, 400, "reason"),
        (
            "officer_a",
            {"published": "someday", "text": STATEMENT, "reason": "r"},
            400,
            "published",
        ),
        (
            "officer_a",
            {"published": "2026-01-10", "text": "", "reason": "r"},
            400,
            "non_field_errors",
        ),
        (
            "officer_a",
            {"published": "2026-01-10", "text": STATEMENT, "x": 1, "reason": "r"},
            400,
            "x",
        ),
    ],
)
def test_a_refused_source_creation(world, who, body, code, field):
    response = post(world, who, "/api/v1/sources/", body)
    assert response.status_code == code, response.content
    if field:
        assert field in response.json()


def test_a_milestone_status_change_records_the_reason(world):
    response = post(
        world,
        "manager_a",
        "/api/v1/followups/",
        note(world, action="status", milestone=world.milestone.pk, status="missed"),
    )
    assert response.status_code == 201, response.content
    world.milestone.refresh_from_db()
    assert world.milestone.status == "missed"
    row = world.milestone.history.latest()
    assert row.history_user == world.users["manager_a"]
    assert REASON in row.history_change_reason


def test_a_commitment_read_gives_its_version_as_etag(world):
    response = world.client("viewer_a").get(
        f"/api/v1/commitments/{world.commitment.pk}/"
    )
    assert response["ETag"] == f'"{world.commitment.version}"'


def test_a_counterpart_logs_only_on_its_sides_commitments_and_always_shared(world):
    # The commitment binds Pakistan only: China's counterpart may read, not log.
    response = post(world, "counterpart", "/api/v1/followups/", note(world))
    assert response.status_code == 403
    Obligation.objects.create(
        commitment=world.commitment, party=world.a.parties.get(code="CN")
    )
    # It may not write what it may not read: "internal" is refused...
    body = note(world, visibility="internal")
    response = post(world, "counterpart", "/api/v1/followups/", body)
    assert response.status_code == 400, response.content
    assert "visibility" in response.json()
    # ... and without it, its entry is shared.
    del body["visibility"]
    response = post(world, "counterpart", "/api/v1/followups/", body)
    assert response.status_code == 201, response.content
    assert response.json()["visibility"] == "shared"


def test_an_evidence_file_over_the_pages_limit_is_a_400(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TRACKER_EVIDENCE_MAX_BYTES = 64
    big = SimpleUploadedFile(
        "minutes.pdf", b"%PDF-1.4\n" + b"x" * 100, "application/pdf"
    )
    response = world.client("officer_a").post(
        "/api/v1/followups/", note(world, evidence_file=big, note="")
    )
    assert response.status_code == 400, response.content
    assert "evidence_file" in response.json()


@pytest.mark.parametrize(
    "path",
    ["followups/", "commitments/{c}/", "candidates/{k}/reject/", "sources/"],
)
def test_a_very_long_reason_is_never_a_500(world, path):
    url = "/api/v1/" + path.format(c=world.commitment.pk, k=world.candidate.pk)
    body = {
        **note(world),
        "published": "2026-01-10",
        "text": STATEMENT,
        "title": "x",
        "version": world.commitment.version,
        "reason": "why " * 2000,
    }
    client = world.client("manager_a")
    if path.startswith("commitments"):
        body = {
            "title": "x",
            "version": world.commitment.version,
            "reason": "why " * 2000,
        }
        response = client.patch(url, body, content_type="application/json")
    else:
        if path == "sources/":
            body = {k: body[k] for k in ("published", "text", "reason")}
        elif path.startswith("candidates"):
            body = {"reason": body["reason"]}
        response = client.post(url, body, content_type="application/json")
    assert response.status_code < 500, response.content
