"""Ending a student's sessions on the server: "Leave this browser" and a new personal code sign out every browser
holding the student's cookie, copies included, while the student comes back with their personal code."""

import re

from helpers import DEMO_ANSWERS, LEOPARD_IDIOM, Student, count_rows, text_of
from quiz.classroom.codes import shown
from quiz.models import Answer, Attempt, Learner, Membership, db

SIGNED_OUT = "You were signed out of this browser. If you are in a class, use your personal code to come back."


def ana(app) -> Membership:
    with app.app_context():
        found = db.session.execute(db.select(Membership).filter_by(display_name="Ana")).scalar_one()
        db.session.expunge(found)
        return found


def answers_by_learner(app) -> dict[int, int]:
    """How many answers each learner has stored."""
    with app.app_context():
        query = db.select(Attempt.learner_id, db.func.count(Answer.id)).join(Answer).group_by(Attempt.learner_id)
        return dict(db.session.execute(query).all())


def copy_of(app, student: Student) -> Student:
    """Another browser holding a copy of the student's cookie, as a thief at a shared computer would take it."""
    thief = app.test_client()
    thief.set_cookie("session", student.client.get_cookie("session").value)
    return Student(thief)


def personal_code(html: str) -> str:
    return re.search(r"Your personal code is ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})", text_of(html)).group(1)


def test_a_copied_cookie_stops_working_when_the_student_leaves_the_browser(app, class_code):
    student = Student(app.test_client())
    student.join(class_code, "Ana")
    student.answer("demo", "leopard", **LEOPARD_IDIOM)
    thief = copy_of(app, student)
    assert "You are in this class as Ana ." in text_of(thief.page("/"))

    student.submit("/leave")

    home = text_of(thief.page("/"))
    assert SIGNED_OUT in home
    assert "You are in this class" not in home and "7B English" not in home
    assert "not answered yet" in text_of(thief.page("/sets/demo"))
    thief.answer("demo", "twelve-thousand", **DEMO_ANSWERS["twelve-thousand"])
    others = answers_by_learner(app)
    assert others.pop(ana(app).learner_id) == 1, "Ana's answers are untouched"
    assert list(others.values()) == [1], "the copy's answer went to a new learner of its own"
    assert count_rows(app, Membership) == 1


def test_the_signed_out_message_is_shown_once(app, class_code):
    student = Student(app.test_client())
    student.join(class_code, "Ana")
    thief = copy_of(app, student)
    student.submit("/leave")
    assert SIGNED_OUT in text_of(thief.page("/"))
    assert SIGNED_OUT not in text_of(thief.page("/"))


def test_a_copied_cookie_cannot_join_another_class_as_the_student_or_read_their_code(app, teacher, class_code):
    _, other_code = teacher.create_class("Drama club")
    student = Student(app.test_client())
    code = personal_code(student.join(class_code, "Ana").get_data(as_text=True))
    thief = copy_of(app, student)
    student.submit("/leave")

    page = text_of(thief.join(other_code, "Ana B").get_data(as_text=True))
    assert "Welcome to Drama club, Ana B!" in page
    assert code not in page and "You left 7B English" not in page
    with app.app_context():
        members = dict(db.session.execute(db.select(Membership.display_name, Membership.learner_id)).all())
    assert members["Ana"] != members["Ana B"], "the copy joined as a new learner; Ana is still in 7B English alone"
    assert shown(ana(app).reentry_code) == code


def test_a_new_personal_code_signs_out_every_browser_and_the_new_code_brings_the_student_back(app, teacher, class_code):
    student = Student(app.test_client())
    student.join(class_code, "Ana")
    student.answer("demo", "leopard", **LEOPARD_IDIOM)
    thief = copy_of(app, student)
    member = ana(app)
    page = f"/teacher/classes/{member.classroom_id}/students/{member.learner_id}"
    reset = text_of(teacher.submit(f"{page}/code", form_page=page).get_data(as_text=True))
    new_code = re.search(r"Personal code ([A-Z0-9-]{14})", reset).group(1)

    for browser in (thief, student):
        home = text_of(browser.page("/"))
        assert SIGNED_OUT in home and "You are in this class" not in home

    back = text_of(student.come_back(new_code).get_data(as_text=True))
    assert "Welcome back, Ana." in back and "You are in this class as Ana ." in back
    assert "answered: " in text_of(student.page("/sets/demo"))
    student.answer("demo", "twelve-thousand", **DEMO_ANSWERS["twelve-thousand"])
    assert answers_by_learner(app) == {member.learner_id: 2}
    # The copy made before the new code stays signed out after the student is back.
    assert "You are in this class" not in text_of(thief.page("/"))


def test_coming_back_after_leaving_works_and_keeps_copies_from_before_signed_out(app, class_code):
    student = Student(app.test_client())
    code = personal_code(student.join(class_code, "Ana").get_data(as_text=True))
    student.answer("demo", "leopard", **LEOPARD_IDIOM)
    thief = copy_of(app, student)
    student.submit("/leave")

    other_device = Student(app.test_client())
    assert "Welcome back, Ana." in text_of(other_device.come_back(code).get_data(as_text=True))
    assert "answered: " in text_of(other_device.page("/sets/demo"))
    assert "You are in this class" not in text_of(thief.page("/"))
    assert "You are in this class as Ana ." in text_of(other_device.page("/"))


def test_students_whose_sessions_were_never_ended_keep_their_cookies(app, class_code):
    # Cookies made before session keys existed carry none: the upgrade must not sign anyone out, and a student
    # coming back on a second device must not sign out the first.
    first = Student(app.test_client())
    code = personal_code(first.join(class_code, "Ana").get_data(as_text=True))
    second = Student(app.test_client())
    second.come_back(code)
    for browser in (first, second, copy_of(app, first)):
        assert "You are in this class as Ana ." in text_of(browser.page("/"))
    with app.app_context():
        assert db.session.execute(db.select(Learner.session_key)).scalar_one() is None
