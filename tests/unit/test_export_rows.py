"""The exports' rows read as values are the columns' own reading of the
instances, value for value (reporting/exports.py, issue 11)."""

from commitments.models import FollowUp, Milestone
from reporting import selectors
from reporting.exports import (
    FOLLOWUP_COLUMNS,
    MILESTONE_COLUMNS,
    followup_rows,
    milestone_rows,
)
from tests.unit import test_dashboard

portfolio = test_dashboard.portfolio
manager = test_dashboard.manager
_empty_cache = test_dashboard._empty_cache


def test_milestone_rows_read_what_the_columns_read(portfolio):
    milestones = selectors.milestone_report_list()
    expected = [
        tuple(column.read(m) for column in MILESTONE_COLUMNS)
        for m in Milestone.objects.select_related(
            "commitment__agreement", "commitment__owner"
        ).order_by("due_date", "id")
    ]
    assert expected
    assert any(row[7] for row in expected)  # some lead institutions
    # A chunk smaller than the list: sides read once per commitment still.
    assert list(milestone_rows(milestones, chunk_size=3)) == expected


def test_followup_rows_read_what_the_columns_read(portfolio):
    expected = [
        tuple(column.read(f) for column in FOLLOWUP_COLUMNS)
        for f in FollowUp.objects.select_related(
            "commitment__agreement", "milestone", "author"
        ).order_by("-happened_on", "-created_at", "-pk")
    ]
    assert expected
    assert list(followup_rows(selectors.followup_report_list())) == expected


def test_an_export_sends_a_statement_per_chunk_not_per_row(
    client, portfolio, django_assert_max_num_queries
):
    client.force_login(portfolio["manager"])
    count = Milestone.objects.count()
    assert count >= 5  # a query per row would show
    # The seventh and eighth: permissions and the viewer's scope (is it a
    # counterpart?, access/scope.py); none per row.
    with django_assert_max_num_queries(8):
        response = client.get("/reports/export/milestones.csv")
        body = b"".join(response.streaming_content)
    assert body.count(b"\n") == count + 1
