"""Teacher pages speak to the teacher about the student, not to the student (review finding 13)."""

from __future__ import annotations

import pytest

from helpers import DEMO_ANSWERS, Student, text_of

# What the feedback says to the student; a teacher's page never says it.
STUDENT_PHRASES = ["You marked", "You chose", "You gave", "you missed", "your marks", "Your score"]
# Ana's answers: "trusted" marked outside the key, a wrong label, one of the two right options left out.
ANA = DEMO_ANSWERS | {
    "leopard": {"marked": ["0", "1", "2", "3", "4", "5", "26"]},
    "twelve-thousand": {"claim_0": "no source", "claim_1": "named source"},
    "what-to-check": {"picked": ["0"]},
}


@pytest.fixture
def ana(app, teacher):
    """Ana's page on her teacher's side, after she answered every item of the demo set; and Ana herself."""
    class_id, code = teacher.create_class()
    student = Student(app.test_client())
    student.join(code, "Ana")
    for item_id, answer in ANA.items():
        student.answer("demo", item_id, **answer)
    learner = teacher.page(f"/teacher/classes/{class_id}").split("/students/")[1].split('"')[0]
    return text_of(teacher.page(f"/teacher/classes/{class_id}/students/{learner}")), student


def test_the_teachers_page_of_a_student_names_the_student(ana):
    page, _ = ana
    assert "The passage, with the key drawn over Ana’s marks" in page
    assert "Not in the key: trusted Ana marked this, but it is not in the key." in page
    assert "Ana chose “named source”. The label is “vague source”." in page
    assert "Right option not picked: Where it was published" in page
    assert [phrase for phrase in STUDENT_PHRASES if phrase in page] == []


def test_the_student_still_reads_their_own_words(ana):
    _, student = ana
    leopard = text_of(student.page("/sets/demo/items/leopard"))
    assert "The passage, with the key drawn over your marks" in leopard
    assert "You marked this, but it is not in the key." in leopard
    labels = text_of(student.page("/sets/demo/items/twelve-thousand"))
    assert "You chose “named source”. The label is “vague source”." in labels
    options = text_of(student.page("/sets/demo/items/what-to-check"))
    assert "Right option you missed:" in options


def test_the_preview_shows_the_key_without_anyone_answering_it(teacher):
    page = text_of(teacher.page("/teacher/exercises/file/demo.yaml"))
    assert "The passage, with the key marked In the key" in page
    assert "Marked, not in the key" not in page and "In the key, not marked" not in page
    assert "The MEK, a terrorist organization, killed 12,000 of their fellow Iranians. : no source" in page
    assert "Iraq invaded Iran in September 1980; Rajavi moved to Iraq in 1986. (right)" in page
    assert page.count("The key") == 4, "each item's key, under its own heading"
    assert [phrase for phrase in STUDENT_PHRASES + ["Found:", "Right pick", "Rightly left out"] if phrase in page] == []
