"""A real test mode: results withheld until the teacher releases them, and a limit on attempts, kept on the server."""

from __future__ import annotations

import re

import pytest

from helpers import DEMO_ANSWERS, Student, Teacher, make_teacher, text_of
from quiz.models import Attempt, Classroom, db

# What only a page that shows results says: a score, a verdict, an explanation from the key.
RESULTS_SHOWN = re.compile(r"\d+%|Your score:|Found:|Right pick|idiom|The dates show|Best \d|latest \d")


@pytest.fixture
def test_class(teacher):
    """A class that withholds results, with the attempts left to the default."""
    class_id, code = teacher.create_class("Test 9C", results="on_release")
    return class_id, code


def finish_demo(student: Student, attempt: int = 1) -> None:
    for item_id, fields in DEMO_ANSWERS.items():
        response = student.answer("demo", item_id, attempt=attempt, follow=False, **fields)
        assert response.status_code == 302


def release(teacher, class_id: int, set_id: str = "demo", yes: bool = True):
    return teacher.submit(
        f"/teacher/classes/{class_id}/sets/{set_id}/results",
        {"release": "yes" if yes else "no"},
        form_page=f"/teacher/classes/{class_id}",
    )


def attempts_of(app, set_id: str = "demo") -> list[int]:
    with app.app_context():
        return sorted(db.session.execute(db.select(Attempt.number).filter_by(exercise_id=set_id)).scalars())


def test_a_new_class_that_withholds_results_allows_one_attempt_unless_the_teacher_chooses(app, teacher):
    withheld, _ = teacher.create_class("A", results="on_release")
    practice, _ = teacher.create_class("B")
    chosen, _ = teacher.create_class("C", results="on_release", attempts="3")
    with app.app_context():
        allowed = {c.id: (c.results, c.attempts_allowed) for c in db.session.execute(db.select(Classroom)).scalars()}
    assert allowed == {withheld: ("on_release", 1), practice: ("each_answer", None), chosen: ("on_release", 3)}


def test_while_withheld_a_student_sees_that_answers_are_saved_and_nothing_else(client, test_class):
    _, code = test_class
    student = Student(client)
    student.join(code, "Ana")
    finish_demo(student)

    for url in ["/sets/demo/items/leopard", "/sets/demo/items/saddam-timeline", "/sets/demo", "/"]:
        page = text_of(student.page(url))
        assert not RESULTS_SHOWN.search(page.replace("Item 1 of 4", "")), (url, RESULTS_SHOWN.search(page), page)
    assert "Your answer is saved" in text_of(student.page("/sets/demo/items/leopard"))
    assert "Your answer: A leopard cannot change its spots" in text_of(student.page("/sets/demo/items/leopard"))
    set_page = text_of(student.page("/sets/demo"))
    assert "Attempt 1 is finished" in set_page
    assert "Your teacher will release the results of this set later" in set_page
    assert "You have used the one attempt your teacher allows at this set." in set_page
    assert "Try the set again" not in set_page
    assert "Finished; results not released yet." in text_of(student.page("/"))
    last_item = text_of(student.page("/sets/demo/items/what-to-check"))
    assert "Back to the set →" in last_item and "See your results" not in last_item


def test_one_attempt_is_enforced_on_the_server_even_for_a_resent_form(app, client, test_class):
    _, code = test_class
    student = Student(client)
    student.join(code, "Ana")
    finish_demo(student)
    token = student.token("/leave")
    for _ in range(2):  # the form resent, or sent from a second tab
        response = client.post("/sets/demo/again", data={"csrf_token": token, "after": 1}, follow_redirects=True)
        assert "Your teacher allows 1 attempt at this set, and you have used it" in text_of(
            response.get_data(as_text=True)
        )
    assert attempts_of(app) == [1]
    # Answering item 1 again goes nowhere: attempt 2 does not exist, attempt 1 already has the answer.
    response = client.post(
        "/sets/demo/items/saddam-timeline",
        data={"csrf_token": token, "attempt": 2, "picked": "1"},
        follow_redirects=True,
    )
    assert "That page was out of date" in text_of(response.get_data(as_text=True))
    assert attempts_of(app) == [1]


def test_two_attempts_allowed_means_two(app, client, teacher):
    _, code = teacher.create_class("Two tries", attempts="2")
    student = Student(client)
    student.join(code, "Ana")
    finish_demo(student)
    assert "You may try the set 1 more time: your teacher allows 2 attempts." in text_of(student.page("/sets/demo"))
    student.submit("/sets/demo/again", {"after": 1}, form_page="/sets/demo")
    assert "This is attempt 2 of the 2 your teacher allows at this set." in text_of(student.page("/sets/demo"))
    finish_demo(student, attempt=2)
    assert "Try the set again" not in student.page("/sets/demo")
    student.client.post("/sets/demo/again", data={"csrf_token": student.token("/leave"), "after": 2})
    assert attempts_of(app) == [1, 2]


def test_releasing_shows_everything_at_once_and_withholding_hides_it_again(client, teacher, test_class):
    class_id, code = test_class
    student = Student(client)
    student.join(code, "Ana")
    finish_demo(student)
    dashboard = text_of(teacher.page(f"/teacher/classes/{class_id}"))
    assert "Demo set for the tests : withheld Release results" in dashboard

    page = text_of(release(teacher, class_id).get_data(as_text=True))
    assert "The results of “Demo set for the tests” are released" in page
    assert "Withhold again" in page
    feedback = text_of(student.page("/sets/demo/items/leopard"))
    assert "Your score: 50%" in feedback
    assert "Found: A leopard cannot change its spots An idiom" in feedback
    assert "Attempt 1: 88%" in text_of(student.page("/sets/demo"))
    assert "Best 88%, latest 88%." in text_of(student.page("/"))

    release(teacher, class_id, yes=False)
    assert "Your answer is saved" in text_of(student.page("/sets/demo/items/leopard"))
    assert "Your score" not in student.page("/sets/demo/items/leopard")


def test_another_teachers_class_cannot_be_released(app, teacher, test_class):
    class_id, _ = test_class
    make_teacher(app, "other")
    other = Teacher(app.test_client())
    other.sign_in("other")
    token = other.token("/teacher/")
    response = other.client.post(
        f"/teacher/classes/{class_id}/sets/demo/results", data={"csrf_token": token, "release": "yes"}
    )
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(Classroom, class_id).releases == []


def test_trying_each_option_from_a_private_window_reveals_nothing_while_a_class_withholds_the_set(app, test_class):
    """The attack of the security trial (M1): answer, start again, answer with the next option, read the scores."""
    pages = []
    for option in range(3):
        outsider = Student(app.test_client())  # a fresh private window each time
        for item_id, fields in DEMO_ANSWERS.items():
            fields = {"picked": str(option)} if item_id == "saddam-timeline" else fields
            outsider.answer("demo", item_id, follow=False, **fields)
        pages.append(text_of(outsider.page("/sets/demo/items/saddam-timeline")))
        pages.append(text_of(outsider.page("/sets/demo")))
    for page in pages:
        assert "The results of this set are hidden while a class is using it for a test." in page
        assert not RESULTS_SHOWN.search(page.replace("Item 3 of 4", "")), page


def test_outside_any_class_results_come_back_once_the_class_releases_them(app, teacher, test_class):
    class_id, _ = test_class
    outsider = Student(app.test_client())
    outsider.answer("demo", "leopard", marked=["0"])
    assert "Your score" not in outsider.page("/sets/demo/items/leopard")
    release(teacher, class_id)
    assert "Your score:" in outsider.page("/sets/demo/items/leopard")


def test_an_archived_test_class_no_longer_hides_results_from_others(app, teacher, test_class):
    class_id, _ = test_class
    teacher.submit(
        f"/teacher/classes/{class_id}/archive", {"archived": "yes"}, form_page=f"/teacher/classes/{class_id}/settings"
    )
    outsider = Student(app.test_client())
    outsider.answer("demo", "leopard", marked=["0"])
    assert "Your score:" in outsider.page("/sets/demo/items/leopard")


def test_the_settings_page_keeps_the_choices(teacher, test_class):
    class_id, _ = test_class
    page = teacher.page(f"/teacher/classes/{class_id}/settings")
    checked = re.findall(r'<input checked id="[\w-]+" name="(results|attempts)" type="radio" value="(\w+)">', page)
    assert checked == [("results", "on_release"), ("attempts", "1")]
    response = teacher.submit(
        f"/teacher/classes/{class_id}/settings",
        {
            "name": "Test 9C",
            "all_sets": "y",
            "counts": "best",
            "show_key": "y",
            "results": "each_answer",
            "attempts": "unlimited",
            "joining_open": "y",
        },
    )
    assert "Settings saved." in text_of(response.get_data(as_text=True))
    assert "unlimited attempts at each set" in text_of(response.get_data(as_text=True))


def test_a_tampered_setting_is_refused_with_a_message(teacher):
    response = teacher.submit(
        "/teacher/classes/new", {"name": "X", "all_sets": "y", "counts": "best", "results": "never", "attempts": "99"}
    )
    assert response.status_code == 400
    assert "Not a valid choice" in text_of(response.get_data(as_text=True))
