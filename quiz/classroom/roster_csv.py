"""Reading a class list (a roster) of names and IDs, as a school's systems, Excel or Google Sheets export one.

Pure: the teacher's file or pasted text goes in, the rows or the problems come out, each problem with its line in the
file and what to do about it. Which column holds the names and which the IDs is decided in roster_columns.py; whether
a row is new to the class or names a student already in it is the store's question (quiz/store/roster.py).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field

from quiz.classroom.names import clean_name, name_key, skeleton
from quiz.classroom.roster_columns import HEADINGS, Columns, Record, heading, looks_like_an_id, read_columns
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
    records, lines = _records(text, result)
    if result.problems:
        return result
    records = [(line, cells) for line, cells in records if any(cells)]
    if not records:
        result.problems.append("The list is empty: give one student a line, their name and then their ID.")
        return result
    columns = read_columns(records, result.notes, result.problems)
    if columns is None:
        return result
    _read_rows(records, columns, lines, result)
    return result


@dataclass
class Lines:
    """How the file's lines are split: its separator, each line as written (for the messages), and the problem of each
    line that seems split by another separator than the file's."""

    separator: str
    written: dict[int, str] = field(default_factory=dict)
    misread: dict[int, str] = field(default_factory=dict)


def _records(text: str, result: RosterFile) -> tuple[list[Record], Lines]:
    """Each record with the line it starts on, cells trimmed (a quoted cell may run over several lines), and how the
    lines are split."""
    lines = Lines(_delimiter(text))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=lines.separator)
    records: list[Record] = []
    previous_end = 0
    try:
        for cells in reader:
            line = previous_end + 1
            records.append((line, [_cell(cell) for cell in cells]))
            lines.written[line] = clean_name(_csv_line(cells, lines.separator))
            if problem := _misread(line, cells, lines.separator):
                lines.misread[line] = problem
            previous_end = reader.line_num
            if len(records) > MOST_ROWS + 1:
                result.problems.append(f"The list has more than {MOST_ROWS} lines: give one class at a time.")
                return [], lines
    except csv.Error as error:
        result.problems.append(f"line {previous_end + 1}: this line cannot be read as CSV ({error}). {SAVE_AS_CSV}")
        return [], lines
    return records, lines


def _csv_line(cells: list[str], separator: str) -> str:
    """Cells as a line of a CSV file, quoted where they need it."""
    line = io.StringIO()
    csv.writer(line, delimiter=separator, lineterminator="").writerow(cells)
    return line.getvalue()


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
    return separator != "," or any(looks_like_an_id(end) for end in ends) or heading(parts[0]) in HEADINGS


def _cell(value: str) -> str:
    text = clean_name(value)
    if text.startswith("'") and text[1:].lstrip().startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def _value(cells: list[str], column: int | None) -> str:
    return cells[column] if column is not None and column < len(cells) else ""


def _read_rows(records: list[Record], columns: Columns, lines: Lines, result: RosterFile) -> None:
    names: dict[str, int] = {}
    skeletons: dict[str, tuple[str, int]] = {}
    ids: dict[str, int] = {}
    for line, cells in records[columns.start :]:
        name, external_id = _name_and_id(cells, columns)
        if name.casefold() == CANVAS_POINTS_ROW and columns.start:
            continue
        problem = _split_problem(line, cells, columns, lines)
        problem = problem or _row_problem(line, name, external_id, names, skeletons, ids)
        if problem:
            result.problems.append(problem)
            continue
        result.rows.append(RosterRow(line, name, external_id))
    if not result.rows and not result.problems:
        result.problems.append("The list has a heading row and no students under it.")


def _name_and_id(cells: list[str], columns: Columns) -> tuple[str, str | None]:
    """The name and the ID a line gives, read from the file's columns."""
    if isinstance(columns.name, tuple):
        name = " ".join(part for part in (_value(cells, c) for c in columns.name) if part)
    else:
        name = _value(cells, columns.name)
    return name, _value(cells, columns.external_id) or None


def _split_problem(line: int, cells: list[str], columns: Columns, lines: Lines) -> str | None:
    """What to say of a line split otherwise than the file's columns: by another separator, at a comma in a name,
    or not at all."""
    misread = lines.misread.get(line) if columns.several else None
    return misread or _extra_values(line, cells, columns, lines) or _no_separator(line, cells, columns, lines.separator)


def _extra_values(line: int, cells: list[str], columns: Columns, lines: Lines) -> str | None:
    """What to say of a line with values past the columns read, which would be dropped unseen: most often a name
    written "Brown, Ana" without the quotes a spreadsheet puts around it."""
    # Empty cells past the last column are no loss, and Excel and Canvas end lines with them.
    count = max((i + 1 for i, cell in enumerate(cells) if cell), default=0)
    if count <= columns.width:
        return None
    has = f"the heading has {columns.width}" if columns.start else f"a list with no heading row has {columns.width}"
    fix = _extra_values_fix(cells[:count], columns, lines.separator)
    return f"line {line}: “{lines.written[line]}” has {count} values but {has}: {fix}"


def _extra_values_fix(cells: list[str], columns: Columns, separator: str) -> str:
    """How to mend a line with too many values: quote a name a comma splits, else head the columns."""
    name = columns.name
    # Taken for a name split at its comma when the line fits once the two halves are one again, and the second half
    # is no ID: "Brown, Ana, S1" under "Name,ID", but not "Ana,S1" under "Name", an ID with no heading.
    split_name = (
        separator == ","
        and isinstance(name, int)
        and len(cells) == columns.width + 1
        and cells[name]
        and cells[name + 1]
        and not looks_like_an_id(cells[name + 1])
    )
    if split_name:
        joined = [*cells[:name], f"{cells[name]}, {cells[name + 1]}", *cells[name + 2 :]]
        quoted = _csv_line(joined, separator)
        return f"a name with a comma in it needs quotes around it ({quoted}), as a spreadsheet saves it."
    if columns.start:
        return "head each column in the first line, or take out the values past the last heading."
    return "head each column in a first line (“Name”, “ID”, and the others), or take out the values past the second."


def _no_separator(line: int, cells: list[str], columns: Columns, separator: str) -> str | None:
    """What to say of a name ending in what looks like an ID, in a list with IDs, with no ID beside it: "Ana Brown S1"
    typed with a space where the separator goes."""
    # In a list with no IDs at all such a name is left alone: nothing says its last word is an ID, a name may carry a
    # number to tell two students apart ("Sam 2"), and the preview shows every name before anything is imported.
    if columns.external_id is None or not isinstance(columns.name, int) or _value(cells, columns.external_id):
        return None
    name = _value(cells, columns.name)
    words, _, last = name.rpartition(" ")
    if not words or not looks_like_an_id(last):
        return None
    first, second = (words, last) if columns.name < columns.external_id else (last, words)
    example = "" if separator == "\t" else f" ({first}{separator} {second})"
    return f"line {line}: “{name}” has no separator between the name and the ID: {SEPARATORS[separator][2]}{example}."


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
