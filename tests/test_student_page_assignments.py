"""The teacher's page about one student gives each assigned set's due time, on the school's clock, and where the
student stands on it in the dashboard's words; a set that is not assigned gets no such line."""

from __future__ import annotations

import re

import pytest

from helpers import DEMO_ANSWERS, FIXTURE_EXERCISES, Student, text_of

ZONE = "Europe/Paris"
# Copies of the fixture set, one per case, by set id.
TITLES = {"on-time": "Finished in time", "late": "Finished late", "missing": "Never started", "free": "Not assigned"}
# On the school's clock, as the assignment form sends it; each is a Friday.
FUTURE, PAST = "2099-12-11T15:00", "2021-12-10T15:00"


@pytest.fixture
def exercises_dir(tmp_path):
    folder = tmp_path / "exercises"
    folder.mkdir()
    demo = (FIXTURE_EXERCISES / "demo.yaml").read_text(encoding="utf-8")
    for set_id, title in TITLES.items():
        copy = demo.replace("title: Demo set for the tests", f"title: {title}")
        (folder / f"{set_id}.yaml").write_text(copy, encoding="utf-8")
    return folder


@pytest.fixture
def app_settings() -> dict:
    return {"DISPLAY_TIMEZONE": ZONE}


def assign(teacher, class_id: int, set_id: str, due_at: str = "") -> None:
    data = {"after_due": "late", "results": "each_answer", "attempts": "unlimited", "due_at": due_at}
    response = teacher.submit(f"/teacher/classes/{class_id}/assignments/{set_id}", data)
    assert "is assigned" in text_of(response.text)


def finish(student: Student, set_id: str) -> None:
    for item_id, fields in DEMO_ANSWERS.items():
        assert student.answer(set_id, item_id, follow=False, **fields).status_code == 302


def student_page(teacher, class_id: int) -> str:
    """The page about the class's one student, reached from the dashboard as a teacher reaches it."""
    dashboard = teacher.page(f"/teacher/classes/{class_id}")
    return teacher.page(re.search(r'href="(/teacher/classes/\d+/students/\d+)"', dashboard).group(1))


def under_heading(page: str, title: str) -> str:
    """The visible text of a set's heading and what stands beside it, up to its attempts or the section's end."""
    section = page.split(f">{title}: ", 1)[1]
    return text_of(f"{title}: " + re.split(r"<details|</section>", section, maxsplit=1)[0]).strip()


@pytest.fixture
def ana(teacher):
    """A class whose student Ana has a set done in time, one done late, one missing and one not assigned."""
    class_id, code = teacher.create_class("9C")
    student = Student(teacher.client.application.test_client())
    student.join(code, "Ana")
    assign(teacher, class_id, "on-time", FUTURE)
    assign(teacher, class_id, "late", PAST)
    assign(teacher, class_id, "missing", PAST)
    finish(student, "on-time")
    finish(student, "late")
    return class_id, student


def test_each_assigned_set_shows_its_due_time_and_the_student_s_status(teacher, ana):
    class_id, _ = ana
    page = student_page(teacher, class_id)
    # 15:00 on the school's clock, as typed in the form, and the year where it is not this one.
    assert under_heading(page, "Finished in time") == "Finished in time: 88% Due Fri 11 Dec 2099, 15:00 · done"
    assert under_heading(page, "Finished late") == "Finished late: 88% Due Fri 10 Dec 2021, 15:00 · late"
    assert under_heading(page, "Never started") == "Never started: not started Due Fri 10 Dec 2021, 15:00 · missing"


def test_a_set_that_is_not_assigned_shows_no_due_line(teacher, ana):
    class_id, _ = ana
    page = student_page(teacher, class_id)
    assert under_heading(page, "Not assigned") == "Not assigned: not started"


def test_the_student_page_and_the_dashboard_say_the_same_words(teacher, ana):
    class_id, _ = ana
    dashboard = teacher.page(f"/teacher/classes/{class_id}")
    # Each of Ana's cells, by set: its status comes after "working now" where she has just answered.
    cells = re.findall(r'data-key="set-([\w-]+)">(.*?)</td>', dashboard, re.S)
    on_dashboard = {set_id: text_of(cell).replace("working now", "").split()[0] for set_id, cell in cells}
    page = student_page(teacher, class_id)
    on_page = {
        set_id: under_heading(page, TITLES[set_id]).rsplit(" · ", 1)[1] for set_id in ("on-time", "late", "missing")
    }
    assert on_page == {"on-time": "done", "late": "late", "missing": "missing"}
    assert {set_id: on_dashboard[set_id] for set_id in on_page} == on_page


def test_an_assigned_set_with_no_due_time_says_so_and_what_the_student_has_done(teacher, ana):
    class_id, student = ana
    assign(teacher, class_id, "free")
    student.answer("free", "leopard", **DEMO_ANSWERS["leopard"])
    page = student_page(teacher, class_id)
    assert under_heading(page, "Not assigned") == "Not assigned: in progress No due time · in progress"
