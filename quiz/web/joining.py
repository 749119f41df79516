"""Students joining a class with its code, coming back on another device, and leaving a shared computer."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for

from quiz.classroom.throttle import CODES, CODES_ADDRESS, wait_in_words
from quiz.models import db, utcnow
from quiz.store import classes, failures, progress, roster
from quiz.web import learners
from quiz.web.forms import JoinForm, PickNameForm, ReentryForm, form_errors

bp = Blueprint("joining", __name__)
bp.before_request(learners.give_the_browser_a_learner_id)


@bp.app_context_processor
def _personal_codes():
    # The home page shows the personal codes once after joining, read from the database (see learners.CODES_ONCE).
    return {"codes_shown_once": learners.codes_shown_once}


def _codes_keys() -> list[str]:
    """Where a code attempt counts: this browser (a class types codes behind one school router, and one student must
    not lock the others out), and its address under a ceiling high enough for a class's typos (a guesser who drops
    cookies meets that instead)."""
    secret = current_app.secret_key
    return [
        failures.keyed("codes:browser", session["learner"], secret=secret),
        failures.keyed("codes:address", request.remote_addr or "", secret=secret),
    ]


def _locked() -> str | None:
    """Count this code attempt; why it must wait first, if it must."""
    browser, address = _codes_keys()
    until = failures.try_attempt(browser, CODES)
    if until:
        return f"Too many wrong codes on this browser. Try again in {wait_in_words(until, utcnow())}."
    until = failures.count_against(address, CODES_ADDRESS)
    if until:
        # Not checked, so not counted: the browser is not held up later for the network's guesses.
        failures.take_back(browser)
        db.session.commit()
        return (
            "Too many wrong codes from this network in the last minute. "
            f"Try again in {wait_in_words(until, utcnow())}, and check the code with your teacher."
        )
    return None


def _right_code() -> None:
    """Uncount this attempt, which was right; the wrong ones before it still count, or one right code among
    guesses would let them go on for ever. Committed at once, whatever happens to the join after it."""
    for key in _codes_keys():
        failures.take_back(key)
    db.session.commit()


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
        if problem == PICK_A_NAME:
            return redirect(url_for(".pick_name", name=form.display_name.data or None))
        if problem == TYPE_A_NAME:
            form.display_name.errors = [TYPE_A_NAME]
        return _page("join.html", form, [problem], 400)
    return _page("join.html", form, form_errors(form))


def _page(template: str, form, errors: list[str], status: int | None = None):
    return render_template(template, form=form, errors=errors), status or (400 if errors else 200)


TYPE_A_NAME = "Type a name."
# _join's answer when the class has a list of names to pick from: no message for the student is this string.
PICK_A_NAME = "pick a name from the class list"
JOINING = "joining"


def _join(form: JoinForm) -> str | None:
    """Join the class the form names; the reason it failed, PICK_A_NAME, or None."""
    try:
        classroom = classes.joinable(classes.class_by_code(form.code.data))
    except classes.ClassError as problem:
        return str(problem)
    _right_code()
    if roster.open_entries(classroom):
        # The right code was typed: the next page may show this class's list, until the class gets a new code.
        session[JOINING] = {"class": classroom.id, "code": classroom.join_code}
        return PICK_A_NAME
    if not (form.display_name.data or "").strip():
        return TYPE_A_NAME
    return _become_member(classroom, lambda learner: classes.join(classroom, learner, form.display_name.data))


def _become_member(classroom, joined) -> str | None:
    """Make this browser's learner (or a new one, if it is another class's) a member with joined(learner); the
    reason it failed, or None."""
    token = session["learner"]
    present = classes.membership_of(learners.current())
    if present is not None and present.classroom_id != classroom.id:
        # Another class's learner stays theirs, to come back to with its personal code; this browser becomes a
        # new learner, once the join has worked.
        token = progress.new_token()
    learner = progress.ensure_learner(token)
    try:
        membership = joined(learner)
    except classes.ClassError as problem:
        db.session.rollback()
        return str(problem)
    left = None
    if token != session["learner"]:
        left = present
        learners.become(token)
    db.session.commit()
    session["class_name"] = classroom.name
    session.pop(JOINING, None)
    flash(f"Welcome to {classroom.name}, {membership.display_name}!")
    learners.show_codes_once(left)
    return None


def _class_being_joined():
    """The class whose code this browser typed right, if it still takes students under that code."""
    joining = session.get(JOINING) or {}
    classroom = classes.class_by_code(joining.get("code", "")) if joining.get("code") else None
    if classroom is None or classroom.id != joining.get("class"):
        return None
    try:
        return classes.joinable(classroom)
    except classes.ClassError:
        return None


@bp.route("/join/name", methods=["GET", "POST"])
def pick_name():
    """Pick one's own name from the class list, once the class code was right; the name brings its ID."""
    classroom = _class_being_joined()
    if classroom is None:
        session.pop(JOINING, None)
        flash("Type the class code again, please.")
        return redirect(url_for(".join"))
    choices = roster.open_entries(classroom)
    if not choices:
        # Everyone on the list has joined (or the teacher cleared it): the student types their name as usual.
        session.pop(JOINING, None)
        flash("Type your class code and your name.")
        return redirect(url_for(".join", code=classroom.join_code))
    form = PickNameForm()
    form.entry.choices = [(entry.id, entry.display_name) for entry in choices]
    errors = []
    if form.validate_on_submit():
        picked = next((entry for entry in choices if entry.id == form.entry.data), None)
        if picked is None:
            errors = ["That name has just been taken, or is no longer on the list. Pick your own name below."]
        else:
            problem = _become_member(classroom, lambda learner: roster.join(classroom, learner, picked))
            if problem is None:
                return redirect(url_for("student.home"))
            errors = [problem]
    elif form.is_submitted():
        errors = form_errors(form)
    else:
        # The name typed with the code, if it is on the list, comes ticked.
        typed = classes.name_key(request.args.get("name", ""))
        form.entry.data = next((entry.id for entry in choices if entry.name_key == typed), None)
    status = 400 if errors else 200
    return render_template("join_pick.html", form=form, errors=errors, classroom=classroom), status


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
        learners.become(membership.learner.token, membership.learner.session_key)
        session["class_name"] = membership.classroom.name
        flash(f"Welcome back, {membership.display_name}.")
        return redirect(url_for("student.home"))
    return _page("return.html", form, form_errors(form))


@bp.get("/leave")
def confirm_leave():
    """Ask before leaving, with the personal code to write down: without it the answers cannot be found again."""
    learner = learners.current()
    membership = learner.membership if learner else None
    if membership is None:
        return redirect(url_for("student.home"))
    return render_template("leave.html", membership=membership)


@bp.post("/leave")
def leave():
    """Stop being this learner on this browser (a shared computer), and on every other browser holding a copy of
    its cookie; the answers stay with the class."""
    learner = learners.current()
    if learner is None:
        learners.become()
    else:
        learners.end_sessions_of(learner)
        db.session.commit()
    flash("This browser no longer holds your answers. Come back any time with your personal code.")
    return redirect(url_for(".come_back", left=1))
