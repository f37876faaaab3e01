"""CSV and XLSX exports of the filtered lists, read back with csv and openpyxl."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from commitments.models import Agreement, Milestone, Party
from commitments.permissions import VIEWER
from commitments.services.commitments import commitment_update
from reporting.exports import MILESTONE_COLUMNS, csv_lines, xlsx_bytes
from tests.unit import test_dashboard
from tests.unit.test_dashboard import JWG, NOW, at

# The lived-in seed of the dashboard tests, shared as fixtures.
manager = test_dashboard.manager
portfolio = test_dashboard.portfolio
_empty_cache = test_dashboard._empty_cache


TALKS = "pk-cn-interior-talks-2026"


def read_csv(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # Excel reads the file as UTF-8
    return list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))


def read_xlsx(response) -> list[dict]:
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def export(client, kind: str, fmt: str, query: str = ""):
    url = reverse("reporting:export", args=[kind, fmt]) + query
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert f'filename="{kind}-' in response["Content-Disposition"]
    return response


@pytest.fixture
def viewer(portfolio, desk_of_everything):
    user = Group.objects.get(name=VIEWER).user_set.create(username="auditor")
    desk_of_everything.add(user)  # every agreement: not a test of scope
    return user


def test_commitments_csv_holds_what_the_filtered_list_shows(client, portfolio):
    client.force_login(portfolio["manager"])
    with at(NOW):
        rows = read_csv(export(client, "commitments", "csv", "?status=overdue"))
        listed = client.get(reverse("commitments:commitment_list") + "?status=overdue")
    assert [row["Reference"] for row in rows] == [
        c.reference for c in listed.context["page"].object_list
    ]
    assert [row["Reference"] for row in rows] == [JWG]
    jwg = rows[0]
    assert jwg["Status"] == "Overdue"
    assert jwg["Obligated sides"] == "China; Pakistan"
    assert "Ministry of Public Security" in jwg["Lead institutions"]
    assert jwg["Owner"] == "S. Rao"
    assert jwg["Next open due date"] == "2026-07-07"
    assert jwg["Link"].endswith(f"/commitments/{JWG}/")


def test_commitments_xlsx_has_the_same_rows_with_real_dates(client, portfolio):
    client.force_login(portfolio["manager"])
    talks = Agreement.objects.get(reference=TALKS)
    with at(NOW):
        as_csv = read_csv(
            export(client, "commitments", "csv", f"?agreement={talks.pk}")
        )
        as_xlsx = read_xlsx(
            export(client, "commitments", "xlsx", f"?agreement={talks.pk}")
        )
    assert len(as_xlsx) == len(as_csv) == talks.commitments.count() == 10
    assert [r["Reference"] for r in as_xlsx] == [r["Reference"] for r in as_csv]
    forum = next(
        r for r in as_xlsx if r["Reference"] == "global-security-cooperation-forum"
    )
    assert forum["Due date"].date() == datetime.date(2026, 9, 30)


def test_milestones_export_follows_the_dashboard_link(client, portfolio):
    client.force_login(portfolio["manager"])
    query = "?status=open&due_after=2026-07-10&due_before=2026-10-08"
    with at(NOW):
        rows = read_xlsx(export(client, "milestones", "xlsx", query))
        listed = client.get(reverse("reporting:report_milestones") + query)
    assert len(rows) == listed.context["page"].paginator.count == 2
    assert [row["Due date"].date() for row in rows] == [
        datetime.date(2026, 9, 30),
        datetime.date(2026, 10, 7),
    ]
    assert {row["Status"] for row in rows} == {"Planned"}


def test_followups_export_filters_by_side_and_day(client, portfolio):
    client.force_login(portfolio["manager"])
    pakistan = Party.objects.get(code="PK")
    query = f"?party={pakistan.pk}&happened_after=2026-07-01"
    rows = read_csv(export(client, "followups", "csv", query))
    assert [(r["Happened on"], r["Commitment reference"]) for r in rows] == [
        ("2026-07-09", JWG)
    ]
    assert rows[0]["Note"].startswith("Chinese side proposed 20 July")
    assert rows[0]["Author"] == "S. Rao"
    everything = read_csv(export(client, "followups", "csv"))
    assert len(everything) == 2


def test_a_title_that_looks_like_a_formula_is_written_as_text(client, portfolio):
    commitment_update(
        commitment=portfolio["jwg"],
        actor=portfolio["manager"],
        reason="test",
        title='=HYPERLINK("http://evil")',
    )
    client.force_login(portfolio["manager"])
    rows = read_csv(export(client, "commitments", "csv", f"?q={JWG}"))
    assert rows[0]["Title"] == '\'=HYPERLINK("http://evil")'
    book = openpyxl.load_workbook(
        io.BytesIO(export(client, "commitments", "xlsx", f"?q={JWG}").content)
    )
    cell = book.active["B2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil")'


def test_exports_need_the_permission_to_read_the_list(client, portfolio):
    nobody = Group.objects.get(name=VIEWER).user_set.create(username="no-role")
    nobody.groups.clear()
    client.force_login(nobody)
    for kind in ("commitments", "milestones", "followups"):
        url = reverse("reporting:export", args=[kind, "csv"])
        assert client.get(url).status_code == 403
    client.logout()
    response = client.get(reverse("reporting:export", args=["milestones", "csv"]))
    assert response.status_code == 302


def test_a_viewer_may_export_and_an_unknown_export_is_404(client, viewer):
    client.force_login(viewer)
    assert read_csv(export(client, "milestones", "csv"))
    assert client.get("/reports/export/people.csv").status_code == 404
    assert client.get("/reports/export/milestones.pdf").status_code == 404


def test_the_writers_keep_memory_flat_by_streaming(portfolio):
    milestones = Milestone.objects.select_related(
        "commitment__agreement", "commitment__owner"
    )
    lines = csv_lines(MILESTONE_COLUMNS, milestones.iterator(chunk_size=2))
    assert next(lines).startswith("\ufeffDue date,Status,Milestone")
    assert sum(1 for _ in lines) == Milestone.objects.count()
    book = openpyxl.load_workbook(
        io.BytesIO(xlsx_bytes(MILESTONE_COLUMNS, milestones, title="Milestones"))
    )
    assert book.active.title == "Milestones"
    assert book.active.max_row == Milestone.objects.count() + 1


def test_the_lists_link_their_exports_with_the_filters_on_screen(client, portfolio):
    client.force_login(portfolio["manager"])
    query = "status=overdue&timeliness=due"
    page = client.get(reverse("reporting:report_milestones") + f"?{query}")
    html = page.content.decode()
    csv_url = reverse("reporting:export", args=["milestones", "csv"])
    assert f'href="{csv_url}?{query.replace("&", "&amp;")}"' in html
    listed = client.get(reverse("commitments:commitment_list") + "?status=overdue")
    assert reverse("reporting:export", args=["commitments", "xlsx"]) in (
        listed.content.decode()
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_past_the_row_limit_is_refused_naming_it(
    client, portfolio, settings, fmt
):
    client.force_login(portfolio["manager"])
    settings.TRACKER_LIMITS = {**settings.TRACKER_LIMITS, "EXPORT_ROWS": 2}
    with at(NOW):
        response = client.get(reverse("reporting:export", args=["milestones", fmt]))
        narrowed = client.get(
            reverse("reporting:export", args=["commitments", fmt]),
            {"q": "Joint Working Group"},
        )
    assert response.status_code == 400
    assert "limit EXPORT_ROWS" in response.content.decode()
    assert narrowed.status_code == 200
