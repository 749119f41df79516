"""The purge: a dry run reports and changes nothing; --apply deletes exactly the anonymous learners gone quiet, the
classes archived long ago with their students, and stale throttle records, and keeps everything else."""

from __future__ import annotations

from datetime import timedelta

import pytest

from helpers import Student, count_rows
from quiz.classroom.codes import shown
from quiz.models import Answer, Attempt, Classroom, Failure, Learner, Membership, db, utcnow

DAYS = timedelta(days=1)


def learner_who_answered(app, code: str | None = None, name: str = "") -> int:
    """A new browser that answers one item (in the class with this join code, if given); its learner's id."""
    student = Student(app.test_client())
    if code:
        student.join(code, name)
    student.answer("demo", "saddam-timeline", picked="0")
    with student.client.session_transaction() as session:
        token = session["learner"]
    with app.app_context():
        return db.session.execute(db.select(Learner.id).filter_by(token=token)).scalar_one()


def backdate(app, learner_id: int, came: int, answered: int | None = None) -> None:
    """Make the learner first come `came` days ago and send their answers `answered` days ago (default: as came)."""
    with app.app_context():
        db.session.get(Learner, learner_id).created_at = utcnow() - came * DAYS
        attempts = db.select(Attempt.id).filter_by(learner_id=learner_id)
        moment = utcnow() - (came if answered is None else answered) * DAYS
        db.session.execute(db.update(Answer).filter(Answer.attempt_id.in_(attempts)).values(submitted_at=moment))
        db.session.commit()


def archive(app, class_id: int, days_ago: int) -> None:
    with app.app_context():
        db.session.get(Classroom, class_id).archived_at = utcnow() - days_ago * DAYS
        db.session.commit()


def learner_ids(app) -> set[int]:
    with app.app_context():
        return set(db.session.execute(db.select(Learner.id)).scalars())


@pytest.fixture
def world(app, teacher):
    """Who is kept and who goes under --anonymous-older-than 30 --archived-classes-older-than 90."""
    active_id, active_code = teacher.create_class("Active class")
    old_id, old_code = teacher.create_class("Old archived class")
    recent_id, recent_code = teacher.create_class("Recently archived class")
    ids = {
        "quiet": learner_who_answered(app),
        "answered lately": learner_who_answered(app),
        "member": learner_who_answered(app, active_code, "Ana"),
        "in the old class": learner_who_answered(app, old_code, "Ben"),
        "in the recent class": learner_who_answered(app, recent_code, "Cy"),
    }
    backdate(app, ids["quiet"], came=40)
    backdate(app, ids["answered lately"], came=40, answered=5)
    for who in ("member", "in the old class", "in the recent class"):
        backdate(app, ids[who], came=400)
    archive(app, old_id, days_ago=100)
    archive(app, recent_id, days_ago=10)
    with app.app_context():
        # A learner whose browser never answered anything, first seen long ago.
        db.session.add(Learner(token="never-answered", created_at=utcnow() - 40 * DAYS))
        db.session.add(Failure(key="sign-in:old", count=3, first_at=utcnow() - 2 * DAYS, last_at=utcnow() - 2 * DAYS))
        db.session.add(Failure(key="sign-in:recent", count=3))
        db.session.commit()
        ids["never answered"] = db.session.execute(db.select(Learner.id).filter_by(token="never-answered")).scalar()
        ids["old class code"] = db.session.get(Classroom, old_id).join_code
    return ids


PURGE = ["purge", "--anonymous-older-than", "30", "--archived-classes-older-than", "90"]


def counts(app) -> dict[str, int]:
    models = (Learner, Membership, Attempt, Answer, Classroom, Failure)
    return {model.__name__: count_rows(app, model) for model in models}


def test_a_dry_run_says_what_it_would_delete_and_deletes_nothing(app, runner, world):
    before = counts(app)
    result = runner.invoke(args=PURGE)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Dry run: nothing is deleted. A purge with --apply would delete:",
        "  2 anonymous learners (in no class) with no activity for 30 days, and their 1 answer",
        "  1 class archived over 90 days ago",
        f"    Old archived class (class code {shown(world['old class code'])}), "
        f"archived {(utcnow() - 100 * DAYS):%Y-%m-%d}: 1 student, 1 answer",
        "  1 sign-in or code-guessing record over a day old",
        "Run the same command with --apply to delete them.",
    ]
    assert counts(app) == before


def throttle_keys(app) -> set[str]:
    with app.app_context():
        return set(db.session.execute(db.select(Failure.key)).scalars())


def test_apply_deletes_exactly_the_old_ones(app, runner, world):
    # Besides the two the world made, the sign-ins and code guesses of the test keep their records.
    throttle = throttle_keys(app)
    result = runner.invoke(args=[*PURGE, "--apply"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Deleted:"
    assert "Run the same command" not in result.output
    kept = {world[who] for who in ("answered lately", "member", "in the recent class")}
    assert learner_ids(app) == kept
    with app.app_context():
        classes = set(db.session.execute(db.select(Classroom.name)).scalars())
        members = set(db.session.execute(db.select(Membership.display_name)).scalars())
    assert classes == {"Active class", "Recently archived class"}
    assert throttle_keys(app) == throttle - {"sign-in:old"}
    assert members == {"Ana", "Cy"}
    # The kept learners keep their answers; the deleted ones' attempts and answers went with them.
    assert counts(app)["Answer"] == 3
    assert counts(app)["Attempt"] == 3


def test_either_limit_may_be_given_alone(app, runner, world):
    result = runner.invoke(args=["purge", "--archived-classes-older-than", "90", "--apply"])
    assert result.exit_code == 0, result.output
    assert "anonymous" not in result.output
    # The anonymous learners stay, as the purge was not asked about them; the old class's student goes.
    assert learner_ids(app) == {
        world[who] for who in ("quiet", "answered lately", "member", "in the recent class", "never answered")
    }


def test_a_purge_without_a_limit_says_what_to_give(runner):
    result = runner.invoke(args=["purge", "--apply"])
    assert result.exit_code == 2
    assert "Usage: " in result.output
    assert (
        "Error: Say what to purge: --anonymous-older-than DAYS, --archived-classes-older-than DAYS, or both."
        in result.output
    )


def test_a_dry_run_with_nothing_old_enough_says_so(runner):
    result = runner.invoke(args=PURGE)
    assert result.exit_code == 0
    assert "Nothing is old enough to delete." in result.output and "--apply to delete" not in result.output
