"""The sets a class is assigned, with their times and test settings, which stand in for the class's own; and the
extensions that give one student until a later time."""

from __future__ import annotations

from datetime import datetime

from quiz.classroom.schedule import ALWAYS_OPEN, Schedule
from quiz.models import Assignment, Classroom, Extension, aware, db
from quiz.store.rows import dialect_insert


def assignment_of(classroom: Classroom | None, set_id: str) -> Assignment | None:
    if classroom is None:
        return None
    return next((a for a in classroom.assignments if a.exercise_id == set_id), None)


def schedule(assignment: Assignment | None, learner_id: int | None = None) -> Schedule:
    """The class's times for the set; given a student, theirs, with the due time of their extension if they have
    one. Every page and export that decides for one student asks for theirs."""
    if assignment is None:
        return ALWAYS_OPEN
    times = Schedule(aware(assignment.opens_at), aware(assignment.due_at), assignment.after_due)
    extension = extension_of(assignment, learner_id)
    return times if extension is None else times.extended_to(extension.due_at)


def schedule_of(classroom: Classroom | None, set_id: str, learner_id: int | None = None) -> Schedule:
    return schedule(assignment_of(classroom, set_id), learner_id)


def extension_of(assignment: Assignment, learner_id: int | None) -> Extension | None:
    """The student's extension on the assignment, from the extensions loaded with it (no query)."""
    return next((e for e in assignment.extensions if e.learner_id == learner_id), None)


def own_schedules(classroom: Classroom) -> dict[tuple[int, str], Schedule]:
    """The times of every student given more time than the class, by learner id and set id. An extension no later
    than the class's due time (the class's was moved past it) gives none, and is left out."""
    return {
        (extension.learner_id, assignment.exercise_id): theirs
        for assignment in classroom.assignments
        for extension in assignment.extensions
        if (theirs := schedule(assignment, extension.learner_id)) != schedule(assignment)
    }


def extend(assignment: Assignment, learner_id: int, due_at: datetime) -> None:
    """Give the student until due_at (UTC) on the assigned set, or change the time they were given."""
    keys = dict(classroom_id=assignment.classroom_id, exercise_id=assignment.exercise_id, learner_id=learner_id)
    statement = dialect_insert(Extension).values(**keys, due_at=due_at)
    statement = statement.on_conflict_do_update(index_elements=list(keys), set_={"due_at": due_at})
    db.session.execute(statement)
    db.session.expire(assignment, ["extensions"])


def remove_extension(assignment: Assignment, learner_id: int) -> None:
    """The student has the class's due time again."""
    keys = dict(classroom_id=assignment.classroom_id, exercise_id=assignment.exercise_id, learner_id=learner_id)
    db.session.execute(db.delete(Extension).filter_by(**keys))
    db.session.expire(assignment, ["extensions"])


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
