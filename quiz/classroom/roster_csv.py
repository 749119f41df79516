"""Reading a class list (a roster) of names and IDs, as a school's systems, Excel or Google Sheets export one.

Pure: the teacher's file or pasted text goes in, the rows or the problems come out, each problem with its line in the
file and what to do about it. Whether a row is new to the class or names a student already in it is the store's
question (quiz/store/roster.py).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field

from quiz.classroom.names import clean_name, name_key, skeleton
from quiz.classroom.uploaded_csv import MOST_BYTES, SAVE_AS_CSV, file_text

# A class list of a whole year group is a few hundred lines; these leave room and keep a wrong file from costing much.
MOST_ROWS = 1000
NAME_LENGTH = 30
ID_LENGTH = 100
# The separators a list may use, best first: when two are in as many lines, and as often in the first, the one rarer
# in names is the file's, so that "Brown, Ana;S1" is split at the ";".
DELIMITERS = ("\t", ";", ",")
# A separator as a message names it (one, and many), and how to put one between a name and an ID: a tab cannot be
# typed in the page's box, but a spreadsheet puts one between its columns.
SEPARATORS = {
    ",": ("a comma", "commas", "put a comma between them"),
    ";": ("a semicolon", "semicolons", "put a semicolon between them"),
    "\t": ("a tab", "tabs", "put the ID in the next column, as on the other lines"),
}
# Headings are compared in lower case with anything but letters and digits made a space: "Student_ID" is "student id".
NAME_HEADINGS = frozenset(
    {"name", "names", "student", "students", "student name", "full name", "display name", "pupil", "pupil name"}
)
FIRST_NAME_HEADINGS = frozenset({"first name", "given name", "forename", "first"})
LAST_NAME_HEADINGS = frozenset({"last name", "surname", "family name", "last"})
# The ID the school's gradebook matches on, best first: Canvas's own export has "ID" (Canvas's number for the student)
# beside "SIS User ID" (the school's), and the school's is the one to keep.
ID_HEADINGS = (
    "sis user id",
    "student id",
    "student number",
    "sis id",
    "id number",
    "user id",
    "id",
    "sis login id",
    "login id",
    "username",
    "email address",
    "email",
    "e mail",
)
HEADINGS = NAME_HEADINGS | FIRST_NAME_HEADINGS | LAST_NAME_HEADINGS | set(ID_HEADINGS)
# Canvas's gradebook export has this row under its header; someone may well give that file as their class list.
CANVAS_POINTS_ROW = "points possible"
# Lens's own exports put a ' before text a spreadsheet would run as a formula; a list made from one gets it back off.
FORMULA_TRIGGERS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class RosterRow:
    """A student on the list: the line they are on, their name, and their ID if the list gives one."""

    line: int
    name: str
    external_id: str | None


@dataclass
class RosterFile:
    """What a class list holds: its rows, every problem found (none: it may be imported), and how it was read."""

    rows: list[RosterRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_roster(data: bytes | str) -> RosterFile:
    """The rows of a class list given as a file's bytes or as pasted text, or the problems that keep it out."""
    result = RosterFile()
    if isinstance(data, bytes):
        text, result.problems = file_text(data)
        if text is None:
            return result
    else:
        text = data
    if len(text.encode("utf-8", "surrogatepass")) > MOST_BYTES:
        result.problems.append(f"The list is over {MOST_BYTES // 1024} KiB: give one class at a time.")
        return result
    records, misread = _records(text, result)
    if result.problems:
        return result
    records = [(line, cells) for line, cells in records if any(cells)]
    if not records:
        result.problems.append("The list is empty: give one student a line, their name and then their ID.")
        return result
    columns = _columns(records, result)
    if columns is None:
        return result
    _read_rows(records, columns, misread, result)
    return result


def _records(text: str, result: RosterFile) -> tuple[list[tuple[int, list[str]]], dict[int, str]]:
    """Each record with the line it starts on, cells trimmed (a quoted cell may run over several lines); and, by
    line, the problem of each line that seems split by another separator than the file's."""
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records, misread, previous_end = [], {}, 0
    try:
        for cells in reader:
            line = previous_end + 1
            records.append((line, [_cell(cell) for cell in cells]))
            if problem := _misread(line, cells, delimiter):
                misread[line] = problem
            previous_end = reader.line_num
            if len(records) > MOST_ROWS + 1:
                result.problems.append(f"The list has more than {MOST_ROWS} lines: give one class at a time.")
                return [], {}
    except csv.Error as error:
        result.problems.append(f"line {previous_end + 1}: this line cannot be read as CSV ({error}). {SAVE_AS_CSV}")
        return [], {}
    return records, misread


def _delimiter(text: str) -> str:
    """The separator most lines have, so that a line with another one is the odd one out; a comma when none has."""
    # Counted outside quoted cells, so that "Brown, Ana";S1 is read as separated by semicolons.
    lines = [line for line in re.sub(r'"[^"]*"', "", text).splitlines() if line.strip()]
    having = Counter(d for line in lines for d in DELIMITERS if d in line)
    # A tie goes to the separator the first line (a heading row, often) has most of.
    return max(DELIMITERS, key=lambda d: (having[d], lines[0].count(d))) if having else ","


def _misread(line: int, cells: list[str], delimiter: str) -> str | None:
    """What to say of a line without the file's separator that another one splits: "Cara;S3" in a comma file. It is
    a problem only once the file turns out to have several columns (_read_rows)."""
    filled = [cell for cell in cells if cell.strip()]
    if len(filled) != 1:
        return None
    other = next((d for d in DELIMITERS if d != delimiter and _splits(filled[0], d)), None)
    if other is None:
        return None
    shown = _cell(filled[0].replace("\t", " "))
    return (
        f"line {line}: “{shown}” looks like a name and an ID separated by {SEPARATORS[other][0]}, but this file uses "
        f"{SEPARATORS[delimiter][1]}: {SEPARATORS[delimiter][2]}."
    )


def _splits(cell: str, separator: str) -> bool:
    """Whether the separator splits the cell into a name and an ID (or into headings)."""
    parts = [part.strip() for part in cell.split(separator) if part.strip()]
    if len(parts) < 2:
        return False
    # No one's name has a tab or a semicolon, so either splits the cell. A comma is part of a name written surname
    # first ("Brown, Ana", as Canvas writes them): it splits the cell only when what is before or after it looks like
    # an ID ("Cara,S3", "S3,Cara"), or when the cell is a heading row ("Name,ID" heading a file of semicolons).
    ends = (parts[0], parts[-1])
    return separator != "," or any(_looks_like_an_id(end) for end in ends) or _heading(parts[0]) in HEADINGS


def _cell(value: str) -> str:
    text = clean_name(value)
    if text.startswith("'") and text[1:].lstrip().startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


@dataclass(frozen=True)
class Columns:
    """Where the names and IDs are, and the line the students start on."""

    name: int | tuple[int, int]  # one column, or (first name, last name)
    external_id: int | None
    start: int

    @property
    def several(self) -> bool:
        """Whether a line is read as several cells: a name and an ID, or a first and a last name."""
        return self.external_id is not None or isinstance(self.name, tuple)


def _heading(cell: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", cell.casefold()).strip()


def _columns(records: list[tuple[int, list[str]]], result: RosterFile) -> Columns | None:
    line, cells = records[0]
    headings = [_heading(cell) for cell in cells]
    if not any(heading in HEADINGS for heading in headings):
        return _headless(records, result)
    external_id = next((headings.index(h) for h in ID_HEADINGS if h in headings), None)
    name = next((i for i, heading in enumerate(headings) if heading in NAME_HEADINGS), None)
    first = next((i for i, heading in enumerate(headings) if heading in FIRST_NAME_HEADINGS), None)
    last = next((i for i, heading in enumerate(headings) if heading in LAST_NAME_HEADINGS), None)
    if name is None and first is not None and last is not None:
        result.notes.append(f"Names are “{cells[first]}” and “{cells[last]}” put together.")
        name = (first, last)
    if name is None:
        result.problems.append(
            f"line {line}: no column is headed with the students' names. Head it “Name” or “Student”, "
            "or leave out the heading row (the first column is then read as the name and the second as the ID)."
        )
        return None
    if isinstance(name, int):
        result.notes.append(f"Names are read from the column “{cells[name]}”.")
    result.notes.append(
        f"IDs are read from the column “{cells[external_id]}”." if external_id is not None else "The list has no IDs."
    )
    return Columns(name, external_id, 1)


def _headless(records: list[tuple[int, list[str]]], result: RosterFile) -> Columns:
    """No heading row: the name first and the ID second, unless the first column is clearly the IDs."""
    width = max(len(cells) for _, cells in records)
    if width < 2:
        result.notes.append("No heading row: each line is read as a name, with no ID.")
        return Columns(0, None, 0)
    firsts = [cells[0] for _, cells in records if cells[0]]
    seconds = [cells[1] for _, cells in records if len(cells) > 1 and cells[1]]
    if firsts and all(_looks_like_an_id(cell) for cell in firsts) and not any(_looks_like_an_id(c) for c in seconds):
        result.notes.append(
            "No heading row: the first column looks like IDs, so it is read as the ID and the second as the name."
        )
        return Columns(1, 0, 0)
    result.notes.append("No heading row: the first column is read as the name and the second as the ID.")
    return Columns(0, 1, 0)


def _looks_like_an_id(cell: str) -> bool:
    """A student number or a login: a digit or an @ (an email address), and no space."""
    return (any(char.isdigit() for char in cell) or "@" in cell) and " " not in cell


def _value(cells: list[str], column: int | None) -> str:
    return cells[column] if column is not None and column < len(cells) else ""


def _read_rows(
    records: list[tuple[int, list[str]]], columns: Columns, misread: dict[int, str], result: RosterFile
) -> None:
    names: dict[str, int] = {}
    skeletons: dict[str, tuple[str, int]] = {}
    ids: dict[str, int] = {}
    for line, cells in records[columns.start :]:
        if isinstance(columns.name, tuple):
            name = " ".join(part for part in (_value(cells, c) for c in columns.name) if part)
        else:
            name = _value(cells, columns.name)
        external_id = _value(cells, columns.external_id) or None
        if name.casefold() == CANVAS_POINTS_ROW and columns.start:
            continue
        problem = misread.get(line) if columns.several else None
        problem = problem or _row_problem(line, name, external_id, names, skeletons, ids)
        if problem:
            result.problems.append(problem)
            continue
        result.rows.append(RosterRow(line, name, external_id))
    if not result.rows and not result.problems:
        result.problems.append("The list has a heading row and no students under it.")


def _row_problem(
    line: int,
    name: str,
    external_id: str | None,
    names: dict[str, int],
    skeletons: dict[str, tuple[str, int]],
    ids: dict[str, int],
) -> str | None:
    """What is wrong with one line, given the lines before it; the line is remembered when nothing is."""
    if not name:
        return f"line {line}: the name is empty. Add the student's name or delete the line."
    if len(name) > NAME_LENGTH:
        return (
            f"line {line}: the name “{name}” is {len(name)} characters long; Lens keeps names to {NAME_LENGTH}. "
            "Shorten it: a first name and an initial will do."
        )
    if external_id and len(external_id) > ID_LENGTH:
        return f"line {line}: the ID is {len(external_id)} characters long; Lens keeps IDs to {ID_LENGTH}."
    key = name_key(name)
    if key in names:
        return f"line {line}: the name “{name}” is also on line {names[key]}. Add an initial to one of them."
    shape = skeleton(name)
    if shape in skeletons:
        other, other_line = skeletons[shape]
        return (
            f"line {line}: the name “{name}” looks the same as “{other}” on line {other_line} "
            "(a letter from another alphabet?). Retype it, or add an initial."
        )
    id_key = external_id.casefold() if external_id else None
    if id_key and id_key in ids:
        return f"line {line}: ID {external_id} is also on line {ids[id_key]}. Each student needs their own ID."
    names[key], skeletons[shape] = line, (name, line)
    if id_key:
        ids[id_key] = line
    return None
