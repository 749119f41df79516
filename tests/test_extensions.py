"""Extensions: a teacher gives one student more time than the class on an assigned set. That student may answer
until their own due time, and every page and export that speaks of them uses it; their classmates keep the class's."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from helpers import (
    DEMO_ANSWERS,
    Student,
    Teacher,
    assign,
    count_rows,
    csv_rows,
    finish_demo,
    make_teacher,
    school_clock,
    statements_sent,
    text_of,
)
from helpers import (
    SCHOOL_ZONE as ZONE,
)
from quiz.models import Answer, Assignment, Extension, Membership, db
from quiz.store.assignments import schedule

TITLE = "Demo set for the tests"


@pytest.fixture
def app_settings() -> dict:
    return {"DISPLAY_TIMEZONE": ZONE}


@pytest.fixture
def two(app, teacher):
    """A class whose Ana and Ben have joined: the class id and the two students, by name."""
    class_id, code = teacher.create_class("9C")
    students = {name: Student(app.test_client()) for name in ("Ana", "Ben")}
    for name, student in students.items():
        student.join(code, name)
    return class_id, students


def learner_id(app, name: str) -> int:
    with app.app_context():
        return db.session.execute(db.select(Membership.learner_id).filter_by(display_name=name)).scalar_one()


def student_page_url(app, class_id: int, name: str) -> str:
    return f"/teacher/classes/{class_id}/students/{learner_id(app, name)}"


def extend(app, teacher, class_id: int, name: str, due_at: str, set_id: str = "demo", follow: bool = True):
    """Send the student page's form that gives the student until due_at (on the school's clock)."""
    page = student_page_url(app, class_id, name)
    return teacher.submit(f"{page}/extensions/{set_id}", {"due_at": due_at}, form_page=page, follow=follow)


def send_answer(student: Student, item_id: str = "leopard"):
    """Post an answer as the item's form does, even where the item's page would now send the student away."""
    data = {"csrf_token": student.token("/leave"), "attempt": 1, **DEMO_ANSWERS[item_id]}
    return student.client.post(f"/sets/demo/items/{item_id}", data=data, follow_redirects=True)


def on_the_clock(moment: datetime) -> str:
    """A moment as Lens writes it, like "Fri 19 Dec 2031, 15:00" (the year shown only when it is not this one)."""
    from zoneinfo import ZoneInfo

    shown = moment.astimezone(ZoneInfo(ZONE))
    year = f" {shown.year}" if shown.year != datetime.now(ZoneInfo(ZONE)).year else ""
    return f"{shown:%a} {shown.day} {shown:%b}{year}, {shown:%H:%M}"


def to_the_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


@pytest.fixture
def closed_for_the_class(app, teacher, two):
    """The demo set closed an hour ago for the class; Ana has until two days from now. Both times, in UTC."""
    class_id, students = two
    class_due = to_the_minute(datetime.now(UTC) - timedelta(hours=1))
    ana_due = to_the_minute(datetime.now(UTC) + timedelta(days=2))
    assign(teacher, class_id, due_at=school_clock(class_due), after_due="close")
    saved = extend(app, teacher, class_id, "Ana", school_clock(ana_due))
    assert f"Ana has until {on_the_clock(ana_due)} for “{TITLE}”." in text_of(saved.text)
    return class_id, students, class_due, ana_due


def test_a_student_given_more_time_answers_a_closed_set_and_is_done_while_a_classmate_is_refused(
    app, teacher, closed_for_the_class
):
    class_id, students, class_due, ana_due = closed_for_the_class
    finish_demo(students["Ana"])
    refused = send_answer(students["Ben"])
    assert "This set closed when it was due" in text_of(refused.text)
    with app.app_context():
        answered = db.session.execute(db.select(Answer.attempt_id)).scalars().all()
    assert len(answered) == len(DEMO_ANSWERS), "Ana's answers are all stored, Ben's none"

    assert "Done" in text_of(students["Ana"].page("/")).split("Assigned to you")[1]
    assert "Missing: closed" in text_of(students["Ben"].page("/"))
    student = text_of(teacher.page(student_page_url(app, class_id, "Ana")))
    expected = f"Due {on_the_clock(ana_due)} (extended; the class's was {on_the_clock(class_due)}) · done"
    assert expected in student
    assert "Due " + on_the_clock(class_due) + " · missing" in text_of(
        teacher.page(student_page_url(app, class_id, "Ben"))
    )


def test_the_dashboard_and_the_gradebook_give_each_student_s_status_by_their_own_time(
    app, teacher, closed_for_the_class
):
    class_id, students, _, ana_due = closed_for_the_class
    finish_demo(students["Ana"])
    page = teacher.page(f"/teacher/classes/{class_id}")
    cells = dict(re.findall(r">(Ana|Ben)</a></th>.*?cell-status[^>]*>([a-z ]+)<", page, re.S))
    assert cells == {"Ana": "done", "Ben": "missing"}
    assert f"extended to {on_the_clock(ana_due)}" in text_of(page)
    assert "cell-status status-done" in teacher.page(f"/teacher/classes/{class_id}/live")

    gradebook = csv_rows(teacher.client.get(f"/teacher/classes/{class_id}/export/gradebook.csv").data)
    assert {row[0]: row[-1] for row in gradebook[1:]} == {"Ana": "done", "Ben": "missing"}


def test_the_responses_export_gives_each_student_s_own_due_time_and_late_flag(app, teacher, two):
    class_id, students = two
    class_due = to_the_minute(datetime.now(UTC) - timedelta(hours=1))
    ana_due = to_the_minute(datetime.now(UTC) + timedelta(days=2))
    assign(teacher, class_id, due_at=school_clock(class_due))  # late answers taken
    extend(app, teacher, class_id, "Ana", school_clock(ana_due))
    for student in students.values():
        student.answer("demo", "leopard", **DEMO_ANSWERS["leopard"])

    responses = csv_rows(teacher.client.get(f"/teacher/classes/{class_id}/export/responses.csv").data)
    header = responses[0]
    rows = {row[1]: (row[header.index("Due at (UTC)")], row[header.index("Late")]) for row in responses[1:]}
    assert rows == {
        "Ana": (ana_due.strftime("%Y-%m-%dT%H:%M:%SZ"), ""),
        "Ben": (class_due.strftime("%Y-%m-%dT%H:%M:%SZ"), "late"),
    }


def test_each_student_sees_only_their_own_due_time(app, closed_for_the_class):
    _, students, class_due, ana_due = closed_for_the_class
    for page in ("/", "/sets/demo"):
        ana = text_of(students["Ana"].page(page))
        assert f"Due {on_the_clock(ana_due)}" in ana and on_the_clock(class_due) not in ana
        assert on_the_clock(ana_due) not in text_of(students["Ben"].page(page))


def test_removing_the_extension_gives_the_class_s_time_back(app, teacher, closed_for_the_class):
    class_id, students, class_due, _ = closed_for_the_class
    page = student_page_url(app, class_id, "Ana")
    assert "Remove the extension" in teacher.page(page)
    removed = teacher.submit(f"{page}/extensions/demo/remove", form_page=page)
    assert f"Ana has the class's time again for “{TITLE}”: due {on_the_clock(class_due)}." in text_of(removed.text)
    assert "Remove the extension" not in removed.text and "(extended" not in removed.text
    refused = send_answer(students["Ana"])
    assert "This set closed when it was due" in text_of(refused.text)
    assert count_rows(app, Extension) == 0


def test_saving_again_changes_the_time_and_the_form_shows_it(app, teacher, closed_for_the_class):
    class_id, _, _, ana_due = closed_for_the_class
    later = ana_due + timedelta(days=1)
    extend(app, teacher, class_id, "Ana", school_clock(later))
    assert f'value="{school_clock(later)}"' in teacher.page(student_page_url(app, class_id, "Ana"))
    assert count_rows(app, Extension) == 1


def test_another_teacher_cannot_give_more_time(app, teacher, closed_for_the_class):
    class_id, _, _, _ = closed_for_the_class
    make_teacher(app, "other")
    other = Teacher(app.test_client())
    other.sign_in("other")
    url = f"{student_page_url(app, class_id, 'Ben')}/extensions/demo"
    token = other.token("/teacher/classes/new")
    sent = other.client.post(url, data={"csrf_token": token, "due_at": "2099-12-19T15:00"})
    assert sent.status_code == 404
    assert other.client.post(f"{url}/remove", data={"csrf_token": token}).status_code == 404
    assert count_rows(app, Extension) == 1, "Ana's alone"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("next friday", "Give the date and time as 2026-12-12 15:00 (year-month-day hours:minutes)."),
        ("", "Give the date and time the student has until, as 2026-12-12 15:00."),
        ("2021-12-10T15:00", "Give a time after the class's due time, "),
        # Year 9999 on the school's clock has no time in UTC: refused, not a crash.
        ("9999-12-31T23:00", "Give a year from 2000 to 2199."),
    ],
)
def test_a_bad_time_is_refused_with_a_message(app, teacher, closed_for_the_class, typed, message):
    class_id, _, _, _ = closed_for_the_class
    refused = extend(app, teacher, class_id, "Ben", typed)
    assert refused.status_code == 200
    assert message in text_of(refused.text)
    assert count_rows(app, Extension) == 1, "Ana's alone"


def test_only_an_assigned_set_with_a_due_time_can_be_extended(app, teacher, two):
    class_id, _ = two
    assert extend(app, teacher, class_id, "Ana", "2099-12-19T15:00", follow=False).status_code == 404
    assign(teacher, class_id)  # no due time
    refused = extend(app, teacher, class_id, "Ana", "2099-12-19T15:00")
    assert f"“{TITLE}” has no due time for the class, so there is no time to extend." in text_of(refused.text)
    assert count_rows(app, Extension) == 0


def test_stopping_the_assignment_deletes_its_extensions_and_keeps_the_answers(app, teacher, closed_for_the_class):
    class_id, students, _, _ = closed_for_the_class
    finish_demo(students["Ana"])
    teacher.submit(
        f"/teacher/classes/{class_id}/assignments/demo/remove",
        form_page=f"/teacher/classes/{class_id}/assignments/demo",
    )
    assert count_rows(app, Extension) == 0
    assert count_rows(app, Answer) == len(DEMO_ANSWERS)


def test_an_extension_the_class_s_due_time_has_passed_takes_no_time_away(app, teacher, closed_for_the_class):
    class_id, _, _, ana_due = closed_for_the_class
    class_due = ana_due + timedelta(days=7)
    assign(teacher, class_id, due_at=school_clock(class_due))
    with app.app_context():
        assert schedule(db.session.get(Assignment, (class_id, "demo")), learner_id(app, "Ana")).due_at == class_due
    page = text_of(teacher.page(student_page_url(app, class_id, "Ana")))
    assert f"Due {on_the_clock(class_due)} ·" in page and "(extended" not in page


def test_a_student_s_page_loads_the_extensions_with_the_assignments(app, closed_for_the_class):
    _, students, _, _ = closed_for_the_class
    with statements_sent(app) as question:
        students["Ana"].page("/sets/demo/items/leopard")
    # As tests/test_query_counts.py: the learner and class, the assignments with their extensions, the attempt.
    assert len(question) == 3, question


def test_the_student_s_data_download_lists_their_extension(app, teacher, closed_for_the_class):
    class_id, _, _, ana_due = closed_for_the_class
    data = teacher.client.get(f"{student_page_url(app, class_id, 'Ana')}/data.json").get_json()
    assert [(e["exercise_set"], e["due_at"]) for e in data["extensions"]] == [
        ("demo", ana_due.strftime("%Y-%m-%dT%H:%M:%SZ"))
    ]


def test_the_message_stands_beside_the_form_that_was_sent(app, teacher, closed_for_the_class):
    class_id = closed_for_the_class[0]
    refused = extend(app, teacher, class_id, "Ben", "2021-12-10T15:00").text
    form = refused.split('id="extend-demo"', 1)[1].split("</details>", 1)[0]
    assert "Give a time after the class&#39;s due time" in form or "Give a time after the class's due time" in form
    opened = re.search(r'<details class="extension" id="extend-demo"( open)?>', refused)
    assert opened and opened.group(1), "the form is open to show it"
    before = refused.split('id="extend-demo"', 1)[0]
    assert "Give a time after" not in before, "not at the top of the page, out of sight"


def test_a_time_already_past_is_taken_and_says_what_it_means(app, teacher, closed_for_the_class):
    class_id, students, class_due, _ = closed_for_the_class
    finish_demo(students["Ana"])  # Ben has not started: he still is missing after the time
    passed = to_the_minute(datetime.now(UTC) - timedelta(minutes=10))
    assert passed > class_due
    saved = text_of(extend(app, teacher, class_id, "Ben", school_clock(passed)).text)
    assert (
        f"Ben has until {on_the_clock(passed)} for “{TITLE}”. That time has passed: the answers Ben sent by then"
        in saved
    )
    assert "count as on time, and the set takes no more answers from them." in saved
