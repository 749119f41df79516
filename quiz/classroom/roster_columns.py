"""Which column of a class list holds what: the names and the IDs as its heading row names them, or, with no heading
row, as the values look. Pure, like the reader of the list's lines (roster_csv.py) that asks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A line of the file: the line it starts on, and its cells, trimmed.
Record = tuple[int, list[str]]

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
# Without a heading row a line is read as a name and an ID, whichever comes first.
HEADLESS_WIDTH = 2


@dataclass(frozen=True)
class Columns:
    """Where the names and IDs are, how many columns a line may fill, and the line the students start on."""

    name: int | tuple[int, int]  # one column, or (first name, last name)
    external_id: int | None
    width: int  # the heading row's columns, or what a line is read as without one
    start: int

    @property
    def several(self) -> bool:
        """Whether a line is read as several cells: a name and an ID, or a first and a last name."""
        return self.external_id is not None or isinstance(self.name, tuple)


def heading(cell: str) -> str:
    """A cell as a heading is compared: lower case, words only."""
    return re.sub(r"[^a-z0-9]+", " ", cell.casefold()).strip()


def looks_like_an_id(cell: str) -> bool:
    """A student number or a login: a digit or an @ (an email address), and no space."""
    return (any(char.isdigit() for char in cell) or "@" in cell) and " " not in cell


def read_columns(records: list[Record], notes: list[str], problems: list[str]) -> Columns | None:
    """The columns of the names and IDs, with a note of how they were found; None, with the problem, when no column
    is headed with the names."""
    line, cells = records[0]
    headings = [heading(cell) for cell in cells]
    if not any(each in HEADINGS for each in headings):
        return _headless(records, notes)
    external_id = next((headings.index(h) for h in ID_HEADINGS if h in headings), None)
    name = next((i for i, each in enumerate(headings) if each in NAME_HEADINGS), None)
    first = next((i for i, each in enumerate(headings) if each in FIRST_NAME_HEADINGS), None)
    last = next((i for i, each in enumerate(headings) if each in LAST_NAME_HEADINGS), None)
    if name is None and first is not None and last is not None:
        notes.append(f"Names are “{cells[first]}” and “{cells[last]}” put together.")
        name = (first, last)
    if name is None:
        problems.append(
            f"line {line}: no column is headed with the students' names. Head it “Name” or “Student”, "
            "or leave out the heading row (the first column is then read as the name and the second as the ID)."
        )
        return None
    if isinstance(name, int):
        notes.append(f"Names are read from the column “{cells[name]}”.")
    notes.append(
        f"IDs are read from the column “{cells[external_id]}”." if external_id is not None else "The list has no IDs."
    )
    return Columns(name, external_id, len(cells), 1)


def _headless(records: list[Record], notes: list[str]) -> Columns:
    """No heading row: the name first and the ID second, unless the first column is clearly the IDs."""
    if max(len(cells) for _, cells in records) < HEADLESS_WIDTH:
        notes.append("No heading row: each line is read as a name, with no ID.")
        return Columns(0, None, 1, 0)
    firsts = [cells[0] for _, cells in records if cells[0]]
    seconds = [cells[1] for _, cells in records if len(cells) > 1 and cells[1]]
    if firsts and all(looks_like_an_id(cell) for cell in firsts) and not any(looks_like_an_id(c) for c in seconds):
        notes.append(
            "No heading row: the first column looks like IDs, so it is read as the ID and the second as the name."
        )
        return Columns(1, 0, HEADLESS_WIDTH, 0)
    notes.append("No heading row: the first column is read as the name and the second as the ID.")
    return Columns(0, 1, HEADLESS_WIDTH, 0)
