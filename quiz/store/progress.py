"""Reading and writing learners' progress: attempts and answers. Their marks are figured by gradebook.py."""

from __future__ import annotations

import secrets

from sqlalchemy import bindparam
from sqlalchemy.orm import joinedload

from quiz.bank.exercises import ExerciseSet
from quiz.classroom import gradebook
from quiz.items import Item
from quiz.models import Answer, Attempt, Classroom, Learner, Membership, db, utcnow
from quiz.store import release
from quiz.store.rows import insert_once


def new_token() -> str:
    """The random id a new learner is known by: held in their cookie, and unguessable."""
    return secrets.token_urlsafe(24)


# The statements every student page runs, built once: building one, and working out its cache key, cost more than
# running it (bench/profile_pages.py). Their values are bound at each call.
LEARNER_WITH_CLASS = (
    db.select(Learner)
    .where(Learner.token == bindparam("token"))
    .options(
        joinedload(Learner.membership).joinedload(Membership.classroom).joinedload(Classroom.releases),
        # Selected apart: joined with the releases, the rows would multiply.
        joinedload(Learner.membership).joinedload(Membership.classroom).selectinload(Classroom.assignments),
    )
)
NEWEST_ATTEMPT = (
    db.select(Attempt)
    .where(Attempt.learner_id == bindparam("learner_id"), Attempt.exercise_id == bindparam("exercise_id"))
    .order_by(Attempt.number.desc())
    .limit(1)
)
ANSWERS_OF_ATTEMPT = db.select(Answer).where(Answer.attempt_id == bindparam("attempt_id"))


def learner_by_token(token: str | None) -> Learner | None:
    """The learner whose cookie holds this token, if they have answered anything yet, with their class: every
    student page needs both, so they come in one query."""
    if not token:
        return None
    return db.session.execute(LEARNER_WITH_CLASS, {"token": token}).unique().scalar_one_or_none()


def end_sessions(learner_id: int) -> None:
    """Every browser that is this learner now, a copied cookie too, stops being them: none holds the new key. The
    token stays, since it also seeds the order of their options and the keys of their drafts."""
    query = db.update(Learner).where(Learner.id == learner_id)
    db.session.execute(query.values(session_key=secrets.token_urlsafe(24)))


def holds_session(learner: Learner, key: str | None) -> bool:
    """Whether a browser whose cookie carries this key is still this learner. Learners none of whose sessions was
    ever ended have no key, so the cookies they had before keys existed keep working."""
    if learner.session_key is None:
        return True
    return key is not None and secrets.compare_digest(learner.session_key.encode(), key.encode())


def ensure_learner(token: str) -> Learner:
    """The learner with this token, created if this is their first answer."""
    insert_once(Learner, token=token)
    return db.session.execute(db.select(Learner).filter_by(token=token)).scalar_one()


def latest_attempt(learner: Learner | None, exercise_set: ExerciseSet) -> Attempt | None:
    """The learner's newest attempt at the set, finished or not."""
    if learner is None:
        return None
    found = db.session.execute(NEWEST_ATTEMPT, {"learner_id": learner.id, "exercise_id": exercise_set.id})
    return found.scalar_one_or_none()


def open_attempt(learner: Learner, exercise_set: ExerciseSet, number: int) -> Attempt:
    """The learner's attempt with this number, created if it is not there yet."""
    insert_once(Attempt, learner_id=learner.id, exercise_id=exercise_set.id, number=number)
    query = db.select(Attempt).filter_by(learner_id=learner.id, exercise_id=exercise_set.id, number=number)
    return db.session.execute(query).scalar_one()


def answers_of(attempt: Attempt | None) -> dict[str, Answer]:
    """The attempt's answers by item id."""
    if attempt is None:
        return {}
    found = db.session.execute(ANSWERS_OF_ATTEMPT, {"attempt_id": attempt.id}).scalars()
    return {answer.item_id: answer for answer in found}


def record_answer(attempt: Attempt, item: Item, response: dict, score: float) -> bool:
    """Store the answer unless this item already has one in this attempt; True if this one was stored."""
    return insert_once(
        Answer,
        attempt_id=attempt.id,
        item_id=item.id,
        skill=item.skill,
        item_version=item.version,
        response=response,
        score=score,
    )


def finish_if_complete(attempt: Attempt, exercise_set: ExerciseSet) -> None:
    """Note when the last item of the set is answered, so that an item added later cannot reopen the attempt."""
    if attempt.finished_at is None and is_finished(attempt, exercise_set, answers_of(attempt)):
        query = db.update(Attempt).where(Attempt.id == attempt.id, Attempt.finished_at.is_(None))
        db.session.execute(query.values(finished_at=utcnow()))


def is_finished(attempt: Attempt | None, exercise_set: ExerciseSet, answers: dict[str, Answer]) -> bool:
    return attempt is not None and gradebook.attempt_finished(attempt.finished_at, exercise_set, answers)


STORED, ALREADY_ANSWERED, STALE = "stored", "already answered", "stale"


def submit(learner: Learner, exercise_set: ExerciseSet, item: Item, attempt_number: int, response: dict, score: float):
    """Store an answer in the attempt its page was drawn for: once per item and attempt (a resent form changes
    nothing), and never into a newer attempt than the page knew (a stale tab). STORED, ALREADY_ANSWERED or STALE."""
    latest = latest_attempt(learner, exercise_set)
    expected = latest.number if latest else 1
    if attempt_number != expected:
        return STALE
    attempt = latest or open_attempt(learner, exercise_set, expected)
    stored = record_answer(attempt, item, response, score)
    finish_if_complete(attempt, exercise_set)
    return STORED if stored else ALREADY_ANSWERED


STARTED, NOT_FROM_HERE, NONE_LEFT = "started", "not from here", "none left"


def start_next(learner: Learner, exercise_set: ExerciseSet, after: int, classroom: Classroom | None) -> str:
    """Start the attempt after `after`, if that is the newest, it is finished, and the class allows another; a
    second click, or a page showing an older attempt, starts nothing. STARTED, NOT_FROM_HERE or NONE_LEFT."""
    latest = latest_attempt(learner, exercise_set)
    if not latest or latest.number != after or not is_finished(latest, exercise_set, answers_of(latest)):
        return NOT_FROM_HERE
    if release.attempts_left(classroom, exercise_set.id, latest.number) == 0:
        return NONE_LEFT
    open_attempt(learner, exercise_set, latest.number + 1)
    return STARTED
