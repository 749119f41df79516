"""A class's exports as files: read from the database in streaming batches, shared by the dashboard and the CLI."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from quiz.bank.exercises import ExerciseSet
from quiz.classroom.export_sheets import Roster, gradebook_sheet, responses_sheet
from quiz.classroom.spreadsheets import Sheet, csv_chunks, write_xlsx
from quiz.models import Classroom, utcnow
from quiz.store import class_records


def file_name(classroom: Classroom, kind: str, fmt: str) -> str:
    """Like lens-7b-english-responses-2026-11-27.csv: which class, what, when."""
    slug = re.sub(r"[^a-z0-9]+", "-", classroom.name.lower()).strip("-")[:40] or "class"
    return f"lens-{slug}-{kind}-{utcnow():%Y-%m-%d}.{fmt}"


def _roster(classroom: Classroom) -> tuple[Roster, list[int]]:
    members = class_records.members(classroom)
    return Roster(classroom.name, {m.learner_id: m.display_name for m in members}), [m.learner_id for m in members]


def responses(classroom: Classroom, sets: dict[str, ExerciseSet]) -> Sheet:
    roster, _ = _roster(classroom)
    return responses_sheet(roster, class_records.records(classroom), sets)


def gradebook(classroom: Classroom, sets: dict[str, ExerciseSet]) -> Sheet:
    members, shown, marks = class_records.class_marks(classroom, sets, responses=False)
    roster = Roster(classroom.name, {m.learner_id: m.display_name for m in members})
    return gradebook_sheet(roster, [m.learner_id for m in members], marks, shown)


SHEETS = {"responses": responses, "gradebook": gradebook}


def csv_of(classroom: Classroom, kind: str, sets: dict[str, ExerciseSet]) -> Iterator[str]:
    """The responses or the gradebook as CSV text, in pieces."""
    return csv_chunks(SHEETS[kind](classroom, sets))


def write_workbook(classroom: Classroom, sets: dict[str, ExerciseSet], target: str | BinaryIO) -> None:
    """Both sheets in one XLSX workbook."""
    write_xlsx([gradebook(classroom, sets), responses(classroom, sets)], target)
