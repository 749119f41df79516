"""Spreadsheet exports: no cell can become a formula, every name survives, and rows stream instead of piling up."""

import csv
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from helpers import ROOT, csv_rows
from quiz.classroom.spreadsheets import ILLEGAL_CHARACTERS, Sheet, csv_chunks, safe_text, write_xlsx

HYPERLINK = '=HYPERLINK("http://x","y")'
TRIGGERS = ["=", "+", "-", "@", "\t", "\r", "\n"]
NAMES = ["Zoë", "Łukasz", "محمد", "李雷"]
PADDING = 0.7109375  # what Excel adds to a column's width in characters: 5 pixels of a 7-pixel digit


def csv_text(sheet: Sheet) -> str:
    """The whole CSV export as one string."""
    return "".join(csv_chunks(sheet))


def csv_rows_of(sheet: Sheet) -> list[list[str]]:
    """The CSV export read back by the csv module, BOM checked and removed."""
    return csv_rows(csv_text(sheet).encode())


def xlsx_bytes(*sheets: Sheet) -> bytes:
    """The XLSX export of the sheets, in memory."""
    target = io.BytesIO()
    write_xlsx(list(sheets), target)
    return target.getvalue()


def xlsx_rows(*sheets: Sheet) -> list[list]:
    """The first worksheet's values, read back by openpyxl."""
    workbook = load_workbook(io.BytesIO(xlsx_bytes(*sheets)))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def one_column(*values) -> Sheet:
    return Sheet(name="responses", header=["answer"], rows=[[value] for value in values])


# safe_text


@pytest.mark.parametrize("trigger", TRIGGERS)
@pytest.mark.parametrize("spaces", ["", " ", "   "])
def test_every_trigger_gets_an_apostrophe_even_after_leading_spaces(trigger, spaces):
    assert safe_text(f"{spaces}{trigger}1+2") == f"'{spaces}{trigger}1+2"


@pytest.mark.parametrize("text", ["Zoë", "1+2", "a=b", "", " ", "'already", "x\t=1", "#N/A"])
def test_text_without_a_leading_trigger_is_left_alone(text):
    assert safe_text(text) == text


def test_tab_is_never_used_as_the_prefix():
    assert safe_text("\t=1+1") == "'\t=1+1"
    assert safe_text("=1+1").startswith("'")


def test_control_characters_are_stripped_before_the_check():
    assert safe_text("Zo\x1bë\x00\x0b\x0c") == "Zoë"
    # What is written is what a spreadsheet parses, so the character after a stripped NUL is the one checked.
    assert safe_text("\x00=1+2") == "'=1+2"
    assert safe_text("\x00abc") == "abc"


def test_tab_newline_and_carriage_return_inside_text_are_kept():
    assert safe_text("a\tb\r\nc") == "a\tb\r\nc"


# CSV


def test_csv_starts_with_a_bom_and_the_header_and_ends_lines_with_crlf():
    text = csv_text(Sheet(name="gradebook", header=["student", "score"], rows=[["Zoë", 3]]))
    assert text == '\ufeff"student","score"\r\n"Zoë",3\r\n'


def test_a_hyperlink_formula_comes_back_inert_from_csv():
    assert csv_rows_of(one_column(HYPERLINK))[1] == ["'" + HYPERLINK]


@pytest.mark.parametrize("text", ["=1+2", "+1", "-1+1", "@SUM(A1)", "\t=HYPERLINK(1)", "\r=1", "\n=1+1", "  =1+2"])
def test_triggers_are_neutralised_in_csv(text):
    assert csv_rows_of(one_column(text))[1] == ["'" + text]


def test_header_is_neutralised_too():
    assert csv_rows_of(Sheet(name="x", header=["=cmd"], rows=[]))[0] == ["'=cmd"]


def test_minus_one_as_text_is_neutralised_and_as_a_number_stays_a_number_in_csv():
    text = csv_text(Sheet(name="x", header=["a", "b"], rows=[["-1", -1]]))
    assert text.splitlines()[1] == '"\'-1",-1'
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), quoting=csv.QUOTE_NONNUMERIC))
    assert rows[1] == ["'-1", -1.0]


def test_non_ascii_names_survive_csv_as_utf8_with_a_bom():
    data = csv_text(Sheet(name="x", header=["name"], rows=[[name] for name in NAMES])).encode()
    assert data.startswith(b"\xef\xbb\xbf")
    assert [row[0] for row in csv_rows(data)[1:]] == NAMES


def test_embedded_quotes_commas_and_newlines_round_trip_in_csv():
    awkward = ['say "hi"', "a,b", "line 1\nline 2", "a;b", 'x",=1+2', "crlf\r\nend"]
    assert [row[0] for row in csv_rows_of(one_column(*awkward))[1:]] == awkward


def test_control_characters_are_stripped_in_csv():
    assert csv_rows_of(one_column("Zo\x1bë\x07"))[1] == ["Zoë"]


def test_none_is_an_empty_cell_and_floats_stay_numbers_in_csv():
    text = csv_text(Sheet(name="x", header=["a", "b", "c"], rows=[[None, 0.75, 2]]))
    assert text.splitlines()[1] == '"",0.75,2'


def test_datetimes_are_iso_8601_utc_in_csv():
    moments = [
        datetime(2026, 11, 27, 21, 16, 35, 123456, tzinfo=UTC),
        datetime(2026, 11, 27, 22, 16, 35, tzinfo=timezone(timedelta(hours=1))),
        datetime(2026, 11, 27, 21, 16, 35),  # naive, as SQLite returns it: taken as UTC
    ]
    assert [row[0] for row in csv_rows_of(one_column(*moments))[1:]] == ["2026-11-27T21:16:35Z"] * 3


def test_an_empty_sheet_is_just_the_header_in_csv():
    assert list(csv_chunks(Sheet(name="x", header=["a", "b"], rows=iter([])))) == ['\ufeff"a","b"\r\n']


def test_a_value_of_an_unexpected_type_names_the_type():
    with pytest.raises(TypeError, match=r"^expected a cell of str, int, float, datetime or None, got list: \[1\]$"):
        csv_text(one_column([1]))


class Exploded(Exception):
    pass


def rows_then_explode(count: int, consumed: list[int], width: int = 10):
    """Yield count rows, recording each, then fail as a broken database cursor would."""
    for number in range(count):
        consumed.append(number)
        yield [f"student {number}", "x" * width]
    raise Exploded


def test_csv_chunks_yields_the_header_before_reading_any_row():
    consumed: list[int] = []
    chunks = csv_chunks(Sheet(name="x", header=["a", "b"], rows=rows_then_explode(10, consumed)))
    assert next(chunks) == '\ufeff"a","b"\r\n'
    assert consumed == []


def test_csv_chunks_streams_rows_instead_of_reading_them_all_first():
    consumed: list[int] = []
    sheet = Sheet(name="x", header=["a", "b"], rows=rows_then_explode(1000, consumed, width=1000))
    received, consumed_at_each_chunk = [], []
    with pytest.raises(Exploded):
        for chunk in csv_chunks(sheet):
            received.append(chunk)
            consumed_at_each_chunk.append(len(consumed))
    # Rows of about 1 kB go out some 17 at a time, long before the source fails at row 1000.
    steps = [after - before for before, after in zip(consumed_at_each_chunk, consumed_at_each_chunk[1:], strict=False)]
    assert consumed_at_each_chunk[:2] == [0, 17]
    assert max(steps) <= 17
    assert "student 900" in "".join(received)


def test_csv_chunks_are_small_batches_not_the_whole_file():
    sheet = Sheet(name="x", header=["a"], rows=([f"row {number}"] for number in range(100_000)))
    sizes = [len(chunk) for chunk in csv_chunks(sheet)]
    assert len(sizes) > 50
    assert max(sizes) < 20_000


# XLSX


def test_a_hyperlink_formula_comes_back_inert_from_xlsx_and_no_formula_is_written():
    sheet = Sheet(name="responses", header=["=header"], rows=[[HYPERLINK], ["=1+2"], ["+1"], ["@x"]])
    data = xlsx_bytes(sheet)
    workbook = load_workbook(io.BytesIO(data))
    cells = [row[0] for row in workbook.worksheets[0].iter_rows()]
    assert [cell.value for cell in cells] == ["'=header", "'" + HYPERLINK, "'=1+2", "'+1", "'@x"]
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    assert 'quotePrefix="1"' in zipfile.ZipFile(io.BytesIO(data)).read("xl/styles.xml").decode()


@pytest.mark.parametrize("trigger", TRIGGERS)
@pytest.mark.parametrize("spaces", ["", "  "])
def test_every_trigger_is_neutralised_in_xlsx(trigger, spaces):
    text = f"{spaces}{trigger}SUM(A1)"
    # XML reads a lone CR back as LF; the apostrophe in front is what matters.
    assert xlsx_rows(one_column(text))[1] == ["'" + text.replace("\r", "\n")]


def test_error_looking_text_stays_text_in_xlsx():
    workbook = load_workbook(io.BytesIO(xlsx_bytes(one_column("#N/A", "#DIV/0!"))))
    cells = [row[0] for row in workbook.worksheets[0].iter_rows(min_row=2)]
    assert [(cell.value, cell.data_type) for cell in cells] == [("#N/A", "s"), ("#DIV/0!", "s")]


def test_minus_one_as_text_is_neutralised_and_as_a_number_stays_a_number_in_xlsx():
    workbook = load_workbook(io.BytesIO(xlsx_bytes(Sheet(name="x", header=["a", "b", "c"], rows=[["-1", -1, 0.5]]))))
    text, number, fraction = next(workbook.worksheets[0].iter_rows(min_row=2))
    assert (text.value, text.data_type) == ("'-1", "s")
    assert (number.value, number.data_type) == (-1, "n")
    assert (fraction.value, fraction.data_type) == (0.5, "n")


def test_non_ascii_names_and_stripped_control_characters_in_xlsx():
    rows = xlsx_rows(one_column(*NAMES, "Zo\x00\x1bë\x0b"))
    assert [row[0] for row in rows[1:]] == [*NAMES, "Zoë"]


def test_tab_and_newlines_inside_text_survive_xlsx():
    assert xlsx_rows(one_column("line 1\nline 2\tend"))[1] == ["line 1\nline 2\tend"]


def test_header_is_bold_and_frozen_and_the_rows_are_not_bold():
    workbook = load_workbook(io.BytesIO(xlsx_bytes(Sheet(name="x", header=["a", "b"], rows=[["c", 1]]))))
    worksheet = workbook.worksheets[0]
    assert worksheet.freeze_panes == "A2"
    assert [cell.font.b for cell in worksheet[1]] == [True, True]
    assert worksheet["A2"].font.b is False


def test_given_widths_are_set():
    workbook = load_workbook(io.BytesIO(xlsx_bytes(Sheet(name="x", header=["a", "b"], rows=[], widths=[30, 12]))))
    dimensions = workbook.worksheets[0].column_dimensions
    # As Excel itself stores a width of 30 characters: the text plus 5 pixels of padding.
    assert (dimensions["A"].width, dimensions["B"].width) == (30 + PADDING, 12 + PADDING)


def test_default_widths_follow_the_header_within_bounds():
    header = ["id", "a header twenty long", "x" * 100]
    workbook = load_workbook(io.BytesIO(xlsx_bytes(Sheet(name="x", header=header, rows=[]))))
    dimensions = workbook.worksheets[0].column_dimensions
    assert [dimensions[column].width for column in "ABC"] == [10 + PADDING, 22 + PADDING, 60 + PADDING]


def test_widths_must_match_the_header():
    with pytest.raises(ValueError, match=r"^sheet 'x': expected 2 widths, one per column, got 1$"):
        Sheet(name="x", header=["a", "b"], rows=[], widths=[10])


def test_datetimes_are_real_utc_date_cells_in_xlsx():
    moment = datetime(2026, 11, 27, 22, 16, 35, 999, tzinfo=timezone(timedelta(hours=1)))
    workbook = load_workbook(io.BytesIO(xlsx_bytes(one_column(moment, datetime(2026, 11, 27, 21, 16, 35)))))
    cells = [row[0] for row in workbook.worksheets[0].iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == [datetime(2026, 11, 27, 21, 16, 35)] * 2
    assert {(cell.data_type, cell.number_format) for cell in cells} == {("d", "yyyy-mm-dd hh:mm:ss")}


def test_none_is_an_empty_cell_in_xlsx():
    assert xlsx_rows(Sheet(name="x", header=["a", "b"], rows=[[None, 1]]))[1] == [None, 1]


def test_an_empty_sheet_is_just_the_header_in_xlsx():
    assert xlsx_rows(Sheet(name="x", header=["a", "b"], rows=iter([]))) == [["a", "b"]]


def test_one_worksheet_per_sheet_with_names_excel_accepts(tmp_path):
    sheets = [
        Sheet(name="responses", header=["a"], rows=[["r"]]),
        Sheet(name="Class 7B: gradebook [autumn]", header=["a"], rows=[["g"]]),
        Sheet(name="a/b\\c*d?e" + "x" * 40, header=["a"], rows=[]),
        Sheet(name="RESPONSES", header=["a"], rows=[]),
        Sheet(name="'quoted'", header=["a"], rows=[]),
        Sheet(name="", header=["a"], rows=[]),
        Sheet(name="History", header=["a"], rows=[]),
    ]
    path = tmp_path / "export.xlsx"
    write_xlsx(sheets, path)
    workbook = load_workbook(path)
    assert workbook.sheetnames == [
        "responses",
        "Class 7B_ gradebook _autumn_",
        "a_b_c_d_e" + "x" * 22,
        "RESPONSES (2)",
        "quoted",
        "Sheet",
        "History (2)",
    ]
    assert all(len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name) for name in workbook.sheetnames)
    assert workbook["Class 7B_ gradebook _autumn_"]["A2"].value == "g"


def test_a_workbook_needs_a_sheet():
    with pytest.raises(
        ValueError, match="^an XLSX workbook needs at least one sheet; Excel will not open one without$"
    ):
        write_xlsx([], io.BytesIO())


def test_a_failing_source_fails_the_xlsx_export_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    consumed: list[int] = []
    sheets = [
        Sheet(name="done", header=["a"], rows=[["ok"]]),
        Sheet(name="x", header=["a", "b"], rows=rows_then_explode(5, consumed)),
        Sheet(name="never started", header=["a"], rows=[]),
    ]
    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    with pytest.raises(Exploded):
        write_xlsx(sheets, tmp_path / "export.xlsx")
    assert consumed == [0, 1, 2, 3, 4]
    assert list(spool.iterdir()) == []
    assert not (tmp_path / "export.xlsx").exists()


def test_rows_are_spooled_to_a_temporary_file_while_the_workbook_is_written(tmp_path, monkeypatch):
    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    seen: list[list[str]] = []

    def rows():
        yield ["first"]
        seen.append([path.name for path in spool.rglob("*") if path.is_file()])
        yield ["second"]

    write_xlsx([Sheet(name="x", header=["a"], rows=rows())], tmp_path / "export.xlsx")
    assert len(seen[0]) == 1 and list(spool.iterdir()) == []


# Properties


@given(st.text())
def test_any_text_round_trips_through_csv_as_itself_or_with_an_apostrophe(text):
    cleaned = ILLEGAL_CHARACTERS.sub("", text)
    [[written]] = csv_rows_of(Sheet(name="x", header=["a"], rows=[[text]]))[1:]
    assert written in (cleaned, "'" + cleaned)
    assert not written.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r", "\n", "\0"))
    assert not ILLEGAL_CHARACTERS.search(written)


@given(st.text())
def test_safe_text_adds_an_apostrophe_exactly_when_the_cleaned_text_starts_with_a_trigger(text):
    cleaned = ILLEGAL_CHARACTERS.sub("", text)
    dangerous = cleaned.lstrip(" ")[:1] in {"=", "+", "-", "@", "\t", "\r", "\n"}
    assert safe_text(text) == ("'" + cleaned if dangerous else cleaned)


# Architecture


def test_the_module_imports_no_flask():
    code = (
        "import importlib, sys, types\n"
        "package = types.ModuleType('quiz'); package.__path__ = ['quiz']; sys.modules['quiz'] = package\n"
        "importlib.import_module('quiz.classroom.spreadsheets')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'flask_sqlalchemy', 'flask_wtf', 'werkzeug')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
