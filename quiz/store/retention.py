"""How long Lens keeps what it no longer needs: anonymous learners gone quiet, classes archived long ago, and
throttle records past their use. The purge command reports what it would delete, and deletes it with --apply."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from quiz.classroom.codes import shown
from quiz.models import Answer, Attempt, Classroom, Failure, Learner, Membership, aware, db
from quiz.store import classes

# The throttle forgets a failure after an hour (classroom/throttle.py); a day leaves a wide margin.
THROTTLE_RECORDS_KEPT = timedelta(days=1)


@dataclass(frozen=True)
class OldClass:
    """An archived class old enough to delete, and what deleting it takes with it."""

    name: str
    join_code: str
    archived_at: datetime
    students: int
    answers: int


@dataclass(frozen=True)
class Plan:
    """What a purge deletes; None for a kind of data the purge was not asked about."""

    anonymous_days: int | None
    archived_days: int | None
    anonymous_learners: int | None
    anonymous_answers: int | None
    old_classes: list[OldClass] | None
    throttle_records: int


def plan(now: datetime, anonymous_days: int | None, archived_days: int | None) -> Plan:
    """What a purge at this moment with these limits would delete."""
    learners = answers = None
    if anonymous_days is not None:
        quiet = db.select(Learner.id).filter(_quiet_anonymous(now - timedelta(days=anonymous_days)))
        learners = _count(quiet)
        answers = _count(db.select(Answer.id).join(Attempt).filter(Attempt.learner_id.in_(quiet)))
    old = None
    if archived_days is not None:
        old = [_old_class(classroom) for classroom in _old_archived_classes(now - timedelta(days=archived_days))]
    return Plan(
        anonymous_days,
        archived_days,
        learners,
        answers,
        old,
        _count(db.select(Failure.key).filter(_stale_throttle_record(now))),
    )


def apply(now: datetime, anonymous_days: int | None, archived_days: int | None) -> Plan:
    """Delete what the plan lists, in the caller's transaction; what was deleted."""
    planned = plan(now, anonymous_days, archived_days)
    if anonymous_days is not None:
        # Their attempts, answers and overrides go with them (ON DELETE CASCADE).
        db.session.execute(db.delete(Learner).filter(_quiet_anonymous(now - timedelta(days=anonymous_days))))
    if archived_days is not None:
        for classroom in _old_archived_classes(now - timedelta(days=archived_days)):
            classes.delete_class(classroom)
    db.session.execute(db.delete(Failure).filter(_stale_throttle_record(now)))
    return planned


def _quiet_anonymous(cutoff: datetime):
    """A learner in no class whose last activity (their latest answer, or else when they first came) is older."""
    latest_answer = (
        db.select(db.func.max(Answer.submitted_at))
        .join(Attempt)
        .filter(Attempt.learner_id == Learner.id)
        .scalar_subquery()
    )
    in_a_class = db.select(Membership.learner_id).filter(Membership.learner_id == Learner.id).exists()
    return db.and_(~in_a_class, db.func.coalesce(latest_answer, Learner.created_at) < cutoff)


def _old_archived_classes(cutoff: datetime) -> list[Classroom]:
    statement = db.select(Classroom).filter(Classroom.archived_at < cutoff).order_by(Classroom.archived_at)
    return list(db.session.execute(statement).scalars())


def _old_class(classroom: Classroom) -> OldClass:
    students, answers = classes.what_deleting_loses(classroom)
    return OldClass(classroom.name, classroom.join_code, aware(classroom.archived_at), students, answers)


def _stale_throttle_record(now: datetime):
    return Failure.last_at < now - THROTTLE_RECORDS_KEPT


def _count(rows) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(rows.subquery())).scalar_one()


def report_lines(planned: Plan, applied: bool) -> list[str]:
    """The plan for the terminal: each kind of data, how much, and whether it is deleted or would be."""
    lines = ["Deleted:" if applied else "Dry run: nothing is deleted. A purge with --apply would delete:"]
    if planned.anonymous_learners is not None:
        lines.append(
            f"  {_many(planned.anonymous_learners, 'anonymous learner')} (in no class) with no activity for "
            f"{_many(planned.anonymous_days, 'day')}, and their {_many(planned.anonymous_answers, 'answer')}"
        )
    if planned.old_classes is not None:
        how_many = _many(len(planned.old_classes), "class", "classes")
        lines.append(f"  {how_many} archived over {_many(planned.archived_days, 'day')} ago")
        lines += [f"    {_class_line(old)}" for old in planned.old_classes]
    lines.append(f"  {_many(planned.throttle_records, 'sign-in or code-guessing record')} over a day old")
    nothing = not (planned.anonymous_learners or planned.old_classes or planned.throttle_records)
    if not applied:
        lines.append(
            "Nothing is old enough to delete." if nothing else "Run the same command with --apply to delete them."
        )
    return lines


def _class_line(old: OldClass) -> str:
    return (
        f"{old.name} (class code {shown(old.join_code)}), archived {old.archived_at:%Y-%m-%d}: "
        f"{_many(old.students, 'student')}, {_many(old.answers, 'answer')}"
    )


def _many(count: int, one: str, several: str | None = None) -> str:
    return f"{count} {one if count == 1 else several or one + 's'}"
