"""The gradebook as Canvas and Google Classroom import it, read back with csv: their headers, Canvas's points row,
and the same figures as the dashboard's (the one model of marks), with text no spreadsheet can run."""

import csv
import io
import re

import pytest

from helpers import DEMO_ANSWERS, LEOPARD_IDIOM, Student, text_of
from quiz.classroom.export_sheets import Roster
from quiz.classroom.gradebook import Record, grid
from quiz.classroom.gradebook_formats import canvas_sheet, google_classroom_sheet
from quiz.classroom.spreadsheets import csv_chunks
from quiz.models import Classroom, Membership, db

HOSTILE = "=cmd|' /C calc'!A0"
DEMO, COPY = "Demo set for the tests", "Demo set, second copy"


@pytest.fixture
def exercises_dir(demo_and_a_copy):
    """Two sets, `demo` and its copy `demo2`, so that the files have a column for each."""
    return demo_and_a_copy


@pytest.fixture
def graded(app, teacher, class_code):
    """Ana finished `demo` (88%: 50, 100, 100, 100) with an ID; Ben, with a hostile ID, has `demo2` in progress;
    Cleo has no ID and answered nothing. The class's id."""
    students = {}
    for name in ("Ana", "Ben", "Cleo"):
        students[name] = Student(app.test_client())
        students[name].join(class_code, name)
    for item_id, fields in DEMO_ANSWERS.items():
        students["Ana"].answer("demo", item_id, **fields)
    students["Ben"].answer("demo2", "leopard", **LEOPARD_IDIOM)
    with app.app_context():
        for name, external_id in (("Ana", "S1001"), ("Ben", HOSTILE)):
            db.session.execute(db.update(Membership).filter_by(display_name=name).values(external_id=external_id))
        db.session.commit()
        return db.session.execute(db.select(Membership.classroom_id)).scalars().first()


def download(teacher, class_id: int, kind: str, query: str = "") -> list[list[str]]:
    response = teacher.client.get(f"/teacher/classes/{class_id}/export/{kind}.csv{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_canvas_file_has_canvass_columns_a_points_row_and_points_out_of_100(teacher, graded):
    header, possible, *rows = download(teacher, graded, "canvas")
    # Nobody has a score on the copy, and Canvas would make a new, empty assignment of its column: it is left out.
    assert header == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", DEMO]
    assert possible == ["    Points Possible", "", "", "", "", "100"]
    assert rows == [
        ["Ana", "", "S1001", "", "", "87.5"],
        ["Ben", "", "'" + HOSTILE, "", "", ""],
        ["Cleo", "", "", "", "", ""],
    ]


def test_a_class_with_assignments_gets_a_canvas_column_per_assigned_set_with_a_title_canvas_reads_as_new(demo):
    from quiz.classroom.gradebook_formats import canvas_title
    from quiz.classroom.schedule import Schedule

    marks = grid([1], [], {"demo": demo, "other": demo}, "best")
    who = Roster("7B", {1: "Ana"}, schedules={"other": Schedule()})
    assert rows_of(canvas_sheet(who, [1], marks, {"demo": demo, "other": demo}))[0][5:] == [DEMO]
    assert canvas_title("Loaded wording (2)") == "Loaded wording [2]"
    assert canvas_title("Loaded wording (part 2)") == "Loaded wording (part 2)"


def test_the_google_classroom_file_has_name_email_or_id_and_a_grade_per_set(teacher, graded):
    header, *rows = download(teacher, graded, "google-classroom")
    assert header == ["Name", "Email Address", DEMO, COPY]
    assert rows == [["Ana", "S1001", "87.5", ""], ["Ben", "'" + HOSTILE, "", ""], ["Cleo", "", "", ""]]
    header, *rows = download(teacher, graded, "google-classroom", "?set=demo")
    assert header == ["Name", "Email Address", DEMO]
    assert rows[0] == ["Ana", "S1001", "87.5"]
    assert teacher.client.get(f"/teacher/classes/{graded}/export/google-classroom.csv?set=nope").status_code == 404


def test_the_figures_are_the_dashboards_and_the_lens_gradebooks(teacher, graded):
    dashboard = teacher.page(f"/teacher/classes/{graded}")
    row = re.search(r"(?s)<th scope=\"row\"[^>]*><a [^>]*>Ana</a></th>(.*?)</tr>", dashboard).group(1)
    assert "88%" in text_of(row).split()  # 87.5 rounded half up, as every page rounds
    lens = {row[0]: row for row in download(teacher, graded, "gradebook")}
    canvas = {row[0]: row for row in download(teacher, graded, "canvas")}
    google = {row[0]: row for row in download(teacher, graded, "google-classroom")}
    for name in ("Ana", "Ben", "Cleo"):
        # Canvas leaves out the set nobody has a score on (the copy, the fourth column of Lens's own file).
        assert canvas[name][5:] == lens[name][2:3] and lens[name][2:4] == google[name][2:]


def test_the_download_links_are_on_the_dashboard_with_what_each_is_for(teacher, graded):
    page = text_of(teacher.page(f"/teacher/classes/{graded}"))
    assert "Scores for Canvas (CSV) : Canvas's gradebook import" in page
    assert "Scores for Google Classroom (CSV) : name, email or ID" in page
    assert "A student with no ID is exported with it empty: import a class list , or type an ID" in page


def test_an_unknown_export_is_a_404_that_names_the_choices(teacher, graded):
    response = teacher.client.get(f"/teacher/classes/{graded}/export/moodle.csv")
    assert response.status_code == 404
    assert "canvas.csv or google-classroom.csv" in text_of(response.get_data(as_text=True))


def rows_of(sheet) -> list[list[str]]:
    return list(csv.reader(io.StringIO("".join(csv_chunks(sheet)).removeprefix("\ufeff"), newline="")))


def test_the_pure_formats_neutralise_names_and_ids_and_leave_unfinished_sets_empty(demo):
    who = Roster("7B", {1: "@Ana", 2: "-Ben"}, {1: "+S1"})
    finished = Record(1, "demo", 1, started_at=None, finished_at=None)
    records = [
        finished._replace(item_id=item.id, skill=item.skill, score=0.5, submitted_at=None) for item in demo.items
    ]
    marks = grid([1, 2], records, {"demo": demo}, "best")
    canvas = rows_of(canvas_sheet(who, [1, 2], marks, {"demo": demo}))
    assert canvas[2:] == [["'@Ana", "", "'+S1", "", "", "50.0"], ["'-Ben", "", "", "", "", ""]]
    google = rows_of(google_classroom_sheet(who, [1, 2], marks, {"demo": demo}))
    assert google == [["Name", "Email Address", DEMO], ["'@Ana", "'+S1", "50.0"], ["'-Ben", "", ""]]


def test_the_export_command_writes_the_same_canvas_file(app, runner, teacher, graded, tmp_path):
    with app.app_context():
        code = db.session.get(Classroom, graded).join_code
    target = tmp_path / "canvas.csv"
    result = runner.invoke(args=["export", code, "--format", "csv", "--what", "canvas", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == teacher.client.get(f"/teacher/classes/{graded}/export/canvas.csv").get_data()
