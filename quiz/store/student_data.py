"""Everything stored about one student, for a school answering a parent's request to see it (GDPR Art. 15, FERPA):
their place in the class, and every attempt and answer with its score, the teacher's override and comment, and times.

The browser id, the session key and the personal code are left out: each opens the student's record, and the file
is meant to be handed on. The teacher's page shows the personal code."""

from __future__ import annotations

import json
import re
from datetime import datetime

from quiz.bank.exercises import ExerciseSet
from quiz.classroom.export_sheets import EARLIER_VERSION, GONE, gradebook_percent
from quiz.classroom.spreadsheets import Sheet, iso_utc
from quiz.items import described, stored_response
from quiz.models import Answer, Attempt, Extension, Learner, Membership, Override, Teacher, db, utcnow

NOT_INCLUDED = (
    "Not included: the random id in the student's browser cookie, its session key and the personal code, as each "
    "would let whoever holds this file open the student's record. The teacher can read the personal code on the "
    "student's page."
)
CSV_HEADER = [
    "Class",
    "Student",
    "Joined (UTC)",
    "Exercise set",
    "Attempt",
    "Attempt started (UTC)",
    "Attempt finished (UTC)",
    "Item",
    "Skill",
    "Item version",
    "Answered (UTC)",
    "Answer as stored",
    "Answer in words",
    "Score (%)",
    "Teacher's score (%)",
    "Teacher's comment",
    "Changed by",
    "Changed (UTC)",
]


def everything_about(membership: Membership, sets: dict[str, ExerciseSet]) -> dict:
    """The student's stored data as plain values (times in ISO 8601, UTC), attempts in order, answers within them."""
    learner = db.session.get(Learner, membership.learner_id)
    return {
        "about": f"Everything Lens stores about this student, as of {iso_utc(utcnow())}.",
        "not_included": NOT_INCLUDED,
        "student": {
            "display_name": membership.display_name,
            "name_as_compared": membership.name_key,
            "student_id": membership.external_id,
            "class": membership.classroom.name,
            "joined_at": _when(membership.joined_at),
            "record_created_at": _when(learner.created_at),
        },
        "attempts": _attempts(membership.learner_id, sets),
        "extensions": _extensions(membership.learner_id),
    }


def _extensions(learner_id: int) -> list[dict]:
    """The more time the teacher gave the student: on which set, until when, and when it was given."""
    query = db.select(Extension).filter_by(learner_id=learner_id).order_by(Extension.exercise_id)
    return [
        {"exercise_set": e.exercise_id, "due_at": _when(e.due_at), "given_at": _when(e.created_at)}
        for e in db.session.execute(query).scalars()
    ]


def _attempts(learner_id: int, sets: dict[str, ExerciseSet]) -> list[dict]:
    attempts: dict[int, dict] = {}
    for attempt, answer, override, changed_by in db.session.execute(_query(learner_id)):
        entry = attempts.setdefault(attempt.id, _attempt(attempt))
        if answer is not None:
            entry["answers"].append(_answer(answer, override, changed_by, sets.get(attempt.exercise_id)))
    return list(attempts.values())


def _query(learner_id: int):
    # The teacher who overrode a score, by name: the override holds only their id.
    return (
        db.select(Attempt, Answer, Override, Teacher.username)
        .outerjoin(Answer, Answer.attempt_id == Attempt.id)
        .outerjoin(Override, Override.answer_id == Answer.id)
        .outerjoin(Teacher, Teacher.id == Override.teacher_id)
        .filter(Attempt.learner_id == learner_id)
        .order_by(Attempt.exercise_id, Attempt.number, Answer.submitted_at, Answer.id)
    )


def _attempt(attempt: Attempt) -> dict:
    return {
        "exercise_set": attempt.exercise_id,
        "number": attempt.number,
        "started_at": _when(attempt.started_at),
        "finished_at": _when(attempt.finished_at),
        "answers": [],
    }


def _answer(answer: Answer, override: Override | None, changed_by: str | None, exercise_set: ExerciseSet | None):
    return {
        "item": answer.item_id,
        "skill": answer.skill,
        "item_version": answer.item_version,
        "answered_at": _when(answer.submitted_at),
        "answer_as_stored": answer.response,
        "answer_in_words": _in_words(answer, exercise_set),
        "score_percent": gradebook_percent(answer.score),
        "teacher_override": None if override is None else _override(override, changed_by),
    }


def _override(override: Override, changed_by: str | None) -> dict:
    return {
        "score_percent": gradebook_percent(override.score),
        "comment": override.comment,
        # None once the teacher's account is gone.
        "changed_by": changed_by,
        "changed_at": _when(override.changed_at),
    }


def _in_words(answer: Answer, exercise_set: ExerciseSet | None) -> str:
    """What the student marked or chose, as the exports word it."""
    item = exercise_set.item(answer.item_id) if exercise_set else None
    if item is None:
        return GONE
    response = stored_response(item, answer.item_version, answer.response)
    return EARLIER_VERSION if response is None else described(item, response)


def _when(moment: datetime | None) -> str | None:
    return None if moment is None else iso_utc(moment)


def as_sheet(data: dict) -> Sheet:
    """The same data as one table, a row per answer (or per attempt with none yet, or one row if nothing at all),
    the student's columns repeated on each, for a spreadsheet."""
    student = data["student"]
    who = [student["class"], student["display_name"], student["joined_at"]]
    rows = [who + _attempt_cells(attempt) + _answer_cells(answer) for attempt, answer in _answered(data["attempts"])]
    return Sheet("Student", CSV_HEADER, rows or [who + [None] * (len(CSV_HEADER) - len(who))])


def _answered(attempts: list[dict]):
    for attempt in attempts:
        for answer in attempt["answers"] or [None]:
            yield attempt, answer


def _attempt_cells(attempt: dict) -> list:
    return [attempt["exercise_set"], attempt["number"], attempt["started_at"], attempt["finished_at"]]


def _answer_cells(answer: dict | None) -> list:
    if answer is None:
        # Blank after the student's 3 columns and the attempt's 4: an attempt begun with nothing answered yet.
        return [None] * (len(CSV_HEADER) - 7)
    override = answer["teacher_override"] or {}
    return [
        answer["item"],
        answer["skill"],
        answer["item_version"],
        answer["answered_at"],
        _compact_json(answer["answer_as_stored"]),
        answer["answer_in_words"],
        answer["score_percent"],
        override.get("score_percent"),
        override.get("comment"),
        override.get("changed_by"),
        override.get("changed_at"),
    ]


def _compact_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def file_name(membership: Membership, fmt: str) -> str:
    """Like lens-7b-english-ana-2026-11-27.json: which class, which student, when; letters a-z and digits only, so
    the header needs no encoding."""
    student = _slug(membership.display_name) or f"student-{membership.learner_id}"
    parts = [_slug(membership.classroom.name) or "class", student]
    return f"lens-{'-'.join(parts)}-{utcnow():%Y-%m-%d}.{fmt}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]
