"""Commitments as plain rows for the JSON and CSV exports (docs/exports.md)."""

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from commitments.models import Commitment
from core.spreadsheets import csv_value

CSV_COLUMNS = (
    "id",
    "reference",
    "agreement",
    "title",
    "kind",
    "obligated_parties",
    "lead_institutions",
    "cadence",
    "cadence_phrase",
    "due_date",
    "due_precision",
    "due_phrase",
    "needs_target_date",
    "status",
    "owner",
    "source",
    "quote",
    "quote_start",
    "quote_end",
    "quote_count",
)


def commitment_row(commitment: Commitment) -> dict[str, Any]:
    """One commitment as a JSON-ready dict; quotes in source order, first is primary."""
    obligations = list(commitment.obligations.all())
    quotes = [
        {
            "source": provenance.source.file_name or provenance.source.title,
            "quote": provenance.quote,
            "quote_start": provenance.quote_start,
            "quote_end": provenance.quote_end,
        }
        for provenance in commitment.provenance.all()
    ]
    primary = quotes[0] if quotes else {}
    return {
        "id": commitment.pk,
        "reference": commitment.reference,
        "agreement": commitment.agreement.title,
        "title": commitment.title,
        "kind": commitment.kind,
        "obligated_parties": [obligation.party.name for obligation in obligations],
        "lead_institutions": [
            {
                "party": obligation.party.name,
                "institution": obligation.lead_institution.name,
                "acronym": obligation.lead_institution.acronym,
            }
            for obligation in obligations
            if obligation.lead_institution_id
        ],
        "cadence": commitment.cadence_rrule or None,
        "cadence_phrase": commitment.cadence_phrase or None,
        "cadence_start": _iso(commitment.cadence_start),
        "due_date": _iso(commitment.due_date),
        "due_precision": commitment.due_precision,
        "due_phrase": commitment.due_phrase or None,
        "resolved_against": _iso(commitment.resolved_against),
        "needs_target_date": commitment.needs_target_date,
        "status": commitment.status,
        "owner": commitment.owner.get_username() if commitment.owner_id else None,
        "source": primary.get("source"),
        "quote": primary.get("quote"),
        "quote_start": primary.get("quote_start"),
        "quote_end": primary.get("quote_end"),
        "quotes": quotes,
    }


def to_json(commitments: Iterable[Commitment]) -> str:
    """A JSON list of commitment rows."""
    rows = [commitment_row(commitment) for commitment in commitments]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def to_csv(commitments: Iterable[Commitment]) -> str:
    """CSV with one row per commitment; lists are joined with '; ', and cells
    that would read as formulas are escaped (core/spreadsheets.py)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for commitment in commitments:
        row = commitment_row(commitment)
        row["obligated_parties"] = "; ".join(row["obligated_parties"])
        row["lead_institutions"] = "; ".join(
            f"{lead['party']}: {lead['institution']}"
            for lead in row["lead_institutions"]
        )
        row["quote_count"] = len(row["quotes"])
        # The same cells as the web exports: a text that a spreadsheet would
        # run as a formula (=HYPERLINK(...)) is written as text.
        writer.writerow({key: csv_value(value) for key, value in row.items()})
    return buffer.getvalue()


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None
