"""What the database keeps: learners and their answers, keyed by the exercise and item ids authors control."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import JSON, DateTime, Engine, Float, ForeignKey, String, UniqueConstraint, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


def tune_sqlite(engine: Engine) -> None:
    """Let a classroom submit at once: readers never block the writer, and a busy writer is waited for."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(connection: sqlite3.Connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def utcnow() -> datetime:
    return datetime.now(UTC)


class Learner(db.Model):
    """Someone answering exercises, known only by a random token held in their cookie."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    attempts: Mapped[list[Attempt]] = relationship(
        back_populates="learner", cascade="all, delete-orphan", passive_deletes=True
    )


class Attempt(db.Model):
    """One pass of a learner through an exercise set; attempts are numbered from 1."""

    __table_args__ = (UniqueConstraint("learner_id", "exercise_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"), index=True)
    exercise_id: Mapped[str] = mapped_column(String(200))
    number: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Set when the last item is answered; an item added to the set later does not reopen the attempt.
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    learner: Mapped[Learner] = relationship(back_populates="attempts")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", passive_deletes=True
    )


class Answer(db.Model):
    """A submitted answer to one item in one attempt; there is at most one, so a resent form changes nothing."""

    __table_args__ = (UniqueConstraint("attempt_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(80))
    # The skill when answered: reports stay right if an author later moves the item to another skill.
    skill: Mapped[str] = mapped_column(String(40))
    item_version: Mapped[str] = mapped_column(String(16))
    response: Mapped[dict] = mapped_column(JSON)
    score: Mapped[float] = mapped_column(Float)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    attempt: Mapped[Attempt] = relationship(back_populates="answers")
