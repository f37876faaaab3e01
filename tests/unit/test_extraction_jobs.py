"""Large imports and ingests run as jobs: stored uploads, progress page, idempotent."""

import datetime
import os

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.models import Commitment, SourceDocument
from extraction.models import ExtractionJob, JobKind, JobStatus
from extraction.tasks import run_job_task, sweep_uploads_task
from extraction.uploads import upload_store
from extraction.views import SESSION_IMPORT
from tests.factories import UserFactory
from tests.unit.test_import_commitments import GOOD_TWO, as_csv, row


@pytest.fixture
def manager(seeded, desk_of_everything):
    user = desk_of_everything.add(UserFactory(username="mgr"))
    user.groups.add(Group.objects.get(name="Manager"))
    return user


@pytest.fixture
def inline_limits(settings):
    settings.TRACKER_LIMITS = {
        **settings.TRACKER_LIMITS,
        "IMPORT_INLINE_ROWS": 1,
        "TEXT_INLINE_BYTES": 100,
    }


def check(client, raw: bytes, name: str = "a.csv"):
    return client.post(
        reverse("extraction:import"),
        {"action": "check", "file": SimpleUploadedFile(name, raw)},
    )


def test_a_small_check_keeps_only_a_token_in_the_session(client, manager):
    client.force_login(manager)
    response = check(client, as_csv(*GOOD_TWO))
    assert "would create 2 commitments" in response.content.decode()
    checked = client.session[SESSION_IMPORT]
    assert set(checked) == {"token", "name"}
    assert len(checked["token"]) == 32
    stored = f"imports/{manager.pk}/{checked['token']}.csv"
    assert default_storage.exists(stored)
    client.post(reverse("extraction:import"), {"action": "import"})
    assert Commitment.objects.filter(reference="imported-jwg").exists()
    assert not default_storage.exists(stored)
    assert SESSION_IMPORT not in client.session


def test_another_users_token_reaches_nothing(client, manager, desk_of_everything):
    stored = upload_store(owner_id=manager.pk, name="a.csv", content=as_csv(row()))
    other = desk_of_everything.add(UserFactory(username="mgr2"))
    other.groups.add(Group.objects.get(name="Manager"))
    client.force_login(other)
    session = client.session
    session[SESSION_IMPORT] = {"token": stored.split("/")[-1][:32], "name": "a.csv"}
    session.save()
    response = client.post(reverse("extraction:import"), {"action": "import"})
    assert response.status_code == 302
    assert not Commitment.objects.filter(reference="imported-jwg").exists()
    assert default_storage.exists(stored)


def test_a_large_check_and_import_run_as_jobs_with_a_progress_page(
    desk_of_everything,
    client,
    manager,
    admin_user,
    inline_limits,
    django_capture_on_commit_callbacks,
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks() as enqueued:
        response = check(client, as_csv(*GOOD_TWO))
    job = ExtractionJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("extraction:job", args=[job.pk])
    assert len(enqueued) == 1  # enqueued after commit, not run in the request
    assert (job.kind, job.status, job.rows_total) == (JobKind.IMPORT_CHECK, "queued", 2)
    assert SESSION_IMPORT not in client.session
    page = client.get(reverse("extraction:job", args=[job.pk]))
    assert page.status_code == 200
    assert page["Refresh"] == "3"
    assert "Queued" in page.content.decode()

    run_job_task(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert (
        job.summary == "2 rows checked: would create 2 commitments and 1 new agreement."
    )
    assert (job.rows_done, job.rows_total) == (2, 2)
    assert not Commitment.objects.filter(reference="imported-jwg").exists()
    page = client.get(reverse("extraction:job", args=[job.pk]))
    assert "Refresh" not in page
    assert "Import it now" in page.content.decode()

    # Idempotent: a repeated delivery of a finished job changes nothing.
    versions = job.history.count()
    run_job_task(job.pk)
    assert job.history.count() == versions

    with django_capture_on_commit_callbacks():
        imported = client.post(
            reverse("extraction:import"), {"action": "import", "job": job.pk}
        )
    importing = ExtractionJob.objects.get(kind=JobKind.IMPORT)
    assert imported["Location"] == reverse("extraction:job", args=[importing.pk])
    run_job_task(importing.pk)
    run_job_task(importing.pk)
    importing.refresh_from_db()
    assert importing.status == JobStatus.DONE
    assert importing.summary.endswith("created 2 commitments and 1 new agreement.")
    assert Commitment.objects.filter(reference__startswith="imported-").count() == 2
    assert not default_storage.exists(importing.stored_name)
    history = importing.history.order_by("history_id").last()
    assert (history.history_user, history.history_change_reason) == (
        manager,
        "background job done",
    )

    # Only the owner and administrators see the page.
    other = desk_of_everything.add(UserFactory(username="mgr2"))
    other.groups.add(Group.objects.get(name="Manager"))
    client.force_login(other)
    assert client.get(reverse("extraction:job", args=[job.pk])).status_code == 404
    client.force_login(admin_user)
    assert client.get(reverse("extraction:job", args=[job.pk])).status_code == 200


def test_a_job_with_bad_rows_fails_keeps_nothing_and_lists_them(
    client, manager, inline_limits, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks():
        check(client, as_csv(*GOOD_TWO, row(reference="bad", kind="x")))
    job = ExtractionJob.objects.get()
    run_job_task(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.errors == [{"row": 4, "message": job.errors[0]["message"]}]
    assert job.summary.startswith("1 bad row of 3: nothing would be imported")
    assert not default_storage.exists(job.stored_name)
    html = client.get(reverse("extraction:job", args=[job.pk])).content.decode()
    assert "<td>4</td>" in html
    assert "Import it now" not in html
    assert not Commitment.objects.filter(reference="imported-jwg").exists()


def test_a_job_whose_file_is_gone_fails_with_a_message(manager):
    job = ExtractionJob.objects.create(
        kind=JobKind.IMPORT,
        owner=manager,
        stored_name=f"imports/{manager.pk}/{'0' * 32}.csv",
        file_name="a.csv",
    )
    run_job_task(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.summary


def test_a_long_text_is_ingested_by_a_job(
    client,
    manager,
    inline_limits,
    django_capture_on_commit_callbacks,
    desk_of_everything,
):
    officer = desk_of_everything.add(UserFactory(username="officer"))
    officer.groups.add(Group.objects.get(name="Policy officer"))
    client.force_login(officer)
    text = "Pakistan and China agreed to hold border talks every six months.\n" * 3
    with django_capture_on_commit_callbacks():
        response = client.post(
            reverse("extraction:upload"),
            {"published": "2026-05-20", "text": text, "title": "Border talks"},
        )
    job = ExtractionJob.objects.get(kind=JobKind.INGEST)
    assert response["Location"] == reverse("extraction:job", args=[job.pk])
    assert not SourceDocument.objects.filter(title="Border talks").exists()
    run_job_task(job.pk)
    run_job_task(job.pk)
    job.refresh_from_db()
    document = SourceDocument.objects.get(title="Border talks")
    assert document.text == text
    assert job.status == JobStatus.DONE
    assert job.result["document"] == document.pk
    assert job.result["queued"] == document.candidates.count() == 3
    page = client.get(reverse("extraction:job", args=[job.pk])).content.decode()
    assert reverse("extraction:document", args=[document.pk]) in page
    assert not default_storage.exists(job.stored_name)


def test_uploads_older_than_a_day_are_swept(manager):
    old = upload_store(owner_id=manager.pk, name="a.csv", content=b"x")
    new = upload_store(owner_id=manager.pk, name="b.csv", content=b"y")
    two_days_ago = (
        datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(days=2)
    ).timestamp()
    os.utime(default_storage.path(old), (two_days_ago, two_days_ago))
    assert sweep_uploads_task()["removed"] >= 1
    assert not default_storage.exists(old)
    assert default_storage.exists(new)
    default_storage.delete(new)
