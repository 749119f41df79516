"""What the database keeps: learners and their answers (keyed by the exercise and item ids authors control),
teachers, their classes, and who belongs to which."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    # Named constraints, so that migrations can refer to them on every database.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


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


def aware(moment: datetime | None) -> datetime | None:
    """A stored time in UTC; SQLite hands times back without their zone."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


class Learner(db.Model):
    """Someone answering exercises, known only by a random token held in their cookie."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    # Set when the learner leaves a browser or gets a new personal code: only a cookie carrying this key is this
    # learner from then on, so a copied cookie stops working. None: no session has been ended yet.
    session_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    attempts: Mapped[list[Attempt]] = relationship(
        back_populates="learner", cascade="all, delete-orphan", passive_deletes=True
    )
    membership: Mapped[Membership | None] = relationship(
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
    # Joined: every page that shows a score needs the override too, without a query per answer.
    override: Mapped[Override | None] = relationship(lazy="joined", cascade="all, delete-orphan", passive_deletes=True)

    @property
    def counted(self) -> float:
        """The score that counts: the teacher's, where they overrode the computed one."""
        return self.override.score if self.override else self.score


class Override(db.Model):
    """A teacher's score for an answer in place of the computed one, with a comment the student sees."""

    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"), primary_key=True)
    score: Mapped[float] = mapped_column(Float)
    comment: Mapped[str] = mapped_column(Text, default="")
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("teacher.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Teacher(db.Model):
    """A teacher's account: a username and a password hash, never the password."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # Kept in lower case, so that "Ms.Smith" and "ms.smith" cannot be two accounts.
    username: Mapped[str] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # An admin may replace any exercise file, the shipped bank's included; their sets belong to the shared bank.
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    classes: Mapped[list[Classroom]] = relationship(
        back_populates="teacher", cascade="all, delete-orphan", passive_deletes=True
    )


class TeacherSession(db.Model):
    """A signed-in browser. The cookie holds a random token and this row its hash; deleting the row signs it out,
    which a signed cookie alone cannot do."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    teacher: Mapped[Teacher] = relationship(lazy="joined")


class Classroom(db.Model):
    """A teacher's class: the code students join with and the teacher's choices for it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    joining_open: Mapped[bool] = mapped_column(Boolean, default=True)
    # None: every set in the bank, including sets added later.
    set_ids: Mapped[list[str] | None] = mapped_column(JSON)
    # Other teachers' sets the class sees besides "every set": they are never shown by surprise.
    added_set_ids: Mapped[list[str] | None] = mapped_column(JSON)
    counts: Mapped[str] = mapped_column(String(8), default="best")
    show_key: Mapped[bool] = mapped_column(Boolean, default=True)
    # "each_answer": a student sees their score after each answer; "on_release": only once the teacher releases
    # the set's results (a test).
    results: Mapped[str] = mapped_column(String(16), default="each_answer", server_default="each_answer")
    # None: as many attempts at each set as the student likes.
    attempts_allowed: Mapped[int | None] = mapped_column(Integer)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    teacher: Mapped[Teacher] = relationship(back_populates="classes")
    members: Mapped[list[Membership]] = relationship(
        back_populates="classroom", cascade="all, delete-orphan", passive_deletes=True
    )
    releases: Mapped[list[Release]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    assignments: Mapped[list[Assignment]] = relationship(cascade="all, delete-orphan", passive_deletes=True)

    def shows(self, set_id: str, private_sets: dict[str, int]) -> bool:
        """Whether the class sees the set. private_sets: the sets outside the shared bank, by owner's id
        (bank_owners.private_sets()): "every set" means the shared bank and the class's own teacher's sets, so
        another teacher's new set never appears in a class by surprise, only when its teacher adds it."""
        if self.set_ids is not None:
            return set_id in self.set_ids
        owner_id = private_sets.get(set_id)
        return owner_id is None or owner_id == self.teacher_id or set_id in (self.added_set_ids or [])

    def sets_shown(self, sets: dict, private_sets: dict[str, int]) -> dict:
        """Of these sets (by id), those the class sees, in the same order."""
        return {set_id: exercise_set for set_id, exercise_set in sets.items() if self.shows(set_id, private_sets)}


class Release(db.Model):
    """A set whose results a class that withholds them has released: its students now see scores and the key."""

    __tablename__ = "result_release"

    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"), primary_key=True)
    exercise_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    released_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Assignment(db.Model):
    """A set a class is given to do by a time: when it opens, when it is due, what happens after, and the test
    settings for it (which stand in for the class's own on this set)."""

    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"), primary_key=True)
    exercise_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    # None: open from the start; due at no time in particular.
    opens_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # "late": answers after the due time are taken and marked late; "close": the set takes no more answers.
    after_due: Mapped[str] = mapped_column(String(8), default="late")
    # As the class's settings of the same names.
    results: Mapped[str] = mapped_column(String(16), default="each_answer")
    attempts_allowed: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Joined: every page that decides for a student needs their extension, and a class has few.
    extensions: Mapped[list[Extension]] = relationship(
        lazy="joined", cascade="all, delete-orphan", passive_deletes=True
    )


class Extension(db.Model):
    """More time for one student on one assigned set: their own due time, in place of the class's when later."""

    __tablename__ = "assignment_extension"
    __table_args__ = (
        ForeignKeyConstraint(
            ["classroom_id", "exercise_id"],
            ["assignment.classroom_id", "assignment.exercise_id"],
            ondelete="CASCADE",
        ),
    )

    classroom_id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    # Indexed: deleting a student deletes their extensions.
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"), primary_key=True, index=True)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RosterEntry(db.Model):
    """A name on the class list a teacher imported: a joining student picks their own name, which brings its ID."""

    __table_args__ = (UniqueConstraint("classroom_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"), index=True)
    display_name: Mapped[str] = mapped_column(String(30))
    name_key: Mapped[str] = mapped_column(Text)
    external_id: Mapped[str | None] = mapped_column(String(100))


class Membership(db.Model):
    """A learner's place in a class: a display name and nothing else about them, plus their re-entry code."""

    __table_args__ = (UniqueConstraint("classroom_id", "name_key"),)

    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"), primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"), index=True)
    display_name: Mapped[str] = mapped_column(String(30))
    # The name folded for comparison, so that "Ana" and "ana " are the same name in a class. Unbounded: folding
    # can make a name many times longer (NFKC writes the one character U+FDFA as 18).
    name_key: Mapped[str] = mapped_column(Text)
    # Shown to the class's teacher so they can read it out again; it opens one pseudonymous quiz record only.
    reentry_code: Mapped[str] = mapped_column(String(16), unique=True)
    # The student's ID in the school's systems (a student number, an LMS login), for the gradebook exports.
    external_id: Mapped[str | None] = mapped_column(String(100))
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    learner: Mapped[Learner] = relationship(back_populates="membership")
    classroom: Mapped[Classroom] = relationship(back_populates="members")


class Failure(db.Model):
    """Recent failed guesses under one key (a username with an address, or an address guessing codes)."""

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    first_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Indexed: rows the throttle no longer needs are deleted by age.
    last_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class BankFile(db.Model):
    """Who uploaded an exercise file or a source document. Files with no row came with Lens or were put in the
    folder by whoever runs it: they belong to the shared bank."""

    # "exercise" or "source", and the file's name without its suffix (a set's id, or a source's name).
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    stem: Mapped[str] = mapped_column(String(80), primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("teacher.id", ondelete="SET NULL"), index=True)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    owner: Mapped[Teacher | None] = relationship(lazy="joined")


# LTI 1.3: Lens as a tool that learning platforms (Canvas, Moodle, Schoology, Brightspace) launch and send grades to.


class LtiPlatform(db.Model):
    """A learning platform registered by an admin: where its sign-in, tokens and keys are."""

    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(255))
    client_id: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(80))
    auth_login_url: Mapped[str] = mapped_column(Text)
    token_url: Mapped[str] = mapped_column(Text)
    key_set_url: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    deployments: Mapped[list[LtiDeployment]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )


class LtiDeployment(db.Model):
    """A deployment of Lens on a platform (a school, an account): launches from any other are refused."""

    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"), primary_key=True)
    deployment_id: Mapped[str] = mapped_column(String(255), primary_key=True)


class LtiKey(db.Model):
    """One of Lens's own RSA key pairs: the newest unretired one signs, every unretired one is in the key set."""

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    private_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LtiNonce(db.Model):
    """A nonce Lens gave out when a launch began; a launch may use it once, before it expires."""

    value: Mapped[str] = mapped_column(String(128), primary_key=True)
    # The state given out with the nonce: a launch must bring back the pair.
    state: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LtiContext(db.Model):
    """A course on a platform, and the Lens class it is."""

    __table_args__ = (UniqueConstraint("platform_id", "context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"))
    context_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(255), default="")
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"), index=True)
    # The platform's services for the course, from the latest launch: its class list, and its gradebook columns.
    memberships_url: Mapped[str | None] = mapped_column(Text)
    lineitems_url: Mapped[str | None] = mapped_column(Text)
    # The gradebook permissions (AGS scopes) the platform gave Lens for the course.
    ags_scopes: Mapped[list[str] | None] = mapped_column(JSON)
    # Service addresses the latest launch gave on a host the platform is not registered with: ignored, and said.
    ignored_services: Mapped[str | None] = mapped_column(Text)
    platform: Mapped[LtiPlatform] = relationship(lazy="joined")


class LtiResourceLink(db.Model):
    """A link in a course that opens an exercise set, and the gradebook column its scores go to."""

    __table_args__ = (UniqueConstraint("lti_context_id", "resource_link_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lti_context_id: Mapped[int] = mapped_column(ForeignKey("lti_context.id", ondelete="CASCADE"))
    resource_link_id: Mapped[str] = mapped_column(String(255))
    exercise_id: Mapped[str] = mapped_column(String(200))
    line_item_url: Mapped[str | None] = mapped_column(Text)
    context: Mapped[LtiContext] = relationship(lazy="joined")


class LtiTeacher(db.Model):
    """A platform's instructor (by the platform's id for them) and the Lens teacher account they are."""

    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"), primary_key=True)
    sub: Mapped[str] = mapped_column(String(255), primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)


class LtiLearner(db.Model):
    """A platform's student in a course, and the Lens learner they are in that course's class."""

    lti_context_id: Mapped[int] = mapped_column(ForeignKey("lti_context.id", ondelete="CASCADE"), primary_key=True)
    sub: Mapped[str] = mapped_column(String(255), primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"), unique=True)


class LtiScore(db.Model):
    """A score on its way to a platform's gradebook: written before it is sent, kept until the platform takes it,
    tried again later when it does not (the outbox). One row per student and link, holding the newest score."""

    __table_args__ = (UniqueConstraint("learner_id", "link_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"))
    link_id: Mapped[int] = mapped_column(ForeignKey("lti_resource_link.id", ondelete="CASCADE"), index=True)
    exercise_id: Mapped[str] = mapped_column(String(200))
    line_item_url: Mapped[str | None] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float)
    comment: Mapped[str] = mapped_column(Text, default="")
    # When this score was figured: sent as the score's timestamp, and how a sender knows it is still the newest.
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    tries: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_try_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
