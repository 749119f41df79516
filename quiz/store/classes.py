"""Classes: creating and changing them, students joining and coming back, teachers' score overrides."""

from __future__ import annotations

from quiz.classroom.codes import PERSONAL_CODE_LENGTH, new_code, typed
from quiz.classroom.names import clean_name, looks_like_any, name_key
from quiz.models import Answer, Attempt, Classroom, Learner, Membership, Override, Teacher, db, utcnow
from quiz.store import progress
from quiz.store.rows import dialect_insert, insert_once

# A fresh code colliding with a stored one is rare; trying again a few times makes it vanishingly so.
CODE_TRIES = 8


class ClassError(ValueError):
    """Something the person must change: the message says what."""


class NameTaken(ClassError):
    """Someone in the class already has the name (the constraint on name_key said so, races included)."""


def single_spaced(text: str) -> str:
    """A class's name as kept and as typed to confirm: runs of spaces and line breaks made one space."""
    return " ".join(text.split())


def create_class(teacher: Teacher, **settings) -> Classroom:
    """A new class with a fresh join code."""
    for _ in range(CODE_TRIES):
        code = new_code()
        if insert_once(Classroom, teacher_id=teacher.id, join_code=code, **settings):
            return class_by_code(code)
    raise RuntimeError("could not find a free class code")


def classes_of(teacher: Teacher) -> list[Classroom]:
    """The teacher's classes, the newest first."""
    query = db.select(Classroom).filter_by(teacher_id=teacher.id).order_by(Classroom.created_at.desc())
    return list(db.session.execute(query).scalars())


def change_settings(classroom: Classroom, **settings) -> None:
    """Set the class's settings, as create_class takes them."""
    for key, value in settings.items():
        setattr(classroom, key, value)


def new_join_code(classroom: Classroom) -> None:
    """A new code for the class: the old one stops working, the students stay."""
    for _ in range(CODE_TRIES):
        code = new_code()
        if class_by_code(code) is None:
            classroom.join_code = code
            return
    raise RuntimeError("could not find a free class code")


def class_by_code(code: str) -> Classroom | None:
    return db.session.execute(db.select(Classroom).filter_by(join_code=typed(code))).scalar_one_or_none()


def joinable(classroom: Classroom | None) -> Classroom:
    """The class, if students may join it now."""
    if classroom is None:
        raise ClassError("There is no class with that code. Check it with your teacher; letters and digits only.")
    if classroom.archived_at is not None or not classroom.joining_open:
        raise ClassError("This class is not taking new students. Ask your teacher.")
    return classroom


def join(classroom: Classroom, learner: Learner, display_name: str, external_id: str | None = None) -> Membership:
    """Put the learner in the class under this name (and ID, from the class list); their earlier answers come with
    them."""
    name = _valid_name(display_name)
    if _name_looks_taken(classroom, name, apart_from=learner.id):
        raise ClassError(LOOKS_TAKEN)
    for _ in range(CODE_TRIES):
        code = new_code(PERSONAL_CODE_LENGTH)
        values = dict(classroom_id=classroom.id, display_name=name, name_key=name_key(name), reentry_code=code)
        values["external_id"] = external_id
        if insert_once(Membership, learner_id=learner.id, **values):
            return membership_of(learner)
        present = membership_of(learner)
        if present is not None:
            # A second click on "Join" lands here: the first one already did the work.
            if present.classroom_id == classroom.id:
                return present
            raise ClassError("This browser is already in another class.")
        if _name_taken(classroom, name):
            raise NameTaken(f"Someone in this class is already called “{name}”. Add an initial or a number.")
    raise RuntimeError("could not find a free re-entry code")


def _valid_name(display_name: str) -> str:
    name = clean_name(display_name)
    if not name:
        raise ClassError("Type a name: your first name and an initial, or a nickname your teacher knows.")
    if len(name) > 30:
        raise ClassError("Keep the name to 30 characters.")
    return name


def _name_taken(classroom: Classroom, name: str, apart_from: int | None = None) -> bool:
    query = db.select(Membership.learner_id).filter_by(classroom_id=classroom.id, name_key=name_key(name))
    return any(learner_id != apart_from for learner_id in db.session.execute(query).scalars())


LOOKS_TAKEN = (
    "Someone in the class already has a name that looks the same: add your surname's initial or a middle name."
)


def _name_looks_taken(classroom: Classroom, name: str, apart_from: int | None = None) -> bool:
    """Whether another student's name reads the same although it is written differently (a Cyrillic "А" for a
    Latin "A"): the dashboard could not tell them apart. A name that is the same outright is _name_taken's."""
    query = db.select(Membership.display_name, Membership.name_key, Membership.learner_id)
    rows = db.session.execute(query.filter_by(classroom_id=classroom.id)).all()
    key = name_key(name)
    others = [other for other, their_key, learner_id in rows if learner_id != apart_from and their_key != key]
    return looks_like_any(name, others)


def membership_of(learner: Learner | None) -> Membership | None:
    if learner is None:
        return None
    query = db.select(Membership).filter_by(learner_id=learner.id).execution_options(populate_existing=True)
    return db.session.execute(query).scalar_one_or_none()


def membership_by_learner_id(learner_id: int) -> Membership | None:
    return db.session.get(Membership, learner_id)


def member_by_code(code: str) -> Membership | None:
    query = db.select(Membership).filter_by(reentry_code=typed(code))
    return db.session.execute(query).scalar_one_or_none()


def rename(membership: Membership, display_name: str) -> None:
    name = _valid_name(display_name)
    if _name_taken(membership.classroom, name, apart_from=membership.learner_id):
        raise ClassError(f"Someone in this class is already called “{name}”.")
    if _name_looks_taken(membership.classroom, name, apart_from=membership.learner_id):
        raise ClassError(f"Someone in this class already has a name that looks the same as “{name}”. Choose another.")
    membership.display_name, membership.name_key = name, name_key(name)


def new_reentry_code(membership: Membership) -> None:
    """A new personal code: the old one stops working, and so does every browser the student is in (a copied
    cookie too) until they come back with the new one."""
    for _ in range(CODE_TRIES):
        code = new_code(PERSONAL_CODE_LENGTH)
        if member_by_code(code) is None:
            membership.reentry_code = code
            progress.end_sessions(membership.learner_id)
            return
    raise RuntimeError("could not find a free personal code")


def remove_student(membership: Membership) -> None:
    """Delete the student and everything they answered, for good."""
    db.session.execute(db.delete(Learner).filter_by(id=membership.learner_id))


def what_deleting_loses(classroom: Classroom) -> tuple[int, int]:
    """How many students and answers deleting the class removes."""
    learners = db.select(Membership.learner_id).filter_by(classroom_id=classroom.id)
    students = db.session.execute(db.select(db.func.count()).select_from(learners.subquery())).scalar_one()
    answers = db.session.execute(
        db.select(db.func.count(Answer.id)).join(Attempt).filter(Attempt.learner_id.in_(learners))
    ).scalar_one()
    return students, answers


def delete_class(classroom: Classroom) -> None:
    """The class and its students' data, for good (the right to erasure)."""
    learners = db.select(Membership.learner_id).filter_by(classroom_id=classroom.id)
    db.session.execute(db.delete(Learner).filter(Learner.id.in_(learners)))
    db.session.execute(db.delete(Classroom).filter_by(id=classroom.id))


def set_archived(classroom: Classroom, archived: bool) -> None:
    classroom.archived_at = utcnow() if archived else None


def override(answer: Answer, teacher: Teacher, score: float, comment: str) -> None:
    """Count this score for the answer instead of the computed one; a second override replaces the first."""
    values = dict(answer_id=answer.id, score=score, comment=comment.strip(), teacher_id=teacher.id, changed_at=utcnow())
    statement = dialect_insert(Override).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=[Override.answer_id], set_={key: value for key, value in values.items() if key != "answer_id"}
    )
    db.session.execute(statement)


def clear_override(answer: Answer) -> None:
    db.session.execute(db.delete(Override).filter_by(answer_id=answer.id))
