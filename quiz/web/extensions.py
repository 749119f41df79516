"""Extensions: a teacher gives one student more time than the class on an assigned set, from the student's page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, abort, flash, redirect, url_for

from quiz.classroom.schedule import CLOSE
from quiz.models import Assignment, Classroom, Membership, aware, db, utcnow
from quiz.store import assignments
from quiz.web.assignment_forms import ExtensionForm, from_school_clock, on_school_clock
from quiz.web.forms import ConfirmForm, form_errors
from quiz.web.live_bank import bank
from quiz.web.ownership import for_teachers_only, member_or_404, owned_class
from quiz.web.templating import on_the_clock

bp = Blueprint("extensions", __name__, url_prefix="/teacher/classes")


for_teachers_only(bp)


@dataclass(frozen=True)
class OwnTime:
    """An assigned set's due time for one student, as their teacher's page shows it, with the form that changes it."""

    due_at: datetime | None
    # The class's due time, where the student's own differs from it.
    class_due_at: datetime | None
    has_extension: bool
    form: ExtensionForm


def own_times(assigned: dict[str, Assignment], learner_id: int) -> dict[str, OwnTime]:
    """Each assigned set's due time for the student, by set id, for templates/teacher/student.html."""
    return {set_id: _own_time(assignment, learner_id) for set_id, assignment in assigned.items()}


def _own_time(assignment: Assignment, learner_id: int) -> OwnTime:
    theirs = assignments.schedule(assignment, learner_id).due_at
    class_due = aware(assignment.due_at)
    extension = assignments.extension_of(assignment, learner_id)
    form = ExtensionForm(formdata=None, due_at=on_school_clock(extension.due_at) if extension else None)
    return OwnTime(theirs, class_due if theirs != class_due else None, extension is not None, form)


@bp.post("/<id:class_id>/students/<id:learner_id>/extensions/<set_id>")
def extend(class_id: int, learner_id: int, set_id: str):
    """Give the student until a later time than the class on one assigned set."""
    classroom, membership, assignment = _extension_target(class_id, learner_id, set_id)
    form = ExtensionForm()
    if not form.validate_on_submit():
        _say(set_id, " ".join(form_errors(form)))
        return _back(classroom, learner_id, set_id)
    due_at = from_school_clock(form.due_at.data)
    refusal = _refusal(assignment, due_at)
    if refusal:
        _say(set_id, refusal)
    else:
        assignments.extend(assignment, learner_id, due_at)
        db.session.commit()
        name = membership.display_name
        _say(
            set_id,
            f"{name} has until {on_the_clock(due_at)} for “{_title(set_id)}”.{_if_passed(assignment, due_at, name)}",
        )
    return _back(classroom, learner_id, set_id)


def _if_passed(assignment: Assignment, due_at: datetime, name: str) -> str:
    """What a time already past means, since it is allowed: a teacher may excuse late work after the event."""
    if due_at > utcnow():
        return ""
    after = "takes no more answers from them" if assignment.after_due == CLOSE else "marks their later answers late"
    return f" That time has passed: the answers {name} sent by then count as on time, and the set {after}."


def _say(set_id: str, message: str) -> None:
    """A message shown beside the set's extension form, where the teacher is looking, not at the top of the page."""
    flash(message, f"at:extend-{set_id}")


def _refusal(assignment: Assignment, due_at: datetime) -> str | None:
    """Why the time cannot be the student's, if it cannot: an extension gives more time than the class has."""
    title = _title(assignment.exercise_id)
    if assignment.due_at is None:
        return f"“{title}” has no due time for the class, so there is no time to extend."
    if due_at <= aware(assignment.due_at):
        return (
            f"Give a time after the class's due time, {on_the_clock(assignment.due_at)}: an extension gives a "
            "student more time than the class."
        )
    return None


@bp.post("/<id:class_id>/students/<id:learner_id>/extensions/<set_id>/remove")
def remove(class_id: int, learner_id: int, set_id: str):
    """The student has the class's due time again."""
    classroom, membership, assignment = _extension_target(class_id, learner_id, set_id)
    if ConfirmForm().validate_on_submit():
        assignments.remove_extension(assignment, learner_id)
        db.session.commit()
        due = f"due {on_the_clock(assignment.due_at)}" if assignment.due_at else "no due time"
        _say(set_id, f"{membership.display_name} has the class's time again for “{_title(set_id)}”: {due}.")
    return _back(classroom, learner_id, set_id)


def _extension_target(class_id: int, learner_id: int, set_id: str) -> tuple[Classroom, Membership, Assignment]:
    """The teacher's class, the student in it, and the class's assignment of the set; a 404 for anything else."""
    classroom = owned_class(class_id)
    membership = member_or_404(classroom, learner_id)
    assignment = assignments.assignment_of(classroom, set_id)
    if assignment is None:
        abort(404, "This set is not assigned to the class, so it has no due time to extend.")
    return classroom, membership, assignment


def _title(set_id: str) -> str:
    exercise_set = bank().sets.get(set_id)
    return exercise_set.title if exercise_set else set_id


def _back(classroom: Classroom, learner_id: int, set_id: str):
    page = url_for("dashboard.student_page", class_id=classroom.id, learner_id=learner_id)
    return redirect(f"{page}#extend-{set_id}")
