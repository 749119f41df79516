"""What the new-user trial tripped over on the teacher's pages (issue 18, findings 6, 17 and 18), and worksheets."""

from __future__ import annotations

import io
import random
import re
import zipfile
from html.parser import HTMLParser

import pytest

from helpers import FIXTURE_EXERCISES, LEOPARD_IDIOM, Student, Teacher, config, make_teacher, text_of, upload
from quiz import create_app, server_time_zone
from quiz.bank.file_kinds import binary_kind
from quiz.models import Answer, Membership, db

# A real (tiny) .docx: Word's files are zip archives, which start with the bytes PK\x03\x04.
_docx = io.BytesIO()
with zipfile.ZipFile(_docx, "w") as archive:
    archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
    archive.writestr("word/document.xml", "<w:document><w:body><w:p>title: My set</w:p></w:body></w:document>")
DOCX = _docx.getvalue()
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\nstream\n\x00\x8f\x13\xfeendstream\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
RANDOM = random.Random(18).randbytes(3000)
WINDOWS_1252 = "title: Le café\nsource: mko-article\n".encode("cp1252")


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (DOCX, "a Word or other Office document, or a zip file"),
        (PDF, "a PDF"),
        (PNG, "a PNG image"),
        (RANDOM, "a binary file"),
        (b"title: x\n\x00\x01\x02" + bytes(range(128, 256)), "a binary file"),
        ("title: x\n".encode("utf-16"), "text saved as UTF-16 (“Unicode” in some editors)"),
        (WINDOWS_1252, None),
        ("title: café\n".encode(), None),
    ],
)
def test_a_file_that_is_not_text_is_told_by_its_first_bytes(raw, kind):
    assert binary_kind(raw) == kind


@pytest.mark.parametrize(
    ("raw", "filename", "kind"),
    [
        (DOCX, "my-set.yaml", "a Word or other Office document, or a zip file"),
        (PDF, "handout.yaml", "a PDF"),
        (RANDOM, "noise.yaml", "a binary file"),
    ],
)
def test_a_binary_upload_says_what_it_seems_to_be_and_shows_nothing_of_it(teacher, raw, filename, kind):
    response = upload(teacher, raw, filename, follow=False)
    html = response.get_data(as_text=True)
    page = text_of(html)
    assert response.status_code == 400
    assert f"1 problem in {filename} (uploaded)" in page
    assert (
        f"this looks like {kind}, not a text file: an exercise file is plain text, written in a text editor "
        "(or exported as plain text) and saved as UTF-8 with the ending .yaml"
    ) in page
    assert "Nothing was saved." in page
    # Nothing of the file: no numbered lines, no link to a line, no replacement characters.
    assert "The file" not in page and 'class="listing"' not in html and 'href="#L' not in html
    assert "\ufffd" not in html and "Content_Types" not in html and "endobj" not in html


def test_a_text_file_in_another_encoding_still_shows_its_lines_and_where_the_odd_letter_is(teacher):
    page = text_of(upload(teacher, WINDOWS_1252, "latin.yaml", follow=False).get_data(as_text=True))
    assert "Line 1, column 14 : the file is not UTF-8 text (byte 0xe9): save it as UTF-8 in your editor" in page
    assert "The file" in page and "source: mko-article" in page


def test_each_upload_input_has_its_own_id_and_its_own_label(teacher):
    html = teacher.page("/teacher/exercises/")
    labels = dict(re.findall(r'<label for="([^"]+)">([^<]+)</label>', html))
    inputs = re.findall(r'<input[^>]*type="file"[^>]*>', html)
    ids = [re.search(r'id="([^"]+)"', tag).group(1) for tag in inputs]
    assert [labels[each] for each in ids] == ["Exercise file (.yaml)", "Source document (.txt, UTF-8)"]
    assert all('name="file"' in tag for tag in inputs)  # what the upload views read


def test_teacher_times_default_to_the_servers_own_time_zone_and_say_which(tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Paris")
    app = create_app(config(tmp_path))
    try:
        assert app.config["DISPLAY_TIMEZONE"] == "Europe/Paris"
        make_teacher(app)
        teacher = Teacher(app.test_client())
        teacher.sign_in()
        class_id, code = teacher.create_class("7B")
        Student(app.test_client()).join(code, "Ana")
        with app.app_context():
            learner_id = db.session.execute(db.select(Membership.learner_id)).scalar_one()
        page = text_of(teacher.page(f"/teacher/classes/{class_id}/students/{learner_id}"))
        assert re.search(r"joined \d\d \w{3} \d{4}, \d\d:\d\d Europe/Paris", page)
    finally:
        with app.app_context():
            db.engine.dispose()


def test_the_servers_time_zone_is_read_from_tz_then_from_etc_localtime(tmp_path):
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/Asia/Tokyo")
    assert server_time_zone({"TZ": ":Europe/Paris"}, link) == "Europe/Paris"
    assert server_time_zone({"TZ": "CET-1CEST"}, link) == "Asia/Tokyo"  # a POSIX rule, not a zone name
    assert server_time_zone({}, link) == "Asia/Tokyo"
    assert server_time_zone({}, tmp_path / "missing") == "UTC"


def test_the_override_form_shows_the_answer_being_rescored_against_the_key(app, teacher):
    class_id, code = teacher.create_class("7B")
    student = Student(app.test_client())
    student.join(code, "Ana")
    student.answer("demo", "leopard", **LEOPARD_IDIOM)
    with app.app_context():
        answer_id = db.session.execute(db.select(Answer.id)).scalar_one()
    page = text_of(teacher.page(f"/teacher/classes/{class_id}/answers/{answer_id}/score"))
    answer = page.split("Ana's answer", 1)[1].split("The score that counts", 1)[0]
    assert "A leopard cannot change its spots" in answer
    assert "An idiom that declares the group unable to change; it argues by metaphor, not evidence." in answer
    assert "A value judgement stated as if it were a description." in answer  # the key quote Ana missed


class _SetGroups(HTMLParser):
    """The class form's set checkboxes, by the legend of the group they are in."""

    def __init__(self):
        super().__init__()
        self.groups: dict[str, list[str]] = {}
        self.depth = 0
        self.in_legend = False
        self.current = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "fieldset" and attrs.get("class") == "set-group":
            self.depth = 1
        elif tag == "legend" and self.depth:
            self.in_legend = True
        elif tag == "input" and self.depth and attrs.get("name") == "set_ids":
            self.groups[self.current].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "legend":
            self.in_legend = False
        elif tag == "fieldset":
            self.depth = 0

    def handle_data(self, data):
        if self.in_legend:
            self.current = data.strip()
            self.groups[self.current] = []


@pytest.fixture
def exercises_dir(tmp_path):
    """The fixture set, a copy of it on missing context, and one with no skill of its own (mixed)."""
    folder = tmp_path / "exercises"
    folder.mkdir()
    demo = (FIXTURE_EXERCISES / "demo.yaml").read_text(encoding="utf-8")
    (folder / "demo.yaml").write_text(demo, encoding="utf-8")
    (folder / "context.yaml").write_text(demo.replace("skill: loaded_wording\n", "skill: missing_context\n", 1))
    # Without the set's skill, its one item that has none of its own needs one.
    mixed = demo.replace("skill: loaded_wording\n", "", 1)
    (folder / "mixed.yaml").write_text(
        mixed.replace("type: highlight\n", "type: highlight\n    skill: loaded_wording\n")
    )
    return folder


def test_the_class_form_lists_the_sets_by_skill_as_students_see_them(teacher):
    parser = _SetGroups()
    parser.feed(teacher.page("/teacher/classes/new"))
    assert parser.groups == {"Mixed skills": ["mixed"], "Loaded wording": ["demo"], "Missing context": ["context"]}


def test_a_set_prints_as_a_worksheet_with_the_key_after_every_question(app, teacher, demo):
    preview = teacher.page("/teacher/exercises/file/demo.yaml")
    assert '<a href="/teacher/exercises/worksheet/demo">Print as a worksheet</a>' in preview
    page = text_of(teacher.page("/teacher/exercises/worksheet/demo"))
    questions, key = page.split("Answer key: Demo set for the tests", 1)
    for item in demo.items:
        assert item.prompt in questions and item.prompt in key
        if item.passage:
            assert " ".join(item.passage.text.split()) in questions
        for why in item.explanations():
            assert why not in questions and why in key
    assert "(right)" not in questions
    for claim in demo.item("twelve-thousand").claims:
        assert claim.quote in questions
    assert "named source , vague source , no source , opinion" in questions
    for option in demo.item("what-to-check").options:
        assert option.text in questions
    assert "Tick one option." in questions and "Tick every option that applies." in questions
    assert "use your browser's Print" in questions


def test_a_worksheet_is_for_teachers_and_of_a_set_that_exists(app, teacher):
    assert app.test_client().get("/teacher/exercises/worksheet/demo").status_code == 302
    missing = teacher.client.get("/teacher/exercises/worksheet/no-such-set")
    assert missing.status_code == 404 and "There is no exercise set called “no-such-set”." in text_of(
        missing.get_data(as_text=True)
    )
