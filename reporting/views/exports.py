"""CSV and XLSX exports of the filtered lists: the filters on screen, the
permission to read the list, and only the rows of the agreements the user may
see (access/scope.py)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from access.scope import scope_queryset
from commitments import selectors as commitment_selectors
from commitments.filters import CommitmentFilter, scope_filters
from commitments.permissions import require
from core.limits import limit_exceeded_message, limit_value
from reporting import selectors
from reporting.exports import (
    CHUNK_ROWS,
    COMMITMENT_COLUMNS,
    FOLLOWUP_COLUMNS,
    MILESTONE_COLUMNS,
    Column,
    csv_lines,
    followup_rows,
    milestone_rows,
    positional,
    xlsx_bytes,
)
from reporting.filters import FollowUpFilter, MilestoneFilter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Export:
    permission: str
    filterset: type
    queryset: Callable
    columns: tuple[Column, ...]
    sheet: str
    # Reads the filtered queryset as tuples in the columns' order (no model
    # instances); None reads the columns from the instances.
    rows: Callable | None = None


EXPORTS = {
    "commitments": Export(
        "commitments.view_commitment",
        CommitmentFilter,
        commitment_selectors.commitment_search,
        COMMITMENT_COLUMNS,
        _("Commitments"),
    ),
    "milestones": Export(
        "commitments.view_milestone",
        MilestoneFilter,
        selectors.milestone_report_list,
        MILESTONE_COLUMNS,
        _("Milestones"),
        milestone_rows,
    ),
    "followups": Export(
        "commitments.view_followup",
        FollowUpFilter,
        selectors.followup_report_list,
        FOLLOWUP_COLUMNS,
        _("Follow-ups"),
        followup_rows,
    ),
}


def export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """The list `kind` as filtered by the query string, as CSV or XLSX."""
    spec = EXPORTS.get(kind)
    if spec is None or fmt not in ("csv", "xlsx"):
        raise Http404("No such export.")
    require(request.user.has_perm(spec.permission))
    # Only the rows the user may see (access/scope.py), before any filter.
    rows_in_scope = scope_queryset(spec.queryset(), request.user)
    filterset = spec.filterset(request.GET, queryset=rows_in_scope)
    scope_filters(filterset, request.user)  # another desk's agreement: refused
    if not filterset.is_valid():
        # A refused filter (too many words, a date out of range) is said, not
        # answered with an empty or an unfiltered file.
        message = " ".join(
            error for errors in filterset.errors.values() for error in errors
        )
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    limit = limit_value("EXPORT_ROWS")
    # One probe past the limit, not a count: refuse before writing a byte
    # rather than cut the file short.
    if filterset.qs.order_by()[limit : limit + 1].exists():
        return HttpResponseBadRequest(
            limit_exceeded_message("EXPORT_ROWS", "An export (rows)")
            + " "
            + gettext_now("Narrow the filters and export again."),
            content_type="text/plain; charset=utf-8",
        )
    if spec.rows is None:
        columns, rows = spec.columns, filterset.qs.iterator(chunk_size=CHUNK_ROWS)
    else:
        columns, rows = positional(spec.columns), spec.rows(filterset.qs)
    name = f"{kind}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "csv":
        return StreamingHttpResponse(
            csv_lines(columns, rows),
            content_type="text/csv; charset=utf-8",
            headers=disposition,
        )
    return HttpResponse(
        xlsx_bytes(columns, rows, title=spec.sheet),
        content_type=XLSX,
        headers=disposition,
    )
