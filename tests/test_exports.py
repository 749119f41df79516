"""Class exports as a teacher opens them in a spreadsheet: CSV and XLSX, from the dashboard and the command line."""

import io
import zipfile

import pytest
from openpyxl import load_workbook

from helpers import LEOPARD_IDIOM, Student, csv_rows
from quiz.classroom.export_sheets import Roster, readable_answer, responses_sheet
from quiz.classroom.gradebook import Record
from quiz.models import Classroom, db

HOSTILE = '=HYPERLINK("x")'
# The columns teachers' spreadsheets rely on: a change here is a change they must be told of.
RESPONSES_HEADER = [
    "Class",
    "Student",
    "Student ID",
    "Exercise set",
    "Item",
    "Skill",
    "Score (%)",
    "Counted score (%)",
    "Max (%)",
    "Attempt",
    "Submitted at (UTC)",
    "Answer",
    "Teacher's comment",
    "Due at (UTC)",
    "Late",
]


@pytest.fixture
def answered(app, teacher, class_code):
    """Two students, one with a hostile name, who answered the demo set in full (Zoë twice)."""
    zoe, mallory = Student(app.test_client()), Student(app.test_client())
    zoe.join(class_code, "Zoë Łukasz")
    mallory.join(class_code, HOSTILE)
    for student, leopard in ((zoe, LEOPARD_IDIOM), (mallory, {"marked": ["9"]})):
        student.answer("demo", "leopard", **leopard)
        student.answer("demo", "twelve-thousand", claim_0="no source", claim_1="no source")
        student.answer("demo", "saddam-timeline", picked="0")
        student.answer("demo", "what-to-check", picked=["0", "2"])
    with app.app_context():
        class_id = db.session.execute(db.select(Classroom.id)).scalar_one()
    return class_id


def test_the_responses_csv_has_a_row_per_answer_in_readable_form(teacher, answered):
    response = teacher.client.get(f"/teacher/classes/{answered}/export/responses.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    header, *rows = csv_rows(response.get_data())
    assert header == RESPONSES_HEADER
    assert len(rows) == 8
    zoe = {row[4]: row for row in rows if row[1] == "Zoë Łukasz"}
    assert zoe["leopard"][:6] == ["7B English", "Zoë Łukasz", "", "Demo set for the tests", "leopard", "Loaded wording"]
    assert zoe["leopard"][11] == "A leopard cannot change its spots"
    assert zoe["twelve-thousand"][11].endswith("”: no source")
    assert zoe["what-to-check"][11] == "Who wrote it; How long it is"
    assert zoe["saddam-timeline"][6:10] == ["100.0", "100.0", "100", "1"]
    assert zoe["leopard"][10].endswith("Z") and "T" in zoe["leopard"][10]


def test_a_formula_in_a_name_comes_back_inert_in_csv_and_xlsx(teacher, answered):
    rows = csv_rows(teacher.client.get(f"/teacher/classes/{answered}/export/gradebook.csv").get_data())
    assert ["'" + HOSTILE] == [row[0] for row in rows if "HYPERLINK" in row[0]]
    workbook_bytes = teacher.client.get(f"/teacher/classes/{answered}/export/workbook.xlsx").get_data()
    with zipfile.ZipFile(io.BytesIO(workbook_bytes)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name)
    names = [cell.value for cell in load_workbook(io.BytesIO(workbook_bytes))["Gradebook"]["A"]]
    assert "'" + HOSTILE in names and "Zoë Łukasz" in names


def test_the_gradebook_has_each_sets_counted_score_each_skill_and_the_total(app, teacher, answered):
    header, *rows = csv_rows(teacher.client.get(f"/teacher/classes/{answered}/export/gradebook.csv").get_data())
    assert header == [
        "Student",
        "Student ID",
        "Demo set for the tests (%)",
        "Loaded wording (%)",
        "Missing context (%)",
        "Unsourced claims (%)",
        "Sets finished",
        "Total (%, unfinished sets count 0)",
    ]
    zoe = next(row for row in rows if row[0] == "Zoë Łukasz")
    # leopard 0.5 (found one of two key quotes, nothing stray), classify 1/2, timeline 1, what-to-check (1-1)/2=0
    assert zoe[1:] == ["", "50.0", "50.0", "50.0", "50.0", "1", "50.0"]


def test_the_workbook_holds_both_sheets_with_frozen_headers(teacher, answered):
    workbook = load_workbook(
        io.BytesIO(teacher.client.get(f"/teacher/classes/{answered}/export/workbook.xlsx").get_data())
    )
    assert workbook.sheetnames == ["Gradebook", "Responses"]
    for sheet in workbook:
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.bold
    assert workbook["Responses"].max_row == 9


def test_the_export_command_writes_the_same_files(app, runner, answered, tmp_path, teacher):
    with app.app_context():
        code = db.session.get(Classroom, answered).join_code
    target = tmp_path / "out.csv"
    result = runner.invoke(args=["export", code.lower(), "--format", "csv", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == teacher.client.get(f"/teacher/classes/{answered}/export/responses.csv").get_data()
    book = tmp_path / "out.xlsx"
    assert runner.invoke(args=["export", code, "--format", "xlsx", "--output", str(book)]).exit_code == 0
    assert load_workbook(book).sheetnames == ["Gradebook", "Responses"]
    missing = runner.invoke(args=["export", "NOPE", "--format", "csv", "--output", str(target)])
    assert missing.exit_code == 1 and "There is no class with the code NOPE." in missing.output


def stored_answer(**fields) -> Record:
    """A stored answer of learner 1's first attempt at the demo set; fields name the rest."""
    return Record(learner_id=1, set_id="demo", attempt=1, started_at=None, finished_at=None, **fields)


def test_an_override_shows_as_the_counted_score_beside_the_computed_one(demo):
    record = stored_answer(
        item_id="saddam-timeline",
        skill="missing_context",
        score=0.0,
        override=0.75,
        response={"picked": [1]},
        item_version=demo.item("saddam-timeline").version,
        comment="Fair point",
    )
    row = next(iter(responses_sheet(Roster("7B", {1: "Ana"}, {1: "S1"}), [record], {"demo": demo}).rows))
    assert row[1:3] == ["Ana", "S1"]
    assert row[6:9] == [0.0, 75.0, 100]
    assert row[11] == "Saddam Hussein led Iraq from 1979." and row[12] == "Fair point"


def test_an_answer_to_an_earlier_version_is_not_read_against_the_new_item(demo):
    record = stored_answer(
        item_id="leopard", skill="loaded_wording", score=0.5, response={"picked": [0]}, item_version="old"
    )
    assert (
        readable_answer(demo, record)
        == "(answered an earlier version of this item: its words may not match the item now)"
    )


def test_teacher_pages_show_times_in_the_schools_time_zone_and_exports_in_utc(tmp_path, answered, teacher, app):
    app.config["DISPLAY_TIMEZONE"] = "Asia/Kolkata"
    assert "Asia/Kolkata" in teacher.page(f"/teacher/classes/{answered}")
    rows = csv_rows(teacher.client.get(f"/teacher/classes/{answered}/export/responses.csv").get_data())
    assert rows[1][10].endswith("Z")
