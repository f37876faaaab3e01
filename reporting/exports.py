"""Lists as CSV and XLSX files: the columns of each list and the two writers.

CSV is streamed row by row; XLSX is written with openpyxl's write-only
workbook, which keeps memory flat however long the list. A text that starts
like a formula (=, +, -, @) is neutralised in both by core/spreadsheets.py, so
that a title typed into the tracker cannot run as a formula in a spreadsheet
(CSV injection).
"""

import csv
import datetime
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from commitments.cadence import describe
from commitments.models import (
    Commitment,
    FollowUp,
    FollowUpKind,
    Milestone,
    StatusChoices,
)
from core.spreadsheets import csv_value, is_formula_like
from reporting.selectors.lists import obligation_names

CHUNK_ROWS = 2000


@dataclass(frozen=True)
class Column:
    """One column: its header and how to read it from a row."""

    header: str
    read: Callable[[Any], Any]


def _person(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _sides(commitment: Commitment) -> str:
    return "; ".join(o.party.name for o in commitment.obligations.all())


def _leads(commitment: Commitment) -> str:
    return "; ".join(
        f"{o.party.name}: {o.lead_institution}"
        for o in commitment.obligations.all()
        if o.lead_institution_id
    )


def _url(name: str, *args: Any) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{reverse(name, args=args)}"


def _schedule(commitment: Commitment) -> str:
    if commitment.cadence_rrule:
        return commitment.cadence_phrase or describe(commitment.cadence_rrule)
    if commitment.due_date is None:
        return str(_("no date stated"))
    return commitment.due_phrase or commitment.get_due_precision_display()


COMMITMENT_COLUMNS = (
    Column(_("Reference"), lambda c: c.reference),
    Column(_("Title"), lambda c: c.title),
    Column(_("Agreement"), lambda c: c.agreement.title),
    Column(_("Kind"), lambda c: c.get_kind_display()),
    Column(_("Status"), lambda c: c.get_status_display()),
    Column(_("Obligated sides"), _sides),
    Column(_("Lead institutions"), _leads),
    Column(_("Owner"), lambda c: _person(c.owner)),
    Column(_("Schedule"), _schedule),
    Column(_("Due date"), lambda c: c.due_date),
    Column(_("Next open due date"), lambda c: getattr(c, "next_due", None)),
    Column(_("Link"), lambda c: _url("commitments:commitment_detail", c.reference)),
)

MILESTONE_COLUMNS = (
    Column(_("Due date"), lambda m: m.due_date),
    Column(_("Status"), lambda m: m.get_status_display()),
    Column(_("Milestone"), lambda m: m.title or m.commitment.title),
    Column(_("Commitment reference"), lambda m: m.commitment.reference),
    Column(_("Commitment"), lambda m: m.commitment.title),
    Column(_("Agreement"), lambda m: m.commitment.agreement.title),
    Column(_("Obligated sides"), lambda m: _sides(m.commitment)),
    Column(_("Lead institutions"), lambda m: _leads(m.commitment)),
    Column(_("Owner"), lambda m: _person(m.commitment.owner)),
    Column(_("Scheduled date"), lambda m: m.scheduled_date),
    Column(_("Completed on"), lambda m: m.completed_on),
    Column(_("Status reason"), lambda m: m.status_reason),
    Column(
        _("Link"),
        lambda m: (
            _url("commitments:commitment_detail", m.commitment.reference)
            + f"#milestone-{m.pk}"
        ),
    ),
)

FOLLOWUP_COLUMNS = (
    Column(_("Happened on"), lambda f: f.happened_on),
    Column(_("Kind"), lambda f: f.get_kind_display()),
    Column(_("Commitment reference"), lambda f: f.commitment.reference),
    Column(_("Commitment"), lambda f: f.commitment.title),
    Column(_("Agreement"), lambda f: f.commitment.agreement.title),
    Column(_("Milestone due"), lambda f: f.milestone.due_date if f.milestone else None),
    Column(_("Author"), lambda f: _person(f.author)),
    Column(_("Note"), lambda f: f.note),
    Column(_("From status"), lambda f: f.from_status),
    Column(_("To status"), lambda f: f.to_status),
    Column(_("Evidence link"), lambda f: f.evidence_url),
    Column(
        _("Evidence file"),
        lambda f: f.evidence_file.name.rsplit("/", 1)[-1] if f.evidence_file else "",
    ),
    Column(_("Logged at"), lambda f: f.created_at),
)

COLUMNS: dict[type, tuple[Column, ...]] = {
    Commitment: COMMITMENT_COLUMNS,
    Milestone: MILESTONE_COLUMNS,
    FollowUp: FOLLOWUP_COLUMNS,
}


# --- the lists as rows of values ------------------------------------------------
#
# An export of 10,000 milestones read as model instances spent most of its
# time building them (a milestone, its commitment, agreement, owner and each
# obligation with its side and lead: ~7 objects a row), cloning a queryset per
# row for the prefetch, and reversing a URL per row. These read the same values
# as tuples in the order of MILESTONE_COLUMNS / FOLLOWUP_COLUMNS, the sides and
# leads of a chunk's commitments in one query, the displays from the choices
# and the link from one reversed pattern; `positional` gives the columns that
# read them. The output is the columns' own (tests/unit/test_exports.py).

_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
_STATUS_LABELS = dict(StatusChoices.choices)
_KIND_LABELS = dict(FollowUpKind.choices)


def positional(columns: Iterable[Column]) -> tuple[Column, ...]:
    """The columns reading the n-th value of a row tuple."""
    return tuple(
        Column(column.header, itemgetter(index)) for index, column in enumerate(columns)
    )


def _chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


def _name(first: str, last: str, username: str | None) -> str:
    """User.get_full_name() or get_username(), as _person reads them."""
    if username is None:
        return ""
    return f"{first} {last}".strip() or username


def _commitment_url() -> Callable[[str], str]:
    """The commitment page's absolute URL by reference: reversed once, the
    reference put in its place (a slug, which reverse() writes as it is)."""
    marker = "reference-marker"
    prefix, suffix = _url("commitments:commitment_detail", marker).split(marker)

    def url(reference: str) -> str:
        if _SLUG.match(reference):
            return f"{prefix}{reference}{suffix}"
        return _url("commitments:commitment_detail", reference)

    return url


def _sides_and_leads(
    commitment_ids: Iterable[int], known: dict[int, tuple[str, str]]
) -> None:
    """Fill `known` with each commitment's _sides and _leads texts, one query
    for those not known yet."""
    missing = {pk for pk in commitment_ids if pk not in known}
    if not missing:
        return
    sides: dict[int, list[str]] = {pk: [] for pk in missing}
    leads: dict[int, list[str]] = {pk: [] for pk in missing}
    for pk, party, lead_id, lead, acronym in obligation_names(missing):
        sides[pk].append(party)
        if lead_id:
            institution = f"{lead} ({acronym})" if acronym else lead
            leads[pk].append(f"{party}: {institution}")
    for pk in missing:
        known[pk] = ("; ".join(sides[pk]), "; ".join(leads[pk]))


MILESTONE_VALUES = (
    "due_date",
    "status",
    "title",
    "commitment__reference",
    "commitment__title",
    "commitment__agreement__title",
    "commitment_id",
    "commitment__owner__first_name",
    "commitment__owner__last_name",
    "commitment__owner__username",
    "scheduled_date",
    "completed_on",
    "status_reason",
    "id",
)


def milestone_rows(
    milestones: QuerySet[Milestone], *, chunk_size: int = CHUNK_ROWS
) -> Iterator[tuple]:
    """The values of MILESTONE_COLUMNS for each milestone, in the queryset's
    order (read with `positional(MILESTONE_COLUMNS)`)."""
    url = _commitment_url()
    known: dict[int, tuple[str, str]] = {}
    values = (
        milestones.prefetch_related(None)
        .values_list(*MILESTONE_VALUES)
        .iterator(chunk_size=chunk_size)
    )
    for chunk in _chunks(values, chunk_size):
        _sides_and_leads({row[6] for row in chunk}, known)
        for (
            due_date,
            status,
            title,
            reference,
            commitment_title,
            agreement,
            commitment_id,
            first,
            last,
            username,
            scheduled_date,
            completed_on,
            status_reason,
            pk,
        ) in chunk:
            sides, leads = known[commitment_id]
            yield (
                due_date,
                str(_STATUS_LABELS.get(status, status)),
                title or commitment_title,
                reference,
                commitment_title,
                agreement,
                sides,
                leads,
                _name(first, last, username),
                scheduled_date,
                completed_on,
                status_reason,
                f"{url(reference)}#milestone-{pk}",
            )


FOLLOWUP_VALUES = (
    "happened_on",
    "kind",
    "commitment__reference",
    "commitment__title",
    "commitment__agreement__title",
    "milestone__due_date",
    "author__first_name",
    "author__last_name",
    "author__username",
    "note",
    "from_status",
    "to_status",
    "evidence_url",
    "evidence_file",
    "created_at",
)


def followup_rows(
    followups: QuerySet[FollowUp], *, chunk_size: int = CHUNK_ROWS
) -> Iterator[tuple]:
    """The values of FOLLOWUP_COLUMNS for each follow-up, in the queryset's
    order (read with `positional(FOLLOWUP_COLUMNS)`)."""
    values = followups.values_list(*FOLLOWUP_VALUES).iterator(chunk_size=chunk_size)
    for (
        happened_on,
        kind,
        reference,
        commitment_title,
        agreement,
        milestone_due,
        first,
        last,
        username,
        note,
        from_status,
        to_status,
        evidence_url,
        evidence_file,
        created_at,
    ) in values:
        yield (
            happened_on,
            str(_KIND_LABELS.get(kind, kind)),
            reference,
            commitment_title,
            agreement,
            milestone_due,
            _name(first, last, username),
            note,
            from_status,
            to_status,
            evidence_url,
            evidence_file.rsplit("/", 1)[-1] if evidence_file else "",
            created_at,
        )


class _Line:
    """A file-like object that hands back what csv.writer writes."""

    def write(self, text: str) -> str:
        return text


def csv_lines(columns: Iterable[Column], rows: Iterable[Any]) -> Iterator[str]:
    """The CSV file line by line: a byte-order mark (Excel then reads UTF-8),
    the headers, then one line per row."""
    columns = tuple(columns)
    writer = csv.writer(_Line())
    # The headers are translated now, in the request's language: the body is
    # streamed after the view has returned.
    head = "\ufeff" + writer.writerow([str(column.header) for column in columns])
    return itertools.chain((head,), _csv_rows(writer, columns, rows))


def _csv_rows(writer: Any, columns: tuple, rows: Iterable[Any]) -> Iterator[str]:
    for row in rows:
        yield writer.writerow([csv_value(column.read(row)) for column in columns])


def xlsx_bytes(columns: Iterable[Column], rows: Iterable[Any], *, title: str) -> bytes:
    """The rows as one worksheet, headers in bold, dates as dates."""
    columns = tuple(columns)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=str(title)[:31])
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.header))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, column.read(row)) for column in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: write UTC and say so in the header's sense.
        return value.astimezone(datetime.UTC).replace(tzinfo=None)
    if isinstance(value, str) and is_formula_like(value):
        # openpyxl stores a string starting with "=" as a formula; force text.
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value
