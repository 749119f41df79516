"""Teachers signing in and out, and changing their password. Sessions live on the server (accounts.py)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeTimedSerializer

from quiz.classroom.throttle import SIGN_IN, SIGN_IN_ACCOUNT, SIGN_IN_ADDRESS, Ceiling, wait_in_words
from quiz.models import Teacher, db, utcnow
from quiz.store import accounts, failures
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
# A one-time sign-in link (`flask --app quiz teacher-sign-in-link`) works this long; it must not outlive the record of
# its use, kept for throttle.MEMORY.
LINK_LIFETIME = timedelta(minutes=15)
WRONG_PASSWORD = "That username and password do not match an account, or the account is disabled."
LINK_COMMAND = "flask --app quiz teacher-sign-in-link USERNAME"
_ONLY_KNOWN_BROWSERS = (
    "only on browsers it has signed in on before. To sign in on this one, ask whoever runs Lens for a one-time "
    f"sign-in link ({LINK_COMMAND})."
)
BROAD_ATTACK = {
    "account": "This account has had many wrong passwords from many places in the last hour, so Lens lets it sign in "
    + _ONLY_KNOWN_BROWSERS,
    "address": "Many wrong passwords have come from this network in the last hour, so Lens lets an account sign in "
    "from it " + _ONLY_KNOWN_BROWSERS,
}
LINK_REFUSED = (
    "This sign-in link has expired, has been used already, or was replaced by a new password. "
    f"Ask whoever runs Lens for a new one ({LINK_COMMAND}), or sign in with your password."
)


def _devices() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="lens-teacher-device")


def _known_device(username: str) -> str | None:
    """The id of this browser if the teacher has signed in on it before (OWASP's "device cookie")."""
    try:
        device = _devices().loads(request.cookies.get(DEVICE_COOKIE, ""), max_age=DEVICE_LIFETIME.total_seconds())
    except BadSignature:
        return None
    return device.get("device") if device.get("username") == username else None


def _key(kind: str, *parts: str) -> str:
    return failures.keyed(kind, *parts, secret=current_app.secret_key)


def _browser_key(username: str, device: str | None) -> str:
    """Wrong passwords slow down the browser they come from, for this account: a browser the teacher signed in on
    before by its device cookie, any other by a random id in its session (a guesser who drops it meets the
    ceilings instead)."""
    if device:
        return _key("sign-in:device", device)
    return _key("sign-in:browser", username, session["sign_in_browser"])


def _ceilings(username: str) -> dict[str, tuple[str, Ceiling]]:
    """The counts over every browser that a guesser who drops cookies meets: the account's and the address's."""
    return {
        "account": (_key("sign-in:account", username), SIGN_IN_ACCOUNT),
        "address": (_key("sign-in:address", request.remote_addr or ""), SIGN_IN_ADDRESS),
    }


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    # Given with the page, as the form's CSRF token is: a browser that keeps its cookies keeps its count.
    session.setdefault("sign_in_browser", secrets.token_hex(16))
    form = SignInForm()
    error, status = None, 200
    if form.validate_on_submit():
        username = form.username.data.strip().lower()
        device = _known_device(username)
        key = _browser_key(username, device)
        error = _throttled(username, key, device)
        if error:
            status = 429
        else:
            teacher = accounts.find_teacher(username)
            if accounts.password_matches(teacher, form.password.data) and not teacher.disabled:
                _right_password(username, key, device)
                return _start(teacher)
            error, status = WRONG_PASSWORD, 400
    elif form.errors:
        status = 400
    return render_template("auth/sign_in.html", form=form, error=error), status


def _throttled(username: str, key: str, device: str | None) -> str | None:
    """Count this password check; why it may not happen now, if it may not."""
    until = failures.try_attempt(key, SIGN_IN)
    if until:
        return _locked_message(until)
    if device:
        # Only its own wrong passwords hold up a browser the teacher signed in on before.
        return None
    ceilings = _ceilings(username)
    over = [name for name, (counted, ceiling) in ceilings.items() if failures.count_against(counted, ceiling)]
    if not over:
        return None
    # No password is checked, so nothing counts: a teacher who tries during an attack is not held up by it later.
    for counted in (key, *(ceiling_key for ceiling_key, _ in ceilings.values())):
        failures.take_back(counted)
    db.session.commit()
    return BROAD_ATTACK[over[0]]


def _right_password(username: str, key: str, device: str | None) -> None:
    """This browser knows the password: forget its mistakes. The ceilings keep everyone else's."""
    failures.forget_failures(key)
    if not device:
        for ceiling_key, _ in _ceilings(username).values():
            failures.take_back(ceiling_key)


def _locked_message(until) -> str:
    return (
        "Too many wrong passwords for this account on this browser. "
        f"Try again in {wait_in_words(until, utcnow())}, or ask whoever runs Lens to reset your password."
    )


def _start(teacher: Teacher):
    target = _safe_next(request.args.get("next")) or url_for("teacher.classes_page")
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


def _links() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="lens-sign-in-link")


def _password_fingerprint(teacher: Teacher) -> str:
    # Binds a link to the password of the moment: changing the password voids every link given before.
    return hashlib.sha256(teacher.password_hash.encode()).hexdigest()[:16]


def sign_in_link_token(teacher: Teacher) -> str:
    """The token of a new one-time sign-in link for the teacher. Nothing is stored: the token is signed and bound to
    the password, and only once it is used is that remembered, as a keyed hash of it (failures.claim_once)."""
    payload = {"username": teacher.username, "password": _password_fingerprint(teacher), "nonce": secrets.token_hex(8)}
    return _links().dumps(payload)


def _link_teacher(token: str) -> Teacher | None:
    """The teacher a link signs in, if it is genuine, recent, unused and their password has not changed since."""
    try:
        payload = _links().loads(token, max_age=LINK_LIFETIME.total_seconds())
    except BadSignature:
        return None
    teacher = accounts.find_teacher(str(payload.get("username", "")))
    if teacher is None or teacher.disabled or payload.get("password") != _password_fingerprint(teacher):
        return None
    return None if failures.was_claimed(_key("sign-in-link", token)) else teacher


@bp.route("/sign-in-link/<token>", methods=["GET", "POST"])
def sign_in_with_link(token: str):
    """Sign in with a one-time link. The page asks first: a chat app that opens links to preview them must not use
    it up."""
    teacher = _link_teacher(token)
    form = FlaskForm()
    if teacher is not None and form.validate_on_submit():
        if failures.claim_once(_key("sign-in-link", token)):
            # The link proves the teacher as a password would, and this browser becomes one of their known devices.
            return _start(teacher)
        teacher = None
    if teacher is None:
        return render_template("auth/sign_in.html", form=SignInForm(), error=LINK_REFUSED), 400
    return render_template("auth/sign_in.html", form=form, link_for=teacher.username), 400 if form.errors else 200


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
    until = failures.try_attempt(f"password:{teacher.id}", SIGN_IN)
    if until:
        return [f"Too many wrong passwords. Try again in {wait_in_words(until, utcnow())}."]
    if not accounts.password_matches(teacher, form.current.data):
        return ["Your current password is not right."]
    failures.forget_failures(f"password:{teacher.id}")
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
