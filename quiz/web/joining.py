"""Students joining a class with its code, coming back on another device, and leaving a shared computer."""

from __future__ import annotations

import hashlib

from flask import Blueprint, flash, redirect, render_template, request, session, url_for

from quiz.classroom.codes import shown
from quiz.classroom.throttle import CODES, wait_in_words
from quiz.models import db, utcnow
from quiz.store import accounts, classes, progress
from quiz.web import learners
from quiz.web.forms import JoinForm, ReentryForm, form_errors

bp = Blueprint("joining", __name__)
bp.before_request(learners.give_the_browser_a_learner_id)


def _codes_key() -> str:
    # Per browser, not per address: a whole class types codes behind one school router, and one student must not
    # be able to lock the others out. A guesser who drops cookies meets the codes' length instead (codes.py).
    return "codes:browser:" + hashlib.sha256(session["learner"].encode()).hexdigest()[:32]


def _locked() -> str | None:
    """Count this code attempt; why the browser must wait first, if it must."""
    until = accounts.try_attempt(_codes_key(), CODES)
    if until is None:
        return None
    return f"Too many wrong codes on this browser. Try again in {wait_in_words(until, utcnow())}."


def _right_code() -> None:
    accounts.forget_failures(_codes_key())


@bp.route("/join", methods=["GET", "POST"])
def join():
    """Join a class with the teacher's code and a display name: no email, no password."""
    form = JoinForm(code=request.args.get("code", ""))
    if form.validate_on_submit():
        locked = _locked()
        if locked:
            return _page("join.html", form, [locked], 429)
        problem = _join(form)
        if problem is None:
            return redirect(url_for("student.home"))
        return _page("join.html", form, [problem], 400)
    return _page("join.html", form, form_errors(form))


def _page(template: str, form, errors: list[str], status: int | None = None):
    return render_template(template, form=form, errors=errors), status or (400 if errors else 200)


def _join(form: JoinForm) -> str | None:
    """Join the class the form names; the reason it failed, or None."""
    try:
        classroom = classes.joinable(classes.class_by_code(form.code.data))
    except classes.ClassError as problem:
        return str(problem)
    _right_code()
    token = session["learner"]
    present = classes.membership_of(progress.learner_by_token(token))
    if present is not None and present.classroom_id != classroom.id:
        # Another class's learner stays theirs, to come back to with its personal code; this browser becomes a
        # new learner, once the join has worked.
        token = progress.new_token()
    learner = progress.ensure_learner(token)
    try:
        membership = classes.join(classroom, learner, form.display_name.data)
    except classes.ClassError as problem:
        db.session.rollback()
        return str(problem)
    if token != session["learner"]:
        code = shown(present.reentry_code)
        flash(f"You left {present.classroom.name} on this browser; your personal code for it is {code}.")
        learners.become(token)
    db.session.commit()
    session["class_name"] = classroom.name
    flash(
        f"Welcome to {classroom.name}, {membership.display_name}! Your personal code is "
        f"{shown(membership.reentry_code)}: write it down to come back on another device."
    )
    return None


@bp.route("/return", methods=["GET", "POST"])
def come_back():
    """Come back to one's class on this browser with one's personal code."""
    form = ReentryForm()
    if form.validate_on_submit():
        locked = _locked()
        if locked:
            return _page("return.html", form, [locked], 429)
        membership = classes.member_by_code(form.code.data)
        if membership is None:
            return _page("return.html", form, ["That code does not match anyone. Check it with your teacher."])
        _right_code()
        learners.become(membership.learner.token)
        session["class_name"] = membership.classroom.name
        flash(f"Welcome back, {membership.display_name}.")
        return redirect(url_for("student.home"))
    return _page("return.html", form, form_errors(form))


@bp.post("/leave")
def leave():
    """Stop being this learner on this browser (a shared computer); the answers stay with the class."""
    learners.become()
    flash("This browser no longer holds your answers. Come back any time with your personal code.")
    return redirect(url_for(".come_back", left=1))
