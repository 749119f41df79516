"""Who owns the files in the exercise bank. Files with no owner came with Lens, or were put in the folder by
whoever runs it, or were uploaded before files had owners: with admins' uploads, they make the shared bank that
every class sees. A teacher's own uploads are their sets: their classes see them, other classes only when their
teacher adds them."""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass

from quiz.models import BankFile, Teacher, db
from quiz.store.rows import insert_once

EXERCISE = "exercise"
SOURCE = "source"


@dataclass(frozen=True)
class Owner:
    teacher_id: int
    username: str
    is_admin: bool


# Every student page asks which sets a class sees, and owners change only with an upload: remembered per database
# for as long as the bank waits before it looks at its files again, so other app servers catch up as fast.
REMEMBERED_SECONDS = 2.0
_remembered: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def owners(kind: str) -> dict[str, Owner]:
    """The uploaded files of this kind that have an owner, by name."""
    remembered = _remembered.setdefault(db.engine, {})
    at, found = remembered.get(kind, (None, None))
    if at is None or time.monotonic() - at > REMEMBERED_SECONDS:
        found = _owners_now(kind)
        remembered[kind] = (time.monotonic(), found)
    return found


def _owners_now(kind: str) -> dict[str, Owner]:
    query = (
        db.select(BankFile.stem, Teacher.id, Teacher.username, Teacher.is_admin)
        .join(Teacher, BankFile.owner_id == Teacher.id)
        .filter(BankFile.kind == kind)
    )
    return {stem: Owner(*owner) for stem, *owner in db.session.execute(query)}


def private_sets() -> dict[str, int]:
    """The sets outside the shared bank, with the teacher each belongs to."""
    return {stem: owner.teacher_id for stem, owner in owners(EXERCISE).items() if not owner.is_admin}


def record_upload(kind: str, stem: str, teacher: Teacher) -> None:
    """Note who added a file; a file keeps its first owner when an admin replaces it."""
    insert_once(BankFile, kind=kind, stem=stem, owner_id=teacher.id)


def forget_remembered() -> None:
    """Ask the database next time: an owner or an admin changed in this process (call it after the commit)."""
    _remembered.pop(db.engine, None)


def may_replace(teacher: Teacher, owner: Owner | None) -> bool:
    """Only a file's owner replaces it; the shared bank's files and other teachers' only an admin."""
    return teacher.is_admin or (owner is not None and owner.teacher_id == teacher.id)


def in_short(owner: Owner | None, viewer: Teacher) -> str:
    """Who a file belongs to, in a column of the files list."""
    if owner is None:
        return "shared bank"
    name = "you" if owner.teacher_id == viewer.id else owner.username
    return f"{name} (admin)" if owner.is_admin else name


def described(owner: Owner | None, viewer: Teacher) -> str:
    """Who a file belongs to, as its page says it."""
    if owner is None:
        return "the shared bank (it came with Lens or was put in the exercises folder)"
    if owner.teacher_id == viewer.id:
        return "you" + (" (an admin: it is in the shared bank)" if owner.is_admin else "")
    return f"{owner.username}" + (" (an admin: it is in the shared bank)" if owner.is_admin else "")
