"""This browser's learner: the random id its cookie holds, and the learner and class behind it, looked up once per
request. Every student page, and joining a class, goes through here."""

from __future__ import annotations

import hashlib

from flask import flash, g, session

from quiz.bank.exercises import ExerciseSet
from quiz.items import Item, Seat
from quiz.models import Classroom, Learner
from quiz.store import progress


def give_the_browser_a_learner_id() -> None:
    """A random id in the cookie from the first page on, so that two tabs answering at once are one learner."""
    if not session.get("learner"):
        become()
    elif session.get("class_name") and current_class() is None:
        flash(
            f"You are no longer in {session.pop('class_name')}: your teacher has removed you from the class. "
            "What you answer now is kept on this browser only."
        )


def become(token: str | None = None) -> None:
    """Make this browser that learner, or a new anonymous one."""
    session.pop("class_name", None)
    session["learner"] = token or progress.new_token()
    session.permanent = True
    g.pop("learner", None)


def current() -> Learner | None:
    """This browser's learner, with their class, once they have answered anything."""
    if "learner" not in g:
        g.learner = progress.learner_by_token(session.get("learner"))
    return g.learner


def to_record() -> Learner:
    """This browser's learner, made on their first answer."""
    if current() is None:
        g.learner = progress.ensure_learner(session["learner"])
    return g.learner


def current_class() -> Classroom | None:
    """The class this browser's learner belongs to, if any."""
    learner = current()
    return learner.membership.classroom if learner and learner.membership else None


def seat(exercise_set: ExerciseSet, attempt_number: int) -> Seat:
    """This learner at this attempt: what an item may vary its page by, such as the order of its options."""
    return Seat(session["learner"], exercise_set.id, attempt_number)


def draft_key(exercise_set: ExerciseSet, attempt_number: int, item: Item) -> str:
    """Where the browser keeps unsent marks: per learner, set, attempt and item, so that the next student on a
    shared computer never finds someone else's marks ready to send. A hash: the page must not carry the id."""
    learner = hashlib.sha256(session["learner"].encode()).hexdigest()[:12]
    return f"lens:draft:{learner}:{exercise_set.id}:{attempt_number}:{item.id}"
