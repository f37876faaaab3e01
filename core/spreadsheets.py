"""Cells that a spreadsheet opens as text, never as a formula.

A CSV or XLSX cell that starts with =, +, -, @, a tab or a carriage return is
read by Excel, LibreOffice and Google Sheets as a formula, so a title typed
into the tracker (`=HYPERLINK("http://evil", "Click")`) could run when someone
opens an export (CSV injection, OWASP). Every export that writes spreadsheet
cells, on the web (reporting/exports.py) or on the command line
(commitments/exports.py), passes its values through here.
"""

import datetime
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: str) -> bool:
    """Whether a spreadsheet would read this text as a formula."""
    return value.startswith(FORMULA_STARTS)


def formula_safe(value: str) -> str:
    """The text with a leading apostrophe when it would read as a formula."""
    return f"'{value}" if is_formula_like(value) else value


def csv_value(value: Any) -> Any:
    """One CSV cell: None empty, times in UTC ISO 8601, dates ISO 8601, texts
    formula-safe, anything else as it is."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return formula_safe(value)
    return value
