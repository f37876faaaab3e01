import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from commitments.models import Commitment
from core.spreadsheets import FORMULA_STARTS
from tests.unit.test_seed_load import EXPECTED_REFERENCES


def export(fmt: str, tmp_path) -> str:
    output = tmp_path / f"commitments.{fmt}"
    call_command("export_commitments", "--format", fmt, "--output", str(output))
    return output.read_text(encoding="utf-8")


def test_json_export_lists_every_commitment_with_cadence_and_provenance(
    seeded, tmp_path
):
    rows = {row["reference"]: row for row in json.loads(export("json", tmp_path))}
    assert set(rows) == EXPECTED_REFERENCES
    assert rows["jwg-quarterly"]["cadence"] == "FREQ=MONTHLY;INTERVAL=3"
    assert rows["ministerial-review-annual"]["cadence"] == "FREQ=YEARLY"
    assert rows["islamabad-protection-unit"]["cadence"] is None
    assert rows["islamabad-protection-unit"]["due_date"] is None
    assert rows["islamabad-protection-unit"]["due_precision"] == "unknown"
    forum = rows["global-security-cooperation-forum"]
    assert (forum["due_date"], forum["due_precision"]) == ("2026-09-30", "month")
    training = rows["asp-training-bpc"]
    assert training["obligated_parties"] == ["China", "Pakistan"]
    assert {lead["acronym"] for lead in training["lead_institutions"]} == {"NPA", "BPC"}
    for row in rows.values():
        source_text = seeded_source_text(row["source"]) if row["source"] else ""
        assert source_text[row["quote_start"] : row["quote_end"]] == row["quote"]


def seeded_source_text(file_name: str) -> str:
    from django.conf import settings

    return (settings.TRACKER_SOURCES_DIR / file_name).read_text(encoding="utf-8")


def test_csv_export_reads_back_one_row_per_commitment(seeded, tmp_path):
    rows = list(csv.DictReader(io.StringIO(export("csv", tmp_path))))
    assert {row["reference"] for row in rows} == EXPECTED_REFERENCES
    jwg = next(row for row in rows if row["reference"] == "jwg-quarterly")
    assert jwg["cadence"] == "FREQ=MONTHLY;INTERVAL=3"
    assert jwg["source"] == "2026-pk-cn-protection-unit-islamabad.txt"
    assert int(jwg["quote_end"]) - int(jwg["quote_start"]) == len(jwg["quote"])
    assert jwg["due_date"] == ""


def test_export_to_stdout(seeded, capsys):
    call_command("export_commitments", "--format", "json")
    assert len(json.loads(capsys.readouterr().out)) == len(EXPECTED_REFERENCES)


def test_csv_export_writes_formula_like_cells_as_text(seeded, tmp_path):
    # The web exports escaped these; the command line wrote them raw.
    Commitment.objects.filter(reference="jwg-quarterly").update(
        title='=HYPERLINK("http://example.invalid/x", "Click")',
        description="@SUM(A1:A9)",
    )
    Commitment.objects.filter(reference="asp-training-bpc").update(
        title="+1 more", cadence_phrase="-2"
    )
    rows = {
        row["reference"]: row
        for row in csv.DictReader(io.StringIO(export("csv", tmp_path)))
    }
    assert rows["jwg-quarterly"]["title"] == (
        '\'=HYPERLINK("http://example.invalid/x", "Click")'
    )
    assert rows["asp-training-bpc"]["title"] == "'+1 more"
    assert rows["asp-training-bpc"]["cadence_phrase"] == "'-2"
    assert not any(
        value.startswith(FORMULA_STARTS)
        for row in rows.values()
        for value in row.values()
    )
    # JSON is not a spreadsheet: it keeps the text as typed.
    json_rows = {row["reference"]: row for row in json.loads(export("json", tmp_path))}
    assert json_rows["jwg-quarterly"]["title"].startswith("=HYPERLINK(")


def test_an_output_that_cannot_be_written_is_a_one_line_error(db, tmp_path):
    """Found by the hostile-input walker: a directory gave a traceback."""
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_commitments", "--format=csv", f"--output={tmp_path}")
