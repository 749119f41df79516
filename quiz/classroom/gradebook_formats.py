"""The gradebook in the import formats of the gradebooks schools already use: Canvas's and Google Classroom's.

Pure, like export_sheets.py: the figures are the one model of marks (gradebook.grid), each set's counted score as
points out of 100, so a file holds the numbers the dashboard shows (with one decimal). The sheets are written by
spreadsheets.py, which keeps any text a spreadsheet could run as a formula inert.

Canvas: "Import" on the Gradebook takes a CSV laid out as its own export: the columns Student, ID, SIS User ID,
SIS Login ID and Section, then a column per assignment, and under the header a "Points Possible" row. Canvas matches
a row to a student by ID (Canvas's own number), SIS User ID or SIS Login ID, or else by name; a column whose heading
is no assignment's becomes a new assignment. Lens knows no Canvas numbers, so ID is left empty and the student's ID
goes in SIS User ID: give students their Canvas SIS User ID as their Lens ID. (Canvas's guide "How do I import grades
in the Gradebook?"; Ohio State's guide to importing a CSV file into Carmen (Canvas) grades, teaching.resources.osu.edu:
"Student Name OR Student ID OR Student SIS User ID ... Only one of these three fields is required", and "New
assignment columns in the Gradebook generate new assignments".)

Google Classroom: its grade download has the student's name and email address and a column per assignment; Lens's
file has the same shape (a column per set, or one set alone when given one), the student's ID under "Email Address":
give students their Classroom email as their Lens ID, so that the rows match. We found no general CSV import of grades
into Classroom's own gradebook documented (it takes grades from Forms quizzes, and syncs with student information
systems), so the file is for pasting a column, or for tools that match rows on the email address.
"""

from __future__ import annotations

import re

from quiz.bank.exercises import ExerciseSet
from quiz.classroom.export_sheets import Roster, Student, gradebook_percent
from quiz.classroom.gradebook import Grid
from quiz.classroom.spreadsheets import Sheet

# Every set is scored as a percentage, so as points it is out of 100.
POINTS_POSSIBLE = 100
CANVAS_STUDENT_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
# As Canvas's own export writes it, leading spaces included.
CANVAS_POINTS_ROW = "    Points Possible"
GOOGLE_STUDENT_COLUMNS = ["Name", "Email Address"]


def _points(marks: Grid, learner: int, sets: dict[str, ExerciseSet]) -> list[float | None]:
    """Each set's counted score as points out of 100; empty where no attempt is finished, which a gradebook's
    import leaves as it is rather than counting 0."""
    return [gradebook_percent(marks.cells[learner][set_id].score) for set_id in sets]


def _widths(header: list[str], first: int) -> list[int]:
    return [22] + [14] * (first - 1) + [max(12, min(len(name), 30)) for name in header[first:]]


def graded_sets(who: Roster, marks: Grid, sets: dict[str, ExerciseSet]) -> dict[str, ExerciseSet]:
    """The sets worth a gradebook column: the assigned ones, if the class has any, else those someone has a score
    on. Canvas makes a new assignment of every column it does not know, so a column per set the class merely sees
    would fill the course with empty assignments."""
    if who.schedules:
        return {set_id: s for set_id, s in sets.items() if set_id in who.schedules}
    return {set_id: s for set_id, s in sets.items() if marks.set_means.get(set_id) is not None}


# Canvas reads a heading ending in a number in brackets, "Quiz (2)", as the id of an assignment it already has.
CANVAS_ID_SUFFIX = re.compile(r"\s\((\d+)\)$")


def canvas_title(title: str) -> str:
    """A set's title as a Canvas heading that names a new assignment: a closing "(2)" is written "[2]"."""
    return CANVAS_ID_SUFFIX.sub(r" [\1]", title)


def canvas_sheet(who: Roster, order: list[int], marks: Grid, sets: dict[str, ExerciseSet]) -> Sheet:
    """The gradebook as Canvas imports it: a row per student, a column per graded set, points out of 100."""
    sets = graded_sets(who, marks, sets)
    header = CANVAS_STUDENT_COLUMNS + [canvas_title(exercise_set.title) for exercise_set in sets.values()]
    possible = [CANVAS_POINTS_ROW, None, None, None, None] + [POINTS_POSSIBLE] * len(sets)

    def rows():
        yield possible
        for learner in order:
            student = Student(who, learner)
            yield [student.name, None, student.external_id, None, None] + _points(marks, learner, sets)

    return Sheet("Canvas", header, rows(), _widths(header, len(CANVAS_STUDENT_COLUMNS)))


def google_classroom_sheet(who: Roster, order: list[int], marks: Grid, sets: dict[str, ExerciseSet]) -> Sheet:
    """The gradebook as Google Classroom's grade lists have it: name, email (or ID), a grade out of 100 per set."""
    header = GOOGLE_STUDENT_COLUMNS + [exercise_set.title for exercise_set in sets.values()]
    rows = (
        [Student(who, learner).name, Student(who, learner).external_id] + _points(marks, learner, sets)
        for learner in order
    )
    return Sheet("Google Classroom", header, rows, _widths(header, len(GOOGLE_STUDENT_COLUMNS)))
