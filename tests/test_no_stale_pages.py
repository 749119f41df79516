"""What is worked out once and reused (quiz/web/per_item.py) never shows a student something out of date: an edited
exercise file, a renamed student, a new attempt (issue 19)."""

from __future__ import annotations

import re

import pytest

from helpers import DEMO_ANSWERS, FIXTURE_EXERCISES, LEOPARD_KEY, Student, Teacher, config, make_teacher, text_of
from quiz import create_app

DEMO = (FIXTURE_EXERCISES / "demo.yaml").read_text()
LEOPARD_URL = "/sets/demo/items/leopard"
TICKED = re.compile(r'value="(\d+)" checked')


@pytest.fixture
def folder(tmp_path):
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    (exercises / "demo.yaml").write_text(DEMO)
    return exercises


@pytest.fixture
def app(tmp_path, folder):
    app = create_app(config(tmp_path, EXERCISES_DIR=str(folder), BANK_CHECK_SECONDS=0))
    make_teacher(app)
    return app


def passage_words(page: str) -> list[str]:
    return re.findall(r'<input type="checkbox" name="marked" value="\d+"[^>]*><span>([^<]*)</span>', page)


def test_an_edited_passage_is_drawn_and_answered_as_the_file_now_says(app, folder):
    student = Student(app.test_client())
    assert passage_words(student.page(LEOPARD_URL))[:6] == ["A", "leopard", "cannot", "change", "its", "spots"]
    # The passage loses its first sentence, and the key the quote that was in it.
    edited = DEMO.replace("      A leopard cannot change its spots. After settling", "      After settling")
    edited = edited.replace(
        "      - quote: A leopard cannot change its spots\n"
        "        why: An idiom that declares the group unable to change; it argues by metaphor, not evidence.\n",
        "",
    )
    assert edited.count("A leopard") == 0
    (folder / "demo.yaml").write_text(edited)
    page = student.page(LEOPARD_URL)
    assert passage_words(page)[:4] == ["After", "settling", "in", "Albania"]
    # The form takes the new passage's words: it has six fewer than before.
    last = len(passage_words(page)) - 1
    assert last == 21
    assert student.answer("demo", "leopard", marked=["27"]).status_code == 400  # the old passage's last word
    answered = student.answer("demo", "leopard", marked=[str(last)])
    assert "Your score:" in text_of(answered.get_data(as_text=True))


def test_a_students_marks_are_theirs_alone_though_the_passage_is_drawn_once(app):
    first, second = Student(app.test_client()), Student(app.test_client())
    # Sent without the attempt it was drawn for, the answer is refused and the page drawn again with its marks.
    refused = first.client.post(LEOPARD_URL, data={"csrf_token": first.token(LEOPARD_URL), "marked": ["1", "22"]})
    assert refused.status_code == 400
    assert TICKED.findall(refused.get_data(as_text=True)) == ["1", "22"]
    assert TICKED.findall(second.page(LEOPARD_URL)) == []
    assert TICKED.findall(first.page(LEOPARD_URL)) == []


def test_a_renamed_student_is_shown_with_the_new_name_at_once(app):
    teacher = Teacher(app.test_client())
    teacher.sign_in()
    class_id, code = teacher.create_class()
    student = Student(app.test_client())
    student.join(code, "Ana")
    assert "Ana" in text_of(student.page("/")) and "Ana" in text_of(teacher.page(f"/teacher/classes/{class_id}"))
    with app.app_context():
        from quiz.models import Membership, db

        learner_id = db.session.execute(db.select(Membership.learner_id)).scalar_one()
    url = f"/teacher/classes/{class_id}/students/{learner_id}/name"
    teacher.submit(url, {"display_name": "Beatriz"}, form_page=f"/teacher/classes/{class_id}/students/{learner_id}")
    assert "Beatriz" in text_of(student.page("/")) and "Ana" not in text_of(student.page("/"))
    dashboard = text_of(teacher.page(f"/teacher/classes/{class_id}"))
    assert "Beatriz" in dashboard and "Ana" not in dashboard


def test_a_new_attempt_shows_each_question_afresh_with_nothing_ticked(app):
    student = Student(app.test_client())
    for item_id, fields in (DEMO_ANSWERS | {"leopard": LEOPARD_KEY}).items():
        student.answer("demo", item_id, **fields)
    assert "Your score: 100%" in text_of(student.page(LEOPARD_URL))
    set_page = student.page("/sets/demo")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', set_page).group(1)
    student.client.post("/sets/demo/again", data={"csrf_token": token, "after": 1})
    page = student.page(LEOPARD_URL)
    assert "Submit answer" in page and "Your score" not in text_of(page)
    assert TICKED.findall(page) == []
    assert 'name="attempt" type="hidden" value="2"' in page


def test_an_entry_lives_exactly_as_long_as_its_item():
    import gc

    from quiz.web.per_item import once_per_item

    class Item:
        pass

    made = []
    work = once_per_item(lambda item: made.append(item) or len(made))
    first, second = Item(), Item()
    assert (work(first), work(first), work(second)) == (1, 1, 2)
    made.clear()
    del first
    gc.collect()
    # A new object may take the collected one's id: it must get its own entry, not the old one.
    others = [Item() for _ in range(50)]
    assert [work(item) for item in others] == list(range(1, 51))
    assert work(second) == 2
