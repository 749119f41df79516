"""Spreadsheet exports that stream and cannot carry formulas: CSV in pieces, XLSX through openpyxl's write-only mode.

Every text cell is neutralised the same way in both formats (OWASP CSV injection, ASVS 5.0 1.2.10): characters XLSX
cannot hold are stripped, and text a spreadsheet could read as a formula gets a visible leading apostrophe.
Numbers stay numbers, so a score of -1 is still -1.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

CellValue = str | int | float | datetime | None

# XML 1.0 cannot hold these, so openpyxl raises IllegalCharacterError on them; TAB, LF and CR are legal and kept.
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# First characters that make Excel, LibreOffice or Sheets read text as a formula, now or when the cell is edited.
# NUL is in ASVS's list; it is stripped before the check, so the character after it is the one checked.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
# A batch this many characters long is big enough for cheap writes, small enough never to matter for memory.
CSV_CHUNK_CHARACTERS = 16 * 1024

HEADER_FONT = Font(bold=True)
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
    """Write the sheets as one XLSX workbook, a tab each, streaming the rows through a temporary file."""
    if not sheets:
        raise ValueError("an XLSX workbook needs at least one sheet; Excel will not open one without")
    # Write-only mode keeps one row in memory at a time; openpyxl spools the rest to a temporary file per worksheet.
    workbook = Workbook(write_only=True)
    taken = set(XLSX_RESERVED_SHEET_NAMES)
    try:
        for sheet in sheets:
            append_sheet(workbook.create_sheet(excel_sheet_name(sheet.name, taken)), sheet)
    except BaseException:
        discard(workbook)
        raise
    workbook.save(target)


def append_sheet(worksheet: WriteOnlyWorksheet, sheet: Sheet) -> None:
    """Lay out the worksheet (frozen header, widths), then stream the header and rows into it."""
    # Write-only mode needs the layout before the first row.
    worksheet.freeze_panes = "A2"
    for number, width in enumerate(column_widths(sheet), start=1):
        worksheet.column_dimensions[get_column_letter(number)].width = width
    worksheet.append([xlsx_cell(worksheet, name, font=HEADER_FONT) for name in sheet.header])
    for row in sheet.rows:
        worksheet.append([xlsx_cell(worksheet, value) for value in row])


def discard(workbook: Workbook) -> None:
    """Close a half-written workbook's worksheets and delete their temporary files.

    openpyxl deletes them only when saving, else at interpreter exit; a server runs for weeks, and an open row
    writer also trips a warning when it is collected.
    """
    for worksheet in workbook.worksheets:
        if not worksheet.closed:
            worksheet.close()
        worksheet._writer.cleanup()  # No public way: save() is the only caller.


def xlsx_cell(worksheet: WriteOnlyWorksheet, value: CellValue, font: Font | None = None) -> Cell | int | float | None:
    """The value as an XLSX cell: text always a string cell, a moment a real date, a number left as it is."""
    if isinstance(value, str):
        cell = WriteOnlyCell(worksheet, safe_text(value))
        # openpyxl types a string by its look: "=…" as a formula, "#N/A" as an error. Text stays text.
        cell.data_type = "s"
        # Excel's hidden "this is text" flag: keeps any text cell from turning into a formula when a teacher edits it.
        cell.quotePrefix = True
        if font is not None:
            cell.font = font
        return cell
    if isinstance(value, datetime):
        # A real date cell, not ISO text, so a teacher can sort, filter and do date sums; Excel has no time zones,
        # so the moment is written in UTC, like the CSV, and the caller's header should say so.
        cell = WriteOnlyCell(worksheet, utc_naive(value))
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    return checked_number(value)


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
