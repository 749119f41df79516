"""What a learner may see of their results, and how many attempts they may make: a class's test settings.

A class shows results after each answer, or withholds them until its teacher releases each set. An assigned set
has settings of its own, which stand in for the class's. While a class withholds a set's results, or hides its key,
learners outside any class are held to the same, so that a private window does not get round a test.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import selectinload

from quiz.models import Assignment, Classroom, Release, db
from quiz.store import assignments, bank_owners
from quiz.store.rows import insert_once

EACH_ANSWER, ON_RELEASE = "each_answer", "on_release"
# A class that withholds results gets one attempt unless its teacher chooses otherwise.
ATTEMPTS_WHEN_WITHHELD = 1


@dataclass(frozen=True)
class Showing:
    """What a learner sees after answering a set's items."""

    results: bool = True  # scores, verdicts, standings
    key: bool = True  # the key and its explanations (only ever with the results)


SHOW_ALL = Showing()
WITHHELD = Showing(results=False, key=False)
KEY_HIDDEN = Showing(results=True, key=False)


def results_setting(classroom: Classroom, set_id: str) -> str:
    """EACH_ANSWER or ON_RELEASE: the set's assignment's, or else the class's."""
    assignment = assignments.assignment_of(classroom, set_id)
    return assignment.results if assignment else classroom.results


def attempts_allowed(classroom: Classroom | None, set_id: str) -> int | None:
    """How many attempts a learner may make at the set; None when there is no limit."""
    if classroom is None:
        return None
    assignment = assignments.assignment_of(classroom, set_id)
    return assignment.attempts_allowed if assignment else classroom.attempts_allowed


def withheld(classroom: Classroom, set_id: str) -> bool:
    """Whether the class is waiting for its teacher to release this set's results."""
    return results_setting(classroom, set_id) == ON_RELEASE and all(
        release.exercise_id != set_id for release in classroom.releases
    )


def showing_for_member(classroom: Classroom, set_id: str) -> Showing:
    if withheld(classroom, set_id):
        return WITHHELD
    return SHOW_ALL if classroom.show_key else KEY_HIDDEN


def showing_outside_classes(set_ids: list[str]) -> dict[str, Showing]:
    """What a learner in no class sees of each set: nothing while any active class withholds its results or hides
    its key, since a score alone, tried option by option from a private window, gives the key away."""
    query = (
        db.select(Classroom)
        .filter(
            Classroom.archived_at.is_(None),
            Classroom.show_key.is_(False)
            | (Classroom.results == ON_RELEASE)
            | Classroom.assignments.any(Assignment.results == ON_RELEASE),
        )
        .options(selectinload(Classroom.releases), selectinload(Classroom.assignments))
    )
    tests = list(db.session.execute(query).scalars())
    private = bank_owners.private_sets() if tests else {}
    return {
        set_id: WITHHELD
        if any(c.shows(set_id, private) and showing_for_member(c, set_id) != SHOW_ALL for c in tests)
        else SHOW_ALL
        for set_id in set_ids
    }


def showing(classroom: Classroom | None, set_ids: list[str]) -> dict[str, Showing]:
    """What this learner sees of each set: their class's settings, or, outside any class, every class's tests."""
    if classroom is None:
        return showing_outside_classes(set_ids)
    return {set_id: showing_for_member(classroom, set_id) for set_id in set_ids}


def release(classroom: Classroom, set_id: str) -> None:
    """Show the class its results on the set, all at once; releasing twice changes nothing."""
    insert_once(Release, classroom_id=classroom.id, exercise_id=set_id)


def withhold(classroom: Classroom, set_id: str) -> None:
    """Hide the set's results from the class again."""
    db.session.execute(db.delete(Release).filter_by(classroom_id=classroom.id, exercise_id=set_id))


def attempts_left(classroom: Classroom | None, set_id: str, attempts_started: int) -> int | None:
    """How many more attempts the learner may start at a set; None when there is no limit."""
    allowed = attempts_allowed(classroom, set_id)
    return None if allowed is None else max(0, allowed - attempts_started)


def default_attempts(results: str) -> int | None:
    """The attempts a new class allows when its teacher does not choose."""
    return ATTEMPTS_WHEN_WITHHELD if results == ON_RELEASE else None
