"""Teacher accounts and the sessions they sign in with (the record of failed guesses is in failures.py)."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta
from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash

from quiz.models import Teacher, TeacherSession, aware, db, utcnow
from quiz.store.rows import insert_once

USERNAME = re.compile(r"[a-z0-9._-]{2,40}")
SHORTEST_PASSWORD = 8
LONGEST_PASSWORD = 256
# A whole school day signed in, then sign in again (ASVS asks for at most 12 hours).
SESSION_LIFETIME = timedelta(hours=12)


class AccountError(ValueError):
    """Something about a username or password that the person must change; the message says what."""


def username_problem(username: str) -> str | None:
    if not USERNAME.fullmatch(username):
        return "A username is 2 to 40 characters: lower-case letters, digits, dots, dashes or underscores."
    return None


def password_problem(password: str, username: str) -> str | None:
    if len(password) < SHORTEST_PASSWORD:
        return f"Choose a password of at least {SHORTEST_PASSWORD} characters; a short sentence is easy to remember."
    if len(password) > LONGEST_PASSWORD:
        return f"Choose a password of at most {LONGEST_PASSWORD} characters."
    if password.casefold() == username.casefold():
        return "Choose a password that is not your username."
    return None


def create_teacher(username: str, password: str, admin: bool = False) -> Teacher:
    """A new account; AccountError if the name is taken or the password too weak."""
    username = username.strip().lower()
    problem = username_problem(username) or password_problem(password, username)
    if problem:
        raise AccountError(problem)
    if not insert_once(Teacher, username=username, password_hash=generate_password_hash(password), is_admin=admin):
        raise AccountError(f"There is already a teacher called {username}.")
    return find_teacher(username)


def find_teacher(username: str) -> Teacher | None:
    query = db.select(Teacher).filter_by(username=username.strip().lower())
    return db.session.execute(query).scalar_one_or_none()


def password_matches(teacher: Teacher | None, password: str) -> bool:
    """Whether this is the teacher's password; as slow for an unknown name as for a known one."""
    if teacher is None:
        check_password_hash(_decoy_hash(), password)
        return False
    return check_password_hash(teacher.password_hash, password)


@cache
def _decoy_hash() -> str:
    """Checked when the username is unknown, so that the answer takes as long as for a real account. Made on first
    use: every process start (a worker, `flask validate`) would otherwise pay for one scrypt hash."""
    return generate_password_hash(secrets.token_urlsafe(16))


def _hashed(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(teacher: Teacher) -> str:
    """A new signed-in session for the teacher; the token goes into their cookie, only its hash is stored."""
    token = secrets.token_urlsafe(32)
    # Sessions past their lifetime can never be used again: drop them rather than keep them for ever.
    db.session.execute(db.delete(TeacherSession).filter(TeacherSession.created_at < utcnow() - SESSION_LIFETIME))
    db.session.add(TeacherSession(token_hash=_hashed(token), teacher_id=teacher.id))
    return token


def session_teacher(token: str) -> Teacher | None:
    """The teacher signed in with this token, if the session still stands."""
    query = db.select(TeacherSession).filter_by(token_hash=_hashed(token))
    found = db.session.execute(query).scalar_one_or_none()
    if found is None or found.teacher.disabled or utcnow() - aware(found.created_at) > SESSION_LIFETIME:
        return None
    return found.teacher


def end_session(token: str) -> None:
    db.session.execute(db.delete(TeacherSession).filter_by(token_hash=_hashed(token)))


def end_sessions(teacher: Teacher) -> None:
    """Sign the teacher out everywhere."""
    db.session.execute(db.delete(TeacherSession).filter_by(teacher_id=teacher.id))


def change_password(teacher: Teacher, password: str) -> None:
    """A new password; every session signed in with the old one ends."""
    problem = password_problem(password, teacher.username)
    if problem:
        raise AccountError(problem)
    teacher.password_hash = generate_password_hash(password)
    end_sessions(teacher)


def set_disabled(teacher: Teacher, disabled: bool) -> None:
    teacher.disabled = disabled
    if disabled:
        end_sessions(teacher)
