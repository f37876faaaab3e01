"""Impossible and extreme dates in a source text are read as no date, never a crash."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from commitments.models import SourceDocument
from extraction.models import Candidate
from extraction.rules.dates import UNKNOWN, find_dates
from extraction.rules.pipeline import extract
from extraction.services.ingest import document_ingest

ANCHOR = datetime.date(2026, 1, 7)


@pytest.mark.parametrize(
    "phrase",
    [
        "29 February 2027",
        "31 February 2027",
        "2027-02-30",
        "31st of April 2027",
        "February 30, 2027",
        "on 31 April",
    ],
)
def test_an_impossible_day_is_no_date_with_a_note(phrase):
    text = f"Both sides agreed to meet on {phrase}."
    [candidate] = extract(text, published=ANCHOR)
    assert candidate.due_date is None
    assert candidate.due_precision == UNKNOWN
    assert "not a calendar date" in candidate.resolution_note


def test_a_publication_date_at_the_end_of_time_gives_no_date_and_no_crash():
    anchor = datetime.date(9999, 12, 31)
    findings = find_dates(
        "next year, within 3 years, in 2199, next month, next Monday", anchor
    )
    assert findings
    assert all(f.date is None and f.precision == UNKNOWN for f in findings)


def test_a_resolved_date_outside_the_supported_range_is_left_undated():
    [finding] = find_dates("within 500 years", datetime.date(2026, 1, 7))
    assert finding.date is None
    assert "outside the supported range" in finding.note


@pytest.mark.django_db
def test_ingest_refuses_a_publication_date_outside_the_supported_range(system):
    with pytest.raises(ValidationError, match="outside the supported range"):
        document_ingest(
            title="Far future",
            text="Both sides agreed to meet next year.",
            published_on=datetime.date(9999, 12, 31),
            actor=system,
        )
    assert not SourceDocument.objects.exists()


@pytest.mark.django_db
def test_the_ingest_command_refuses_a_far_publication_date(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("Both sides agreed to meet next year.\n", encoding="utf-8")
    with pytest.raises(CommandError, match="outside the supported range"):
        call_command(
            "ingest", str(path), "--published", "9999-12-31", stderr=StringIO()
        )


@pytest.mark.django_db
def test_an_impossible_date_is_ingested_undated(system):
    result = document_ingest(
        title="Leap",
        text="Pakistan and China agreed to sign the treaty on 29 February 2027.",
        published_on=ANCHOR,
        actor=system,
    )
    candidate = Candidate.objects.get(source=result.document)
    assert (candidate.due_date, candidate.due_precision) == (None, UNKNOWN)
    assert candidate.due_phrase == "29 February 2027"
