"""One model of marks: a student's figure for a set or a skill is the same number on every page and export."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from helpers import DEMO_ANSWERS, LEOPARD_IDIOM, Student, csv_rows, text_of
from quiz.models import Answer, Attempt, Membership, db

DEMO, COPY = "Demo set for the tests", "Demo set, second copy"
SKILLS = ["Loaded wording", "Missing context", "Unsourced claims"]
WRONG = {  # 0% each: a stray word only, both labels wrong, a wrong option
    "leopard": {"marked": ["9"]},
    "twelve-thousand": {"claim_0": "named source", "claim_1": "no source"},
    "saddam-timeline": {"picked": "2"},
    "what-to-check": {"picked": ["2"]},
}


@pytest.fixture
def exercises_dir(demo_and_a_copy):
    """The fixture set and a copy of it as `demo2`, so that a student has two sets."""
    return demo_and_a_copy


@pytest.fixture
def ana(app, teacher, class_code) -> tuple[Student, int, int]:
    """Ana finished `demo` and has begun it again (a worse answer so far), has `demo2` in progress, and her teacher
    counted her classify answer on `demo` as 25%; the class counts the best finished attempt."""
    student = Student(app.test_client())
    student.join(class_code, "Ana")
    for item_id, fields in DEMO_ANSWERS.items():
        student.answer("demo", item_id, **fields)  # leopard 50%, the rest 100%
    student.submit("/sets/demo/again", {"after": 1}, form_page="/sets/demo")
    student.answer("demo", "leopard", attempt=2, **WRONG["leopard"])
    student.answer("demo2", "leopard", **LEOPARD_IDIOM)  # 50%
    student.answer("demo2", "saddam-timeline", picked="1")  # 0%
    with app.app_context():
        answer_id, learner_id, class_id = db.session.execute(
            db.select(Answer.id, Attempt.learner_id, Membership.classroom_id)
            .join(Attempt)
            .join(Membership, Membership.learner_id == Attempt.learner_id)
            .filter(Attempt.exercise_id == "demo", Attempt.number == 1, Answer.item_id == "twelve-thousand")
        ).one()
    url = f"/teacher/classes/{class_id}/answers/{answer_id}/score"
    teacher.submit(url, {"percent": "25", "comment": "Both labels are right, but say why."})
    return student, class_id, learner_id


# What every page says of Ana: the score that counts on each set (none yet on the copy), her attempts in progress,
# her standing on each skill (loaded wording: 50% on `demo`, 50% on the copy in progress; missing context: 100%
# and 100% on `demo`, 0% on the copy; unsourced claims: the 25% her teacher gave) and the total over both sets.
ON_PAGES = {
    DEMO: "69%",
    COPY: None,
    f"{DEMO}, in progress": "1 of 4 answered, 0% on those",
    f"{COPY}, in progress": "2 of 4 answered, 25% on those",
    "Loaded wording": "50%",
    "Missing context": "67%",
    "Unsourced claims": "25%",
    "All sets": "34%",
}
# The same figures in the gradebook export, with one decimal.
IN_EXPORTS = {
    DEMO: 68.8,
    COPY: None,
    "Loaded wording": 50.0,
    "Missing context": 66.7,
    "Unsourced claims": 25.0,
    "All sets": 34.4,
}


def search(pattern: str, text: str) -> re.Match:
    found = re.search(pattern, text)
    assert found, (pattern, text)
    return found


def on_home(html: str) -> dict:
    text = text_of(html)
    figures = {
        skill: search(rf"{skill} \d+ of \d+ (?:includes an attempt in progress )?\S+ (\S+)", text).group(1)
        for skill in SKILLS
    }
    figures["All sets"] = search(r"All sets \d+ of \d+ sets finished \S+ (\S+)", text).group(1)
    for title in (DEMO, COPY):
        card = search(
            rf"{re.escape(title)} 4 items (In progress: (?P<now>[^.]+)\. )?(Best (?P<best>\S+), latest \S+\. Your best counts)?",
            text,
        )
        figures[title], figures[f"{title}, in progress"] = card["best"], card["now"]
    return figures


def on_set_pages(demo_html: str, copy_html: str) -> dict:
    figures = {}
    for title, html in ((DEMO, demo_html), (COPY, copy_html)):
        text = text_of(html)
        counted = re.search(r"Your score on this set is (\S+)\.", text)
        figures[title] = counted.group(1) if counted else None
        figures[f"{title}, in progress"] = search(r"Attempt \d: in progress, ([^.]+)\.", text).group(1)
    return figures


def on_dashboard(html: str) -> dict:
    text = text_of(html)
    by_skill = text.split("The class by skill", 1)[1]
    figures = {skill: search(rf"{skill} (\S+)", by_skill).group(1) for skill in SKILLS}
    row = search(r"(?s)<tr[^>]*>\s*<th scope=\"row\"[^>]*><a [^>]*>Ana</a></th>(.*?)</tr>", html).group(1)
    _now, demo, copy, total = (text_of(cell).strip() for cell in re.findall(r"(?s)<td[^>]*>(.*?)</td>", row))
    for title, cell in ((DEMO, demo), (COPY, copy)):
        parts = search(r"^(?:working now )?(\S+) \d attempts?, one in progress: (.*? on those)", cell)
        figures[title] = None if parts.group(1) == "–" else parts.group(1)
        figures[f"{title}, in progress"] = parts.group(2)
    figures["All sets"] = search(r"^(\S+) 1 of 2 sets finished", total).group(1)
    return figures


def on_student_page(html: str) -> dict:
    text = text_of(html)
    standing = text.split("Standing by skill", 1)[1]
    figures = {
        skill: search(rf"{skill} (?:includes an attempt in progress )?(\S+)", standing).group(1) for skill in SKILLS
    }
    figures["All sets"] = search(r"All sets: (\S+) , 1 of 2 sets finished", text).group(1)
    for title in (DEMO, COPY):
        heading = search(rf"{re.escape(title)}: (\S+).*?Attempt \d: in progress, (.*? on those)", text)
        figures[title] = heading.group(1) if heading.group(1).endswith("%") else None
        figures[f"{title}, in progress"] = heading.group(2)
    return figures


def in_gradebook(header: list[str], row: list) -> dict:
    columns = dict(zip(header, row, strict=True))
    figures = {title: columns[f"{title} (%)"] for title in (DEMO, COPY)}
    figures |= {skill: columns[f"{skill} (%)"] for skill in SKILLS}
    figures["All sets"] = columns["Total (%, unfinished sets count 0)"]
    return {name: None if value in ("", None) else float(value) for name, value in figures.items()}


def test_each_set_and_skill_has_the_same_figure_on_every_page_and_export(app, teacher, ana):
    student, class_id, learner_id = ana
    exports = f"/teacher/classes/{class_id}/export"

    assert on_home(student.page("/")) == ON_PAGES
    set_pages = on_set_pages(student.page("/sets/demo"), student.page("/sets/demo2"))
    assert set_pages == {name: ON_PAGES[name] for name in set_pages}
    assert on_dashboard(teacher.page(f"/teacher/classes/{class_id}")) == ON_PAGES
    assert on_student_page(teacher.page(f"/teacher/classes/{class_id}/students/{learner_id}")) == ON_PAGES

    header, ana_row = csv_rows(teacher.client.get(f"{exports}/gradebook.csv").get_data())
    assert in_gradebook(header, ana_row) == IN_EXPORTS
    workbook = load_workbook(io.BytesIO(teacher.client.get(f"{exports}/workbook.xlsx").get_data()))
    header, ana_row = workbook["Gradebook"].iter_rows(values_only=True)
    assert in_gradebook(list(header), list(ana_row)) == IN_EXPORTS


def test_outside_any_class_the_best_attempt_counts_and_the_home_page_says_so(app):
    student = Student(app.test_client())
    for item_id, fields in DEMO_ANSWERS.items():
        student.answer("demo", item_id, **fields)  # 50%, 100%, 100%, 100%: 88%
    student.submit("/sets/demo/again", {"after": 1}, form_page="/sets/demo")
    for item_id, fields in WRONG.items():
        student.answer("demo", item_id, attempt=2, **fields)
    home = text_of(student.page("/"))
    assert "Your best finished attempt at each set counts." in home
    assert "Best 88%, latest 0%. Your best counts." in home
    assert "All sets 1 of 2 sets finished 44% 44%" in home  # 88% and a set not started, counting 0
    assert "Your score on this set is 88%." in text_of(student.page("/sets/demo"))
