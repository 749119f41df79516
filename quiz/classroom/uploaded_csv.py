"""An uploaded CSV file's text, or why it has none: too big, a workbook or a PDF, or not in an encoding Excel and
Google Sheets write a CSV file in. Pure, like the readers of what the text holds (roster_csv.py).
"""

from __future__ import annotations

# A class list of a whole year group is a few kilobytes; this leaves room and keeps a wrong file from costing much.
MOST_BYTES = 200 * 1024
SAVE_AS_CSV = (
    "In Excel choose File › Save As › “CSV UTF-8 (Comma delimited)”; in Google Sheets, File › Download › "
    "Comma-separated values."
)


def file_text(data: bytes) -> tuple[str | None, list[str]]:
    """A file's text (UTF-8 with or without a BOM, or UTF-16 with one, Excel's "Unicode text"), or why there is none."""
    problems: list[str] = []
    return _text(data, problems), problems


def _text(data: bytes, problems: list[str]) -> str | None:
    if len(data) > MOST_BYTES:
        problems.append(f"The file is over {MOST_BYTES // 1024} KiB: give one class at a time.")
        return None
    kind = _binary_kind(data)
    if kind:
        problems.append(f"This is {kind}, not a CSV file. {SAVE_AS_CSV}")
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            problems.append(f"The file is not readable text. {SAVE_AS_CSV}")
            return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(
            f"line {line}: the file is not UTF-8 text (Excel's plain “CSV” is written in another encoding). "
            + SAVE_AS_CSV
        )
        return None


def _binary_kind(data: bytes) -> str | None:
    if data.startswith(b"PK\x03\x04"):
        return "an Excel workbook (or another zipped file)"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Excel workbook (.xls)"
    if data.startswith(b"%PDF"):
        return "a PDF"
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "a binary file"
    return None
