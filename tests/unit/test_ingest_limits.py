"""Source texts under misuse: byte limit, NUL refused, candidates capped, paginated."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from commitments.models import SourceDocument
from extraction.models import Candidate
from extraction.reading import ReadError, read_text
from extraction.services.ingest import document_ingest
from tests.factories import UserFactory

PUBLISHED = datetime.date(2026, 5, 20)
CLAUSE = "Pakistan and China agreed to hold border talks every six months.\n"


def test_a_file_with_a_nul_character_is_refused_not_stripped():
    with pytest.raises(ReadError, match=r"NUL character \(\\0\) at character 4"):
        read_text("a.txt", b"Both\x00 sides agreed to meet.")


def test_a_text_over_the_byte_limit_is_refused_with_the_limit(settings):
    settings.TRACKER_LIMITS = {**settings.TRACKER_LIMITS, "TEXT_BYTES": 10}
    with pytest.raises(ReadError, match="limit TEXT_BYTES"):
        read_text("a.txt", b"Both sides agreed to meet.")


@pytest.mark.django_db
def test_the_ingest_service_refuses_nul_and_stores_nothing(system):
    with pytest.raises(ValidationError, match="NUL"):
        document_ingest(
            title="t",
            text="Both sides\x00 agreed to meet.",
            published_on=PUBLISHED,
            actor=system,
        )
    assert not SourceDocument.objects.exists()


@pytest.mark.django_db
def test_the_ingest_command_refuses_nul(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(b"Both sides agreed\x00 to meet.")
    with pytest.raises(CommandError, match="NUL"):
        call_command("ingest", str(path), "--published", "2026-01-07")
    assert not SourceDocument.objects.exists()


@pytest.mark.django_db
def test_candidates_are_capped_and_the_person_is_told(settings, system):
    settings.TRACKER_LIMITS = {**settings.TRACKER_LIMITS, "CANDIDATES": 3}
    result = document_ingest(
        title="Long", text=CLAUSE * 10, published_on=PUBLISHED, actor=system
    )
    assert result.truncated
    assert result.queued == 3
    assert Candidate.objects.filter(source=result.document).count() == 3
    assert "proposed the first 3" in result.truncation_message
    assert "limit CANDIDATES" in result.truncation_message
    # The first ones in text order, so that a person knows where to split.
    assert list(
        Candidate.objects.filter(source=result.document).values_list("start", flat=True)
    ) == [0, len(CLAUSE), 2 * len(CLAUSE)]


@pytest.mark.django_db
def test_the_command_reports_the_cap(settings, tmp_path):
    settings.TRACKER_LIMITS = {**settings.TRACKER_LIMITS, "CANDIDATES": 2}
    path = tmp_path / "long.txt"
    path.write_text(CLAUSE * 5, encoding="utf-8")
    err = StringIO()
    call_command(
        "ingest", str(path), "--published", "2026-05-20", stderr=err, stdout=StringIO()
    )
    assert "proposed the first 2 in text order (limit CANDIDATES" in err.getvalue()


@pytest.fixture
def officer_user(seeded):
    user = UserFactory(username="officer")
    user.groups.add(Group.objects.get(name="Policy officer"))
    return user


def test_the_upload_page_refuses_nul_in_a_file_with_a_message(client, officer_user):
    client.force_login(officer_user)
    response = client.post(
        reverse("extraction:upload"),
        {
            "published": "2026-05-20",
            "file": SimpleUploadedFile("a.txt", b"Both sides\x00 agreed to meet."),
        },
    )
    assert response.status_code == 200
    assert "NUL character" in response.content.decode()
    assert not SourceDocument.objects.filter(title__startswith="Both").exists()


def test_the_upload_page_refuses_a_far_publication_date(client, officer_user):
    client.force_login(officer_user)
    response = client.post(
        reverse("extraction:upload"),
        {"published": "9999-12-31", "text": "Both sides agreed to meet next year."},
    )
    assert response.status_code == 200
    assert "outside the supported range" in response.content.decode()


def test_the_review_page_shows_one_page_of_candidates(client, officer_user, settings):
    document = document_ingest(
        title="Many", text=CLAUSE * 60, published_on=PUBLISHED, actor=officer_user
    ).document
    client.force_login(officer_user)
    url = reverse("extraction:document", args=[document.pk])
    first = client.get(url).content.decode()
    assert first.count('class="card candidate"') == 25
    assert "60 of 60 candidates to review" in first
    last = client.get(url, {"page": 3}).content.decode()
    assert last.count('class="card candidate"') == 10
    assert client.get(url, {"page": "999"}).status_code == 200
    assert client.get(url, {"page": "x"}).status_code == 200
