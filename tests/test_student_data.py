"""A student's data on request: the teacher's student page downloads everything stored about the student, as JSON and
as CSV, for the teacher's own class only, never cached, and safe to open in a spreadsheet."""

from __future__ import annotations

import json

import pytest

from helpers import LEOPARD_IDIOM, Student, Teacher, csv_rows, make_teacher, text_of
from quiz.models import Answer, Learner, Membership, db

NAME = "=Zoë+1"


@pytest.fixture
def world(app, teacher):
    """A class whose student answered two items; the teacher changed one score, with a comment."""
    class_id, code = teacher.create_class("7B English")
    student = Student(app.test_client())
    student.join(code, NAME)
    student.answer("demo", "leopard", **LEOPARD_IDIOM)
    student.answer("demo", "saddam-timeline", picked="0")
    with app.app_context():
        learner_id = db.session.execute(db.select(Membership.learner_id)).scalar_one()
        leopard = db.session.execute(db.select(Answer.id).filter_by(item_id="leopard")).scalar_one()
    score_page = f"/teacher/classes/{class_id}/answers/{leopard}/score"
    teacher.submit(score_page, {"percent": "80", "comment": "=HYPERLINK(1) Good try"})
    return {
        "class_id": class_id,
        "learner_id": learner_id,
        "base": f"/teacher/classes/{class_id}/students/{learner_id}",
    }


def stored_response(app, item_id: str) -> dict:
    with app.app_context():
        return db.session.execute(db.select(Answer.response).filter_by(item_id=item_id)).scalar_one()


def test_the_student_page_links_to_both_downloads(teacher, world):
    page = teacher.page(world["base"])
    assert "Download everything stored about this student: JSON · CSV" in text_of(page)
    assert f'href="{world["base"]}/data.json"' in page
    assert f'href="{world["base"]}/data.csv"' in page


def test_the_json_download_holds_every_attempt_answer_and_override(app, teacher, world):
    response = teacher.client.get(f"{world['base']}/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="lens-7b-english-zo-1-')
    assert response.headers["Content-Disposition"].endswith('.json"')
    data = response.get_json()
    assert data["student"]["display_name"] == NAME
    assert data["student"]["class"] == "7B English"
    assert data["student"]["joined_at"].endswith("Z")
    [attempt] = data["attempts"]
    assert (attempt["exercise_set"], attempt["number"], attempt["finished_at"]) == ("demo", 1, None)
    leopard, saddam = attempt["answers"]
    assert (leopard["item"], leopard["skill"], leopard["score_percent"]) == ("leopard", "loaded_wording", 50.0)
    assert leopard["answer_as_stored"] == stored_response(app, "leopard")
    assert leopard["answer_in_words"] == "A leopard cannot change its spots"
    override = leopard["teacher_override"]
    assert (override["score_percent"], override["comment"], override["changed_by"]) == (
        80.0,
        "=HYPERLINK(1) Good try",
        "teacher",
    )
    assert (saddam["item"], saddam["score_percent"], saddam["teacher_override"]) == ("saddam-timeline", 100.0, None)
    # The ids that would open the student's record are left out, and the file says so.
    with app.app_context():
        learner = db.session.get(Learner, world["learner_id"])
        secrets = [learner.token, learner.membership.reentry_code]
    assert not any(secret in response.get_data(as_text=True) for secret in secrets)
    assert data["not_included"].startswith("Not included: the random id in the student's browser cookie")


def test_the_csv_download_has_a_row_per_answer_and_no_formulas(app, teacher, world):
    response = teacher.client.get(f"{world['base']}/data.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].endswith('.csv"')
    header, leopard, saddam = csv_rows(response.data)
    assert header[:4] == ["Class", "Student", "Joined (UTC)", "Exercise set"]
    row = dict(zip(header, leopard, strict=True))
    # A name or comment a spreadsheet could run as a formula gets a leading apostrophe.
    assert (row["Class"], row["Student"]) == ("7B English", "'" + NAME)
    assert (row["Exercise set"], row["Attempt"], row["Item"], row["Score (%)"]) == ("demo", "1", "leopard", "50.0")
    assert json.loads(row["Answer as stored"]) == stored_response(app, "leopard")
    assert (row["Teacher's score (%)"], row["Teacher's comment"]) == ("80.0", "'=HYPERLINK(1) Good try")
    assert row["Changed by"] == "teacher"
    row = dict(zip(header, saddam, strict=True))
    assert (row["Item"], row["Score (%)"], row["Teacher's score (%)"], row["Teacher's comment"]) == (
        "saddam-timeline",
        "100.0",
        "",
        "",
    )


def test_a_student_with_no_answers_still_gets_their_row(app, teacher):
    class_id, code = teacher.create_class("8C")
    Student(app.test_client()).join(code, "Quiet")
    with app.app_context():
        learner_id = db.session.execute(db.select(Membership.learner_id)).scalar_one()
    header, only = csv_rows(teacher.client.get(f"/teacher/classes/{class_id}/students/{learner_id}/data.csv").data)
    assert only[:2] == ["8C", "Quiet"]
    assert only[3:] == [""] * (len(header) - 3)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_another_teacher_gets_404(app, world, fmt):
    make_teacher(app, "other")
    other = Teacher(app.test_client())
    other.sign_in("other")
    response = other.client.get(f"{world['base']}/data.{fmt}")
    assert response.status_code == 404
    assert "There is no such class among yours." in text_of(response.get_data(as_text=True))


def test_a_student_of_another_class_is_not_found_through_this_one(teacher, world):
    other_class, _ = teacher.create_class("Other class")
    response = teacher.client.get(f"/teacher/classes/{other_class}/students/{world['learner_id']}/data.json")
    assert response.status_code == 404
    assert "There is no such student in this class." in text_of(response.get_data(as_text=True))


def test_someone_not_signed_in_is_sent_to_sign_in(app, world):
    response = app.test_client().get(f"{world['base']}/data.json")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/teacher/sign-in")
