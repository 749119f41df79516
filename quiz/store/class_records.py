"""Stored answers read in one query: a class's, for the dashboard, the item statistics and the exports, and one
learner's, for their own pages."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import null

from quiz.bank.exercises import ExerciseSet
from quiz.classroom.gradebook import COUNTS_OUTSIDE_CLASSES, Grid, Record, StudentMarks, grid
from quiz.models import Answer, Attempt, Classroom, Learner, Membership, Override, db
from quiz.store import bank_owners


def members(classroom: Classroom) -> list[Membership]:
    """The class's students in name order."""
    query = db.select(Membership).filter_by(classroom_id=classroom.id).order_by(Membership.name_key)
    return list(db.session.execute(query).scalars())


def records(
    classroom: Classroom, learner_id: int | None = None, batch: int = 2000, responses: bool = True
) -> Iterator[Record]:
    """Every attempt and answer of the class's students (or of one of them), streamed in batches. When `responses`
    is false, only what marks need (scores and times): not what each student answered, the item's version or the
    teacher's comment, which a big class's page of marks would spend most of its time reading and decoding."""
    query = _records_query(responses).join(Membership, Membership.learner_id == Attempt.learner_id)
    query = query.filter(Membership.classroom_id == classroom.id)
    if learner_id is not None:
        query = query.filter(Attempt.learner_id == learner_id)
    return _streamed(query, batch)


def learner_records(learner_id: int, set_ids: list[str] | None = None, batch: int = 2000) -> Iterator[Record]:
    """Every attempt and answer of one learner, in a class or not (or at the given sets only), in one query."""
    query = _records_query().filter(Attempt.learner_id == learner_id)
    if set_ids is not None:
        query = query.filter(Attempt.exercise_id.in_(set_ids))
    return _streamed(query, batch)


def _records_query(responses: bool = True):
    return (
        db.select(
            Attempt.learner_id,
            Attempt.exercise_id,
            Attempt.number,
            Attempt.started_at,
            Attempt.finished_at,
            Answer.item_id,
            Answer.skill,
            Answer.score,
            Override.score,
            Answer.submitted_at,
            *((Answer.response, Answer.item_version, Override.comment) if responses else (null(), null(), null())),
            Answer.id,
        )
        .outerjoin(Answer, Answer.attempt_id == Attempt.id)
        .outerjoin(Override, Override.answer_id == Answer.id)
        .order_by(Attempt.learner_id, Attempt.exercise_id, Attempt.number, Answer.submitted_at, Answer.id)
    )


def _streamed(query, batch: int) -> Iterator[Record]:
    # On the session's connection, not through the session: the rows are plain values, and the ORM's handling of
    # each row took half the time of reading a big class (bench/profile_pages.py).
    for row in db.session.connection().execute(query.execution_options(yield_per=batch)):
        yield Record(*row)


def class_marks(
    classroom: Classroom, sets: dict[str, ExerciseSet], learner_id: int | None = None, responses: bool = True
) -> tuple[list[Membership], dict[str, ExerciseSet], Grid]:
    """The class's members (or one of them), the sets the class sees, and their marks on them from two queries:
    how every teacher's page and export gets a class's figures (with what each student answered, unless
    `responses` is false)."""
    shown = classroom.sets_shown(sets, bank_owners.private_sets())
    members_ = [m for m in members(classroom) if learner_id is None or m.learner_id == learner_id]
    found = records(classroom, learner_id, responses=responses)
    marks = grid([m.learner_id for m in members_], found, shown, classroom.counts)
    return members_, shown, marks


def learner_marks(
    learner: Learner | None, classroom: Classroom | None, sets: dict[str, ExerciseSet], withheld: set[str]
) -> StudentMarks:
    """A learner's marks from one query, figured as their teacher's gradebook figures them; withheld sets keep
    their attempts but show no score and stay out of the standing and the total."""
    found = learner_records(learner.id, list(sets)) if learner else []
    me = learner.id if learner else 0
    return grid([me], found, sets, counts_for(classroom), withheld).of(me)


def counts_for(classroom: Classroom | None) -> str:
    """Which finished attempt at a set counts: the class's choice, or the best outside any class."""
    return classroom.counts if classroom else COUNTS_OUTSIDE_CLASSES
