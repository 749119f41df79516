"""The personal code is shown on the page after joining, never put in the cookie: the cookie is signed, not
encrypted, so anyone at a shared computer could read what it holds."""

import json

from flask.sessions import SecureCookieSessionInterface

from helpers import Student, text_of
from quiz.classroom.codes import shown
from quiz.models import Membership, db

JUST_JOINED = "write it down to come back on another device, and keep it to yourself."


def cookie_contents(app, student: Student) -> str:
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    return json.dumps(serializer.loads(student.client.get_cookie("session").value), ensure_ascii=False)


def personal_code_of(app, name: str) -> str:
    with app.app_context():
        return db.session.execute(db.select(Membership.reentry_code).filter_by(display_name=name)).scalar_one()


def assert_not_in_cookie(app, student: Student, code: str) -> None:
    contents = cookie_contents(app, student)
    assert "Ana" in contents or "learner" in contents, "the cookie was read"
    for written in (code, shown(code), code.lower()):
        assert written not in contents


def test_the_cookie_never_holds_the_personal_code_and_the_page_after_joining_shows_it_once(app, class_code):
    student = Student(app.test_client())
    joined = student.join(class_code, "Ana", follow=False)
    assert joined.status_code == 302
    code = personal_code_of(app, "Ana")
    assert_not_in_cookie(app, student, code)

    landing = text_of(student.page("/"))
    assert "Welcome to 7B English, Ana!" in landing
    assert f"Your personal code is {shown(code)} : {JUST_JOINED}" in landing
    assert_not_in_cookie(app, student, code)

    later = text_of(student.page("/"))
    assert JUST_JOINED not in later
    assert f"Your personal code is {shown(code)} . Keep it to yourself." in later, "folded away on the home page"


def test_joining_a_second_class_shows_the_first_ones_code_without_putting_it_in_the_cookie(app, teacher, class_code):
    _, other_code = teacher.create_class("Drama club")
    student = Student(app.test_client())
    student.join(class_code, "Ana")
    first = personal_code_of(app, "Ana")

    student.join(other_code, "Ana B", follow=False)
    assert_not_in_cookie(app, student, first)
    assert_not_in_cookie(app, student, personal_code_of(app, "Ana B"))

    landing = text_of(student.page("/"))
    assert f"You left 7B English on this browser; your personal code for it is {shown(first)}." in landing
    assert "Welcome to Drama club, Ana B!" in landing
    assert "You left 7B English" not in text_of(student.page("/"))
