"""Stored answers read in one query: a class's, for the dashboard, the item statistics and the exports, and one
learner's, for their own pages."""

from __future__ import annotations

from collections.abc import Iterator

from quiz.classroom.gradebook import Record
from quiz.models import Answer, Attempt, Classroom, Membership, Override, db


def members(classroom: Classroom) -> list[Membership]:
    """The class's students in name order."""
    query = db.select(Membership).filter_by(classroom_id=classroom.id).order_by(Membership.name_key)
    return list(db.session.execute(query).scalars())


def records(classroom: Classroom, learner_id: int | None = None, batch: int = 2000) -> Iterator[Record]:
    """Every attempt and answer of the class's students (or of one of them), streamed in batches."""
    query = _records_query().join(Membership, Membership.learner_id == Attempt.learner_id)
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


def _records_query():
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
            Answer.response,
            Answer.item_version,
            Override.comment,
            Answer.id,
        )
        .outerjoin(Answer, Answer.attempt_id == Attempt.id)
        .outerjoin(Override, Override.answer_id == Answer.id)
        .order_by(Attempt.learner_id, Attempt.exercise_id, Attempt.number, Answer.submitted_at, Answer.id)
    )


def _streamed(query, batch: int) -> Iterator[Record]:
    for row in db.session.execute(query.execution_options(yield_per=batch)):
        yield Record(*row)
