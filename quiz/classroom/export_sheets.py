"""What a class export holds: responses (one row per answered item) and the gradebook (one row per student).

Pure: rows are built from plain records and the bank, and written by spreadsheets.py, so the dashboard's
download and the `flask export` command give the same files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from quiz.bank.exercises import ExerciseSet
from quiz.bank.schema import SKILL_NAMES
from quiz.classroom.gradebook import Grid, Record
from quiz.classroom.spreadsheets import Sheet
from quiz.items import described, stored_response

RESPONSES_HEADER = [
    "Class",
    "Student",
    "Exercise set",
    "Item",
    "Skill",
    "Score (%)",
    "Counted score (%)",
    "Max (%)",
    "Attempt",
    "Submitted at (UTC)",
    "Answer",
    "Teacher's comment",
]
RESPONSES_WIDTHS = [18, 22, 28, 22, 18, 10, 12, 8, 8, 21, 60, 40]
EARLIER_VERSION = "(answered an earlier version of this item: its words may not match the item now)"
GONE = "(this item is no longer in the exercise files)"


@dataclass(frozen=True)
class Roster:
    """A class as its exports name it: its name, and each student's display name by learner id."""

    class_name: str
    names: dict[int, str]


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
        exercise_set = sets.get(record.set_id)
        yield [
            who.class_name,
            who.names[record.learner_id],
            exercise_set.title if exercise_set else record.set_id,
            record.item_id,
            SKILL_NAMES.get(record.skill, record.skill),
            gradebook_percent(record.score),
            gradebook_percent(record.counted),
            100,
            record.attempt,
            record.submitted_at,
            readable_answer(exercise_set, record),
            record.comment or "",
        ]


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
    header = (
        ["Student"]
        + [f"{exercise_set.title} (%)" for exercise_set in sets.values()]
        + [f"{SKILL_NAMES.get(skill, skill)} (%)" for skill in skills]
        + ["Sets finished", "Total (%, unfinished sets count 0)"]
    )
    totals, finished = marks.totals(), marks.sets_finished()
    rows = (
        [who.names[learner]]
        + [gradebook_percent(marks.cells[learner][set_id].score) for set_id in sets]
        + [gradebook_percent(marks.skill_standings[learner][skill].score) for skill in skills]
        + [finished[learner], gradebook_percent(totals[learner])]
        for learner in order
    )
    return Sheet("Gradebook", header, rows, [22] + [max(12, min(len(name), 30)) for name in header[1:]])
