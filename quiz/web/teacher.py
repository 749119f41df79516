"""The teacher's class management: create classes, change their settings and codes, look after students."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from wtforms import SelectChoice

from quiz.bank.exercises import grouped_by_skill
from quiz.classroom.codes import shown
from quiz.models import Classroom, db
from quiz.store import bank_owners, classes, erasure, release
from quiz.web.auth import signed_in_teacher
from quiz.web.forms import ClassForm, ConfirmForm, DeleteClassForm, StudentNameForm, form_errors
from quiz.web.live_bank import bank
from quiz.web.ownership import for_teachers_only, member_or_404, owned_class

bp = Blueprint("teacher", __name__, url_prefix="/teacher")


for_teachers_only(bp)


@bp.get("/")
def classes_page():
    teacher = signed_in_teacher()
    mine = classes.classes_of(teacher)
    return render_template(
        "teacher/classes.html",
        active=[c for c in mine if c.archived_at is None],
        archived=[c for c in mine if c.archived_at is not None],
    )


def _class_form(classroom: Classroom | None = None) -> ClassForm:
    form = ClassForm(obj=classroom) if classroom and request.method == "GET" else ClassForm()
    owners = bank_owners.owners(bank_owners.EXERCISE)
    # Grouped by skill as students' home page lists them, so a teacher finds a set where students will.
    form.set_ids.choices = [
        SelectChoice(s.id, s.title + _whose(owners.get(s.id)), optgroup=skill)
        for skill, sets in grouped_by_skill(bank().sets)
        for s in sets
    ]
    if classroom is not None and request.method == "GET":
        form.all_sets.data = classroom.set_ids is None
        form.set_ids.data = classroom.set_ids or classroom.added_set_ids or []
        form.attempts.data = str(classroom.attempts_allowed or "unlimited")
    return form


def _whose(owner: bank_owners.Owner | None) -> str:
    """What a set's label adds about whose it is: nothing for the shared bank."""
    if owner is None or owner.is_admin:
        return ""
    return " (your set)" if owner.teacher_id == signed_in_teacher().id else f" ({owner.username}'s set)"


def _settings(form: ClassForm) -> dict | None:
    """The class settings the form asks for, or None (with a form error) if they do not hold together."""
    ticked = list(form.set_ids.data)
    if not form.all_sets.data and not ticked:
        form.set_ids.errors = ["Tick “All exercise sets” or at least one set."]
        return None
    others = [
        set_id
        for set_id, owner_id in bank_owners.private_sets().items()
        if owner_id != signed_in_teacher().id and set_id in ticked
    ]
    return dict(
        name=classes.single_spaced(form.name.data),
        set_ids=None if form.all_sets.data else ticked,
        # With "all sets", a ticked set of another teacher's is shown besides them.
        added_set_ids=(others or None) if form.all_sets.data else None,
        counts=form.counts.data,
        show_key=form.show_key.data,
        results=form.results.data,
        attempts_allowed=_attempts(form.attempts.data, form.results.data),
        joining_open=form.joining_open.data,
    )


def _attempts(chosen: str | None, results: str) -> int | None:
    if not chosen:
        return release.default_attempts(results)
    return None if chosen == "unlimited" else int(chosen)


@bp.route("/classes/new", methods=["GET", "POST"])
def new_class():
    form = _class_form()
    settings = _settings(form) if form.validate_on_submit() else None
    if settings:
        classroom = classes.create_class(signed_in_teacher(), **settings)
        db.session.commit()
        flash(f"Class {classroom.name} is ready. Students join with the code {shown(classroom.join_code)}.")
        return redirect(url_for("dashboard.class_page", class_id=classroom.id))
    status = 400 if request.method == "POST" else 200
    return render_template("teacher/class_form.html", form=form, errors=form_errors(form), classroom=None), status


@bp.route("/classes/<id:class_id>/settings", methods=["GET", "POST"])
def settings(class_id: int):
    classroom = owned_class(class_id)
    form = _class_form(classroom)
    values = _settings(form) if form.validate_on_submit() else None
    if values:
        classes.change_settings(classroom, **values)
        db.session.commit()
        flash("Settings saved.")
        return redirect(url_for("dashboard.class_page", class_id=classroom.id))
    status = 400 if request.method == "POST" else 200
    return (
        render_template(
            "teacher/class_form.html", form=form, errors=form_errors(form), classroom=classroom, confirm=ConfirmForm()
        ),
        status,
    )


@bp.post("/classes/<id:class_id>/join-code")
def new_join_code(class_id: int):
    classroom = owned_class(class_id)
    classes.new_join_code(classroom)
    db.session.commit()
    flash(f"The new class code is {shown(classroom.join_code)}. The old one no longer works; students stay in.")
    return redirect(url_for(".settings", class_id=class_id))


@bp.post("/classes/<id:class_id>/archive")
def archive(class_id: int):
    classroom = owned_class(class_id)
    archived = request.form.get("archived") == "yes"
    classes.set_archived(classroom, archived)
    db.session.commit()
    flash(f"{classroom.name} is archived: nobody can join it." if archived else f"{classroom.name} is active again.")
    return redirect(url_for(".classes_page"))


@bp.route("/classes/<id:class_id>/delete", methods=["GET", "POST"])
def delete(class_id: int):
    """Delete a class and all its students' data, once the teacher has typed its name."""
    classroom = owned_class(class_id)
    form = DeleteClassForm()
    errors = []
    if form.validate_on_submit():
        if classes.single_spaced(form.typed_name.data) == classroom.name:
            name = classroom.name
            classes.delete_class(classroom)
            db.session.commit()
            erasure.forget_on_disk()
            flash(f"{name} and all its students' answers are deleted.")
            return redirect(url_for(".classes_page"))
        errors = [f"Type the class name exactly as it is shown, {classroom.name}, to delete it."]
    elif request.method == "POST":
        errors = form_errors(form)
    students, answers = classes.what_deleting_loses(classroom)
    return (
        render_template(
            "teacher/delete_class.html",
            classroom=classroom,
            form=form,
            errors=errors,
            students=students,
            answers=answers,
        ),
        400 if errors else 200,
    )


@bp.post("/classes/<id:class_id>/students/<id:learner_id>/name")
def rename_student(class_id: int, learner_id: int):
    membership = member_or_404(owned_class(class_id), learner_id)
    form = StudentNameForm()
    if form.validate_on_submit():
        try:
            classes.rename(membership, form.display_name.data)
        except classes.ClassError as problem:
            flash(str(problem))
        else:
            db.session.commit()
            flash(f"The student is now called “{membership.display_name}”.")
    else:
        flash(" ".join(form_errors(form)))
    return redirect(url_for("dashboard.student_page", class_id=class_id, learner_id=learner_id))


@bp.post("/classes/<id:class_id>/students/<id:learner_id>/code")
def new_reentry_code(class_id: int, learner_id: int):
    membership = member_or_404(owned_class(class_id), learner_id)
    classes.new_reentry_code(membership)
    db.session.commit()
    # The code itself is on the page this leads to: a flash would carry it in the cookie.
    flash(
        f"{membership.display_name} has a new personal code, shown below. The old one no longer works, and they are "
        "signed out of every browser until they come back with the new one."
    )
    return redirect(url_for("dashboard.student_page", class_id=class_id, learner_id=learner_id))


@bp.route("/classes/<id:class_id>/students/<id:learner_id>/remove", methods=["GET", "POST"])
def remove_student(class_id: int, learner_id: int):
    classroom = owned_class(class_id)
    membership = member_or_404(classroom, learner_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        name = membership.display_name
        classes.remove_student(membership)
        db.session.commit()
        erasure.forget_on_disk()
        flash(f"{name} and all their answers are deleted.")
        return redirect(url_for("dashboard.class_page", class_id=class_id))
    return render_template("teacher/remove_student.html", classroom=classroom, membership=membership, form=form)
