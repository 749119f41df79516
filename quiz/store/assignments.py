"""The sets a class is assigned, with their times and test settings, which stand in for the class's own."""

from __future__ import annotations

from quiz.classroom.schedule import ALWAYS_OPEN, Schedule
from quiz.models import Assignment, Classroom, aware, db
from quiz.store.rows import dialect_insert


def assignment_of(classroom: Classroom | None, set_id: str) -> Assignment | None:
    if classroom is None:
        return None
    return next((a for a in classroom.assignments if a.exercise_id == set_id), None)


def schedule(assignment: Assignment | None) -> Schedule:
    if assignment is None:
        return ALWAYS_OPEN
    return Schedule(aware(assignment.opens_at), aware(assignment.due_at), assignment.after_due)


def schedule_of(classroom: Classroom | None, set_id: str) -> Schedule:
    return schedule(assignment_of(classroom, set_id))


def assign(classroom: Classroom, set_id: str, **values) -> None:
    """Assign the set to the class, or change its assignment: opens_at, due_at, after_due, results and
    attempts_allowed, as the Assignment model names them."""
    statement = dialect_insert(Assignment).values(classroom_id=classroom.id, exercise_id=set_id, **values)
    statement = statement.on_conflict_do_update(
        index_elements=[Assignment.classroom_id, Assignment.exercise_id], set_=values
    )
    db.session.execute(statement)
    db.session.expire(classroom, ["assignments"])


def unassign(classroom: Classroom, set_id: str) -> None:
    """The set goes back to the class's own settings, with no times; its answers stay."""
    db.session.execute(db.delete(Assignment).filter_by(classroom_id=classroom.id, exercise_id=set_id))
    db.session.expire(classroom, ["assignments"])


def by_due_time(assignments: list[Assignment]) -> list[Assignment]:
    """Soonest due first; those due at no time last, in the order they were assigned."""
    return sorted(assignments, key=lambda a: (a.due_at is None, aware(a.due_at) if a.due_at else None, a.created_at))
