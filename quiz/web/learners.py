"""This browser's learner: the random id its cookie holds, and the learner and class behind it, looked up once per
request. Every student page, and joining a class, goes through here."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import flash, g, session

from quiz.bank.exercises import ExerciseSet
from quiz.items import Item, Seat
from quiz.models import Classroom, Learner, Membership
from quiz.store import classes, progress


def give_the_browser_a_learner_id() -> None:
    """A random id in the cookie from the first page on, so that two tabs answering at once are one learner."""
    if not session.get("learner"):
        become()
        return
    current()  # before any page uses the id: a browser whose session was ended becomes a new learner first
    if session.get("class_name") and current_class() is None:
        flash(
            f"You are no longer in {session.pop('class_name')}: your teacher has removed you from the class. "
            "What you answer now is kept on this browser only."
        )


def become(token: str | None = None, session_key: str | None = None) -> None:
    """Make this browser that learner (holding their current session key, if they have one), or a new anonymous
    one."""
    for name in ("class_name", "learner_key", *CODES_ONCE):
        session.pop(name, None)
    session["learner"] = token or progress.new_token()
    if session_key is not None:
        session["learner_key"] = session_key
    session.permanent = True
    g.pop("learner", None)


def current() -> Learner | None:
    """This browser's learner, with their class, once they have answered anything."""
    if "learner" not in g:
        learner = progress.learner_by_token(session.get("learner"))
        if learner is not None and not progress.holds_session(learner, session.get("learner_key")):
            _signed_out()
            learner = None
        g.learner = learner
    return g.learner


def _signed_out() -> None:
    """The learner left this browser elsewhere, or got a new personal code, after this cookie was made (it may be a
    copy): the browser starts afresh, and nothing of theirs is shown or added to."""
    become()
    flash("You were signed out of this browser. If you are in a class, use your personal code to come back.")


def end_sessions_of(learner: Learner) -> None:
    """Sign the learner out of every browser, this one included; their personal code brings them back."""
    progress.end_sessions(learner.id)
    become()


def to_record() -> Learner:
    """This browser's learner, made on their first answer."""
    if current() is None:
        g.learner = progress.ensure_learner(session["learner"])
    return g.learner


def current_class() -> Classroom | None:
    """The class this browser's learner belongs to, if any."""
    learner = current()
    return learner.membership.classroom if learner and learner.membership else None


# Set right after joining, for the next home page only: the personal codes are read from the database then, never
# kept in the cookie, which is signed but not encrypted (anyone at a shared computer could read it).
CODES_ONCE = ("show_code_once", "left_class_once")


@dataclass(frozen=True)
class CodesOnce:
    """What the home page shows once after joining: the new code (from the membership), and the class left."""

    left: Membership | None


def show_codes_once(left: Membership | None) -> None:
    """Show this learner's personal code on the next page, and that of the class they have just left, if any."""
    session["show_code_once"] = True
    if left is not None:
        session["left_class_once"] = left.learner_id


def codes_shown_once() -> CodesOnce | None:
    """The personal codes to show now, just after joining; None on every other page."""
    if not session.pop("show_code_once", False):
        return None
    left_id = session.pop("left_class_once", None)
    return CodesOnce(left=classes.membership_by_learner_id(left_id) if left_id is not None else None)


def seat(exercise_set: ExerciseSet, attempt_number: int) -> Seat:
    """This learner at this attempt: what an item may vary its page by, such as the order of its options."""
    return Seat(session["learner"], exercise_set.id, attempt_number)


def draft_key(exercise_set: ExerciseSet, attempt_number: int, item: Item) -> str:
    """Where the browser keeps unsent marks: per learner, set, attempt and item, so that the next student on a
    shared computer never finds someone else's marks ready to send. A hash: the page must not carry the id."""
    learner = hashlib.sha256(session["learner"].encode()).hexdigest()[:12]
    return f"lens:draft:{learner}:{exercise_set.id}:{attempt_number}:{item.id}"
