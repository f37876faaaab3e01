"""The review queue pages against each role, their forms, and their query counts."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import Agreement, Commitment, Party, Provenance
from extraction.models import Candidate, CandidateStatus
from extraction.services.ingest import document_ingest
from tests.factories import UserFactory

ROLES = {"viewer": "Viewer", "officer": "Policy officer", "manager": "Manager"}
TEXT = (
    "Pakistan and China agreed to hold border talks every six months.\n"
    "The minister commended the police and said the NPA will train 50 officers.\n"
)


@pytest.fixture
def users(seeded, desk_of_everything):
    found = {}
    for role, group in ROLES.items():
        user = desk_of_everything.add(UserFactory(username=role))
        user.groups.add(Group.objects.get(name=group))
        found[role] = user
    found["norole"] = UserFactory(username="norole")
    return found


@pytest.fixture
def document(users):
    return document_ingest(
        title="Border talks",
        text=TEXT,
        published_on=datetime.date(2026, 5, 20),
        actor=users["officer"],
    ).document


def first_open(document):
    return Candidate.objects.filter(source=document).order_by("start").first()


@pytest.mark.parametrize(
    ("role", "status"),
    [("viewer", 200), ("officer", 200), ("manager", 200), ("norole", 403)],
)
def test_queue_and_document_pages_are_read_by_every_role(
    client, users, document, role, status
):
    client.force_login(users[role])
    queue = client.get(reverse("extraction:queue"))
    page = client.get(reverse("extraction:document", args=[document.pk]))
    assert (queue.status_code, page.status_code) == (status, status)
    if status == 200:
        assert "Border talks" in queue.content.decode()
        assert "<mark" in page.content.decode()


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("extraction:queue"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "status"), [("viewer", 403), ("officer", 200), ("manager", 200)]
)
def test_only_officers_and_managers_may_act(client, users, document, role, status):
    client.force_login(users[role])
    candidate = first_open(document)
    for name in ("accept", "merge", "reject"):
        response = client.get(reverse(f"extraction:{name}", args=[candidate.pk]))
        assert response.status_code == status
    assert client.get(reverse("extraction:upload")).status_code == status
    if status == 200:
        html = client.get(
            reverse("extraction:document", args=[document.pk])
        ).content.decode()
        assert "Accept…" in html


def test_viewers_see_no_action_buttons(client, users, document):
    client.force_login(users["viewer"])
    html = client.get(reverse("extraction:document", args=[document.pk])).content
    assert b"Accept\xe2\x80\xa6" not in html


def test_the_accept_form_is_filled_from_the_candidate(client, users, document):
    client.force_login(users["officer"])
    candidate = first_open(document)
    html = client.get(
        reverse("extraction:accept", args=[candidate.pk])
    ).content.decode()
    # In words (issue 18): "every six months" reads back as the same rule.
    assert 'value="twice a year"' in html
    assert "FREQ=" not in html
    assert "2026-11-20" in html
    assert f"<mark>{candidate.quote}</mark>" in html


def test_an_invalid_accept_shows_errors_next_to_fields_and_keeps_input(
    client, users, document
):
    client.force_login(users["officer"])
    candidate = first_open(document)
    response = client.post(
        reverse("extraction:accept", args=[candidate.pk]),
        {
            "agreement": Agreement.objects.first().pk,
            "reference": "jwg-quarterly",
            "title": "My edited title",
            "kind": "recurring_meeting",
            "cadence": "every blue moon",
            "due_precision": "unknown",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This reference is taken" in html
    assert "Cannot read the cadence" in html
    assert "Choose at least one obligated side" in html
    assert 'value="My edited title"' in html
    assert Candidate.objects.get(pk=candidate.pk).status == CandidateStatus.PROPOSED


def test_accepting_through_the_page_creates_the_commitment(client, users, document):
    officer = users["officer"]
    client.force_login(officer)
    candidate = first_open(document)
    response = client.post(
        reverse("extraction:accept", args=[candidate.pk]),
        {
            "agreement": Agreement.objects.first().pk,
            "reference": "border-talks",
            "title": "Border talks",
            "kind": "recurring_meeting",
            "parties": [p.pk for p in Party.objects.all()],
            "cadence": "every six months",
            "cadence_start": "2026-11-20",
            "due_precision": "unknown",
            "reason": "checked",
        },
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get(reference="border-talks")
    assert commitment.history.earliest("history_date").history_user == officer
    assert commitment.milestones.exists()
    assert Candidate.objects.get(pk=candidate.pk).commitment == commitment


def test_merge_and_reject_through_the_pages(client, users, document):
    client.force_login(users["manager"])
    first, second = Candidate.objects.filter(source=document).order_by("start")
    training = Commitment.objects.get(reference="asp-training-bpc")
    merged = client.post(
        reverse("extraction:merge", args=[second.pk]),
        {"agreement": training.agreement_id, "commitment": training.pk},
    )
    assert merged.status_code == 302
    assert Provenance.objects.filter(commitment=training, quote=second.quote).exists()
    missing = client.post(reverse("extraction:reject", args=[first.pk]), {"reason": ""})
    assert missing.status_code == 200
    assert "This field is required" in missing.content.decode()
    rejected = client.post(
        reverse("extraction:reject", args=[first.pk]), {"reason": "duplicate"}
    )
    assert rejected.status_code == 302
    assert Candidate.objects.get(pk=first.pk).reason == "duplicate"
    assert not client.get(reverse("extraction:queue")).context["documents"]


def test_uploading_a_file_stores_it_and_queues_its_candidates(client, users):
    client.force_login(users["officer"])
    upload = SimpleUploadedFile(
        "talks.html",
        b"<title>Talks</title><p>Both sides will meet quarterly.</p>",
        "text/html",
    )
    response = client.post(
        reverse("extraction:upload"), {"published": "2026-03-01", "file": upload}
    )
    assert response.status_code == 302
    candidate = Candidate.objects.get()
    assert candidate.source.title == "Talks"
    assert candidate.cadence_rrule == "FREQ=MONTHLY;INTERVAL=3"
    again = client.post(
        reverse("extraction:upload"),
        {"published": "2026-03-01", "text": candidate.source.text},
    )
    assert again.status_code == 302
    assert Candidate.objects.count() == 1


def test_an_upload_without_a_date_or_text_keeps_the_input(client, users):
    client.force_login(users["officer"])
    response = client.post(reverse("extraction:upload"), {"title": "Kept title"})
    html = response.content.decode()
    assert "Upload a file or paste a text" in html
    assert 'value="Kept title"' in html


def grow(document, first, count):
    """More documents in the queue and more candidates on this one."""
    for n in range(first, first + count):
        document_ingest(
            title=f"Statement {n}",
            text=f"Statement {n}. Kenya and Ethiopia will meet every {n + 2} months.\n",
            published_on=datetime.date(2026, 5, 20),
            actor=None,
        )
        Candidate.objects.create(
            source=document,
            quote=document.text[n : n + 4],
            start=n,
            end=n + 4,
            kind="ongoing",
            title=f"Extra {n}",
            confidence=0.5,
            extractor_version="test",
        )


@pytest.mark.parametrize("name", ["queue", "document"])
def test_pages_make_as_many_queries_with_many_rows_as_with_few(
    client, users, document, name, django_assert_max_num_queries
):
    client.force_login(users["officer"])
    url = (
        reverse("extraction:queue")
        if name == "queue"
        else reverse("extraction:document", args=[document.pk])
    )
    grow(document, 0, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(document, 2, 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
    assert len(few.captured_queries) <= 12
