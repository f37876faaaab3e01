"""`manage.py ingest`: JSON shape, dry run, one document per text, bad input."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from commitments.models import SourceDocument
from extraction.models import Candidate, CandidateStatus

TEXT = (
    "Kenya, Ethiopia agree on border patrols\n\n"
    "NAIROBI – Kenya and Ethiopia agreed on Tuesday to launch joint patrols within "
    "60 days and to hold talks every three months.\n\n"
    "The minister commended the police for their work.\n\n"
    "Ethiopia invited Kenya's minister to attend the peace forum this September.\n"
)
KEYS = {
    "quote",
    "start",
    "end",
    "kind",
    "cadence",
    "due_date",
    "due_precision",
    "parties",
    "institutions",
    "confidence",
}


@pytest.fixture
def statement(tmp_path):
    path = tmp_path / "statement.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def ingest(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("ingest", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_json_output_lists_candidates_with_the_documented_fields(statement):
    out, _ = ingest(str(statement), "--published", "2026-05-20", "--format", "json")
    items = json.loads(out)
    assert len(items) == 3
    for item in items:
        assert item.keys() >= KEYS
        assert TEXT[item["start"] : item["end"]] == item["quote"]
    by_kind = {item["kind"]: item for item in items}
    assert by_kind["event_attendance"]["due_date"] == "2026-09-30"
    assert by_kind["event_attendance"]["due_precision"] == "month"
    assert items[1]["cadence"] == "FREQ=MONTHLY;INTERVAL=3"
    assert items[0]["due_date"] == "2026-07-19"


@pytest.mark.django_db
def test_a_dry_run_stores_nothing(statement):
    _, err = ingest(str(statement), "--published", "2026-05-20", "--dry-run")
    assert "nothing stored" in err
    assert not SourceDocument.objects.exists()
    assert not Candidate.objects.exists()


@pytest.mark.django_db
def test_the_same_text_twice_is_one_document_and_one_set_of_candidates(statement):
    _, first = ingest(str(statement), "--published", "2026-05-20", "--title", "Talks")
    _, second = ingest(str(statement), "--published", "2026-05-20")
    document = SourceDocument.objects.get()
    assert document.text == TEXT
    assert document.title == "Talks"
    assert "Stored document" in first
    assert "Same text" in second
    assert "3 already in the queue" in second
    assert Candidate.objects.filter(status=CandidateStatus.PROPOSED).count() == 3
    history = Candidate.history.filter(history_type="+")
    assert {h.history_user.username for h in history} == {"system"}


@pytest.mark.django_db
def test_html_is_stored_as_its_text_and_offsets_index_that_text(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Joint statement</title></head><body>"
        "<p>Both sides <em>agreed</em> to meet annually.</p>"
        "<p>Leave a Reply</p></body></html>",
        encoding="utf-8",
    )
    out, _ = ingest(str(path), "--published", "2026-01-07", "--format", "json")
    document = SourceDocument.objects.get()
    assert document.title == "Joint statement"
    assert "<p>" not in document.text
    (item,) = json.loads(out)
    assert document.text[item["start"] : item["end"]] == item["quote"]
    assert item["cadence"] == "FREQ=YEARLY"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setup", "published", "message"),
    [
        (None, "2026-01-07", "cannot read"),
        (b"\xff\xfe\xfa not utf-8", "2026-01-07", "not UTF-8"),
        (TEXT.encode(), "07/01/2026", "not a date"),
        (TEXT.encode(), "2026-02-30", "not a date"),
    ],
)
def test_bad_input_is_a_clear_error_and_stores_nothing(
    tmp_path, setup, published, message
):
    path = tmp_path / "input.txt"
    if setup is not None:
        path.write_bytes(setup)
    with pytest.raises(CommandError, match=message):
        ingest(str(path), "--published", published)
    assert not SourceDocument.objects.exists()


@pytest.mark.django_db
def test_an_unsupported_file_type_is_refused(tmp_path):
    path = tmp_path / "input.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(CommandError, match=r"only \.txt"):
        ingest(str(path), "--published", "2026-01-07")


@pytest.mark.django_db
def test_known_names_from_the_directory_are_used(seeded, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(
        "Naqvi said the NPA will send 40 officers to Beijing next month.\n",
        encoding="utf-8",
    )
    out, _ = ingest(str(path), "--published", "2026-02-01", "--format", "json")
    (item,) = json.loads(out)
    assert {"name": "National Police Academy", "acronym": "NPA"}.items() <= (
        item["institutions"][0].items()
    )
    assert item["institutions"][0]["known"] is True
    assert item["due_date"] == "2026-03-31"


def test_evaluate_extraction_prints_figures_per_text_and_overall():
    out = StringIO()
    call_command("evaluate_extraction", "--set", "holdout", stdout=out)
    text = out.getvalue()
    assert "Set: holdout (" in text
    assert "holdout-" in text  # the held-out texts of issue 16 are listed
    assert "overall" in text
    assert "prec" in text
