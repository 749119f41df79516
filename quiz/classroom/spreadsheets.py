"""Spreadsheet exports that stream and cannot carry formulas: CSV in pieces, XLSX through XlsxWriter's constant memory.

Every text cell is neutralised the same way in both formats (OWASP CSV injection, ASVS 5.0 1.2.10): characters XLSX
cannot hold are stripped, and text a spreadsheet could read as a formula gets a visible leading apostrophe.
Numbers stay numbers, so a score of -1 is still -1.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

CellValue = str | int | float | datetime | None

# XML 1.0 cannot hold these, so they are stripped (XlsxWriter would write them as _x001B_); TAB, LF and CR are kept.
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# First characters that make Excel, LibreOffice or Sheets read text as a formula, now or when the cell is edited.
# NUL is in ASVS's list; it is stripped before the check, so the character after it is the one checked.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
# A batch this many characters long is big enough for cheap writes, small enough never to matter for memory.
CSV_CHUNK_CHARACTERS = 16 * 1024

# Cells are written with write_string and friends, never guessed from how the text looks; these say so again.
XLSX_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
# The same order as ISO 8601, so dates sort and read the same way in the CSV and the XLSX.
XLSX_DATE_FORMAT = "yyyy-mm-dd hh:mm:ss"
XLSX_SHEET_NAME_LENGTH = 31
XLSX_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
# Excel keeps the name "History" for itself and refuses a workbook that uses it.
XLSX_RESERVED_SHEET_NAMES = frozenset({"history"})
DEFAULT_WIDTH_MIN, DEFAULT_WIDTH_MAX = 10, 60


@dataclass
class Sheet:
    """One table to export: a name (the XLSX tab), a header, rows read once and lazily, optional column widths."""

    name: str
    header: list[str]
    rows: Iterable[Sequence[CellValue]]
    widths: list[int] | None = None

    def __post_init__(self) -> None:
        if self.widths is not None and len(self.widths) != len(self.header):
            raise ValueError(
                f"sheet {self.name!r}: expected {len(self.header)} widths, one per column, got {len(self.widths)}"
            )


def safe_text(value: str) -> str:
    """The text without characters XLSX cannot hold, with a leading ' if a spreadsheet could read it as a formula."""
    text = ILLEGAL_CHARACTERS.sub("", value)
    # Spreadsheets skip leading spaces before parsing, so " =1+2" is as live as "=1+2".
    # The prefix is an apostrophe, never a TAB: TAB is itself a trigger (Symfony CVE-2021-41270).
    if text.lstrip(" ").startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def iso_utc(moment: datetime) -> str:
    """The moment as ISO 8601 in UTC to the second, like 2026-11-27T21:16:35Z."""
    return utc_naive(moment).isoformat() + "Z"


def utc_naive(moment: datetime) -> datetime:
    """The moment in UTC to the second, without tzinfo; a naive moment is taken as UTC already, as SQLite returns it."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def checked_number(value: CellValue) -> int | float | None:
    """The value itself if it is a number or None; anything else is the caller's bug, reported by type."""
    if value is None or isinstance(value, int | float):
        return value
    raise TypeError(f"expected a cell of str, int, float, datetime or None, got {type(value).__name__}: {value!r}")


def csv_value(value: CellValue) -> str | int | float:
    """The value as the csv module should write it: safe text, ISO time, a bare number, or empty."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, datetime):
        return iso_utc(value)
    number = checked_number(value)
    return "" if number is None else number


def csv_chunks(sheet: Sheet) -> Iterator[str]:
    """The sheet as CSV text in pieces: a BOM and the header line first, then rows a small batch at a time."""
    buffer = io.StringIO()
    # Quoting every text field keeps a "," or ";" inside one cell whatever separator the teacher's Excel expects;
    # numbers stay bare so that they open as numbers.
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow([safe_text(name) for name in sheet.header])
    # The BOM tells Excel the file is UTF-8, so Zoë and 李雷 are not shown as mojibake.
    yield "\ufeff" + drained(buffer)
    for row in sheet.rows:
        writer.writerow([csv_value(value) for value in row])
        if buffer.tell() >= CSV_CHUNK_CHARACTERS:
            yield drained(buffer)
    rest = drained(buffer)
    if rest:
        yield rest


def drained(buffer: io.StringIO) -> str:
    """What the buffer holds, leaving it empty for the next batch."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def write_xlsx(sheets: list[Sheet], target: str | os.PathLike[str] | BinaryIO) -> None:
    """Write the sheets as one XLSX workbook, a tab each, streaming the rows through temporary files."""
    if not sheets:
        raise ValueError("an XLSX workbook needs at least one sheet; Excel will not open one without")
    destination = os.fspath(target) if isinstance(target, str | os.PathLike) else target
    with tempfile.TemporaryDirectory(prefix="lens-xlsx-") as spool:
        # Constant-memory mode keeps one row in memory at a time and spools the rest to a file per worksheet.
        workbook = Workbook(destination, {**XLSX_OPTIONS, "tmpdir": spool})
        styles = Styles(
            header=workbook.add_format({"bold": True, "quote_prefix": True}),
            text=workbook.add_format({"quote_prefix": True}),
            moment=workbook.add_format({"num_format": XLSX_DATE_FORMAT}),
        )
        taken = set(XLSX_RESERVED_SHEET_NAMES)
        try:
            for sheet in sheets:
                append_sheet(workbook.add_worksheet(excel_sheet_name(sheet.name, taken)), sheet, styles)
        except BaseException:
            discard(workbook)
            raise
        workbook.close()


@dataclass(frozen=True)
class Styles:
    """The cell formats of a workbook: the header's, text's and a moment's."""

    header: Format
    text: Format
    moment: Format


def append_sheet(worksheet: Worksheet, sheet: Sheet, styles: Styles) -> None:
    """Lay out the worksheet (frozen header, widths), then stream the header and rows into it."""
    worksheet.freeze_panes(1, 0)
    for column, width in enumerate(column_widths(sheet)):
        worksheet.set_column(column, column, width)
    for column, name in enumerate(sheet.header):
        worksheet.write_string(0, column, xlsx_text(name), styles.header)
    for number, row in enumerate(sheet.rows, start=1):
        for column, value in enumerate(row):
            write_cell(worksheet, number, column, value, styles)


def write_cell(worksheet: Worksheet, row: int, column: int, value: CellValue, styles: Styles) -> None:
    """The value as an XLSX cell: text always a string cell, a moment a real date, a number left as it is."""
    if isinstance(value, str):
        # Excel's hidden "this is text" flag (quotePrefix) keeps any text cell from turning into a formula when a
        # teacher edits it; write_string never reads "=…" as a formula or "#N/A" as an error.
        worksheet.write_string(row, column, xlsx_text(value), styles.text)
    elif isinstance(value, datetime):
        # A real date cell, not ISO text, so a teacher can sort, filter and do date sums; Excel has no time zones,
        # so the moment is written in UTC, like the CSV, and the caller's header should say so.
        worksheet.write_datetime(row, column, utc_naive(value), styles.moment)
    elif isinstance(value, bool):
        worksheet.write_boolean(row, column, value)
    elif checked_number(value) is not None:
        worksheet.write_number(row, column, value)


def xlsx_text(value: str) -> str:
    """Safe text with line breaks as XML reads them: a CR written raw comes back as LF, and XlsxWriter would keep
    it as _x000D_, which only Excel turns back into a line break."""
    text = safe_text(value)
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def discard(workbook: Workbook) -> None:
    """Close a half-written workbook's row files, which the caller's spool folder then takes away.

    XlsxWriter closes them only in close(), which would also write the half-made workbook.
    """
    for worksheet in workbook.worksheets():
        if worksheet.row_data_fh is not None and not worksheet.row_data_fh.closed:
            worksheet.row_data_fh.close()


def column_widths(sheet: Sheet) -> list[int]:
    """The sheet's own widths, or each header's length with a little room, within sensible bounds."""
    if sheet.widths is not None:
        return sheet.widths
    return [min(max(len(name) + 2, DEFAULT_WIDTH_MIN), DEFAULT_WIDTH_MAX) for name in sheet.header]


def excel_sheet_name(name: str, taken: set[str]) -> str:
    """A tab name Excel accepts and not yet taken (compared without case), remembered in taken."""
    # Excel forbids []:*?/\ , more than 31 characters, an apostrophe at either end, and an empty name.
    base = XLSX_SHEET_NAME_FORBIDDEN.sub("_", name)[:XLSX_SHEET_NAME_LENGTH].strip("'") or "Sheet"
    candidate, number = base, 2
    while candidate.casefold() in taken:
        suffix = f" ({number})"
        candidate = base[: XLSX_SHEET_NAME_LENGTH - len(suffix)] + suffix
        number += 1
    taken.add(candidate.casefold())
    return candidate
