"""Names that look the same cannot sit side by side in a class: a Cyrillic "Аnna A" beside a Latin "Anna A" would
pass for her on the dashboard. Compared by Unicode's confusables skeleton (UTS #39)."""

import pytest

from helpers import Student, count_rows, text_of
from quiz.classroom.names import looks_like_any, skeleton
from quiz.models import Membership, db

CYRILLIC_ANNA = "\u0410nna A"  # Cyrillic capital А, then Latin letters
LOOKS_TAKEN = (
    "Someone in the class already has a name that looks the same: add your surname's initial or a middle name."
)


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        (CYRILLIC_ANNA, "Anna A"),
        ("\u0440\u0430\u0443l", "payl"),  # Cyrillic р, а, у
        ("Ana", "Ana"),
        ("李雷", "李雷"),
    ],
)
def test_a_skeleton_reads_look_alike_letters_as_their_latin_prototypes(written, read_as):
    assert skeleton(written) == read_as


def test_only_names_that_look_the_same_are_look_alikes():
    assert looks_like_any(CYRILLIC_ANNA, ["Ben", "Anna A"])
    assert not looks_like_any("Anna", ["Ana", "Anna B", "anna"])
    assert not looks_like_any("Алексей", ["Alexei", "Anna A"])


def join(app, class_code: str, name: str):
    return Student(app.test_client()).join(class_code, name)


def test_a_name_that_looks_like_a_classmates_is_refused(app, class_code):
    assert join(app, class_code, "Anna A").status_code == 200
    refused = join(app, class_code, CYRILLIC_ANNA)
    assert refused.status_code == 400
    assert LOOKS_TAKEN in text_of(refused.get_data(as_text=True))
    assert count_rows(app, Membership) == 1


def test_the_same_name_is_still_refused_as_taken_rather_than_as_a_look_alike(app, class_code):
    join(app, class_code, "Anna A")
    refused = text_of(join(app, class_code, "anna a").get_data(as_text=True))
    assert "Someone in this class is already called “anna a”" in refused and LOOKS_TAKEN not in refused


@pytest.mark.parametrize("names", [("Ana", "Anna"), ("Anna A", "Алексей", "李雷"), ("Алексей", "Алексеи")])
def test_different_names_in_any_script_are_accepted(app, class_code, names):
    for name in names:
        joined = join(app, class_code, name)
        assert joined.status_code == 200, name
        assert f"You are in this class as {name} ." in text_of(joined.get_data(as_text=True))
    assert count_rows(app, Membership) == len(names)


def test_a_teacher_cannot_rename_a_student_to_a_classmates_look_alike(app, teacher, class_code):
    join(app, class_code, "Anna A")
    join(app, class_code, "Ben")
    with app.app_context():
        ben = db.session.execute(db.select(Membership).filter_by(display_name="Ben")).scalar_one()
        page = f"/teacher/classes/{ben.classroom_id}/students/{ben.learner_id}"
    renamed = teacher.submit(f"{page}/name", {"display_name": CYRILLIC_ANNA}, form_page=page)
    assert f"Someone in this class already has a name that looks the same as “{CYRILLIC_ANNA}”. Choose another." in (
        text_of(renamed.get_data(as_text=True))
    )
    with app.app_context():
        names = set(db.session.execute(db.select(Membership.display_name)).scalars())
    assert names == {"Anna A", "Ben"}
