"""A student's own times on their class's assigned sets (the class's, or later ones their teacher gave them): whether
a set takes their answers now and what to tell them when it does not, and their "Assigned to you" list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import flash, redirect, url_for

from quiz.bank.exercises import ExerciseSet
from quiz.classroom import schedule
from quiz.classroom.schedule import Schedule
from quiz.items import Item
from quiz.models import Membership, utcnow
from quiz.store import assignments
from quiz.web import learners
from quiz.web.templating import on_the_clock


def closed(exercise_set: ExerciseSet, item: Item | None = None):
    """Send a student back when their class takes no answers on the set now: the class is archived, the assigned
    set is not open yet, or it closed at its due time. What they answered stays as it was; item: the item whose
    answer was just sent, if any."""
    classroom = learners.current_class()
    if classroom is None:
        return None
    if classroom.archived_at is None:
        if not say_when_closed(my_schedule(exercise_set.id), answer_sent=item is not None):
            return None
        return redirect(url_for("student.exercise_set", set_id=exercise_set.id))
    flash(f"{classroom.name} is archived, so answers are no longer recorded. Ask your teacher if that is wrong.")
    if item is None:
        return redirect(url_for("student.exercise_set", set_id=exercise_set.id))
    return redirect(url_for("student.item", set_id=exercise_set.id, item_id=item.id))


def say_when_closed(times: Schedule, answer_sent: bool = False) -> bool:
    """Flash why the assigned set takes no answers now, by the learner's own times; False if it takes them."""
    phase = times.phase(utcnow())
    not_saved = " The answer you just sent was not saved." if answer_sent else ""
    if phase == schedule.NOT_OPEN:
        flash(f"This set opens on {on_the_clock(times.opens_at)}. Come back then.{not_saved}")
    elif phase == schedule.CLOSED:
        flash(
            f"This set closed when it was due, on {on_the_clock(times.due_at)}.{not_saved} Your answers sent "
            "before then are kept. Ask your teacher if you need more time."
        )
    return phase in (schedule.NOT_OPEN, schedule.CLOSED)


def my_schedule(set_id: str) -> Schedule:
    """This learner's times for the set: their class's, or their own where their teacher gave them more time."""
    learner = learners.current()
    return assignments.schedule_of(learners.current_class(), set_id, learner.id if learner else None)


def overdue_since(set_id: str) -> datetime | None:
    """The learner's due time on the set if it has passed and the set still takes their answers (marked late)."""
    times = my_schedule(set_id)
    return times.due_at if times.phase(utcnow()) == schedule.PAST_DUE else None


@dataclass(frozen=True)
class Assigned:
    """An assigned set as the student's home page lists it, with the student's own times for it."""

    times: Schedule
    exercise_set: ExerciseSet
    phase: str
    status: str


def assigned(membership: Membership | None, sets: dict[str, ExerciseSet], cells: dict) -> list[Assigned]:
    """The class's assigned sets the student sees: those they can work on, then those not open yet, then those with
    nothing left to do, each group soonest due first (by the student's own due times)."""
    if membership is None:
        return []
    now = utcnow()
    listed = []
    for assignment in assignments.by_due_time(membership.classroom.assignments):
        if assignment.exercise_id in sets:
            times = assignments.schedule(assignment, membership.learner_id)
            status = cells[assignment.exercise_id].status(times, now)
            listed.append(Assigned(times, sets[assignment.exercise_id], times.phase(now), status))
    return sorted(listed, key=_to_do_first_then_soonest)


def _to_do_first_then_soonest(entry: Assigned) -> tuple:
    """What the student can work on first (schedule.to_do_first), then soonest due by their own time, those due at
    no time last; a tie keeps the order the sets were assigned in."""
    due = entry.times.due_at
    return schedule.to_do_first(entry.phase, entry.status), due is None, due.timestamp() if due else 0.0
