"""Bulk import under misuse: bounded reads, named limits, clear refusals, no 500."""

import csv
import io
import re
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from commitments.models import Agreement, Commitment
from core.spreadsheets import SpreadsheetError
from extraction.services.imports import COLUMNS, file_import, read_rows
from tests.factories import UserFactory
from tests.unit.test_import_commitments import GOOD_TWO, as_csv, as_xlsx, row


@pytest.fixture
def small_limits(settings):
    settings.TRACKER_LIMITS = {
        **settings.TRACKER_LIMITS,
        "IMPORT_ROWS": 10,
        "IMPORT_COLUMNS": 25,
        "IMPORT_CELL_CHARS": 100,
        "IMPORT_UNZIPPED_BYTES": 200_000,
    }


def patched_xlsx(raw: bytes, change) -> bytes:
    """The .xlsx with its first sheet's XML passed through `change`."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            target.writestr(info, data)
    return out.getvalue()


def test_an_xlsx_declaring_a_huge_dimension_is_read_by_its_rows():
    raw = patched_xlsx(
        as_xlsx(row()),
        lambda xml: re.sub(
            r'<dimension ref="[^"]*"', '<dimension ref="A1:Z2000000"', xml
        ),
    )
    assert len(raw) < 10_000
    assert b"A1:Z2000000" in zipfile.ZipFile(io.BytesIO(raw)).read(
        "xl/worksheets/sheet1.xml"
    )
    rows = read_rows("bomb.xlsx", raw)
    assert [number for number, _ in rows] == [2]


def test_an_xlsx_with_a_far_row_stops_at_the_row_limit(small_limits):
    far = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    raw = patched_xlsx(
        as_xlsx(row()), lambda xml: xml.replace("</sheetData>", far + "</sheetData>")
    )
    with pytest.raises(SpreadsheetError, match="limit IMPORT_ROWS"):
        read_rows("far.xlsx", raw)


def test_an_xlsx_zip_bomb_is_refused_before_openpyxl_opens_it(small_limits):
    out = io.BytesIO(as_xlsx(row()))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * 1_000_000)
    assert len(out.getvalue()) < 50_000
    with pytest.raises(SpreadsheetError, match="limit IMPORT_UNZIPPED_BYTES"):
        read_rows("bomb.xlsx", out.getvalue())


def test_too_many_columns_are_refused_with_the_limit(small_limits):
    workbook = Workbook()
    workbook.active.append([*COLUMNS[:20], *[""] * 10, "extra"])
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(SpreadsheetError, match=r"Row 1: .*limit IMPORT_COLUMNS"):
        read_rows("wide.xlsx", out.getvalue())
    wide_csv = ("agreement_reference" + "," * 40 + "x\n").encode()
    with pytest.raises(SpreadsheetError, match="limit IMPORT_COLUMNS"):
        read_rows("wide.csv", wide_csv)


def test_a_file_over_the_byte_limit_is_refused_before_it_is_parsed(settings):
    settings.TRACKER_LIMITS = {**settings.TRACKER_LIMITS, "IMPORT_BYTES": 100}
    with pytest.raises(SpreadsheetError, match="limit IMPORT_BYTES"):
        read_rows("big.xlsx", b"not even a zip" * 20)


def test_a_fifty_thousand_row_csv_is_refused_at_the_row_limit():
    body = "agreement_reference\n" + "x\n" * 50_000
    with pytest.raises(SpreadsheetError, match="limit IMPORT_ROWS"):
        read_rows("many.csv", body.encode())


def test_a_cell_over_the_cell_limit_is_refused_with_its_row(small_limits):
    raw = as_csv(row(title="t" * 101))
    with pytest.raises(SpreadsheetError, match=r"Row 2, column title: .*CELL_CHARS"):
        read_rows("a.csv", raw)


def test_a_csv_field_over_the_csv_modules_own_limit_is_refused():
    raw = as_csv(row(description="d" * 200_000))
    with pytest.raises(SpreadsheetError, match="limit IMPORT_CELL_CHARS"):
        read_rows("a.csv", raw)


def test_a_nul_character_in_a_cell_is_refused_with_its_row():
    raw = as_csv(row(), row(reference="second", title="bad\x00title"))
    with pytest.raises(SpreadsheetError, match=r"Row 3, column title: .*NUL"):
        read_rows("a.csv", raw)


def test_dates_outside_the_supported_range_are_row_errors(seeded, officer):
    report = file_import(
        name="a.csv",
        raw=as_csv(
            row(cadence_start="9999-12-31"),
            row(reference="far-due", cadence="", due_date="1066-10-14"),
            row(reference="no-day", cadence="", due_date="2027-02-30"),
        ),
        actor=officer,
        dry_run=True,
    )
    assert [(e.row, e.message.split(":")[0]) for e in report.errors] == [
        (2, "cadence_start"),
        (3, "due_date"),
        (4, "due_date"),
    ]
    assert "outside the supported range" in report.errors[0].message
    assert report.commitments == []


def test_a_failed_import_says_only_that_nothing_was_imported(seeded, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(as_csv(*GOOD_TWO, row(reference="late-bad", kind="x")))
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_commitments", str(bad), stdout=out)
    assert "nothing was imported" in str(raised.value)
    assert "created" not in out.getvalue() + str(raised.value)
    assert "row 4: kind" in out.getvalue()
    assert not Commitment.objects.filter(reference="imported-jwg").exists()


def test_a_failed_report_lists_nothing_as_created(seeded, officer):
    report = file_import(
        name="a.csv",
        raw=as_csv(*GOOD_TWO, row(reference="late-bad", kind="x")),
        actor=officer,
        dry_run=False,
    )
    assert (report.commitments, report.agreements) == ([], [])
    assert report.summary.startswith("1 bad row of 3: nothing was imported")


def test_the_command_refuses_a_file_over_the_byte_limit(settings, tmp_path, db):
    settings.TRACKER_LIMITS = {**settings.TRACKER_LIMITS, "IMPORT_BYTES": 10}
    big = tmp_path / "big.csv"
    big.write_bytes(as_csv(row()))
    with pytest.raises(CommandError, match="limit IMPORT_BYTES"):
        call_command("import_commitments", str(big), stdout=io.StringIO())


@pytest.fixture
def manager(seeded):
    user = UserFactory(username="mgr")
    user.groups.add(Group.objects.get(name="Manager"))
    return user


def test_the_page_refuses_a_fifty_thousand_row_csv_without_importing(
    client, manager, django_assert_max_num_queries
):
    client.force_login(manager)
    # Short rows, so that the file passes IMPORT_BYTES and meets IMPORT_ROWS.
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["agreement_reference", "reference"])
    writer.writerows([f"a{n}", f"r{n}"] for n in range(50_000))
    upload = SimpleUploadedFile("many.csv", out.getvalue().encode())
    before = Agreement.objects.count()
    with django_assert_max_num_queries(30):
        response = client.post(
            reverse("extraction:import"), {"action": "check", "file": upload}
        )
    assert response.status_code == 200
    assert "limit IMPORT_ROWS" in response.content.decode()
    assert Agreement.objects.count() == before


def test_the_page_refuses_nul_and_huge_cells_with_a_message(client, manager):
    client.force_login(manager)
    for raw, message in (
        (as_csv(row(title="a\x00b")), "NUL"),
        (as_csv(row(description="d" * 200_000)), "limit IMPORT_CELL_CHARS"),
    ):
        response = client.post(
            reverse("extraction:import"),
            {"action": "check", "file": SimpleUploadedFile("a.csv", raw)},
        )
        assert response.status_code == 200
        assert message in response.content.decode()


def test_an_xlsx_declaring_xml_entities_is_refused_not_expanded():
    """A "billion laughs" sheet: nested entity declarations. openpyxl parses
    through defusedxml (pinned in requirements.txt for it), which refuses any
    entity declaration before expanding one; the import says the file cannot
    be read. Without defusedxml this sheet parses."""
    laughs = (
        '<!DOCTYPE worksheet [<!ENTITY a "lol">'
        + "".join(
            f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">'
            for n in range(8)
        )
        + "]>"
    )
    raw = patched_xlsx(
        as_xlsx(row()),
        lambda xml: laughs + xml.replace("<sheetData>", "<sheetData><!-- &i; -->", 1),
    )
    with pytest.raises(SpreadsheetError):
        read_rows("laughs.xlsx", raw)
