"""A class's exports as files: read from the database in streaming batches, shared by the dashboard and the CLI."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from quiz.bank.exercises import ExerciseSet
from quiz.classroom import gradebook_formats
from quiz.classroom.export_sheets import Roster, gradebook_sheet, responses_sheet
from quiz.classroom.spreadsheets import Sheet, csv_chunks, write_xlsx
from quiz.models import Classroom, Membership, utcnow
from quiz.store import assignments, class_records


def file_name(classroom: Classroom, kind: str, fmt: str) -> str:
    """Like lens-7b-english-responses-2026-11-27.csv: which class, what, when."""
    slug = re.sub(r"[^a-z0-9]+", "-", classroom.name.lower()).strip("-")[:40] or "class"
    return f"lens-{slug}-{kind}-{utcnow():%Y-%m-%d}.{fmt}"


def roster_of(classroom: Classroom, members: list[Membership]) -> Roster:
    """The class as its exports name it: each student's name, and their ID where they have one; and the times of
    its assigned sets, the class's and each student's own where they were given more time."""
    return Roster(
        classroom.name,
        {m.learner_id: m.display_name for m in members},
        {m.learner_id: m.external_id for m in members if m.external_id},
        {a.exercise_id: assignments.schedule(a) for a in classroom.assignments},
        utcnow(),
        assignments.own_schedules(classroom),
    )


def responses(classroom: Classroom, sets: dict[str, ExerciseSet]) -> Sheet:
    roster = roster_of(classroom, class_records.members(classroom))
    return responses_sheet(roster, class_records.records(classroom), sets)


def _gradebook_as(sheet_of):
    def sheet(classroom: Classroom, sets: dict[str, ExerciseSet]) -> Sheet:
        members, shown, marks = class_records.class_marks(classroom, sets, responses=False)
        return sheet_of(roster_of(classroom, members), [m.learner_id for m in members], marks, shown)

    sheet.__doc__ = f"The class's gradebook as {sheet_of.__name__} lays it out, from the one model of marks."
    return sheet


gradebook = _gradebook_as(gradebook_sheet)
SHEETS = {
    "responses": responses,
    "gradebook": gradebook,
    "canvas": _gradebook_as(gradebook_formats.canvas_sheet),
    "google-classroom": _gradebook_as(gradebook_formats.google_classroom_sheet),
}


def csv_of(classroom: Classroom, kind: str, sets: dict[str, ExerciseSet]) -> Iterator[str]:
    """The responses or the gradebook as CSV text, in pieces."""
    return csv_chunks(SHEETS[kind](classroom, sets))


def write_workbook(classroom: Classroom, sets: dict[str, ExerciseSet], target: str | BinaryIO) -> None:
    """Both sheets in one XLSX workbook."""
    write_xlsx([gradebook(classroom, sets), responses(classroom, sets)], target)
