"""The teacher's assignments: which of a class's sets are due when, and what happens after the due time."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from quiz.bank.exercises import ExerciseSet
from quiz.models import Assignment, Classroom, aware, db, utcnow
from quiz.store import assignments, bank_owners, release
from quiz.web.assignment_forms import AssignmentForm, from_school_clock, on_school_clock, school_zone
from quiz.web.forms import ConfirmForm, form_errors
from quiz.web.live_bank import bank
from quiz.web.ownership import for_teachers_only, owned_class
from quiz.web.templating import on_the_clock

bp = Blueprint("assignments", __name__, url_prefix="/teacher/classes")


for_teachers_only(bp)


def _class_sets(classroom: Classroom) -> dict[str, ExerciseSet]:
    return classroom.sets_shown(bank().sets, bank_owners.private_sets())


@bp.get("/<id:class_id>/assignments")
def assignments_page(class_id: int):
    """Every set the class sees, the assigned ones first, soonest due first."""
    classroom = owned_class(class_id)
    sets = _class_sets(classroom)
    assigned = [a for a in assignments.by_due_time(classroom.assignments) if a.exercise_id in sets]
    taken = {a.exercise_id for a in assigned}
    return render_template(
        "teacher/assignments.html",
        classroom=classroom,
        sets=sets,
        assigned=assigned,
        unassigned=[s for set_id, s in sets.items() if set_id not in taken],
        zone=school_zone(),
    )


@bp.route("/<id:class_id>/assignments/<set_id>", methods=["GET", "POST"])
def assignment(class_id: int, set_id: str):
    """Assign one set, or change its assignment."""
    classroom = owned_class(class_id)
    exercise_set = _class_sets(classroom).get(set_id)
    if exercise_set is None:
        return _not_in_class(classroom)
    present = assignments.assignment_of(classroom, set_id)
    form = AssignmentForm() if request.method == "POST" else _filled(classroom, present)
    if form.validate_on_submit():
        assignments.assign(classroom, set_id, **_values(form))
        db.session.commit()
        flash(_saved_message(exercise_set, assignments.assignment_of(classroom, set_id)))
        return redirect(url_for(".assignments_page", class_id=class_id))
    return render_template(
        "teacher/assignment_form.html",
        classroom=classroom,
        exercise_set=exercise_set,
        assignment=present,
        form=form,
        errors=form_errors(form),
        confirm=ConfirmForm(),
        zone=school_zone(),
    ), (400 if form.errors else 200)


@bp.post("/<id:class_id>/assignments/<set_id>/remove")
def remove(class_id: int, set_id: str):
    """The set is no longer assigned: no times, and the class's own settings again. Its answers stay."""
    classroom = owned_class(class_id)
    if ConfirmForm().validate_on_submit():
        assignments.unassign(classroom, set_id)
        db.session.commit()
        title = bank().sets[set_id].title if set_id in bank().sets else set_id
        flash(f"“{title}” is no longer assigned. Students' answers on it are kept.")
    return redirect(url_for(".assignments_page", class_id=class_id))


def _not_in_class(classroom: Classroom):
    flash("This class does not see that exercise set: tick it in the class's settings first, then assign it.")
    return redirect(url_for(".assignments_page", class_id=classroom.id))


def _filled(classroom: Classroom, present: Assignment | None) -> AssignmentForm:
    """The form as the assignment stands, or, for a new one, with the class's own test settings."""
    source = present or classroom
    form = AssignmentForm(results=source.results, attempts=str(source.attempts_allowed or "unlimited"))
    if present is not None:
        form.after_due.data = present.after_due
        form.opens_at.data = on_school_clock(present.opens_at)
        form.due_at.data = on_school_clock(present.due_at)
    return form


def _values(form: AssignmentForm) -> dict:
    return dict(
        opens_at=from_school_clock(form.opens_at.data),
        due_at=from_school_clock(form.due_at.data),
        after_due=form.after_due.data,
        results=form.results.data,
        attempts_allowed=None if form.attempts.data == "unlimited" else int(form.attempts.data),
    )


def _saved_message(exercise_set: ExerciseSet, assignment: Assignment) -> str:
    due = f" It is due {on_the_clock(assignment.due_at)}." if assignment.due_at else " It has no due time."
    if assignment.due_at and aware(assignment.due_at) < utcnow():
        due += " That time has passed: students who have not finished the set are missing it now."
    withheld = " Its results wait for your release." if assignment.results == release.ON_RELEASE else ""
    return f"“{exercise_set.title}” is assigned.{due}{withheld}"
