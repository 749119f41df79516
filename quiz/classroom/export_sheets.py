"""What a class export holds: responses (one row per answered item) and the gradebook (one row per student).

Pure: rows are built from plain records and the bank, and written by spreadsheets.py, so the dashboard's
download and the `flask export` command give the same files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, NamedTuple, TypeVar

from quiz.bank.exercises import ExerciseSet
from quiz.bank.schema import SKILL_NAMES
from quiz.classroom.gradebook import Grid, Record
from quiz.classroom.schedule import ALWAYS_OPEN, Schedule
from quiz.classroom.spreadsheets import CellValue, Sheet, iso_utc
from quiz.items import described, stored_response

EARLIER_VERSION = "(answered an earlier version of this item: its words may not match the item now)"
GONE = "(this item is no longer in the exercise files)"
Row = TypeVar("Row")


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column of an export: its header, its width in the workbook, and its cell for one row's facts. A column
    is added to an export by adding it to the export's tuple of columns, header and cells together."""

    header: str
    width: int
    cell: Callable[[Row], CellValue]


@dataclass(frozen=True)
class Roster:
    """A class as its exports name it: its name, and each student's display name (and ID in the school's systems,
    where the teacher gave one) by learner id."""

    class_name: str
    names: dict[int, str]
    ids: dict[int, str] = field(default_factory=dict)
    # The class's assigned sets' times, by set id, and the moment the export was made (what is missing is missing
    # as of then).
    schedules: dict[str, Schedule] = field(default_factory=dict)
    as_of: datetime | None = None
    # The times of the students given more time than the class, by learner id and set id.
    own_schedules: dict[tuple[int, str], Schedule] = field(default_factory=dict)

    def schedule(self, set_id: str, learner: int | None = None) -> Schedule:
        """The class's times for the set; given a student, theirs."""
        return self.own_schedules.get((learner, set_id)) or self.schedules.get(set_id, ALWAYS_OPEN)


class Student(NamedTuple):
    """The facts a row about one student is made of."""

    who: Roster
    learner: int

    @property
    def name(self) -> str:
        return self.who.names[self.learner]

    @property
    def external_id(self) -> str | None:
        return self.who.ids.get(self.learner) or None

    def schedule(self, set_id: str) -> Schedule:
        """The student's own times for the set: the class's, or those of their extension."""
        return self.who.schedule(set_id, self.learner)


# Who a row is about, as every export that names students begins: the name, then the ID beside it.
STUDENT_COLUMNS: tuple[Column[Student], ...] = (
    Column("Student", 22, lambda student: student.name),
    Column("Student ID", 14, lambda student: student.external_id),
)


class Answered(NamedTuple):
    """The facts a row of the responses is made of: the student, their stored answer, and the set it is in."""

    student: Student
    record: Record
    exercise_set: ExerciseSet | None


RESPONSES_COLUMNS: tuple[Column[Answered], ...] = (
    Column("Class", 18, lambda row: row.student.who.class_name),
    *(Column(c.header, c.width, lambda row, c=c: c.cell(row.student)) for c in STUDENT_COLUMNS),
    Column("Exercise set", 28, lambda row: row.exercise_set.title if row.exercise_set else row.record.set_id),
    Column("Item", 22, lambda row: row.record.item_id),
    Column("Skill", 18, lambda row: SKILL_NAMES.get(row.record.skill, row.record.skill)),
    Column("Score (%)", 10, lambda row: gradebook_percent(row.record.score)),
    Column("Counted score (%)", 12, lambda row: gradebook_percent(row.record.counted)),
    Column("Max (%)", 8, lambda row: 100),
    Column("Attempt", 8, lambda row: row.record.attempt),
    Column("Submitted at (UTC)", 21, lambda row: row.record.submitted_at),
    Column("Answer", 60, lambda row: readable_answer(row.exercise_set, row.record)),
    Column("Teacher's comment", 40, lambda row: row.record.comment or ""),
    # Last, so that the columns before stay where gradebook imports and formulas expect them.
    Column("Due at (UTC)", 21, lambda row: row.student.schedule(row.record.set_id).due_at),
    Column("Late", 6, lambda row: _late(row.student.schedule(row.record.set_id), row.record.submitted_at)),
)
RESPONSES_HEADER = [column.header for column in RESPONSES_COLUMNS]
RESPONSES_WIDTHS = [column.width for column in RESPONSES_COLUMNS]


def _late(schedule: Schedule, submitted_at: datetime | None) -> str:
    return "late" if submitted_at is not None and schedule.is_late(submitted_at) else ""


def gradebook_percent(score: float | None) -> float | None:
    """A score in [0, 1] as a percentage with one decimal, the way a gradebook takes it."""
    return None if score is None else round(score * 100, 1)


def responses_sheet(who: Roster, records: Iterable[Record], sets: dict[str, ExerciseSet]) -> Sheet:
    """One row per answered item, read lazily from the records."""
    return Sheet("Responses", RESPONSES_HEADER, _response_rows(who, records, sets), RESPONSES_WIDTHS)


def _response_rows(who: Roster, records: Iterable[Record], sets: dict[str, ExerciseSet]) -> Iterator[list]:
    for record in records:
        if record.item_id is None or record.learner_id not in who.names:
            continue
        row = Answered(Student(who, record.learner_id), record, sets.get(record.set_id))
        yield [column.cell(row) for column in RESPONSES_COLUMNS]


def readable_answer(exercise_set: ExerciseSet | None, record: Record) -> str:
    """The answer in words: the highlighted text, the labels chosen, the options picked."""
    item = exercise_set.item(record.item_id) if exercise_set else None
    if item is None:
        return GONE
    response = stored_response(item, record.item_version, record.response)
    return EARLIER_VERSION if response is None else described(item, response)


def gradebook_sheet(who: Roster, order: list[int], marks: Grid, sets: dict[str, ExerciseSet]) -> Sheet:
    """One row per student: each set's counted score, each skill's standing, the total; all as percentages, the
    same figures as the dashboard's and the student's own pages (gradebook.grid)."""
    skills = list(marks.skill_means)
    # An assigned set's status comes last, so that the score columns stay where an import expects them.
    assigned = [set_id for set_id in sets if set_id in who.schedules]
    header = (
        [column.header for column in STUDENT_COLUMNS]
        + [f"{exercise_set.title} (%)" for exercise_set in sets.values()]
        + [f"{SKILL_NAMES.get(skill, skill)} (%)" for skill in skills]
        + ["Sets finished", "Total (%, unfinished sets count 0)"]
        + [_status_header(sets[set_id], who.schedule(set_id)) for set_id in assigned]
    )
    totals, finished = marks.totals(), marks.sets_finished()
    rows = (
        [column.cell(Student(who, learner)) for column in STUDENT_COLUMNS]
        + [gradebook_percent(marks.cells[learner][set_id].score) for set_id in sets]
        + [gradebook_percent(marks.skill_standings[learner][skill].score) for skill in skills]
        + [finished[learner], gradebook_percent(totals[learner])]
        + [marks.cells[learner][set_id].status(who.schedule(set_id, learner), who.as_of) for set_id in assigned]
        for learner in order
    )
    widths = [column.width for column in STUDENT_COLUMNS]
    return Sheet("Gradebook", header, rows, widths + [max(12, min(len(name), 30)) for name in header[len(widths) :]])


def _status_header(exercise_set: ExerciseSet, schedule: Schedule) -> str:
    """Like "Loaded wording 1: status (due 2026-12-12 14:00 UTC)"."""
    due = f" (due {iso_utc(schedule.due_at)})" if schedule.due_at else ""
    return f"{exercise_set.title}: status{due}"
