"""Characters no database or file system can store (NUL) are refused with a 400 that says what to change, before any
view runs: they used to give 500s on PostgreSQL (form fields) and on both databases (a file's address)."""

from __future__ import annotations

import pytest

from helpers import LEOPARD_IDIOM, Student, Teacher, count_rows, make_teacher, text_of
from quiz.models import Answer, Classroom, Failure, Override, db

FORM_MESSAGE = (
    "Your form contained a character that cannot be stored (an invisible “NUL” character, often from copying out "
    "of another program): retype the text and send it again."
)
ADDRESS_MESSAGE = (
    "The address contained a character that cannot be stored (an invisible “NUL” character, often from copying "
    "out of another program): retype the address and try again."
)


def refused(response, message: str) -> bool:
    page = text_of(response.get_data(as_text=True))
    return response.status_code == 400 and message in page and "Traceback" not in page


def test_a_nul_in_the_sign_in_username_is_refused_before_anyone_is_signed_in(app):
    make_teacher(app)
    visitor = Teacher(app.test_client())
    response = visitor.submit("/teacher/sign-in", {"username": "x\x00y", "password": "whatever"}, follow=False)
    assert refused(response, FORM_MESSAGE)
    assert count_rows(app, Failure) == 0
    assert visitor.client.get("/teacher/", follow_redirects=False).status_code == 302  # still signed out


def test_a_nul_in_a_class_name_is_refused_and_no_class_is_made(app, teacher):
    response = teacher.submit("/teacher/classes/new", {"name": "x\x00y", "all_sets": "y", "counts": "best"})
    assert refused(response, FORM_MESSAGE)
    assert count_rows(app, Classroom) == 0


def test_a_nul_in_an_override_comment_is_refused_and_the_score_is_unchanged(app, teacher, class_code):
    student = Student(app.test_client())
    student.join(class_code, "Ana")
    student.answer("demo", "leopard", **LEOPARD_IDIOM)
    with app.app_context():
        answer_id = db.session.execute(db.select(Answer.id)).scalar_one()
        class_id = db.session.execute(db.select(Classroom.id)).scalar_one()
    url = f"/teacher/classes/{class_id}/answers/{answer_id}/score"
    response = teacher.submit(url, {"percent": "90", "comment": "x\x00y"})
    assert refused(response, FORM_MESSAGE)
    assert count_rows(app, Override) == 0


@pytest.mark.parametrize("name", ["x%00y", "demo.yaml%00.txt"])
def test_a_nul_in_an_exercise_file_address_is_refused(teacher, name):
    assert refused(teacher.client.get(f"/teacher/exercises/file/{name}"), ADDRESS_MESSAGE)


def test_a_nul_in_a_query_string_is_refused(client):
    assert refused(client.get("/sets/demo?page=x%00y"), ADDRESS_MESSAGE)


def test_text_without_such_characters_still_goes_through(app, teacher):
    """The guard refuses NUL only: accents, dashes and emoji are stored as typed."""
    class_id, _ = teacher.create_class("7B – Ærø 🦊")
    with app.app_context():
        assert db.session.get(Classroom, class_id).name == "7B – Ærø 🦊"
