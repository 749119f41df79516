"""A class list from the teacher's pages to the exports: importing it (preview, then confirm), students picking their
name when they join, a student's ID on their page, and the ID in every export."""

import io
import re

import pytest
from openpyxl import load_workbook

from helpers import CSRF, LEOPARD_IDIOM, Student, Teacher, count_rows, csv_rows, make_teacher, send_together, text_of
from quiz.models import Answer, Classroom, Membership, RosterEntry, db

LIST = "Name,Student ID\nAna Brown,S1001\nBen Okafor,S1002\nCleo Diaz,S1003\n"


@pytest.fixture
def class_id(teacher, class_code):
    with teacher.client.application.app_context():
        return db.session.execute(db.select(Classroom.id).filter_by(join_code=class_code)).scalar_one()


def roster_url(class_id: int) -> str:
    return f"/teacher/classes/{class_id}/roster"


CHECKED = re.compile(r'name="checked" value="([0-9a-f]+)"')
CONFIRM = re.compile(r'name="confirm" value="([^"]+)"')


def check(teacher, class_id: int, text: str):
    return teacher.submit(roster_url(class_id), {"pasted": text})


def confirm(teacher, class_id: int, text: str, checked: str):
    return teacher.submit(roster_url(class_id), {"pasted": text, "checked": checked, "confirm": "yes"})


def imported(teacher, class_id: int, text: str = LIST) -> str:
    """Check the list, then import it as the page's button does, with the list as checked."""
    checked = CHECKED.search(check(teacher, class_id, text).get_data(as_text=True)).group(1)
    page = text_of(confirm(teacher, class_id, text.replace("\n", "\r\n"), checked).get_data(as_text=True))
    assert "The class list is imported" in page, page
    return page


def members(app) -> dict[str, str | None]:
    with app.app_context():
        return dict(db.session.execute(db.select(Membership.display_name, Membership.external_id)).all())


def picking(app, code: str, typed: str = "") -> tuple[Student, str]:
    """A student who typed the class code: their browser, and the page of names to pick from."""
    student = Student(app.test_client())
    response = student.join(code, typed, follow=False)
    assert response.status_code == 302 and "/join/name" in response.headers["Location"]
    return student, student.page(response.headers["Location"])


def entry_id(app, name: str) -> int:
    with app.app_context():
        return db.session.execute(db.select(RosterEntry.id).filter_by(display_name=name)).scalar_one()


def pick(student: Student, entry: int, follow: bool = True):
    return student.submit("/join/name", {"entry": entry}, follow=follow)


def test_a_list_is_checked_first_and_imported_only_when_the_teacher_confirms(app, teacher, class_id):
    preview = check(teacher, class_id, LIST)
    page = text_of(preview.get_data(as_text=True))
    assert preview.status_code == 200
    assert "What importing will do" in page and "Added to the class list (3)" in page
    assert "Ana Brown · ID S1001" in page and "IDs are read from the column “Student ID”." in page
    assert count_rows(app, RosterEntry) == 0
    page = imported(teacher, class_id)
    assert "3 names added to the list, 0 students already in the class given their ID." in page
    listed = text_of(teacher.page(roster_url(class_id)))
    assert "Ana Brown S1001 not yet" in listed and "Cleo Diaz S1003 not yet" in listed


def test_a_list_changed_after_it_was_checked_is_shown_again_not_imported(app, teacher, class_id):
    checked = CHECKED.search(check(teacher, class_id, LIST).get_data(as_text=True)).group(1)
    again = confirm(teacher, class_id, LIST + "Dee Quinn,S1004\n", checked)
    page = text_of(again.get_data(as_text=True))
    assert again.status_code == 200 and "Added to the class list (4)" in page
    assert count_rows(app, RosterEntry) == 0


def test_a_file_from_excel_is_read_and_its_problems_shown_with_their_lines(app, teacher, class_id):
    data = "\ufeffStudent;SIS User ID\r\nAna Brown;S1001\r\n;S1002\r\nana brown;S1003\r\n".encode()
    form = {"csrf_token": teacher.token(roster_url(class_id)), "file": (io.BytesIO(data), "class.csv")}
    response = teacher.client.post(roster_url(class_id), data=form, content_type="multipart/form-data")
    page = text_of(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "line 3: the name is empty. Add the student's name or delete the line." in page
    assert "line 4: the name “ana brown” is also on line 2. Add an initial to one of them." in page
    assert "Nothing is imported yet." in page and "Import the list" not in page
    # The text comes back in the box, to be fixed there.
    assert "Ana Brown;S1001" in response.get_data(as_text=True)
    assert count_rows(app, RosterEntry) == 0


def test_a_workbook_instead_of_a_csv_is_refused_with_what_to_do(teacher, class_id):
    form = {"csrf_token": teacher.token(roster_url(class_id)), "file": (io.BytesIO(b"PK\x03\x04rest"), "class.xlsx")}
    response = teacher.client.post(roster_url(class_id), data=form, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "This is an Excel workbook (or another zipped file), not a CSV file. In Excel choose File › Save As" in (
        text_of(response.get_data(as_text=True))
    )


def test_an_empty_form_says_what_to_give(teacher, class_id):
    response = check(teacher, class_id, "  ")
    assert response.status_code == 400
    assert "Choose a CSV file or paste the list" in text_of(response.get_data(as_text=True))


def test_students_already_in_the_class_get_their_id_and_importing_deletes_nobody(app, teacher, class_id, class_code):
    Student(app.test_client()).join(class_code, "ana brown")
    Student(app.test_client()).join(class_code, "Dee")
    page = text_of(check(teacher, class_id, LIST).get_data(as_text=True))
    assert "Already in the class: they get their ID (1) ana brown · ID S1001" in page
    assert "Added to the class list (2)" in page
    imported(teacher, class_id)
    assert members(app) == {"ana brown": "S1001", "Dee": None}
    imported(teacher, class_id, "Name,ID\nEve,S1004\n")
    with app.app_context():
        listed = set(db.session.execute(db.select(RosterEntry.display_name)).scalars())
    assert listed == {"Ben Okafor", "Cleo Diaz", "Eve"}
    assert set(members(app)) == {"ana brown", "Dee"}


def test_an_id_another_student_has_is_a_problem_of_the_import(app, teacher, class_id, class_code):
    Student(app.test_client()).join(class_code, "Dee")
    imported(teacher, class_id, "Name,ID\nDee,S1001\n")
    response = check(teacher, class_id, "Name,ID\nAna Brown,s1001\n")
    assert response.status_code == 400
    assert "line 2: ID s1001 is Dee's already. Each student needs their own ID." in text_of(
        response.get_data(as_text=True)
    )


def test_a_student_joins_by_picking_their_name_which_brings_its_id(app, teacher, class_id, class_code):
    imported(teacher, class_id)
    student, page = picking(app, class_code)
    assert "Pick your name" in page and "My name is not on the list" in page
    assert all(name in text_of(page) for name in ("Ana Brown", "Ben Okafor", "Cleo Diaz"))
    welcome = text_of(pick(student, entry_id(app, "Ben Okafor")).get_data(as_text=True))
    assert "Welcome to 7B English, Ben Okafor!" in welcome
    assert members(app) == {"Ben Okafor": "S1002"}
    # The name is taken: the next student does not see it, and cannot pick it.
    _, page = picking(app, class_code)
    assert "Ben Okafor" not in text_of(page)
    assert "yes, as Ben Okafor" in text_of(teacher.page(roster_url(class_id)))


def test_a_name_typed_with_the_code_is_ticked_on_the_list(app, teacher, class_id, class_code):
    imported(teacher, class_id)
    _, page = picking(app, class_code, typed=" cleo  DIAZ")
    ticked = re.findall(r'<input checked [^>]*value="(\d+)"', page)
    assert ticked == [str(entry_id(app, "Cleo Diaz"))]


def test_two_students_picking_the_same_name_at_once_get_one_place(app, teacher, class_id, class_code):
    imported(teacher, class_id)
    students = [picking(app, class_code)[0] for _ in range(4)]
    ana = entry_id(app, "Ana Brown")
    tokens = [CSRF.search(student.page("/join/name")).group(1) for student in students]
    results = send_together(
        [
            lambda s=s, t=t: s.client.post("/join/name", data={"csrf_token": t, "entry": ana})
            for s, t in zip(students, tokens, strict=True)
        ]
    )
    assert sorted(result.status_code for result in results) == [302, 400, 400, 400]
    for refused in (result for result in results if result.status_code == 400):
        # Which words depends on how far the winner had got: each tells the student the name is taken.
        page = text_of(refused.get_data(as_text=True))
        assert "Ana Brown has already joined" in page or "That name has just been taken" in page, page
    assert members(app) == {"Ana Brown": "S1001"}


def test_joining_without_picking_a_name_says_to_pick_one(app, teacher, class_id, class_code):
    imported(teacher, class_id)
    student, _ = picking(app, class_code)
    response = student.submit("/join/name", {})
    assert response.status_code == 400
    assert "Pick your name." in text_of(response.get_data(as_text=True))
    assert 'aria-describedby="entry-error"' in response.get_data(as_text=True)
    assert count_rows(app, Membership) == 0
    forged = student.submit("/join/name", {"entry": "1 OR 1=1"})
    assert forged.status_code == 400
    assert "Pick your own name below." in text_of(forged.get_data(as_text=True))


def test_a_stale_pick_of_a_taken_name_says_so(app, teacher, class_id, class_code):
    imported(teacher, class_id)
    first, _ = picking(app, class_code)
    second, _ = picking(app, class_code)
    token = CSRF.search(second.page("/join/name")).group(1)
    pick(first, entry_id(app, "Ana Brown"))
    late = second.client.post("/join/name", data={"csrf_token": token, "entry": entry_id(app, "Ana Brown")})
    assert late.status_code == 400
    assert "That name has just been taken, or is no longer on the list." in text_of(late.get_data(as_text=True))


def test_the_list_of_names_needs_the_code_typed_first_and_stops_with_a_new_code(app, teacher, class_id, class_code):
    imported(teacher, class_id)
    stranger = Student(app.test_client())
    response = stranger.client.get("/join/name", follow_redirects=True)
    assert "Type the class code again, please." in text_of(response.get_data(as_text=True))
    student, _ = picking(app, class_code)
    teacher.submit(f"/teacher/classes/{class_id}/join-code", form_page=f"/teacher/classes/{class_id}/settings")
    response = student.client.get("/join/name", follow_redirects=True)
    assert "Type the class code again, please." in text_of(response.get_data(as_text=True))


def test_once_every_name_is_taken_or_the_list_cleared_students_type_their_names_again(
    app, teacher, class_id, class_code
):
    imported(teacher, class_id, "Name,ID\nAna Brown,S1\n")
    pick(picking(app, class_code)[0], entry_id(app, "Ana Brown"))
    late = Student(app.test_client()).join(class_code, "Zed")
    assert "Welcome to 7B English, Zed!" in text_of(late.get_data(as_text=True))
    imported(teacher, class_id, "Name,ID\nBo,S2\n")
    cleared = cleared_list(teacher, class_id)
    assert "The class list is cleared (2 names)." in text_of(cleared.get_data(as_text=True))
    assert Student(app.test_client()).join(class_code, "Yan").status_code == 200
    assert members(app) == {"Ana Brown": "S1", "Zed": None, "Yan": None}


def test_without_a_list_an_empty_name_is_still_refused(app, class_code):
    response = Student(app.test_client()).join(class_code, "")
    assert response.status_code == 400 and "Type a name." in text_of(response.get_data(as_text=True))


def remove_url(app, class_id: int, name: str) -> str:
    return f"{roster_url(class_id)}/entries/{entry_id(app, name)}/remove"


def cleared_list(teacher, class_id: int):
    """Clear the list as a teacher does: the question first, then its button."""
    url = f"{roster_url(class_id)}/clear"
    return teacher.submit(url, {"confirm": CONFIRM.search(teacher.page(url)).group(1)})


def test_a_name_can_be_taken_off_the_list(app, teacher, class_id, class_code):
    imported(teacher, class_id)
    page = text_of(teacher.submit(remove_url(app, class_id, "Cleo Diaz"), {"confirm": "yes"}).get_data(as_text=True))
    assert "“Cleo Diaz” is off the class list." in page
    assert "Cleo Diaz" not in text_of(picking(app, class_code)[1])


def test_removing_a_name_a_student_picked_asks_first_and_says_they_stay(app, teacher, class_id, class_code):
    imported(teacher, class_id)
    ben = picking(app, class_code)[0]
    pick(ben, entry_id(app, "Ben Okafor"))
    ben.answer("demo", "leopard", **LEOPARD_IDIOM)
    url = remove_url(app, class_id, "Ben Okafor")
    question = teacher.page(url)
    assert "Remove Ben Okafor from the class list?" in text_of(question)
    assert "Ben Okafor has joined the class with it, and stays in the class with their name, their ID S1002" in (
        text_of(question)
    )
    assert "their personal code and every answer they gave. Only the name on the list goes." in text_of(question)
    assert f'href="{roster_url(class_id)}">Cancel</a>' in question
    # The list page's old button posted here with its token and no answer: that asks, and removes nothing.
    old_button = teacher.submit(url, form_page=roster_url(class_id))
    assert old_button.status_code == 200 and "Remove Ben Okafor from the class list?" in text_of(old_button.text)
    assert count_rows(app, RosterEntry) == 3
    removed = text_of(teacher.submit(url, {"confirm": "yes"}).get_data(as_text=True))
    assert "“Ben Okafor” is off the class list. Ben Okafor stays in the class, with their answers." in removed
    assert count_rows(app, RosterEntry) == 2
    assert members(app) == {"Ben Okafor": "S1002"} and count_rows(app, Answer) == 1
    # A second click, or the page bookmarked: the list, not an error.
    again = teacher.client.get(url, follow_redirects=True)
    assert again.status_code == 200 and "That name is not on the class list." in text_of(again.text)


@pytest.mark.parametrize(
    ("text", "consequence"),
    [
        (
            LIST,
            "Nobody has joined with this name yet. Once it is off the list, a student with this name cannot join while "
            "other names are left to pick, until you add it to the list again.",
        ),
        (
            "Name,ID\nCleo Diaz,S1003\n",
            "Nobody has joined with this name yet, and it is the last one left to pick: once it is off the list, new "
            "students type their names when they join, and join without an ID.",
        ),
    ],
)
def test_removing_a_name_nobody_picked_says_what_a_student_with_it_can_do(app, teacher, class_id, text, consequence):
    imported(teacher, class_id, text)
    question = text_of(teacher.page(remove_url(app, class_id, "Cleo Diaz")))
    assert "The name and its ID S1003 go from the list students pick their name from when they join." in question
    assert consequence in question


def test_a_name_is_kept_unless_the_teacher_confirms_with_the_pages_token(app, teacher, class_id):
    imported(teacher, class_id)
    url = remove_url(app, class_id, "Cleo Diaz")
    assert teacher.client.post(url, data={"confirm": "yes"}).status_code == 400
    # Cancel is a link back to the list, which keeps every name.
    assert teacher.client.get(url).status_code == 200
    assert "Cleo Diaz S1003 not yet" in text_of(teacher.page(roster_url(class_id)))
    assert count_rows(app, RosterEntry) == 3


def test_clearing_the_list_asks_first_showing_every_name_that_goes(app, teacher, class_id, class_code):
    imported(teacher, class_id)
    pick(picking(app, class_code)[0], entry_id(app, "Ana Brown"))
    url = f"{roster_url(class_id)}/clear"
    question = teacher.page(url)
    shown = text_of(question)
    assert "Clear the class list?" in shown and "These 3 names go from the list" in shown
    assert "Ana Brown · ID S1001 (joined as Ana Brown)" in shown and "Cleo Diaz · ID S1003 (not joined yet)" in shown
    assert "Students who joined stay in the class, with their names, IDs, personal codes and answers." in shown
    assert "Students who have not joined yet type their names when they join, and join without an ID" in shown
    assert f'href="{roster_url(class_id)}">Cancel</a>' in question
    old_button = teacher.submit(url, form_page=roster_url(class_id))
    assert old_button.status_code == 200 and "Clear the class list?" in text_of(old_button.text)
    no_token = teacher.client.post(url, data={"confirm": CONFIRM.search(question).group(1)})
    assert no_token.status_code == 400
    assert count_rows(app, RosterEntry) == 3
    cleared = text_of(cleared_list(teacher, class_id).text)
    assert "The class list is cleared (3 names)." in cleared and "The class has no list" in cleared
    assert count_rows(app, RosterEntry) == 0 and members(app) == {"Ana Brown": "S1001"}
    again = teacher.client.get(url, follow_redirects=True)
    assert again.status_code == 200 and "The class list is empty." in text_of(again.text)


def test_a_list_changed_after_the_question_is_asked_about_again_not_cleared(app, teacher, class_id):
    imported(teacher, class_id)
    url = f"{roster_url(class_id)}/clear"
    asked = CONFIRM.search(teacher.page(url)).group(1)
    imported(teacher, class_id, "Name,ID\nDee Quinn,S1004\n")
    late = teacher.submit(url, {"confirm": asked})
    page = text_of(late.text)
    assert late.status_code == 409 and "The class list has changed since you were asked" in page
    assert "These 4 names go" in page and "Dee Quinn · ID S1004 (not joined yet)" in page
    assert count_rows(app, RosterEntry) == 4


def test_a_line_split_by_another_separator_is_a_problem_of_the_preview(app, teacher, class_id):
    response = check(teacher, class_id, "Name,ID\nAna Brown,S1001\nBen Okafor,S1002\nCara;S3\n")
    assert response.status_code == 400
    assert (
        "line 4: “Cara;S3” looks like a name and an ID separated by a semicolon, but this file uses commas: "
        "put a comma between them."
    ) in text_of(response.text)
    assert "Import the list" not in text_of(response.text) and count_rows(app, RosterEntry) == 0


def test_a_name_with_an_unquoted_comma_is_a_problem_of_the_preview_with_its_line(app, teacher, class_id):
    response = check(teacher, class_id, "Name,ID\nAna Brown,S1001\nOkafor, Ben, S1002\n")
    page = text_of(response.text)
    assert response.status_code == 400
    assert (
        "line 3: “Okafor, Ben, S1002” has 3 values but the heading has 2: a name with a comma in it needs quotes "
        'around it ("Okafor, Ben",S1002), as a spreadsheet saves it.'
    ) in page
    assert "Import the list" not in page and count_rows(app, RosterEntry) == 0


def test_another_teacher_sees_neither_the_list_nor_its_pages(app, teacher, class_id):
    imported(teacher, class_id)
    make_teacher(app, "other", "another long password")
    other = Teacher(app.test_client())
    other.sign_in("other", "another long password")
    assert other.client.get(roster_url(class_id)).status_code == 404
    token = other.token("/teacher/")
    clear_url, remove = f"{roster_url(class_id)}/clear", remove_url(app, class_id, "Ana Brown")
    assert other.client.get(clear_url).status_code == 404 and other.client.get(remove).status_code == 404
    for url in (clear_url, remove):
        assert other.client.post(url, data={"csrf_token": token, "confirm": "yes"}).status_code == 404
    assert count_rows(app, RosterEntry) == 3


def student_page(app, class_id: int, name: str) -> str:
    with app.app_context():
        learner = db.session.execute(db.select(Membership.learner_id).filter_by(display_name=name)).scalar_one()
    return f"/teacher/classes/{class_id}/students/{learner}"


def test_the_teacher_sets_changes_and_clears_a_students_id_on_their_page(app, teacher, class_id, class_code):
    Student(app.test_client()).join(class_code, "Ana")
    Student(app.test_client()).join(class_code, "Ben")
    page = student_page(app, class_id, "Ana")
    shown = text_of(teacher.page(page))
    assert "Student ID (from your school's systems)" in shown and "no student ID" in shown
    saved = teacher.submit(f"{page}/external-id", {"external_id": "  S1001\u200f "}, form_page=page)
    assert "Ana's ID is now S1001." in text_of(saved.get_data(as_text=True))
    assert "student ID S1001" in text_of(teacher.page(page))
    # What is stored about the student, which they may ask to see, has it too.
    assert teacher.client.get(f"{page}/data.json").get_json()["student"]["student_id"] == "S1001"
    ben = student_page(app, class_id, "Ben")
    taken = teacher.submit(f"{ben}/external-id", {"external_id": "s1001"}, form_page=ben)
    assert "Ana in this class already has the ID s1001. Each student needs their own." in text_of(
        taken.get_data(as_text=True)
    )
    too_long = teacher.submit(f"{ben}/external-id", {"external_id": "9" * 101}, form_page=ben)
    assert "Keep the ID to 100 characters." in text_of(too_long.get_data(as_text=True))
    cleared = teacher.submit(f"{page}/external-id", {"external_id": ""}, form_page=page)
    assert "Ana has no ID now." in text_of(cleared.get_data(as_text=True))
    assert members(app) == {"Ana": None, "Ben": None}


def test_every_export_carries_the_id_beside_the_name_and_keeps_formulas_inert(app, teacher, class_id, class_code):
    imported(teacher, class_id, 'Name,ID\nAna Brown,S1001\nBen,"=HYPERLINK(""x"")"\n')
    for name in ("Ana Brown", "Ben"):
        student = picking(app, class_code)[0]
        pick(student, entry_id(app, name))
        student.answer("demo", "leopard", **LEOPARD_IDIOM)
    exports = f"/teacher/classes/{class_id}/export"
    header, *rows = csv_rows(teacher.client.get(f"{exports}/gradebook.csv").get_data())
    assert header[:3] == ["Student", "Student ID", "Demo set for the tests (%)"]
    assert [row[:2] for row in rows] == [["Ana Brown", "S1001"], ["Ben", '\'=HYPERLINK("x")']]
    header, *rows = csv_rows(teacher.client.get(f"{exports}/responses.csv").get_data())
    assert header[:4] == ["Class", "Student", "Student ID", "Exercise set"]
    assert sorted(row[2] for row in rows) == ['\'=HYPERLINK("x")', "S1001"]
    workbook = load_workbook(io.BytesIO(teacher.client.get(f"{exports}/workbook.xlsx").get_data()))
    assert [row[:2] for row in workbook["Gradebook"].iter_rows(values_only=True)] == [
        ("Student", "Student ID"),
        ("Ana Brown", "S1001"),
        ("Ben", '\'=HYPERLINK("x")'),
    ]


def test_a_student_without_an_id_is_exported_with_it_empty(app, teacher, class_id, class_code):
    Student(app.test_client()).join(class_code, "Ana")
    rows = csv_rows(teacher.client.get(f"/teacher/classes/{class_id}/export/gradebook.csv").get_data())
    assert rows[1][:2] == ["Ana", ""]
    assert "A student with no ID is exported with it empty" in text_of(teacher.page(f"/teacher/classes/{class_id}"))


def test_an_id_the_class_list_gives_another_name_is_refused_on_a_students_page(app, teacher, class_id, class_code):
    Student(app.test_client()).join(class_code, "Ben")
    imported(teacher, class_id, "Dev Patel,S0004\n")
    ben = student_page(app, class_id, "Ben")
    refused = text_of(teacher.submit(f"{ben}/external-id", {"external_id": "s0004"}, form_page=ben).text)
    assert "S0004 is Dev Patel's ID on the class list." in refused
    assert members(app) == {"Ben": None}
    # Dev Patel is still there to pick, with his ID.
    _, names = picking(app, class_code)
    assert "Dev Patel" in text_of(names)
