"""Reading a class list as teachers' spreadsheets write one: headings or none, BOM, semicolons, quotes, and a
problem for every line that cannot be imported, with its line number."""

import pytest

from quiz.classroom.roster_csv import MOST_ROWS, RosterRow, read_roster
from quiz.classroom.uploaded_csv import MOST_BYTES


def rows_of(data) -> list[tuple[int, str, str | None]]:
    read = read_roster(data)
    assert read.problems == []
    return [(row.line, row.name, row.external_id) for row in read.rows]


def test_a_headed_list_is_read_whatever_the_order_of_its_columns():
    assert rows_of("ID,Name\nS1001,Ana Brown\nS1002,Ben Okafor\n") == [
        (2, "Ana Brown", "S1001"),
        (3, "Ben Okafor", "S1002"),
    ]


@pytest.mark.parametrize(
    ("header", "expected_id"),
    [
        ("Student,Student ID", "S1"),
        ("student_name;sis user id", "S1"),
        ("Name,Email", "S1"),
        ("PUPIL,Student Number", "S1"),
    ],
)
def test_common_headings_name_the_columns(header, expected_id):
    separator = ";" if ";" in header else ","
    assert rows_of(f"{header}\nAna{separator}{expected_id}\n") == [(2, "Ana", "S1")]


def test_canvas_export_is_read_with_its_sis_user_id_and_without_its_points_possible_row():
    canvas = (
        "Student,ID,SIS User ID,SIS Login ID,Section,Quiz 1 (123)\n"
        "    Points Possible,,,,,10\n"
        '"Brown, Ana",4411,S1001,abrown,7B,9\n'
    )
    read = read_roster(canvas)
    assert read.rows == [RosterRow(3, "Brown, Ana", "S1001")]
    assert "IDs are read from the column “SIS User ID”." in read.notes


def test_first_and_last_name_columns_are_put_together():
    assert rows_of("First Name,Last Name,Email Address\nAna,Brown,ana@school.example\n") == [
        (2, "Ana Brown", "ana@school.example")
    ]


def test_without_a_heading_the_name_comes_first_unless_the_first_column_is_clearly_ids():
    assert rows_of("Ana Brown,S1001\nBen,S1002\n") == [(1, "Ana Brown", "S1001"), (2, "Ben", "S1002")]
    read = read_roster("1001,Ana Brown\n1002,Ben\n")
    assert [(row.name, row.external_id) for row in read.rows] == [("Ana Brown", "1001"), ("Ben", "1002")]
    assert read.notes == [
        "No heading row: the first column looks like IDs, so it is read as the ID and the second as the name."
    ]


def test_a_list_of_names_alone_has_no_ids():
    assert rows_of("Ana\nBen\n") == [(1, "Ana", None), (2, "Ben", None)]


def test_excel_and_google_sheets_files_are_read_with_a_bom_semicolons_and_quotes():
    excel = '\ufeffName;ID\r\n"Brown; Ana";S1\r\nZoë Łukasz;S2\r\n'.encode()
    assert rows_of(excel) == [(2, "Brown; Ana", "S1"), (3, "Zoë Łukasz", "S2")]
    sheets = b'Name,ID\n"Okafor, Ben ""Benny""",S3\n'
    assert rows_of(sheets) == [(2, 'Okafor, Ben "Benny"', "S3")]
    assert rows_of("Name\tID\nAna\tS1\n".encode("utf-16")) == [(2, "Ana", "S1")]


def test_empty_lines_are_skipped_and_line_numbers_stay_those_of_the_file():
    assert rows_of("Name,ID\n\nAna,S1\n , \n\nBen,S2\n") == [(3, "Ana", "S1"), (6, "Ben", "S2")]


def test_a_quoted_cell_over_two_lines_keeps_the_numbering_of_the_lines_after_it():
    read = read_roster('Name,ID\n"Ana\nBrown",S1\n,S2\n')
    assert read.problems == ["line 4: the name is empty. Add the student's name or delete the line."]


def test_every_problem_is_reported_with_its_line():
    text = "Name,ID\nAna,S1000\nBen,S1002\n,S1003\nana ,S1004\n" + "x" * 31 + ",S1005\nCleo,s1002\nАna,S1006\n"
    assert read_roster(text).problems == [
        "line 4: the name is empty. Add the student's name or delete the line.",
        "line 5: the name “ana” is also on line 2. Add an initial to one of them.",
        f"line 6: the name “{'x' * 31}” is 31 characters long; Lens keeps names to 30. "
        "Shorten it: a first name and an initial will do.",
        "line 7: ID s1002 is also on line 3. Each student needs their own ID.",
        "line 8: the name “Аna” looks the same as “Ana” on line 2 (a letter from another alphabet?). "
        "Retype it, or add an initial.",
    ]


def test_an_id_over_100_characters_is_refused():
    assert read_roster("Name,ID\nAna," + "9" * 101).problems == [
        "line 2: the ID is 101 characters long; Lens keeps IDs to 100."
    ]


def test_a_heading_row_without_a_name_column_says_how_to_head_it():
    assert read_roster("Student ID,Grade\nS1,A\n").problems == [
        "line 1: no column is headed with the students' names. Head it “Name” or “Student”, or leave out the "
        "heading row (the first column is then read as the name and the second as the ID)."
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04\x14\x00", "This is an Excel workbook (or another zipped file), not a CSV file."),
        (b"%PDF-1.7\n", "This is a PDF, not a CSV file."),
        (b"Name,ID\nAna,S1\nZo\xeb,S2\n", "line 3: the file is not UTF-8 text"),
        (b"", "The list is empty"),
        (b"Name,ID\n", "The list has a heading row and no students under it."),
        (b"x" * (MOST_BYTES + 1), "The file is over 200 KiB"),
    ],
)
def test_a_file_that_is_not_a_class_list_says_what_to_do(data, message):
    problems = read_roster(data).problems
    assert len(problems) == 1 and problems[0].startswith(message)


def test_a_list_too_long_for_a_class_is_refused():
    text = "".join(f"Student {n},S{n}\n" for n in range(MOST_ROWS + 5))
    assert read_roster(text).problems == [f"The list has more than {MOST_ROWS} lines: give one class at a time."]


def test_control_characters_are_dropped_and_spaces_made_single():
    assert rows_of("Name,ID\n  Ana\u202e   Brown ,\tS1 \n") == [(2, "Ana Brown", "S1")]


def test_formula_like_cells_are_kept_as_text_and_a_lens_export_apostrophe_comes_off():
    # Kept as plain text: the exports put the apostrophe back, so no spreadsheet ever runs it.
    assert rows_of("Name,ID\n'=HYPERLINK(\"x\"),=1+2\n@Ben,'-S2\n") == [
        (2, '=HYPERLINK("x")', "=1+2"),
        (3, "@Ben", "-S2"),
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "Name,ID\nAna,S1\nBen,S2\nCara;S3\n",
            "line 4: “Cara;S3” looks like a name and an ID separated by a semicolon, but this file uses commas: "
            "put a comma between them.",
        ),
        (
            "Name;ID\nAna;S1\nBen;S2\nCara,S3\n",
            "line 4: “Cara,S3” looks like a name and an ID separated by a comma, but this file uses semicolons: "
            "put a semicolon between them.",
        ),
        (
            "Student ID;Name\nS1;Ana\nS2;Ben\nS3,Cara\n",
            "line 4: “S3,Cara” looks like a name and an ID separated by a comma, but this file uses semicolons: "
            "put a semicolon between them.",
        ),
        (
            "Name;Email\nAna;ana@school.example\nBen;ben@school.example\nCara,cara@school.example\n",
            "line 4: “Cara,cara@school.example” looks like a name and an ID separated by a comma, but this file uses "
            "semicolons: put a semicolon between them.",
        ),
        (
            "Ana,S1\nBen,S2\nCara\tS3\n",
            "line 3: “Cara S3” looks like a name and an ID separated by a tab, but this file uses commas: "
            "put a comma between them.",
        ),
        (
            "Name\tID\nAna\tS1\nBen\tS2\nCara,S3\n",
            "line 4: “Cara,S3” looks like a name and an ID separated by a comma, but this file uses tabs: "
            "put the ID in the next column, as on the other lines.",
        ),
        (
            "Name,ID\nAna;S1\nBen;S2\n",
            "line 1: “Name,ID” looks like a name and an ID separated by a comma, but this file uses semicolons: "
            "put a semicolon between them.",
        ),
    ],
)
def test_a_line_split_by_another_separator_than_the_files_says_which_to_use(text, problem):
    assert read_roster(text).problems == [problem]


def test_a_line_split_by_another_separator_is_one_problem_among_the_others():
    assert read_roster("Name,ID\nAna,S1\nCara;S3\n,S4\n").problems == [
        "line 3: “Cara;S3” looks like a name and an ID separated by a semicolon, but this file uses commas: "
        "put a comma between them.",
        "line 4: the name is empty. Add the student's name or delete the line.",
    ]


def test_the_separator_is_the_one_most_lines_use_so_the_odd_line_is_the_one_named():
    read = read_roster("Ana;S1\nBen,S2\nCleo,S3\nDee,S4\n")
    assert read.problems == [
        "line 1: “Ana;S1” looks like a name and an ID separated by a semicolon, but this file uses commas: "
        "put a comma between them."
    ]


def test_a_name_written_surname_first_keeps_its_comma_in_a_file_of_semicolons():
    # A comma splits a line only before or after something that looks like an ID: "Diaz, Cleo" is one name.
    assert rows_of("Name;ID\nBrown, Ana;S1\nDiaz, Cleo\n") == [(2, "Brown, Ana", "S1"), (3, "Diaz, Cleo", None)]
    assert rows_of("Brown, Ana;S1\nOkafor, Ben;S2\n") == [(1, "Brown, Ana", "S1"), (2, "Okafor, Ben", "S2")]


def test_an_email_in_the_first_column_is_read_as_the_id():
    assert rows_of("ana@school.example,Ana Brown\nben@school.example,Ben\n") == [
        (1, "Ana Brown", "ana@school.example"),
        (2, "Ben", "ben@school.example"),
    ]


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (
            "Name,ID\nBrown, Ana, S1\nLi, Ben, S2\n",
            [
                "line 2: “Brown, Ana, S1” has 3 values but the heading has 2: a name with a comma in it needs quotes "
                'around it ("Brown, Ana",S1), as a spreadsheet saves it.',
                "line 3: “Li, Ben, S2” has 3 values but the heading has 2: a name with a comma in it needs quotes "
                'around it ("Li, Ben",S2), as a spreadsheet saves it.',
            ],
        ),
        (
            "Brown, Ana, S1\nLi, Ben, S2\n",
            [
                "line 1: “Brown, Ana, S1” has 3 values but a list with no heading row has 2: a name with a comma in "
                'it needs quotes around it ("Brown, Ana",S1), as a spreadsheet saves it.',
                "line 2: “Li, Ben, S2” has 3 values but a list with no heading row has 2: a name with a comma in it "
                'needs quotes around it ("Li, Ben",S2), as a spreadsheet saves it.',
            ],
        ),
        (
            "Student ID,Name\nS1,Ana Brown\nS2,Li, Ben\n",
            [
                "line 3: “S2,Li, Ben” has 3 values but the heading has 2: a name with a comma in it needs quotes "
                'around it (S2,"Li, Ben"), as a spreadsheet saves it.'
            ],
        ),
        (
            "Name\nAna Brown\nLi, Ben\n",
            [
                "line 3: “Li, Ben” has 2 values but the heading has 1: a name with a comma in it needs quotes around "
                'it ("Li, Ben"), as a spreadsheet saves it.'
            ],
        ),
    ],
)
def test_a_name_with_a_comma_and_no_quotes_is_a_problem_not_a_name_and_a_wrong_id(text, problems):
    # Read as it comes, "Brown, Ana, S1" is the name "Brown" with the ID "Ana", and S1 is lost.
    assert read_roster(text).problems == problems


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "Name\nAna,S1\n",
            "line 2: “Ana,S1” has 2 values but the heading has 1: head each column in the first line, or take out "
            "the values past the last heading.",
        ),
        (
            "Name,ID\nAna,,S1\n",
            "line 2: “Ana,,S1” has 3 values but the heading has 2: head each column in the first line, or take out "
            "the values past the last heading.",
        ),
        (
            'Name,ID\n"Brown, Ana",S1,S7\n',
            'line 2: “"Brown, Ana",S1,S7” has 3 values but the heading has 2: head each column in the first line, '
            "or take out the values past the last heading.",
        ),
        (
            "Name;ID\nBrown; Ana; S1\n",
            "line 2: “Brown; Ana; S1” has 3 values but the heading has 2: head each column in the first line, or "
            "take out the values past the last heading.",
        ),
        (
            "Ana Brown,S1\nBen Okafor,S2,7B\n",
            "line 2: “Ben Okafor,S2,7B” has 3 values but a list with no heading row has 2: head each column in a "
            "first line (“Name”, “ID”, and the others), or take out the values past the second.",
        ),
    ],
)
def test_values_past_the_last_column_read_are_a_problem_not_dropped_unseen(text, problem):
    assert read_roster(text).problems == [problem]


def test_lists_that_were_read_before_are_read_the_same_with_their_commas_and_empty_cells():
    assert rows_of('Name,ID\n"Brown, Ana",S1\n') == [(2, "Brown, Ana", "S1")]
    assert rows_of("Name;ID\nBrown, Ana;S1\nLi, Ben;S2\n") == [(2, "Brown, Ana", "S1"), (3, "Li, Ben", "S2")]
    # Excel ends a line with a separator for each empty column of the sheet, heading row or none.
    assert rows_of("Name,ID,,\nAna,S1,,\nBen,S2,note,\n") == [(2, "Ana", "S1"), (3, "Ben", "S2")]
    assert rows_of("Ana,S1,,\nBen,S2,\n") == [(1, "Ana", "S1"), (2, "Ben", "S2")]


def test_a_canvas_like_export_with_many_columns_and_empty_cells_at_the_ends_of_lines_is_read():
    canvas = (
        "Student,ID,SIS User ID,SIS Login ID,Section,Quiz 1 (123),Quiz 2 (124),Current Score\n"
        "    Points Possible,,,,,10,10,\n"
        '"Brown, Ana",4411,S1001,abrown,7B,9,,90\n'
        '"Li, Ben",4412,S1002,bli,7B,,,,,\n'
        "Cleo Diaz,4413,S1003\n"
    )
    assert rows_of(canvas) == [(3, "Brown, Ana", "S1001"), (4, "Li, Ben", "S1002"), (5, "Cleo Diaz", "S1003")]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "Name,ID\nAna,S1\nAna Brown S2\n",
            "line 3: “Ana Brown S2” has no separator between the name and the ID: put a comma between them "
            "(Ana Brown, S2).",
        ),
        (
            "Ana,S1\nBen Okafor ben@school.example\n",
            "line 2: “Ben Okafor ben@school.example” has no separator between the name and the ID: put a comma "
            "between them (Ben Okafor, ben@school.example).",
        ),
        (
            "Name;ID\nBrown, Ana;S1\nLi, Ben S2\n",
            "line 3: “Li, Ben S2” has no separator between the name and the ID: put a semicolon between them "
            "(Li, Ben; S2).",
        ),
        (
            "Name\tID\nAna\tS1\nBen Okafor S2\n",
            "line 3: “Ben Okafor S2” has no separator between the name and the ID: put the ID in the next column, "
            "as on the other lines.",
        ),
    ],
)
def test_a_name_and_an_id_with_only_a_space_between_them_is_a_problem_in_a_list_with_ids(text, problem):
    assert read_roster(text).problems == [problem]


def test_a_name_ending_in_a_number_is_kept_in_a_list_without_ids():
    # Nothing says "S2" is an ID when no line has one; the preview shows the name as it will be.
    assert rows_of("Ana\nAna Brown S2\n") == [(1, "Ana", None), (2, "Ana Brown S2", None)]
    assert rows_of("Name\nSam 2\n") == [(2, "Sam 2", None)]
