"""The live dashboard: the grid's fragment that the page's script asks for every few seconds, who may have it, what
it says after an answer, an empty 304 while nothing changed, and who is working on what right now."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from helpers import LEOPARD_IDIOM, SHIPPED_EXERCISES, Student, Teacher, config, make_teacher, statements_sent, text_of
from quiz import create_app
from quiz.classroom.activity import WORKING_WINDOW, latest_activity, working_on
from quiz.classroom.gradebook import AttemptMarks, Cell
from quiz.models import Membership, db

SCRIPT = re.compile(r"<script\b[^>]*>")


@pytest.fixture
def lesson(app, teacher):
    """A class of the signed-in teacher's, Ana in it; the class's dashboard URL and its fragment's."""
    class_id, code = teacher.create_class("7B English")
    ana = Student(app.test_client())
    ana.join(code, "Ana")
    page = f"/teacher/classes/{class_id}"
    return {"page": page, "live": f"{page}/live", "ana": ana, "code": code}


def cell(fragment: str, key: str) -> str:
    """The text of the grid's part with this data-key (a set's cell of Ana's row, "now", "total")."""
    found = re.search(rf'<t[dh][^>]*data-key="{re.escape(key)}"[^>]*>(.*?)</t[dh]>', fragment, re.S)
    assert found, key
    return text_of(found.group(1)).strip()


def test_the_fragment_is_the_grid_the_page_draws(teacher, lesson):
    page = teacher.page(lesson["page"])
    fragment = teacher.client.get(lesson["live"]).get_data(as_text=True)
    # Drawn by one template: the page holds the fragment as it is, so a cell is drawn in one place only.
    assert fragment.strip() and fragment in page
    assert "Ana" in fragment and 'data-key="learner-' in fragment
    assert f'data-live-url="{lesson["live"]}"' in page
    scripts = SCRIPT.findall(page)
    assert all("src=" in script for script in scripts), "the Content-Security-Policy allows no inline script"
    assert any("live-dashboard.js" in script and "defer" in script for script in scripts)


def test_the_fragment_has_the_fresh_cell_after_an_answer_and_nothing_while_nothing_changed(teacher, lesson):
    first = teacher.client.get(lesson["live"])
    assert first.status_code == 200 and first.mimetype == "text/html"
    assert first.headers["Cache-Control"] == "no-store"
    before = first.get_data(as_text=True)
    assert cell(before, "set-demo") == "not started"
    assert cell(before, "now") == "–"

    unchanged = teacher.client.get(lesson["live"], headers={"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304 and unchanged.get_data() == b""

    lesson["ana"].answer("demo", "leopard", **LEOPARD_IDIOM)
    fresh = teacher.client.get(lesson["live"], headers={"If-None-Match": first.headers["ETag"]})
    assert fresh.status_code == 200 and fresh.headers["ETag"] != first.headers["ETag"]
    after = fresh.get_data(as_text=True)
    assert cell(after, "set-demo").startswith("working now – 1 attempt, one in progress: 1 of 4 answered, 50% on those")
    assert cell(after, "now") == "Demo set for the tests"
    again = teacher.client.get(lesson["live"], headers={"If-None-Match": fresh.headers["ETag"]})
    assert again.status_code == 304


def test_a_student_who_joins_gets_a_row(app, teacher, lesson):
    before = teacher.client.get(lesson["live"])
    Student(app.test_client()).join(lesson["code"], "Ben")
    after = teacher.client.get(lesson["live"], headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    names = re.findall(r'<th scope="row" data-key="name"><a [^>]*>([^<]*)</a>', after.get_data(as_text=True))
    assert names == ["Ana", "Ben"]


def test_the_first_student_replaces_the_note_that_nobody_has_joined(app, teacher):
    class_id, code = teacher.create_class("Empty")
    empty = teacher.client.get(f"/teacher/classes/{class_id}/live").get_data(as_text=True)
    assert "Nobody has joined yet." in text_of(empty)
    Student(app.test_client()).join(code, "Ana")
    joined = teacher.client.get(f"/teacher/classes/{class_id}/live").get_data(as_text=True)
    assert "Nobody has joined yet." not in text_of(joined) and 'data-key="grid"' in joined


def test_only_the_classs_teacher_has_the_fragment(app, lesson):
    make_teacher(app, "other")
    other = Teacher(app.test_client())
    other.sign_in("other")
    refused = other.client.get(lesson["live"])
    assert refused.status_code == 404 and "Ana" not in refused.get_data(as_text=True)
    for browser in (lesson["ana"], Student(app.test_client())):
        sent_away = browser.client.get(lesson["live"])
        assert sent_away.status_code == 302
        assert sent_away.headers["Location"].startswith("/teacher/sign-in")


def test_the_fragment_takes_as_few_queries_as_the_page_whatever_the_class_size(tmp_path):
    app = create_app(config(tmp_path, EXERCISES_DIR=str(SHIPPED_EXERCISES)))
    try:
        make_teacher(app)
        teacher = Teacher(app.test_client())
        teacher.sign_in()
        class_id, code = teacher.create_class("Big")
        bank = app.extensions["lens_bank"]
        highlights = [(s.id, i.id) for s in bank.sets.values() for i in s.items if i.type == "highlight"]

        def queries(url: str) -> int:
            with statements_sent(app) as statements:
                assert teacher.client.get(url).status_code == 200
            return len(statements)

        def add_students(names):
            for name in names:
                student = Student(app.test_client())
                student.join(code, name)
                for set_id, item_id in highlights[:4]:
                    student.answer(set_id, item_id, marked=["0", "1"])

        add_students(["A1", "A2"])
        page, small = queries(f"/teacher/classes/{class_id}"), queries(f"/teacher/classes/{class_id}/live")
        add_students([f"B{n}" for n in range(8)])
        assert queries(f"/teacher/classes/{class_id}/live") == small <= page
        with app.app_context():
            assert db.session.execute(db.select(db.func.count()).select_from(Membership)).scalar_one() == 10
    finally:
        # An app of the test's own: its engine's connections are closed here, not by the garbage collector.
        with app.app_context():
            db.engine.dispose()


NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def started(minutes_ago: float, naive: bool = False) -> Cell:
    """A cell with one attempt in progress whose last answer was that long before NOW."""
    moment = NOW - timedelta(minutes=minutes_ago)
    return Cell(attempts=[AttemptMarks(1, {}, False, None, moment.replace(tzinfo=None) if naive else moment)])


def test_a_student_works_on_the_set_of_their_latest_answer_for_three_minutes():
    assert WORKING_WINDOW == timedelta(minutes=3)
    row = {"demo": started(10), "other": started(2), "untouched": Cell()}
    assert latest_activity(row) == (NOW - timedelta(minutes=2), "other")
    assert working_on(row, NOW) == "other"
    assert working_on(row, NOW + timedelta(minutes=1)) == "other"
    assert working_on(row, NOW + timedelta(minutes=1, seconds=1)) is None
    # SQLite gives stored times back without their zone: they are UTC.
    assert working_on({"demo": started(1, naive=True)}, NOW) == "demo"
    assert latest_activity({"demo": Cell()}) is None and working_on({}, NOW) is None
