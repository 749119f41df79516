"""Who may see and change what: a teacher only their own classes, a student only their own answers."""

import pytest

from helpers import (
    LEOPARD_IDIOM,
    SHIPPED_EXERCISES,
    Student,
    Teacher,
    config,
    count_rows,
    make_teacher,
    statements_sent,
    text_of,
)
from quiz import create_app
from quiz.models import Answer, Classroom, Learner, Membership, Override, db


@pytest.fixture
def world(app, teacher, class_code):
    """A class of the signed-in teacher's with one student who has answered; ids of what the URLs name."""
    ana = Student(app.test_client())
    ana.join(class_code, "Ana Secretname")
    ana.answer("demo", "leopard", **LEOPARD_IDIOM)
    with app.app_context():
        class_id = db.session.execute(db.select(Classroom.id)).scalar_one()
        learner_id = db.session.execute(db.select(Membership.learner_id)).scalar_one()
        answer_id = db.session.execute(db.select(Answer.id)).scalar_one()
    return {"class_id": class_id, "learner_id": learner_id, "answer_id": answer_id, "ana": ana, "code": class_code}


def teacher_urls(w) -> list[tuple[str, str]]:
    """Every teacher URL that names the class, its student or their answer, with its method."""
    c = f"/teacher/classes/{w['class_id']}"
    s = f"{c}/students/{w['learner_id']}"
    a = f"{c}/answers/{w['answer_id']}/score"
    gets = [c, f"{c}/live", f"{c}/settings", f"{c}/delete", f"{c}/sets/demo", s, f"{s}/remove", a]
    gets += [f"{c}/export/responses.csv", f"{c}/export/gradebook.csv", f"{c}/export/workbook.xlsx"]
    posts = [f"{c}/settings", f"{c}/join-code", f"{c}/archive", f"{c}/delete", f"{s}/name", f"{s}/code"]
    posts += [f"{s}/remove", a, f"{a}/clear"]
    return [("GET", url) for url in gets] + [("POST", url) for url in posts]


def tokened(browser, method: str, url: str, page: str):
    """The request as a browser of this user would send it, with a valid CSRF token of their own session."""
    if method == "GET":
        return browser.client.get(url)
    data = {
        "csrf_token": browser.token(page),
        "name": "Taken over",
        "typed_name": "7B English",
        "display_name": "Renamed",
        "percent": "0",
        "archived": "yes",
    }
    return browser.client.post(url, data=data)


def assert_nothing_changed(app):
    with app.app_context():
        classroom = db.session.execute(db.select(Classroom)).scalar_one()
        assert classroom.name == "7B English" and classroom.archived_at is None
        assert db.session.execute(db.select(Membership.display_name)).scalar_one() == "Ana Secretname"
    assert count_rows(app, Answer) == 1 and count_rows(app, Override) == 0


def test_another_teacher_gets_404_on_every_url_of_the_class_and_changes_nothing(app, world):
    make_teacher(app, "other")
    other = Teacher(app.test_client())
    other.sign_in("other")
    for method, url in teacher_urls(world):
        response = tokened(other, method, url, "/teacher/")
        assert response.status_code == 404, (method, url, response.status_code)
        assert "Secretname" not in response.get_data(as_text=True)
    assert_nothing_changed(app)


@pytest.mark.parametrize("who", ["anonymous", "student"])
def test_anyone_not_signed_in_as_a_teacher_is_sent_to_sign_in_and_changes_nothing(app, world, who):
    browser = world["ana"] if who == "student" else Student(app.test_client())
    for method, url in teacher_urls(world) + [("GET", "/teacher/"), ("GET", "/teacher/classes/new")]:
        response = tokened(browser, method, url, "/join")
        assert response.status_code in (302, 403, 404), (method, url, response.status_code)
        if response.status_code == 302:
            assert response.headers["Location"].startswith("/teacher/sign-in")
        assert "Secretname" not in response.get_data(as_text=True)
    assert_nothing_changed(app)


def test_a_teacher_cannot_reach_another_class_answer_through_their_own_class(app, world):
    make_teacher(app, "other")
    other = Teacher(app.test_client())
    other.sign_in("other")
    own_class, _ = other.create_class("Other class")
    url = f"/teacher/classes/{own_class}/answers/{world['answer_id']}/score"
    assert other.client.get(url).status_code == 404
    assert tokened(other, "POST", url, "/teacher/").status_code == 404
    assert count_rows(app, Override) == 0


def test_a_student_sees_only_their_own_answers(app, world):
    ben = Student(app.test_client())
    ben.join(world["code"], "Ben")
    page = ben.page("/sets/demo/items/leopard")
    assert "Your score" not in page and 'name="marked"' in page
    assert "Secretname" not in ben.page("/")


def test_state_changes_need_the_pages_csrf_token(app, world, teacher):
    url = f"/teacher/classes/{world['class_id']}/students/{world['learner_id']}/remove"
    assert teacher.client.post(url).status_code == 400
    assert (
        Student(app.test_client()).client.post("/join", data={"code": world["code"], "display_name": "X"}).status_code
        == 400
    )
    assert count_rows(app, Learner) == 1


def test_security_headers_are_on_teacher_pages_too(teacher):
    headers = teacher.client.get("/teacher/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"


def test_the_dashboard_takes_the_same_number_of_queries_for_a_larger_class(tmp_path):
    app = create_app(config(tmp_path, EXERCISES_DIR=str(SHIPPED_EXERCISES)))
    make_teacher(app)
    teacher = Teacher(app.test_client())
    teacher.sign_in()
    class_id, code = teacher.create_class("Big")

    def queries_for_dashboard() -> int:
        with statements_sent(app) as statements:
            assert teacher.client.get(f"/teacher/classes/{class_id}").status_code == 200
        return len(statements)

    bank = app.extensions["lens_bank"]
    highlights = [(s.id, i.id) for s in bank.sets.values() for i in s.items if i.type == "highlight"]

    def add_students(names):
        for name in names:
            student = Student(app.test_client())
            student.join(code, name)
            for set_id, item_id in highlights[:6]:
                assert student.answer(set_id, item_id, marked=["0", "1"]).status_code == 200

    add_students(["A1", "A2"])
    small = queries_for_dashboard()
    add_students([f"B{n}" for n in range(10)])
    assert queries_for_dashboard() == small
    assert "B9" in text_of(teacher.page(f"/teacher/classes/{class_id}"))


@pytest.mark.parametrize(
    "url", ["/teacher/classes/99999999999999999999", "/teacher/classes/1/students/99999999999999999999"]
)
def test_ids_too_large_for_the_database_are_simply_not_found(teacher, url):
    assert teacher.client.get(url).status_code == 404


@pytest.mark.parametrize("typed", ["sNaN", "NaN", "inf", "-1", "100.5", "abc"])
def test_an_override_must_be_a_real_percentage(app, world, teacher, typed):
    url = f"/teacher/classes/{world['class_id']}/answers/{world['answer_id']}/score"
    response = teacher.submit(url, {"percent": typed, "comment": ""})
    assert response.status_code == 400
    assert count_rows(app, Override) == 0
