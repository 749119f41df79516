"""`flask --app quiz rescore`: stored answers keep their score until someone re-scores them on purpose."""

from __future__ import annotations

import csv
import io

import pytest

from helpers import Student, statements_sent
from quiz.models import Answer, Attempt, Classroom, Membership, Override, db
from quiz.store.rescoring import Change, Group, StoredAnswer, plan, report_lines

# On `leopard`, "A leopard cannot change its spots", "ugly" and "Albania": the old harmonic mean of found (13/18)
# and on target (32/39) gave 832/1083; found minus stray gives 13/18 - 7/104 = 1226/1872.
MARKS = ["0", "1", "2", "3", "4", "5", "22", "9"]
PICKED = [0, 1, 2, 3, 4, 5, 9, 22]
OLD = 0.7682363804247461
NEW = 0.6549145299145299
EARLIER = "0123456789abcdef"
DRY_RUN = "Dry run: nothing is changed. Under the current rules and keys these scores would change (percentage points):"
APPLIED = "Re-scored under the current rules and keys (changes in percentage points):"


@pytest.fixture
def exercises_dir(demo_and_a_copy):
    """The fixture set and a copy of it as `demo2`, so that --set has something to leave out."""
    return demo_and_a_copy


@pytest.fixture
def stored(app, class_code):
    """Ana and Ben in 7B English and Olly in no class marked the same words on `leopard`, scored under the old
    rules; their right choice on `saddam-timeline` scores the same under both."""
    ana, ben, olly = (Student(app.test_client()) for _ in range(3))
    ana.join(class_code, "Ana")
    ben.join(class_code, "Ben")
    for student in (ana, ben, olly):
        student.answer("demo", "leopard", marked=MARKS)
        student.answer("demo", "saddam-timeline", picked="0")
    ana.answer("demo2", "leopard", marked=MARKS)
    with app.app_context():
        db.session.execute(db.update(Answer).filter_by(item_id="leopard").values(score=OLD))
        db.session.commit()
    return class_code


def stored_scores(app) -> dict[tuple[str, str, str], tuple[float, float | None]]:
    """Each answer's computed score and override, by student (None: in no class), set and item."""
    query = (
        db.select(Membership.display_name, Attempt.exercise_id, Answer.item_id, Answer.score, Override.score)
        .select_from(Answer)
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .outerjoin(Membership, Membership.learner_id == Attempt.learner_id)
        .outerjoin(Override, Override.answer_id == Answer.id)
    )
    with app.app_context():
        return {
            (name, set_id, item): (score, override) for name, set_id, item, score, override in db.session.execute(query)
        }


def set_answer(app, name: str | None, **values) -> None:
    """Change the stored `leopard` answer of one student (None: the one in no class) in the demo set."""
    with app.app_context():
        learners = db.select(Attempt.id).outerjoin(Membership, Membership.learner_id == Attempt.learner_id)
        learners = learners.filter(Membership.display_name == name if name else Membership.learner_id.is_(None))
        query = db.update(Answer).filter(Answer.attempt_id.in_(learners.filter(Attempt.exercise_id == "demo")))
        db.session.execute(query.filter(Answer.item_id == "leopard").values(**values))
        db.session.commit()


def heading(code: str) -> str:
    """The class's heading in the report: its join code is shown in two halves, as ABCD-2345."""
    return f"7B English (class code {code[:4]}-{code[4:]})"


def test_a_dry_run_reports_each_class_and_set_and_changes_nothing(app, runner, stored):
    before = stored_scores(app)
    result = runner.invoke(args=["rescore"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        DRY_RUN,
        heading(stored),
        "  Demo set for the tests (demo): 2 answers, mean change -11.3 points, from -11.3 to -11.3",
        "  Demo set, second copy (demo2): 1 answer, change -11.3 points",
        "Not in a class",
        "  Demo set for the tests (demo): 1 answer, change -11.3 points",
        "4 answers would change in 1 class and among learners in no class, over 2 sets. Add --apply to re-score them.",
    ]
    assert stored_scores(app) == before


def test_apply_changes_exactly_what_the_dry_run_listed_in_one_update(app, runner, stored):
    before = stored_scores(app)
    dry_run = runner.invoke(args=["rescore"]).output.splitlines()
    with statements_sent(app) as sent:
        result = runner.invoke(args=["rescore", "--apply"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == APPLIED and lines[1:-1] == dry_run[1:-1]
    assert lines[-1] == "Re-scored 4 answers in 1 class and among learners in no class, over 2 sets."
    after = stored_scores(app)
    changed = {key for key in before if after[key] != before[key]}
    assert changed == {
        ("Ana", "demo", "leopard"),
        ("Ben", "demo", "leopard"),
        (None, "demo", "leopard"),
        ("Ana", "demo2", "leopard"),
    }
    assert all(after[key] == (pytest.approx(NEW), None) for key in changed)
    # One query reads every answer and one statement writes every change, however many there are.
    assert [statement.split()[0] for statement in sent] == ["SELECT", "UPDATE"]
    again = runner.invoke(args=["rescore"])
    assert (
        again.output
        == "No score changes: every answer that can be re-scored already has its score under the current rules.\n"
    )


def test_an_override_keeps_counting_while_the_computed_score_under_it_is_updated(app, runner, teacher, stored):
    with app.app_context():
        class_id = db.session.execute(db.select(Classroom.id)).scalar_one()
        answer_id = db.session.execute(
            db.select(Answer.id).join(Attempt).join(Membership, Membership.learner_id == Attempt.learner_id)
            .filter(Membership.display_name == "Ana", Attempt.exercise_id == "demo", Answer.item_id == "leopard")
        ).scalar_one()  # fmt: skip
    url = f"/teacher/classes/{class_id}/answers/{answer_id}/score"
    teacher.submit(url, {"percent": "90", "comment": "Good eye."})
    dry_run = runner.invoke(args=["rescore", "--set", "demo"])
    assert (
        "  Demo set for the tests (demo): 2 answers, mean change -11.3 points, from -11.3 to -11.3; "
        "1 has a teacher's override, which still counts"
    ) in dry_run.output.splitlines()
    assert runner.invoke(args=["rescore", "--apply"]).exit_code == 0
    assert stored_scores(app)[("Ana", "demo", "leopard")] == (pytest.approx(NEW), 0.9)
    with app.app_context():
        assert db.session.get(Override, answer_id).comment == "Good eye."
    export = teacher.client.get(f"/teacher/classes/{class_id}/export/responses.csv").get_data().decode("utf-8-sig")
    rows = [row for row in csv.DictReader(io.StringIO(export)) if row["Item"] == "leopard" and row["Student"] == "Ana"]
    assert [(row["Score (%)"], row["Counted score (%)"]) for row in rows] == [("65.5", "90.0"), ("65.5", "65.5")]


def test_answers_to_an_earlier_version_or_a_removed_item_are_left_as_they_are(app, runner, stored):
    set_answer(app, "Ben", item_version=EARLIER)
    set_answer(app, None, item_id="lynx")
    result = runner.invoke(args=["rescore", "--set", "demo", "--apply"])
    assert result.output.splitlines()[2:] == [
        "  Demo set for the tests (demo): 1 answer, change -11.3 points",
        "1 answer to an earlier version of an item is left as it is.",
        "1 answer to an item the exercise bank no longer has (removed, or in a file with problems) is left as it is.",
        "Re-scored 1 answer in 1 class, over 1 set.",
    ]
    after = stored_scores(app)
    assert after[("Ben", "demo", "leopard")] == (OLD, None)
    assert after[(None, "demo", "lynx")] == (OLD, None)
    assert after[("Ana", "demo", "leopard")] == (pytest.approx(NEW), None)


def test_class_and_set_narrow_what_is_re_scored(app, runner, stored):
    typed = f" {stored[:4].lower()} {stored[4:].lower()} "
    result = runner.invoke(args=["rescore", "--class", typed, "--set", "demo2", "--apply"])
    assert result.output.splitlines() == [
        APPLIED,
        heading(stored),
        "  Demo set, second copy (demo2): 1 answer, change -11.3 points",
        "Re-scored 1 answer in 1 class, over 1 set.",
    ]
    assert runner.invoke(args=["rescore", "--class", stored, "--apply"]).exit_code == 0
    after = stored_scores(app)
    assert [key for key, (score, _) in after.items() if score == OLD] == [(None, "demo", "leopard")]


def test_an_unknown_class_or_set_is_a_clear_error(runner, stored):
    unknown_class = runner.invoke(args=["rescore", "--class", "NOPE-0000"])
    assert unknown_class.exit_code == 1
    assert unknown_class.output == "Error: There is no class with the code NOPE-0000.\n"
    unknown_set = runner.invoke(args=["rescore", "--set", "dmeo", "--apply"])
    assert unknown_set.exit_code == 1
    assert unknown_set.output == "Error: There is no exercise set dmeo. The sets are: demo, demo2.\n"


def record(answer_id, class_name, set_id, score, item="leopard", picked=PICKED, version=None, overridden=False):
    return StoredAnswer(
        answer_id=answer_id,
        class_name=class_name,
        class_code={"7B English": "ACEF3479", "6A History": "GHJK4679"}.get(class_name),
        set_id=set_id,
        item_id=item,
        item_version=version,
        response={"picked": picked},
        score=score,
        overridden=overridden,
    )


def test_the_plan_groups_changes_by_class_then_set_and_counts_what_it_cannot_read(fixture_bank):
    sets = fixture_bank.sets
    version = sets["demo"].item("leopard").version
    records = [
        record(1, "7B English", "demo", OLD, version=version),
        record(2, None, "demo", 1.0, version=version),
        record(3, None, "demo", OLD, version=version),
        record(4, "7B English", "demo", NEW + 1e-12, version=version),
        record(5, "6A History", "demo", 0.5, item="saddam-timeline", picked=[0], overridden=True,
               version=sets["demo"].item("saddam-timeline").version),
        record(6, "7B English", "demo", OLD, version=EARLIER),
        record(7, "7B English", "demo", OLD, item="lynx"),
        record(8, None, "retired", OLD, item="leopard"),
    ]  # fmt: skip
    planned = plan(records, sets)
    assert [
        (group.class_name, group.set_id, [change.answer_id for change in group.changes]) for group in planned.groups
    ] == [
        ("6A History", "demo", [5]),
        ("7B English", "demo", [1]),
        (None, "demo", [2, 3]),
    ]
    assert planned.changes[0] == Change(answer_id=5, old=0.5, new=1.0, overridden=True)
    assert (planned.earlier_version, planned.gone) == (1, 2)
    assert report_lines(planned, sets, applied=False) == [
        DRY_RUN,
        "6A History (class code GHJK-4679)",
        "  Demo set for the tests (demo): 1 answer, change +50.0 points; 1 has a teacher's override, which still counts",
        "7B English (class code ACEF-3479)",
        "  Demo set for the tests (demo): 1 answer, change -11.3 points",
        "Not in a class",
        "  Demo set for the tests (demo): 2 answers, mean change -22.9 points, from -34.5 to -11.3",
        "1 answer to an earlier version of an item is left as it is.",
        "2 answers to an item the exercise bank no longer has (removed, or in a file with problems) are left as they are.",
        "4 answers would change in 2 classes and among learners in no class, over 1 set. Add --apply to re-score them.",
    ]


def test_a_drop_for_one_student_is_shown_beside_a_rise_for_others():
    changes = [
        Change(answer_id=1, old=0.2, new=0.58),
        Change(answer_id=2, old=0.3, new=0.8),
        Change(answer_id=3, old=0.9, new=0.5),
    ]
    group = Group(class_name="7B", class_code="ACEF3479", set_id="demo", changes=changes)
    # +38, +50 and -40 points: a mean of +16.0
    assert group.span == "mean change +16.0 points, from -40.0 to +50.0"
