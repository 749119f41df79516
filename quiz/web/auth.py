"""Teachers signing in and out, and changing their password. Sessions live on the server (accounts.py)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user, logout_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from quiz.classroom.throttle import SIGN_IN, wait_in_words
from quiz.models import Teacher, db, utcnow
from quiz.store import accounts
from quiz.web.forms import PasswordChangeForm, SignInForm, form_errors

bp = Blueprint("auth", __name__, url_prefix="/teacher")
login_manager = LoginManager()
login_manager.login_view = "auth.sign_in"
login_manager.login_message = "Sign in to see your classes."


class SignedIn(UserMixin):
    """The teacher behind this browser's session. Flask-Login keeps get_id() in the cookie: a session token,
    not the teacher's id, so that ending the session on the server signs the cookie out."""

    def __init__(self, teacher: Teacher, token: str):
        self.teacher = teacher
        self.token = token

    def get_id(self) -> str:
        return self.token


@login_manager.user_loader
def load_signed_in(token: str) -> SignedIn | None:
    teacher = accounts.session_teacher(token)
    return SignedIn(teacher, token) if teacher else None


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    app.register_blueprint(bp)


# Only for a signed-in teacher; anyone else is sent to sign in.
teacher_required = login_required


def signed_in_teacher() -> Teacher:
    return current_user.teacher


DEVICE_COOKIE = "lens_device"
DEVICE_LIFETIME = timedelta(days=365)


def _devices() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="lens-teacher-device")


def _known_device(username: str) -> str | None:
    """The id of this browser if the teacher has signed in on it before (OWASP's "device cookie")."""
    try:
        device = _devices().loads(request.cookies.get(DEVICE_COOKIE, ""), max_age=DEVICE_LIFETIME.total_seconds())
    except BadSignature:
        return None
    return device.get("device") if device.get("username") == username.strip().lower() else None


def _throttle_key(username: str) -> str:
    """Guesses count per browser the teacher signed in on before, else per username and address: a student
    guessing from the classroom then cannot lock the teacher out of their own laptop."""
    device = _known_device(username)
    if device:
        return f"sign-in:device:{device}"
    name = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return f"sign-in:{name}:{request.remote_addr}"


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    form = SignInForm()
    error, status = None, 200
    if form.validate_on_submit():
        key = _throttle_key(form.username.data)
        until = accounts.try_attempt(key, SIGN_IN)
        if until:
            error, status = _locked_message(until), 429
        else:
            teacher = accounts.find_teacher(form.username.data)
            if accounts.password_matches(teacher, form.password.data) and not teacher.disabled:
                return _start(teacher, key)
            error, status = "That username and password do not match an account, or the account is disabled.", 400
    elif form.errors:
        status = 400
    return render_template("auth/sign_in.html", form=form, error=error), status


def _locked_message(until) -> str:
    return (
        "Too many wrong passwords for this account from this network. "
        f"Try again in {wait_in_words(until, utcnow())}, or ask whoever runs Lens to reset your password."
    )


def _start(teacher: Teacher, key: str):
    target = _safe_next(request.args.get("next")) or url_for("teacher.classes_page")
    accounts.forget_failures(key)
    token = accounts.start_session(teacher)
    db.session.commit()
    # A fresh session: nothing left from whoever used this browser before (a student's learner id, say).
    session.clear()
    login_user(SignedIn(teacher, token))
    response = redirect(target)
    device = _known_device(teacher.username) or secrets.token_hex(16)
    response.set_cookie(
        DEVICE_COOKIE,
        _devices().dumps({"username": teacher.username, "device": device}),
        max_age=int(DEVICE_LIFETIME.total_seconds()),
        path="/teacher/",
        secure=request.is_secure,
        httponly=True,
        samesite="Lax",
    )
    return response


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: a link that signs a teacher in must not send them elsewhere."""
    if not target or any(ord(char) < 0x21 or ord(char) == 0x7F for char in target):
        # Control characters and spaces: urlsplit drops some before parsing, a Location header refuses them all.
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


@bp.post("/sign-out")
def sign_out():
    if current_user.is_authenticated:
        accounts.end_session(current_user.token)
        db.session.commit()
    logout_user()
    flash("You are signed out.")
    return redirect(url_for(".sign_in"))


@bp.route("/password", methods=["GET", "POST"])
@teacher_required
def change_password():
    """A new password; every other browser signed in as this teacher is signed out."""
    form = PasswordChangeForm()
    errors = []
    if form.validate_on_submit():
        teacher = signed_in_teacher()
        errors = _password_change_problems(teacher, form)
        if not errors:
            return _start_again(teacher)
    elif request.method == "POST":
        errors = form_errors(form)
    return render_template("auth/password.html", form=form, errors=errors), 400 if errors else 200


def _password_change_problems(teacher: Teacher, form: PasswordChangeForm) -> list[str]:
    # Throttled like signing in: a session left open must not let someone try passwords without end.
    until = accounts.try_attempt(f"password:{teacher.id}", SIGN_IN)
    if until:
        return [f"Too many wrong passwords. Try again in {wait_in_words(until, utcnow())}."]
    if not accounts.password_matches(teacher, form.current.data):
        return ["Your current password is not right."]
    accounts.forget_failures(f"password:{teacher.id}")
    if form.new.data != form.again.data:
        return ["The two new passwords are not the same."]
    try:
        accounts.change_password(teacher, form.new.data)
    except accounts.AccountError as problem:
        return [str(problem)]
    return []


def _start_again(teacher: Teacher):
    token = accounts.start_session(teacher)
    db.session.commit()
    login_user(SignedIn(teacher, token))
    flash("Your password is changed. Any other browser signed in as you has been signed out.")
    return redirect(url_for("teacher.classes_page"))
