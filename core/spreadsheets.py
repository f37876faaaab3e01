"""Spreadsheets: reading a .csv or .xlsx table within the limits, and writing
cells that a spreadsheet opens as text, never as a formula.

Writing:
A CSV or XLSX cell that starts with =, +, -, @, a tab or a carriage return is
read by Excel, LibreOffice and Google Sheets as a formula, so a title typed
into the tracker (`=HYPERLINK("http://evil", "Click")`) could run when someone
opens an export (CSV injection, OWASP). Every export that writes spreadsheet
cells, on the web (reporting/exports.py) or on the command line
(commitments/exports.py), passes its values through here.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Generator, Iterator, Sequence
from typing import Any

from core.limits import limit_exceeded_message, limit_value

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


class SpreadsheetError(ValueError):
    """A file that cannot be read as a table at all."""


# --- reading -----------------------------------------------------------------
#
# Every read is bounded before it starts: the file's bytes (and for an .xlsx
# the declared uncompressed size of its members, before openpyxl opens it),
# then rows, columns and cell size while streaming, stopping at the first
# limit passed. An .xlsx's declared sheet dimension is never trusted: a few KB
# may declare two million rows.


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_header(
    header: list[str], columns: Sequence[str], required: Sequence[str]
) -> list[str]:
    names = [name.strip().lower() for name in header]
    unknown = [name for name in names if name and name not in columns]
    if unknown:
        raise SpreadsheetError(
            f"Unknown columns: {', '.join(unknown[:10])} (see the template)."
        )
    missing = [name for name in required if name not in names]
    if missing:
        raise SpreadsheetError(
            f"Missing columns: {', '.join(missing)} (see the template)."
        )
    return names


def check_file_size(size: int) -> None:
    """Refuse a file larger than the limit IMPORT_BYTES, before reading it."""
    if size > limit_value("IMPORT_BYTES"):
        raise SpreadsheetError(
            limit_exceeded_message("IMPORT_BYTES", "An import file (bytes)", size)
        )


def table_read(
    name: str, raw: bytes, *, columns: Sequence[str], required: Sequence[str]
) -> list[tuple[int, dict[str, str]]]:
    """(row number, values) for every non-blank row of a .csv or .xlsx file
    whose header names only `columns` and every one of `required`;
    SpreadsheetError (naming the limit) for a file that cannot be read whole."""
    check_file_size(len(raw))
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        table = _xlsx_table(raw)
        try:
            return _rows(table, columns, required)
        finally:
            table.close()  # closes the workbook even when a limit stopped reading
    if lowered.endswith(".csv"):
        return _rows(_csv_table(raw), columns, required)
    raise SpreadsheetError("Import a .csv or .xlsx file.")


def _rows(
    table: Iterator[Sequence[Any]], columns: Sequence[str], required: Sequence[str]
) -> list[tuple[int, dict[str, str]]]:
    max_rows, max_columns = limit_value("IMPORT_ROWS"), limit_value("IMPORT_COLUMNS")
    max_chars = limit_value("IMPORT_CELL_CHARS")
    names: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for number, values in enumerate(table, start=1):
        if number > max_rows + 1:
            raise SpreadsheetError(
                limit_exceeded_message("IMPORT_ROWS", "An import (data rows)")
                + " Split the file, or delete empty rows below the data."
            )
        if len(values) > max_columns and any(
            value not in (None, "") for value in values[max_columns:]
        ):
            raise SpreadsheetError(
                f"Row {number}: "
                + limit_exceeded_message("IMPORT_COLUMNS", "A row (columns)")
            )
        cells = [_cell(value) for value in values[:max_columns]]
        for column, cell in enumerate(cells):
            label = names[column] if names and column < len(names) else column + 1
            if len(cell) > max_chars:
                raise SpreadsheetError(
                    f"Row {number}, column {label}: "
                    + limit_exceeded_message(
                        "IMPORT_CELL_CHARS", "A cell (characters)", len(cell)
                    )
                )
            if "\x00" in cell:
                raise SpreadsheetError(
                    f"Row {number}, column {label}: the cell holds a NUL character "
                    "(\\0), which cannot be stored. Remove it and check again."
                )
        if names is None:
            names = _check_header(cells, columns, required)
            continue
        if not any(cells):
            continue
        rows.append((number, {n: v for n, v in zip(names, cells, strict=False) if n}))
    if names is None:
        raise SpreadsheetError("The file is empty.")
    return rows


def _csv_table(raw: bytes) -> Iterator[Sequence[Any]]:
    try:
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            "The CSV file is not UTF-8; save it as UTF-8."
        ) from error
    reader = csv.reader(io.StringIO(decoded, newline=""))
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # The csv module refuses a field over 131,072 characters itself.
            if "field larger than field limit" in str(error):
                raise SpreadsheetError(
                    f"Row {reader.line_num}: "
                    + limit_exceeded_message("IMPORT_CELL_CHARS", "A cell (characters)")
                ) from error
            raise SpreadsheetError(
                f"Row {reader.line_num}: not readable as CSV ({error})."
            ) from error
        yield values


def _xlsx_check_unzipped(raw: bytes) -> None:
    """Refuse a zip bomb: the members' declared sizes, summed, before openpyxl
    opens the file (zipfile stops reading a member at its declared size)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise SpreadsheetError(f"Not a readable .xlsx file: {error}") from error
    if total > limit_value("IMPORT_UNZIPPED_BYTES"):
        raise SpreadsheetError(
            limit_exceeded_message(
                "IMPORT_UNZIPPED_BYTES", "An .xlsx file, unzipped (bytes)", total
            )
        )


def _xlsx_table(raw: bytes) -> Generator[Sequence[Any], None, None]:
    from openpyxl import load_workbook

    _xlsx_check_unzipped(raw)
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a bad file
        raise SpreadsheetError(f"Not a readable .xlsx file: {error}") from error
    try:
        if not workbook.worksheets:
            raise SpreadsheetError("The file has no sheet.")
        sheet = workbook.worksheets[0]
        # Never trust the declared dimension (<dimension ref="A1:Z2000000">):
        # read only the rows the sheet holds, and one past the limit at most.
        # Each row is as wide as its last stored cell, which the unzipped size
        # bounds; a value past the column limit is refused, not dropped.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(max_row=limit_value("IMPORT_ROWS") + 2, values_only=True)
        yield from _guarded(rows)
    finally:
        workbook.close()


def _guarded(rows: Iterator[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except SpreadsheetError:
            raise
        except Exception as error:  # a damaged sheet fails midway in many ways
            raise SpreadsheetError(f"Not a readable .xlsx file: {error}") from error
        yield values
