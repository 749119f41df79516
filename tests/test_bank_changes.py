"""Authors edit files while students have progress: what was earned stays, and the pages say what changed."""

import pytest

from helpers import DEMO_ANSWERS, FIXTURE_EXERCISES, LEOPARD_KEY, Student, config, count_rows, text_of
from quiz import create_app
from quiz.models import Attempt, Learner, db

DEMO = (FIXTURE_EXERCISES / "demo.yaml").read_text()
EXTRA_ITEM = """\
  - id: extra
    type: choice
    skill: missing_context
    prompt: An item added after students finished the set.
    options:
      - text: One
        correct: true
        why: Because it is one.
      - text: Two
        why: Because it is two.
"""


@pytest.fixture
def folder(tmp_path):
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    (exercises / "demo.yaml").write_text(DEMO)
    return exercises


def app_on(tmp_path, folder):
    return create_app(config(tmp_path, EXERCISES_DIR=str(folder)))


def finish_demo(student):
    """Answer every item of the demo set right: 100%."""
    for item_id, fields in (DEMO_ANSWERS | {"leopard": LEOPARD_KEY}).items():
        student.answer("demo", item_id, **fields)


def carry_cookie(old_client, new_app) -> Student:
    client = new_app.test_client()
    client.set_cookie("session", old_client.get_cookie("session").value)
    return Student(client)


def test_an_item_added_later_does_not_take_away_a_finished_score(tmp_path, folder):
    before = Student(app_on(tmp_path, folder).test_client())
    finish_demo(before)
    (folder / "demo.yaml").write_text(DEMO + EXTRA_ITEM)
    after = carry_cookie(before.client, app_on(tmp_path, folder))
    assert "Best 100%, latest 100%." in text_of(after.page("/"))
    page = text_of(after.page("/sets/demo"))
    assert "Attempt 1: 100%" in page and "Try the set again" in page
    assert "Submit answer" in after.page("/sets/demo/items/extra")


def test_a_changed_key_shows_the_old_score_and_the_new_explanations(tmp_path, folder):
    before = Student(app_on(tmp_path, folder).test_client())
    finish_demo(before)
    (folder / "demo.yaml").write_text(
        DEMO.replace("      - quote: ugly image\n", "      - quote: sanitize its ugly image\n")
    )
    after = carry_cookie(before.client, app_on(tmp_path, folder))
    page = text_of(after.page("/sets/demo/items/leopard"))
    assert "The author has changed this item since you answered it" in page
    assert "Your score when you answered was 100%." in page
    assert "sanitize its ugly image A value judgement" in page
    assert "Try the set again" in page


def test_a_removed_item_no_longer_counts(tmp_path, folder):
    before = Student(app_on(tmp_path, folder).test_client())
    before.answer("demo", "leopard", marked=["9"])  # 0%
    without_leopard = DEMO.replace(DEMO[DEMO.index("  - id: leopard") : DEMO.index("  - id: twelve-thousand")], "")
    (folder / "demo.yaml").write_text(without_leopard)
    after = carry_cookie(before.client, app_on(tmp_path, folder))
    page = text_of(after.page("/"))
    assert "In progress: 0 of 3 answered." in page
    # Nothing left counts, so there is no standing to show yet; the sets come first.
    assert "Your standing by skill shows here once you have a score on an item." in page
    assert "Unsourced claims 0 of 1" not in page


def test_a_learner_row_deleted_by_the_school_starts_afresh(app, student):
    student.answer("demo", "leopard", **LEOPARD_KEY)
    with app.app_context():
        db.session.execute(db.delete(Learner))
        db.session.commit()
    assert count_rows(app, Attempt) == 0  # the cascade took the attempts and answers too
    assert "Not started." in text_of(student.page("/"))
    assert "Your score: 100%" in student.answer("demo", "leopard", **LEOPARD_KEY).get_data(as_text=True)


def test_an_empty_bank_says_so(tmp_path):
    empty = tmp_path / "none"
    empty.mkdir()
    page = create_app(config(tmp_path, EXERCISES_DIR=str(empty))).test_client().get("/").get_data(as_text=True)
    assert "There are no exercise sets yet." in page
