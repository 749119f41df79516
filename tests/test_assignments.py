"""Assignments: a teacher gives a set open and due times; students see them, answers after the due time are marked
late or refused, and the test settings of the assignment stand in for the class's."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest

from helpers import DEMO_ANSWERS, Student, assign, csv_rows, finish_demo, school_clock, text_of
from helpers import SCHOOL_ZONE as ZONE
from quiz.models import Answer, Assignment, db


@pytest.fixture
def app_settings() -> dict:
    return {"DISPLAY_TIMEZONE": ZONE}


@pytest.fixture
def joined(teacher, client):
    class_id, code = teacher.create_class("9C")
    student = Student(client)
    student.join(code, "Ana")
    return class_id, student


def test_a_teacher_assigns_a_set_and_the_student_sees_when_it_is_due(app, teacher, joined):
    class_id, student = joined
    response = assign(teacher, class_id, due_at="2030-12-13T15:00")
    assert "“Demo set for the tests” is assigned. It is due Fri 13 Dec 2030, 15:00." in text_of(response.text)

    with app.app_context():
        stored = db.session.get(Assignment, (class_id, "demo"))
        # 15:00 in Paris in winter is 14:00 UTC.
        assert stored.due_at.replace(tzinfo=UTC) == datetime(2030, 12, 13, 14, 0, tzinfo=UTC)
    home = text_of(student.page("/"))
    assert "Assigned to you" in home
    assert "Demo set for the tests Due Fri 13 Dec 2030, 15:00 Not started" in home
    assert "Due Fri 13 Dec 2030, 15:00." in text_of(student.page("/sets/demo"))
    table = text_of(teacher.page(f"/teacher/classes/{class_id}/assignments"))
    assert "Demo set for the tests at once Fri 13 Dec 2030, 15:00 late answers taken" in table


def test_the_form_shows_the_assignment_on_the_school_clock_and_refuses_bad_times(teacher, joined):
    class_id, _ = joined
    assign(teacher, class_id, opens_at="2030-12-01T08:30", due_at="2030-12-13T15:00")
    form = teacher.page(f"/teacher/classes/{class_id}/assignments/demo")
    assert 'value="2030-12-01T08:30"' in form and 'value="2030-12-13T15:00"' in form

    backwards = assign(teacher, class_id, opens_at="2030-12-13T15:00", due_at="2030-12-01T08:30", follow=False)
    assert backwards.status_code == 400
    assert "The due time must come after the time the set opens." in text_of(backwards.text)
    garbled = assign(teacher, class_id, due_at="next friday", follow=False)
    assert garbled.status_code == 400
    assert "Give the date and time as 2026-12-12 15:00" in text_of(garbled.text)
    # Year 1 on the school's clock (Paris) has no time in UTC: refused, not a crash.
    far_off = assign(teacher, class_id, due_at="0001-01-01T00:00", follow=False)
    assert far_off.status_code == 400
    assert "Give a year from 2000 to 2199." in text_of(far_off.text)
    # Typed by hand where a browser has no date box.
    assert "It is due Fri 13 Dec 2030, 15:00" in text_of(assign(teacher, class_id, due_at="2030-12-13 15:00").text)


def test_a_set_not_open_yet_shows_when_it_opens_and_takes_no_answers(app, client, teacher, joined):
    class_id, student = joined
    assign(teacher, class_id, opens_at=school_clock(datetime.now(UTC) + timedelta(days=2)))
    set_page = text_of(student.page("/sets/demo"))
    assert "Opens " in set_page and "Start" not in set_page
    item = client.get("/sets/demo/items/leopard", follow_redirects=True)
    assert "This set opens on" in text_of(item.text)
    token = student.token("/leave")
    sent = client.post("/sets/demo/items/leopard", data={"csrf_token": token, "attempt": 1, **DEMO_ANSWERS["leopard"]})
    assert sent.status_code == 302
    with app.app_context():
        assert db.session.execute(db.select(Answer)).first() is None


def test_after_the_due_time_answers_are_taken_and_the_set_is_late(app, teacher, joined):
    class_id, student = joined
    assign(teacher, class_id, due_at=school_clock(datetime.now(UTC) - timedelta(hours=1)))
    assert "answers you send now are marked late" in text_of(student.page("/sets/demo"))
    assert "Overdue : you can still send answers; they are marked late." in text_of(student.page("/"))
    assert "Overdue." in text_of(student.page("/sets/demo"))
    item = text_of(student.page("/sets/demo/items/leopard"))
    assert "This set was due " in item and ": your answer will be marked late." in item
    finish_demo(student)
    assert "Done, late" in text_of(student.page("/"))
    assert "Done late." in text_of(student.page("/sets/demo"))


def test_a_closed_set_refuses_answers_and_keeps_those_sent_before(app, client, teacher, joined):
    class_id, student = joined
    student.answer("demo", "leopard", **DEMO_ANSWERS["leopard"])
    assign(teacher, class_id, due_at=school_clock(datetime.now(UTC) - timedelta(minutes=5)), after_due="close")

    token = student.token("/leave")
    fields = DEMO_ANSWERS["saddam-timeline"]
    sent = client.post("/sets/demo/items/saddam-timeline", data={"csrf_token": token, "attempt": 1, **fields})
    assert sent.status_code == 302
    page = text_of(client.get(sent.headers["Location"], follow_redirects=True).text)
    assert page.count("This set closed when it was due") == 1
    assert "The answer you just sent was not saved. Your answers sent before then are kept." in page
    with app.app_context():
        assert list(db.session.execute(db.select(Answer.item_id)).scalars()) == ["leopard"]
    assert "Missing: closed" in text_of(student.page("/"))
    # The answer sent before the due time is still there to read.
    assert "Your score: 50%" in text_of(student.page("/sets/demo/items/leopard"))


def test_finished_before_the_due_time_is_done(teacher, joined):
    class_id, student = joined
    assign(teacher, class_id, due_at=school_clock(datetime.now(UTC) + timedelta(days=1)))
    finish_demo(student)
    home = text_of(student.page("/"))
    assigned = home.split("Assigned to you")[1].split("Loaded wording")[0]
    assert "Demo set for the tests Due" in assigned and "Done" in assigned and "late" not in assigned


def test_the_assignment_s_test_settings_stand_in_for_the_class_s(client, teacher, joined):
    class_id, student = joined  # a practice class: results after each answer, unlimited attempts
    assign(teacher, class_id, results="on_release", attempts="1")
    finish_demo(student)
    set_page = text_of(student.page("/sets/demo"))
    assert "Your teacher will release the results of this set later" in set_page
    assert "You have used the one attempt your teacher allows at this set." in set_page
    token = student.token("/leave")
    again = client.post("/sets/demo/again", data={"csrf_token": token, "after": 1}, follow_redirects=True)
    assert "Your teacher allows 1 attempt at this set, and you have used it" in text_of(again.text)


def test_a_learner_outside_classes_cannot_see_results_an_assignment_withholds(app, teacher, joined):
    class_id, _ = joined
    assign(teacher, class_id, results="on_release")
    outsider = Student(app.test_client())
    finish_demo(outsider)
    assert "results hidden while a class takes this set as a test" in text_of(outsider.page("/"))


def test_home_lists_assigned_sets_to_do_first_then_soonest_due(demo_and_a_copy, tmp_path):
    from helpers import Teacher, config, make_teacher
    from quiz import create_app

    app = create_app(config(tmp_path, EXERCISES_DIR=str(demo_and_a_copy), DISPLAY_TIMEZONE=ZONE))
    try:
        make_teacher(app)
        teacher = Teacher(app.test_client())
        teacher.sign_in()
        class_id, code = teacher.create_class("9C")
        assign(teacher, class_id, "demo", due_at="2030-12-20T09:00")
        assign(teacher, class_id, "demo2", due_at="2030-12-13T09:00")
        student = Student(app.test_client())
        student.join(code, "Ana")
        assigned = text_of(student.page("/")).split("Assigned to you")[1]
        assert assigned.index("Demo set, second copy") < assigned.index("Demo set for the tests")

        # Finished, the set due soonest goes below the one still to do.
        for item_id, fields in DEMO_ANSWERS.items():
            student.answer("demo2", item_id, follow=False, **fields)
        assigned = text_of(student.page("/")).split("Assigned to you")[1]
        assert assigned.index("Demo set for the tests") < assigned.index("Demo set, second copy")
    finally:
        with app.app_context():
            db.engine.dispose()


def test_removing_an_assignment_keeps_the_answers_and_the_set(app, teacher, joined):
    class_id, student = joined
    assign(teacher, class_id, due_at="2030-12-13T15:00")
    student.answer("demo", "leopard", **DEMO_ANSWERS["leopard"])
    removed = teacher.submit(
        f"/teacher/classes/{class_id}/assignments/demo/remove",
        form_page=f"/teacher/classes/{class_id}/assignments/demo",
    )
    assert "is no longer assigned" in text_of(removed.text)
    assert "Assigned to you" not in text_of(student.page("/"))
    with app.app_context():
        assert db.session.execute(db.select(Answer)).first() is not None


def test_only_the_class_s_teacher_may_assign(app, teacher, joined):
    from helpers import Teacher, make_teacher

    class_id, _ = joined
    make_teacher(app, "other")
    other = Teacher(app.test_client())
    other.sign_in("other")
    assert other.client.get(f"/teacher/classes/{class_id}/assignments").status_code == 404
    assert other.client.get(f"/teacher/classes/{class_id}/assignments/demo").status_code == 404


def test_a_set_the_class_does_not_see_cannot_be_assigned(teacher, joined):
    class_id, _ = joined
    page = text_of(teacher.client.get(f"/teacher/classes/{class_id}/assignments/nope", follow_redirects=True).text)
    assert "This class does not see that exercise set" in page


def test_the_dashboard_says_who_is_done_late_missing_or_not_started(app, client, teacher):
    class_id, code = teacher.create_class("9C")
    students = {}
    for name in ("Ana", "Ben", "Cem", "Dee"):
        students[name] = Student(app.test_client())
        students[name].join(code, name)
    assign(teacher, class_id, due_at=school_clock(datetime.now(UTC) + timedelta(days=1)))
    finish_demo(students["Ana"])  # in time
    students["Ben"].answer("demo", "leopard", **DEMO_ANSWERS["leopard"])
    with app.app_context():
        # The due time passes; Cem finishes after it, Ben never does, Dee never starts.
        db.session.get(Assignment, (class_id, "demo")).due_at = datetime.now(UTC)
        db.session.commit()
    finish_demo(students["Cem"])

    page = teacher.page(f"/teacher/classes/{class_id}")
    cells = dict(re.findall(r">(Ana|Ben|Cem|Dee)</a></th>.*?cell-status[^>]*>([a-z ]+)<", page, re.S))
    assert cells == {"Ana": "done", "Ben": "missing", "Cem": "late", "Dee": "missing"}
    assert "due " in text_of(page).split("Students and exercise sets")[1]
    # The live updates draw the same cells.
    assert "cell-status status-late" in teacher.page(f"/teacher/classes/{class_id}/live")


def test_an_assignment_that_withholds_results_gets_a_release_button_in_a_practice_class(teacher, joined):
    class_id, student = joined
    assert "Release results" not in teacher.page(f"/teacher/classes/{class_id}")
    assign(teacher, class_id, results="on_release")
    assert "Release results" in teacher.page(f"/teacher/classes/{class_id}")
    finish_demo(student)
    assert "Your teacher will release the results" in text_of(student.page("/sets/demo"))
    teacher.submit(
        f"/teacher/classes/{class_id}/sets/demo/results", {"release": "yes"}, form_page=f"/teacher/classes/{class_id}"
    )
    assert "Attempt 1: 88%" in text_of(student.page("/sets/demo"))


def test_the_exports_carry_the_due_time_the_late_flag_and_each_student_s_status(app, teacher):
    from helpers import csv_rows

    class_id, code = teacher.create_class("9C")
    ana, ben, cem = (Student(app.test_client()) for _ in range(3))
    ana.join(code, "Ana")
    ben.join(code, "Ben")
    cem.join(code, "Cem")
    assign(teacher, class_id, due_at=school_clock(datetime.now(UTC) + timedelta(days=1)))
    ana.answer("demo", "leopard", **DEMO_ANSWERS["leopard"])
    with app.app_context():
        # A whole second, as the export writes it, after Ana's answer; Ben finishes after it.
        due = (datetime.now(UTC) + timedelta(seconds=1)).replace(microsecond=0)
        db.session.get(Assignment, (class_id, "demo")).due_at = due
        db.session.commit()
    time.sleep((due - datetime.now(UTC)).total_seconds() + 0.05)
    finish_demo(ben)

    responses = csv_rows(teacher.client.get(f"/teacher/classes/{class_id}/export/responses.csv").data)
    header = responses[0]
    late = {(row[1], row[4]): row[header.index("Late")] for row in responses[1:]}
    assert late[("Ana", "leopard")] == "" and late[("Ben", "leopard")] == "late"
    assert {row[header.index("Due at (UTC)")] for row in responses[1:]} == {due.strftime("%Y-%m-%dT%H:%M:%SZ")}

    gradebook = csv_rows(teacher.client.get(f"/teacher/classes/{class_id}/export/gradebook.csv").data)
    status_column = f"Demo set for the tests: status (due {due.strftime('%Y-%m-%dT%H:%M:%SZ')})"
    assert gradebook[0][-1] == status_column
    assert {row[0]: row[-1] for row in gradebook[1:]} == {"Ana": "missing", "Ben": "late", "Cem": "missing"}


def test_a_better_score_after_the_due_time_counts_as_late_work(app, client, teacher, joined):
    class_id, student = joined  # the best attempt counts
    assign(teacher, class_id, due_at=school_clock(datetime.now(UTC) + timedelta(days=1)))
    weaker = DEMO_ANSWERS | {"saddam-timeline": {"picked": "1"}}
    for item_id, fields in weaker.items():  # on time, with one item wrong
        student.answer("demo", item_id, follow=False, **fields)
    with app.app_context():
        db.session.get(Assignment, (class_id, "demo")).due_at = datetime.now(UTC)
        db.session.commit()
    token = student.token("/sets/demo")
    client.post("/sets/demo/again", data={"csrf_token": token, "after": 1})
    for item_id, fields in DEMO_ANSWERS.items():  # after the due time, better
        student.answer("demo", item_id, attempt=2, follow=False, **fields)
    assert "Attempt 2: 88%" in text_of(student.page("/sets/demo"))

    page = teacher.page(f"/teacher/classes/{class_id}")
    assert re.search(r"cell-status status-late[^>]*>late<", page), "the better score came after the due time"
    gradebook = csv_rows(teacher.client.get(f"/teacher/classes/{class_id}/export/gradebook.csv").data)
    assert gradebook[1][-1] == "late"


def test_the_dashboard_says_when_a_set_opens_and_each_status_once(app, teacher, joined):
    class_id, _ = joined
    opens = datetime.now(UTC) + timedelta(days=1)
    assign(teacher, class_id, opens_at=school_clock(opens), due_at=school_clock(opens + timedelta(days=2)))
    grid = text_of(teacher.page(f"/teacher/classes/{class_id}"))
    assert re.search(r"Demo set for the tests opens \w{3} \d+ \w{3}(?: \d{4})?, \d\d:\d\d due ", grid)
    ana_row = grid[grid.rindex("Ana") :].split("Class average")[0]
    assert ana_row.count("not started") == 1, "the status alone, not twice"
