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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from commitments.models import Commitment, FollowUp, Milestone
from core.spreadsheets import csv_value, is_formula_like

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
        return commitment.cadence_phrase or commitment.cadence_rrule
    if commitment.due_date is None:
        return "no date stated"
    return commitment.due_phrase or commitment.get_due_precision_display()


COMMITMENT_COLUMNS = (
    Column("Reference", lambda c: c.reference),
    Column("Title", lambda c: c.title),
    Column("Agreement", lambda c: c.agreement.title),
    Column("Kind", lambda c: c.get_kind_display()),
    Column("Status", lambda c: c.get_status_display()),
    Column("Obligated sides", _sides),
    Column("Lead institutions", _leads),
    Column("Owner", lambda c: _person(c.owner)),
    Column("Schedule", _schedule),
    Column("Due date", lambda c: c.due_date),
    Column("Next open due date", lambda c: getattr(c, "next_due", None)),
    Column("Link", lambda c: _url("commitments:commitment_detail", c.reference)),
)

MILESTONE_COLUMNS = (
    Column("Due date", lambda m: m.due_date),
    Column("Status", lambda m: m.get_status_display()),
    Column("Milestone", lambda m: m.title or m.commitment.title),
    Column("Commitment reference", lambda m: m.commitment.reference),
    Column("Commitment", lambda m: m.commitment.title),
    Column("Agreement", lambda m: m.commitment.agreement.title),
    Column("Obligated sides", lambda m: _sides(m.commitment)),
    Column("Lead institutions", lambda m: _leads(m.commitment)),
    Column("Owner", lambda m: _person(m.commitment.owner)),
    Column("Scheduled date", lambda m: m.scheduled_date),
    Column("Completed on", lambda m: m.completed_on),
    Column("Status reason", lambda m: m.status_reason),
    Column(
        "Link",
        lambda m: (
            _url("commitments:commitment_detail", m.commitment.reference)
            + f"#milestone-{m.pk}"
        ),
    ),
)

FOLLOWUP_COLUMNS = (
    Column("Happened on", lambda f: f.happened_on),
    Column("Kind", lambda f: f.get_kind_display()),
    Column("Commitment reference", lambda f: f.commitment.reference),
    Column("Commitment", lambda f: f.commitment.title),
    Column("Agreement", lambda f: f.commitment.agreement.title),
    Column("Milestone due", lambda f: f.milestone.due_date if f.milestone else None),
    Column("Author", lambda f: _person(f.author)),
    Column("Note", lambda f: f.note),
    Column("From status", lambda f: f.from_status),
    Column("To status", lambda f: f.to_status),
    Column("Evidence link", lambda f: f.evidence_url),
    Column(
        "Evidence file",
        lambda f: f.evidence_file.name.rsplit("/", 1)[-1] if f.evidence_file else "",
    ),
    Column("Logged at", lambda f: f.created_at),
)

COLUMNS: dict[type, tuple[Column, ...]] = {
    Commitment: COMMITMENT_COLUMNS,
    Milestone: MILESTONE_COLUMNS,
    FollowUp: FOLLOWUP_COLUMNS,
}


class _Line:
    """A file-like object that hands back what csv.writer writes."""

    def write(self, text: str) -> str:
        return text


def csv_lines(columns: Iterable[Column], rows: Iterable[Any]) -> Iterator[str]:
    """The CSV file line by line: a byte-order mark (Excel then reads UTF-8),
    the headers, then one line per row."""
    columns = tuple(columns)
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow([column.header for column in columns])
    for row in rows:
        yield writer.writerow([csv_value(column.read(row)) for column in columns])


def xlsx_bytes(columns: Iterable[Column], rows: Iterable[Any], *, title: str) -> bytes:
    """The rows as one worksheet, headers in bold, dates as dates."""
    columns = tuple(columns)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
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
