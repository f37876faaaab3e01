"""Bulk import of agreements and commitments from CSV or XLSX.

One row per commitment (agreement columns repeated; a row with no commitment
reference only creates its agreement). Every row is tried in its own savepoint
so that a dry run reports every bad row with its number and reason; a real
import runs in one transaction and keeps nothing unless every row is good.
"""

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from access.scope import can_see_agreement
from access.services import desk_agreement_inherit
from commitments.cadence import CadenceError, rule_from_phrase
from commitments.models import (
    Agreement,
    AgreementKind,
    Commitment,
    CommitmentKind,
    DatePrecision,
    Institution,
    Party,
    SourceDocument,
)
from commitments.services.agreements import agreement_create
from commitments.services.commitments import (
    ObligationSpec,
    QuoteSpec,
    commitment_create,
)
from commitments.services.milestones import milestones_generate
from core.dates import is_supported_date, unsupported_date_message
from core.spreadsheets import table_read

COLUMNS = (
    "agreement_reference",
    "agreement_title",
    "agreement_kind",
    "agreement_date",
    "agreement_parties",
    "agreement_time_zone",
    "reference",
    "title",
    "kind",
    "obligated_parties",
    "lead_institutions",
    "cadence",
    "cadence_start",
    "due_date",
    "due_precision",
    "due_phrase",
    "description",
    "source",
    "quote",
    "quote_start",
)
REQUIRED = ("agreement_reference",)
# The template's example row: made-up data, so that the template (which every
# staff member may download) names no real agreement, commitment or quote.
EXAMPLE = {
    "agreement_reference": "example-talks-2026",
    "agreement_title": "Example: two ministries' talks",
    "agreement_kind": "talks",
    "agreement_date": "2026-01-07",
    "agreement_parties": "PK; CN",
    "agreement_time_zone": "Asia/Karachi",
    "reference": "example-quarterly-meeting",
    "title": "Example: a quarterly meeting of officials",
    "kind": "recurring_meeting",
    "obligated_parties": "PK; CN",
    "lead_institutions": "",
    "cadence": "every three months",
    "cadence_start": "2026-04-07",
    "due_date": "",
    "due_precision": "",
    "due_phrase": "",
    "description": "Replace this row with your own.",
    "source": "",
    "quote": "",
    "quote_start": "",
}
IMPORT_REASON = "bulk import"
# A background import reports its progress every this many rows: often enough
# for the progress page, rarely enough to cost nothing next to the rows.
PROGRESS_EVERY = 50


@dataclass
class RowError:
    """A bad row: its number as a spreadsheet shows it (the header is row 1)."""

    row: int
    message: str


@dataclass
class ImportReport:
    """What an import read, created (or would have), and every bad row."""

    dry_run: bool
    rows: int = 0
    agreements: list[str] = field(default_factory=list)
    commitments: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def imported(self) -> bool:
        """True when the rows were written (not a dry run, no error)."""
        return not self.dry_run and not self.errors

    @property
    def summary(self) -> str:
        """One sentence a person reads: a failed import says only that nothing
        was imported (the bad rows are listed apart); a dry run says "would"."""
        if self.errors:
            bad = len(self.errors)
            if self.dry_run:
                text = ngettext(
                    "%(bad)s bad row of %(rows)s: nothing would be imported.",
                    "%(bad)s bad rows of %(rows)s: nothing would be imported.",
                    bad,
                )
            else:
                text = ngettext(
                    "%(bad)s bad row of %(rows)s: nothing was imported.",
                    "%(bad)s bad rows of %(rows)s: nothing was imported.",
                    bad,
                )
            return (
                text % {"bad": bad, "rows": self.rows}
                + " "
                + gettext("Fix the rows listed and check the file again.")
            )
        counts = gettext("%(commitments)s and %(agreements)s") % {
            "commitments": ngettext(
                "%(count)s commitment", "%(count)s commitments", len(self.commitments)
            )
            % {"count": len(self.commitments)},
            "agreements": ngettext(
                "%(count)s new agreement",
                "%(count)s new agreements",
                len(self.agreements),
            )
            % {"count": len(self.agreements)},
        }
        if self.dry_run:
            text = ngettext(
                "%(rows)s row checked: would create %(counts)s.",
                "%(rows)s rows checked: would create %(counts)s.",
                self.rows,
            )
        else:
            text = ngettext(
                "%(rows)s row imported: created %(counts)s.",
                "%(rows)s rows imported: created %(counts)s.",
                self.rows,
            )
        return text % {"rows": self.rows, "counts": counts}


# --- reading -------------------------------------------------------------------


def read_rows(name: str, raw: bytes) -> list[tuple[int, dict[str, str]]]:
    """(row number, values) for every non-blank row of an import file, under
    the template's columns; SpreadsheetError for a file that cannot be read."""
    return table_read(name, raw, columns=COLUMNS, required=REQUIRED)


def template_csv() -> bytes:
    """The import template as CSV: the header and one example row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerow([EXAMPLE[name] for name in COLUMNS])
    return out.getvalue().encode("utf-8")


def template_xlsx() -> bytes:
    """The import template as XLSX: the header and one example row."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "commitments"
    sheet.append(list(COLUMNS))
    sheet.append([EXAMPLE[name] for name in COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- one row -------------------------------------------------------------------


def _date(value: str, column: str) -> datetime.date | None:
    if not value:
        return None
    try:
        parsed = datetime.date.fromisoformat(value)
    except ValueError as error:
        raise ValidationError(
            f"{column}: {value[:40]!r} is not a date (YYYY-MM-DD)."
        ) from error
    if not is_supported_date(parsed):
        raise ValidationError(f"{column}: {unsupported_date_message(parsed)}")
    return parsed


def _codes(value: str, column: str) -> list[Party]:
    codes = [
        code.strip() for code in value.replace(",", ";").split(";") if code.strip()
    ]
    if not codes:
        raise ValidationError(
            f"{column}: give at least one side (codes such as PK; CN)."
        )
    parties = {p.code: p for p in Party.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in parties]
    if unknown:
        raise ValidationError(f"{column}: unknown side code(s) {', '.join(unknown)}.")
    return [parties[code] for code in codes]


def _leads(value: str, parties: list[Party]) -> dict[int, Institution]:
    leads: dict[int, Institution] = {}
    by_code = {party.code: party for party in parties}
    for item in filter(None, (part.strip() for part in value.split(";"))):
        code, sep, name = item.partition(":")
        party = by_code.get(code.strip())
        if not sep or party is None:
            raise ValidationError(
                f"lead_institutions: {item!r} should be 'CODE: name or acronym' for an "
                "obligated side."
            )
        name = name.strip()
        institution = Institution.objects.filter(
            Q(name__iexact=name) | Q(acronym__iexact=name), party=party
        ).first()
        if institution is None:
            raise ValidationError(f"lead_institutions: {party.code} has no {name!r}.")
        leads[party.pk] = institution
    return leads


def _quote(values: dict[str, str]) -> QuoteSpec:
    key, quote = values.get("source", ""), values.get("quote", "")
    if not key or not quote:
        raise ValidationError("source and quote: a commitment needs its exact quote.")
    lookup = Q(file_name=key) | Q(title=key)
    if key.isdigit():
        lookup |= Q(pk=int(key))
    source = SourceDocument.objects.filter(lookup).first()
    if source is None:
        raise ValidationError(f"source: no stored source named {key!r}.")
    if values.get("quote_start"):
        try:
            start = int(values["quote_start"])
        except ValueError as error:
            raise ValidationError("quote_start: a whole number.") from error
        if source.text[start : start + len(quote)] != quote:
            raise ValidationError(f"quote: not the text of {key!r} at {start}.")
    else:
        start = source.text.find(quote)
        if start == -1:
            raise ValidationError(f"quote: not found in {key!r}.")
        if source.text.find(quote, start + 1) != -1:
            raise ValidationError(
                f"quote: found more than once in {key!r}; give quote_start."
            )
    return QuoteSpec(source, quote, start, start + len(quote))


def _agreement(
    values: dict[str, str], actor, reader: AbstractBaseUser | None
) -> tuple[Agreement, bool]:
    reference = values["agreement_reference"]
    agreement = Agreement.objects.filter(reference=reference).first()
    if agreement is not None:
        if reader is not None and not can_see_agreement(reader, agreement):
            # Worded so as not to confirm that another desk's agreement exists.
            raise ValidationError(
                f"agreement_reference: {reference!r} is not an agreement of your "
                "desks; you may import only into agreements you can see, and "
                "this reference cannot be used for a new one."
            )
        return agreement, False
    kind = values.get("agreement_kind", "")
    if kind not in AgreementKind.values:
        raise ValidationError(
            f"agreement_kind: {kind!r} is not one of {', '.join(AgreementKind.values)}."
        )
    if not values.get("agreement_title"):
        raise ValidationError("agreement_title: a new agreement needs a title.")
    date = _date(values.get("agreement_date", ""), "agreement_date")
    agreement = agreement_create(
        reference=reference,
        title=values["agreement_title"],
        kind=kind,
        parties=_codes(values.get("agreement_parties", ""), "agreement_parties"),
        date=date,
        date_precision=DatePrecision.DAY if date else DatePrecision.UNKNOWN,
        time_zone=values.get("agreement_time_zone") or None,
        actor=actor,
        reason=IMPORT_REASON,
    )
    if reader is not None:
        # On the importer's desks, or they could not open what they imported.
        desk_agreement_inherit(agreement=agreement, actor=reader)
    return agreement, True


def _commitment(values: dict[str, str], agreement: Agreement, actor) -> Commitment:
    reference = values["reference"]
    if Commitment.objects.filter(reference=reference).exists():
        raise ValidationError(f"reference: {reference!r} already exists.")
    if values.get("kind") not in CommitmentKind.values:
        raise ValidationError(
            f"kind: {values.get('kind')!r} is not one of "
            f"{', '.join(CommitmentKind.values)}."
        )
    parties = _codes(values.get("obligated_parties", ""), "obligated_parties")
    leads = _leads(values.get("lead_institutions", ""), parties)
    fields: dict[str, Any] = {"description": values.get("description", "")}
    if values.get("cadence"):
        try:
            fields["cadence_rrule"] = rule_from_phrase(values["cadence"])
        except CadenceError as error:
            raise ValidationError(f"cadence: {error}") from error
        if not values["cadence"].upper().startswith(("FREQ=", "RRULE:")):
            fields["cadence_phrase"] = values["cadence"]
        fields["cadence_start"] = _date(
            values.get("cadence_start", ""), "cadence_start"
        )
        if fields["cadence_start"] is None:
            raise ValidationError("cadence_start: a cadence needs its first date.")
    due = _date(values.get("due_date", ""), "due_date")
    if due is not None:
        precision = values.get("due_precision") or DatePrecision.DAY
        if precision not in {"day", "month", "year"}:
            raise ValidationError("due_precision: day, month or year.")
        fields.update(due_date=due, due_precision=precision)
    fields["due_phrase"] = values.get("due_phrase", "")
    return commitment_create(
        agreement=agreement,
        reference=reference,
        title=values.get("title") or reference,
        kind=values["kind"],
        obligations=[ObligationSpec(party, leads.get(party.pk)) for party in parties],
        quotes=[_quote(values)],
        actor=actor,
        reason=IMPORT_REASON,
        **fields,
    )


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


# --- the import ----------------------------------------------------------------


def rows_import(
    *,
    rows: list[tuple[int, dict[str, str]]],
    actor: AbstractBaseUser | None,
    dry_run: bool,
    as_of: datetime.datetime | None = None,
    progress: Callable[[int], None] | None = None,
    reader: AbstractBaseUser | None = None,
) -> ImportReport:
    """Import the rows all or nothing; a dry run (or any bad row) keeps nothing.
    `progress(rows_done)` is called every PROGRESS_EVERY rows and at the end.
    With a `reader` (the person importing, on the pages and their jobs), a row
    naming an agreement outside their scope (access/scope.py) is refused, and
    new agreements go on their desks; without one (the command) nothing is
    scoped."""
    report = ImportReport(dry_run=dry_run, rows=len(rows))
    with transaction.atomic():
        created: list[int] = []
        for done, (number, values) in enumerate(rows, start=1):
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done)
            try:
                with transaction.atomic():
                    if not values.get("agreement_reference"):
                        raise ValidationError("agreement_reference: required.")
                    agreement, is_new = _agreement(values, actor, reader)
                    commitment = None
                    if values.get("reference"):
                        commitment = _commitment(values, agreement, actor)
            except ValidationError as error:
                report.errors.append(RowError(number, _messages(error)))
            except IntegrityError as error:
                report.errors.append(
                    RowError(number, f"refused by the database: {error}")
                )
            else:
                # Counted only once the row's savepoint is kept.
                if is_new:
                    report.agreements.append(agreement.reference)
                if commitment is not None:
                    created.append(commitment.pk)
                    report.commitments.append(commitment.reference)
        if created and not report.errors:
            milestones_generate(
                as_of=as_of or timezone.now(), actor=actor, commitment_ids=created
            )
        if dry_run or report.errors:
            transaction.set_rollback(True)
    if report.errors:
        # Nothing was kept: no list may suggest that some rows were.
        report.agreements.clear()
        report.commitments.clear()
    if progress is not None:
        progress(len(rows))
    return report


def file_import(
    *, name: str, raw: bytes, actor: AbstractBaseUser | None, dry_run: bool
) -> ImportReport:
    """Read a .csv or .xlsx file and import it (see rows_import)."""
    return rows_import(rows=read_rows(name, raw), actor=actor, dry_run=dry_run)
