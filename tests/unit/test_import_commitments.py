"""Bulk import: row-by-row dry run, all or nothing, history, CSV and XLSX."""

import csv
import io
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from commitments.models import Agreement, Commitment, Milestone
from core.spreadsheets import SpreadsheetError
from extraction.services.imports import (
    COLUMNS,
    EXAMPLE,
    file_import,
    read_rows,
    template_csv,
    template_xlsx,
)
from tests.factories import UserFactory

SOURCE = "2026-pk-cn-protection-unit-islamabad.txt"


def row(**values: str) -> dict[str, str]:
    base = {
        "agreement_reference": "pk-cn-followup-2026",
        "agreement_title": "Follow-up talks",
        "agreement_kind": "talks",
        "agreement_date": "2026-02-01",
        "agreement_parties": "PK; CN",
        "reference": "imported-jwg",
        "title": "Imported JWG",
        "kind": "recurring_meeting",
        "obligated_parties": "PK; CN",
        "lead_institutions": "PK: Ministry of Interior; CN: MPS",
        "cadence": "quarterly",
        "cadence_start": "2026-05-01",
        "source": SOURCE,
        "quote": "Joint Working Group meetings every three months",
    }
    base.update(values)
    return base


def as_csv(*rows: dict[str, str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for item in rows:
        writer.writerow({name: item.get(name, "") for name in COLUMNS})
    return out.getvalue().encode()


def as_xlsx(*rows: dict[str, str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for item in rows:
        sheet.append([item.get(name, "") for name in COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


GOOD_TWO = (
    row(),
    row(
        reference="imported-forum",
        title="Forum",
        kind="event_attendance",
        obligated_parties="PK",
        lead_institutions="",
        cadence="",
        cadence_start="",
        due_date="2026-09-30",
        due_precision="month",
        due_phrase="this September",
        quote="Global Security Cooperation Forum",
    ),
)


def test_a_good_file_imports_everything_with_history(seeded, officer):
    report = file_import(
        name="a.csv", raw=as_csv(*GOOD_TWO), actor=officer, dry_run=False
    )
    assert report.errors == []
    assert report.imported
    assert report.agreements == ["pk-cn-followup-2026"]
    assert report.commitments == ["imported-jwg", "imported-forum"]
    jwg = Commitment.objects.get(reference="imported-jwg")
    assert jwg.cadence_rrule == "FREQ=MONTHLY;INTERVAL=3"
    assert jwg.provenance.get().quote_start == 1050
    assert {o.lead_institution.name for o in jwg.obligations.all()} == {
        "Ministry of Interior",
        "Ministry of Public Security",
    }
    assert Milestone.objects.filter(commitment=jwg).exists()
    record = jwg.history.get()
    assert (record.history_user, record.history_change_reason) == (
        officer,
        "bulk import",
    )
    agreement = Agreement.objects.get(reference="pk-cn-followup-2026")
    assert {h.history_user for h in agreement.history.all()} == {officer}


def test_a_dry_run_reports_every_bad_row_and_keeps_nothing(seeded, officer):
    rows = (
        row(),
        row(reference="bad-kind", kind="party"),
        row(reference="bad-side", obligated_parties="PK; XX", quote="meet annually"),
        row(reference="jwg-quarterly"),
        row(reference="no-quote", quote="words that are not there"),
        row(reference="bad-date", cadence_start="01/05/2026"),
        row(reference="bad-lead", lead_institutions="PK: Nowhere Office"),
        row(reference="bad-cadence", cadence="when convenient"),
    )
    report = file_import(name="a.csv", raw=as_csv(*rows), actor=officer, dry_run=True)
    assert [(e.row, e.message.split(":")[0]) for e in report.errors] == [
        (3, "kind"),
        (4, "obligated_parties"),
        (5, "reference"),
        (6, "quote"),
        (7, "cadence_start"),
        (8, "lead_institutions"),
        (9, "cadence"),
    ]
    assert "XX" in report.errors[1].message
    assert not Commitment.objects.filter(reference="imported-jwg").exists()
    assert not Agreement.objects.filter(reference="pk-cn-followup-2026").exists()


def test_one_bad_row_means_nothing_is_imported(seeded, officer):
    before = (Agreement.objects.count(), Commitment.objects.count())
    report = file_import(
        name="a.csv",
        raw=as_csv(*GOOD_TWO, row(reference="late-bad", kind="nonsense")),
        actor=officer,
        dry_run=False,
    )
    assert [e.row for e in report.errors] == [4]
    assert not report.imported
    assert (Agreement.objects.count(), Commitment.objects.count()) == before
    assert not Milestone.objects.filter(commitment__reference="imported-jwg").exists()


def test_xlsx_files_are_read_with_openpyxl(seeded, officer):
    report = file_import(
        name="a.xlsx", raw=as_xlsx(*GOOD_TWO), actor=officer, dry_run=True
    )
    assert report.errors == []
    assert report.commitments == ["imported-jwg", "imported-forum"]
    assert not Commitment.objects.filter(reference="imported-jwg").exists()


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("a.txt", b"x", "csv or .xlsx"),
        ("a.csv", b"", "empty"),
        ("a.csv", b"agreement_reference,colour\nx,red\n", "Unknown columns: colour"),
        ("a.csv", b"title\nx\n", "Missing columns: agreement_reference"),
        ("a.xlsx", b"not a zip", "Not a readable"),
        ("a.csv", b"\xff\xfe\xfa", "not UTF-8"),
    ],
)
def test_unreadable_files_are_refused_whole(name, raw, message):
    with pytest.raises(SpreadsheetError, match=message):
        read_rows(name, raw)


def test_the_templates_hold_the_columns_and_an_example():
    rows = list(csv.reader(io.StringIO(template_csv().decode())))
    assert rows[0] == list(COLUMNS)
    assert rows[1][COLUMNS.index("kind")] == EXAMPLE["kind"]
    sheet = load_workbook(io.BytesIO(template_xlsx())).active
    assert [cell.value for cell in sheet[1]] == list(COLUMNS)


def test_the_template_example_is_whole_but_for_its_own_source_and_quote(
    seeded, officer
):
    """The example row names no real record (every staff member may download
    the template): it is complete except for the provenance a person must
    give, which the import asks for by name."""
    report = file_import(name="t.csv", raw=template_csv(), actor=officer, dry_run=True)
    assert [error.message for error in report.errors] == [
        "source and quote: a commitment needs its exact quote."
    ]
    filled = template_csv().replace(
        b",Replace this row with your own.,,,",
        b",Replace this row with your own.,2026-pk-cn-protection-unit-islamabad.txt,"
        b"Joint Working Group meetings every three months,",
    )
    report = file_import(name="t.csv", raw=filled, actor=officer, dry_run=True)
    assert report.errors == []
    assert report.commitments == ["example-quarterly-meeting"]


def test_the_command_dry_runs_and_fails_on_bad_rows(seeded, tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes(as_csv(*GOOD_TWO))
    out = StringIO()
    call_command("import_commitments", str(good), "--dry-run", stdout=out)
    assert "would create 2 commitments and 1 new agreement" in out.getvalue()
    assert not Commitment.objects.filter(reference="imported-jwg").exists()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(as_csv(row(kind="x")))
    out = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_commitments", str(bad), stdout=out)
    assert "row 2: kind" in out.getvalue()
    call_command("import_commitments", str(good), stdout=StringIO())
    assert Commitment.objects.get(reference="imported-jwg").history.get().history_user


@pytest.fixture
def manager(seeded, desk_of_everything):
    user = desk_of_everything.add(UserFactory(username="mgr"))
    user.groups.add(Group.objects.get(name="Manager"))
    return user


def test_the_import_page_checks_then_imports(client, manager):
    client.force_login(manager)
    url = reverse("extraction:import")
    assert client.get(url).status_code == 200
    checked = client.post(
        url,
        {"action": "check", "file": SimpleUploadedFile("a.xlsx", as_xlsx(*GOOD_TWO))},
    )
    assert "would create 2 commitments" in checked.content.decode()
    assert not Commitment.objects.filter(reference="imported-jwg").exists()
    imported = client.post(url, {"action": "import"})
    assert imported.status_code == 302
    assert Commitment.objects.get(
        reference="imported-jwg"
    ).history.get().history_user == (manager)


def test_the_import_page_lists_bad_rows_with_their_numbers(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("extraction:import"),
        {"action": "check", "file": SimpleUploadedFile("a.csv", as_csv(row(kind="x")))},
    )
    html = response.content.decode()
    assert "<td>2</td>" in html
    assert "Import it now" not in html
    refused = client.post(reverse("extraction:import"), {"action": "import"})
    assert refused.status_code == 302
    assert not Commitment.objects.filter(reference="imported-jwg").exists()


@pytest.mark.parametrize(
    ("group", "status"), [("Policy officer", 403), ("Viewer", 403)]
)
def test_only_managers_import(client, seeded, group, status, desk_of_everything):
    user = desk_of_everything.add(UserFactory(username=group.replace(" ", "")))
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    assert client.get(reverse("extraction:import")).status_code == status


def test_viewers_may_download_the_template(client, seeded, desk_of_everything):
    user = desk_of_everything.add(UserFactory(username="viewer"))
    user.groups.add(Group.objects.get(name="Viewer"))
    client.force_login(user)
    response = client.get(reverse("extraction:import_template_xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('commitments-import.xlsx"')
    assert client.get(reverse("extraction:import_template_csv")).status_code == 200
