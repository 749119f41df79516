"""Classes: joining with a code and a name, coming back with a personal code, the teacher's changes."""

import re

import pytest

from helpers import LEOPARD_IDIOM, Student, count_rows, text_of
from quiz.classroom.codes import ALPHABET, shown
from quiz.models import Answer, Classroom, Learner, Membership, db


def personal_code(html: str) -> str:
    return re.search(r"Your personal code is ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})", text_of(html)).group(1)


def member(app, name: str) -> Membership:
    with app.app_context():
        found = db.session.execute(db.select(Membership).filter_by(display_name=name)).scalar_one()
        db.session.expunge(found)
        return found


def test_join_codes_are_short_and_have_no_look_alike_characters(teacher):
    codes = [teacher.create_class(f"Class {n}")[1] for n in range(5)]
    assert len(set(codes)) == 5
    for code in codes:
        assert len(code) == 8 and set(code) <= set(ALPHABET)
    assert not set("0O1IL5S8B2Z") & set(ALPHABET)


def test_a_student_joins_with_the_code_typed_any_way_and_sees_their_class_and_personal_code(client, class_code):
    student = Student(client)
    page = text_of(student.join(f" {shown(class_code).lower()} ", "Ana B.").get_data(as_text=True))
    assert "Welcome to 7B English, Ana B.!" in page
    assert "You are in this class as Ana B." in page
    assert re.search(r"Your personal code is [A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", page)


def test_joining_asks_for_a_name_only_and_refuses_one_already_taken_in_the_class(app, class_code):
    Student(app.test_client()).join(class_code, "Ana B")
    again = Student(app.test_client()).join(class_code, "  ana   b ")
    assert again.status_code == 400
    assert "Someone in this class is already called “ana b”" in text_of(again.get_data(as_text=True))
    assert count_rows(app, Membership) == 1


def test_a_name_that_folds_to_many_more_characters_is_taken_once_on_every_database(app, class_code):
    # One character each, but NFKC writes U+FDFA as 18 letters: 540 in all, far more than the 30 typed.
    name = "\ufdfa" * 30
    first = Student(app.test_client()).join(class_code, name)
    again = Student(app.test_client()).join(class_code, name)
    assert first.status_code == 200 and "Welcome" in text_of(first.get_data(as_text=True))
    assert again.status_code == 400
    assert count_rows(app, Membership) == 1


@pytest.mark.parametrize(
    ("code", "name", "message"),
    [
        ("WRONGCDE", "Ana", "There is no class with that code."),
        (None, "", "Type a name."),
        (None, "x" * 31, "Keep the name to 30 characters."),
        ("", "Ana", "Type the class code your teacher gave you."),
    ],
)
def test_a_refused_join_says_what_to_do(client, class_code, code, name, message):
    response = Student(client).join(class_code if code is None else code, name)
    assert response.status_code == 400
    assert message in text_of(response.get_data(as_text=True))


def test_anonymous_progress_comes_along_when_the_student_joins(app, client, class_code):
    student = Student(client)
    student.answer("demo", "leopard", **LEOPARD_IDIOM)
    student.join(class_code, "Ana")
    assert count_rows(app, Learner) == 1
    teacher_view = member(app, "Ana")
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Answer.id))).scalar_one() == 1
    assert teacher_view.learner_id


def test_a_personal_code_brings_the_student_back_on_another_device(app, class_code):
    first = Student(app.test_client())
    code = personal_code(first.join(class_code, "Ana").get_data(as_text=True))
    first.answer("demo", "leopard", **LEOPARD_IDIOM)
    other_device = Student(app.test_client())
    page = text_of(other_device.come_back(code.lower().replace("-", " ")).get_data(as_text=True))
    assert "Welcome back, Ana." in page
    assert "answered: " in text_of(other_device.page("/sets/demo"))


def test_leaving_a_shared_computer_makes_the_browser_anonymous_again(app, class_code):
    student = Student(app.test_client())
    student.join(class_code, "Ana")
    student.answer("demo", "leopard", **LEOPARD_IDIOM)
    page = student.submit("/leave")
    assert "This browser no longer holds your answers." in text_of(page.get_data(as_text=True))
    assert "data-clear-all-drafts" in page.get_data(as_text=True)
    assert "You are in this class" not in student.page("/")
    assert "not answered yet" in text_of(student.page("/sets/demo"))


def test_wrong_codes_are_throttled_per_browser_so_one_student_cannot_lock_out_the_class(app, class_code):
    def from_address(address: str) -> Student:
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = address
        return Student(client)

    guesser = from_address("10.1.1.1")
    for _ in range(10):
        assert guesser.come_back("AAAA-AAAA-AAAA").status_code == 400
    locked = guesser.join(class_code, "Ana")
    assert locked.status_code == 429
    assert "Too many wrong codes on this browser. Try again in 1 minute." in text_of(locked.get_data(as_text=True))
    # Classmates behind the same school router are not held up.
    assert from_address("10.1.1.1").join(class_code, "Ben").status_code == 200


def test_a_teacher_can_rename_reset_the_code_of_and_remove_a_student(app, teacher, class_code):
    student = Student(app.test_client())
    old_code = personal_code(student.join(class_code, "Ana").get_data(as_text=True))
    student.answer("demo", "leopard", **LEOPARD_IDIOM)
    ana = member(app, "Ana")
    page = f"/teacher/classes/{ana.classroom_id}/students/{ana.learner_id}"
    assert old_code in teacher.page(page)

    renamed = teacher.submit(f"{page}/name", {"display_name": "Ana Z"}, form_page=page)
    assert "The student is now called “Ana Z”." in text_of(renamed.get_data(as_text=True))
    reset = text_of(teacher.submit(f"{page}/code", form_page=page).get_data(as_text=True))
    assert "Ana Z has a new personal code, shown below." in reset
    new_code = re.search(r"Personal code ([A-Z0-9-]{14})", reset).group(1)
    assert new_code != old_code
    assert Student(app.test_client()).come_back(old_code).status_code == 400
    assert Student(app.test_client()).come_back(new_code).status_code == 200

    removed = teacher.submit(f"{page}/remove", form_page=f"{page}/remove")
    assert "Ana Z and all their answers are deleted." in text_of(removed.get_data(as_text=True))
    assert count_rows(app, Learner) == 0 and count_rows(app, Answer) == 0


def test_deleting_a_class_says_what_is_lost_and_needs_its_name_typed(app, teacher, class_code):
    student = Student(app.test_client())
    student.join(class_code, "Ana")
    student.answer("demo", "leopard", **LEOPARD_IDIOM)
    class_id = member(app, "Ana").classroom_id
    url = f"/teacher/classes/{class_id}/delete"
    warning = text_of(teacher.page(url))
    assert "its 1 student, with their names and personal codes" in warning and "their 1 answer" in warning
    refused = teacher.submit(url, {"typed_name": "7B"})
    assert refused.status_code == 400 and count_rows(app, Answer) == 1
    done = teacher.submit(url, {"typed_name": "7B English"})
    assert "7B English and all its students' answers are deleted." in text_of(done.get_data(as_text=True))
    assert (count_rows(app, Classroom), count_rows(app, Learner), count_rows(app, Answer)) == (0, 0, 0)


def test_an_archived_or_closed_class_takes_no_new_students(app, teacher):
    class_id, code = teacher.create_class("Closed", joining_open=None)
    refused = Student(app.test_client()).join(code, "Ana")
    assert "This class is not taking new students." in text_of(refused.get_data(as_text=True))
    open_id, open_code = teacher.create_class("Open")
    teacher.submit(f"/teacher/classes/{open_id}/archive", {"archived": "yes"}, form_page="/teacher/")
    assert Student(app.test_client()).join(open_code, "Ben").status_code == 400


def test_a_new_join_code_replaces_the_old_one(app, teacher):
    class_id, old = teacher.create_class("7C")
    settings = f"/teacher/classes/{class_id}/settings"
    teacher.submit(f"/teacher/classes/{class_id}/join-code", form_page=settings)
    with app.app_context():
        new = db.session.get(Classroom, class_id).join_code
    assert new != old
    assert Student(app.test_client()).join(old, "Ana").status_code == 400
    assert Student(app.test_client()).join(new, "Ana").status_code == 200


def test_students_see_only_the_sets_the_teacher_chose(app, teacher):
    _, code = teacher.create_class("Picked", all_sets=None, set_ids=["demo"])
    assert teacher.create_class  # the demo bank has one set; a class choosing none is refused instead
    refused = teacher.submit("/teacher/classes/new", {"name": "None", "counts": "best"}, follow=False)
    assert refused.status_code == 400
    assert "Tick “All exercise sets” or at least one set." in text_of(refused.get_data(as_text=True))
    student = Student(app.test_client())
    student.join(code, "Ana")
    assert "Demo set for the tests" in student.page("/")


def test_hidden_sets_answer_404_to_the_class(app, teacher, tmp_path):
    class_id, code = teacher.create_class("Hidden")
    with app.app_context():
        db.session.get(Classroom, class_id).set_ids = ["some-other-set"]
        db.session.commit()
    student = Student(app.test_client())
    student.join(code, "Ana")
    assert "Demo set for the tests" not in student.page("/")
    assert student.client.get("/sets/demo").status_code == 404
    assert student.client.get("/sets/demo/items/leopard").status_code == 404


def test_with_the_key_hidden_a_student_sees_their_score_and_answer_but_no_explanation(app, teacher, demo):
    _, code = teacher.create_class("Test conditions", show_key=None)
    student = Student(app.test_client())
    student.join(code, "Ana")
    page = text_of(student.answer("demo", "leopard", **LEOPARD_IDIOM).get_data(as_text=True))
    assert "Your score:" in page and "not to show the answer key" in page
    assert "Your answer: A leopard cannot change its spots" in page
    for point in demo.item("leopard").key:
        assert point.why not in page


def test_an_override_counts_and_the_student_reads_the_comment(app, teacher, class_code):
    student = Student(app.test_client())
    student.join(class_code, "Ana")
    student.answer("demo", "leopard", **LEOPARD_IDIOM)
    ana = member(app, "Ana")
    with app.app_context():
        answer_id = db.session.execute(db.select(Answer.id)).scalar_one()
    url = f"/teacher/classes/{ana.classroom_id}/answers/{answer_id}/score"
    bad = teacher.submit(url, {"percent": "140", "comment": ""})
    assert bad.status_code == 400 and "percentage from 0 to 100" in text_of(bad.get_data(as_text=True))
    teacher.submit(url, {"percent": "90", "comment": "Good eye: “ugly image” is arguable."})
    feedback = text_of(student.page("/sets/demo/items/leopard"))
    assert "Your score: 90%" in feedback
    assert "Your teacher set this score" in feedback and "Good eye: “ugly image” is arguable." in feedback
    teacher.submit(f"{url}/clear", form_page=url)
    assert "Your score: 90%" not in text_of(student.page("/sets/demo/items/leopard"))


def test_outside_any_class_key_and_score_stay_hidden_while_a_class_takes_the_set_with_the_key_hidden(
    app, teacher, demo
):
    """A score alone would give the key away to a private window trying one option after another."""
    teacher.create_class("Test conditions", show_key=None)
    outsider = Student(app.test_client())
    page = text_of(outsider.answer("demo", "leopard", **LEOPARD_IDIOM).get_data(as_text=True))
    assert "The results of this set are hidden while a class is using it for a test." in page
    assert "Your score" not in page and not re.search(r"\d+%", page)
    for point in demo.item("leopard").key:
        assert point.why not in page


def test_a_removed_student_is_told_and_their_browser_goes_on_alone(app, teacher, class_code):
    student = Student(app.test_client())
    student.join(class_code, "Ana")
    ana = member(app, "Ana")
    page = f"/teacher/classes/{ana.classroom_id}/students/{ana.learner_id}"
    teacher.submit(f"{page}/remove", form_page=f"{page}/remove")
    home = text_of(student.page("/"))
    assert "You are no longer in 7B English: your teacher has removed you from the class." in home
    assert "You are no longer in" not in text_of(student.page("/"))


def test_an_archived_class_records_no_more_answers(app, teacher, class_code):
    student = Student(app.test_client())
    student.join(class_code, "Ana")
    class_id = member(app, "Ana").classroom_id
    teacher.submit(f"/teacher/classes/{class_id}/archive", {"archived": "yes"}, form_page="/teacher/")
    page = text_of(student.answer("demo", "leopard", **LEOPARD_IDIOM).get_data(as_text=True))
    assert "7B English is archived, so answers are no longer recorded." in page
    assert count_rows(app, Answer) == 0


def test_unsent_marks_are_kept_apart_for_each_student_on_a_shared_computer(app, class_code):
    def draft_key(student):
        return re.search(r'data-draft-key="([^"]+)"', student.page("/sets/demo/items/leopard")).group(1)

    shared = Student(app.test_client())
    shared.join(class_code, "Ana")
    ana_key = draft_key(shared)
    shared.submit("/leave")
    shared.join(class_code, "Ben")
    assert draft_key(shared) != ana_key and draft_key(shared).startswith("lens:draft:")


def test_joining_a_second_class_keeps_the_first_one_reachable_by_its_code(app, teacher, class_code):
    _, other_code = teacher.create_class("Drama club")
    student = Student(app.test_client())
    first_code = personal_code(student.join(class_code, "Ana").get_data(as_text=True))
    Student(app.test_client()).join(other_code, "Ana")
    refused = student.join(other_code, "ana")
    assert refused.status_code == 400
    home = text_of(student.page("/"))
    assert "You are in this class as Ana ." in home and "7B English" in home
    page = text_of(student.join(other_code, "Ana B").get_data(as_text=True))
    assert f"You left 7B English on this browser; your personal code for it is {first_code}." in page
    assert "Drama club" in page
    assert count_rows(app, Learner) == 3
