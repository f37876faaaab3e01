"""Hypothesis over the ingest rules and the CSV importer: for any input no exception
escapes, every refusal has a message, and nothing is partly saved."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commitments.models import Agreement, Commitment, SourceDocument
from core.spreadsheets import SpreadsheetError
from extraction.models import Candidate
from extraction.rules.pipeline import extract
from extraction.services.imports import COLUMNS, file_import
from extraction.services.ingest import document_ingest

FRAGMENTS = [
    "Pakistan and China agreed to meet ",
    "Both sides will sign the agreement ",
    "on 29 February 2027",
    "on 31st of April 2027",
    "2027-02-30",
    "next year",
    "within 90 days",
    "every three months",
    "by the end of June 2199",
    "in 2200",
    "early 9999",
    "Q4 2200",
    "next Monday",
    ". ",
    "\n\n",
    "\x00",
    "- ",
    ":",
]
texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=12
).map("".join)
anchors = st.dates(
    min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)
)
FUZZ = settings(
    derandomize=True,
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(text=texts, published=anchors)
def test_the_rules_never_raise_and_quote_the_text_exactly(text, published):
    for candidate in extract(text, published=published):
        assert text[candidate.start : candidate.end] == candidate.quote
        assert candidate.due_date is None or candidate.due_date.year < 10000


@pytest.mark.django_db
@FUZZ
@given(text=texts, published=anchors)
def test_ingest_stores_all_or_refuses_with_a_message(system, text, published):
    before = (SourceDocument.objects.count(), Candidate.objects.count())
    refusals, result = None, None
    try:
        result = document_ingest(
            title="Fuzz", text=text, published_on=published, actor=system
        )
    except ValidationError as error:
        refusals = error.messages
    if refusals is not None:
        assert refusals
        assert all(message.strip() for message in refusals)
        assert (SourceDocument.objects.count(), Candidate.objects.count()) == before
        return
    assert result.document.text == text
    assert Candidate.objects.filter(source=result.document).count() >= result.queued


cells = st.one_of(
    st.sampled_from(
        ["", "PK; CN", "talks", "2026-01-07", "9999-12-31", "2027-02-30", "x\x00y"]
    ),
    st.text(max_size=30),
)
csv_files = st.one_of(
    st.binary(max_size=300),
    st.lists(st.lists(cells, min_size=1, max_size=len(COLUMNS) + 2), max_size=6).map(
        lambda rows: _csv([list(COLUMNS), *rows])
    ),
)


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


@pytest.mark.django_db
@FUZZ
@given(raw=csv_files, dry_run=st.booleans())
def test_the_csv_import_never_raises_and_keeps_nothing_on_refusal(system, raw, dry_run):
    before = (Agreement.objects.count(), Commitment.objects.count())
    refusal, report = None, None
    try:
        report = file_import(name="f.csv", raw=raw, actor=system, dry_run=dry_run)
    except SpreadsheetError as error:
        refusal = str(error)
    if refusal is not None:
        assert refusal.strip()
        assert (Agreement.objects.count(), Commitment.objects.count()) == before
        return
    assert all(e.message.strip() and e.row >= 2 for e in report.errors)
    assert report.summary
    if dry_run or report.errors:
        assert (Agreement.objects.count(), Commitment.objects.count()) == before
