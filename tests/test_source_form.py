"""A teacher adds a source document from the browser, pasted or as a file, with where it comes from: the text is kept
as given, the facts go in its meta file, students read them above the document, and no name writes anywhere else."""

import io
import shutil

import pytest

from helpers import SEEDS, Student, Teacher, config, make_teacher, text_of
from quiz import create_app
from quiz.bank.source_files import load_sources
from quiz.bank.uploads import SourceFacts, UploadRefused, save_source, source_meta_yaml, stem_of

FORM = "/teacher/exercises/sources/new"


@pytest.fixture
def site(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    app = create_app(config(tmp_path, SEEDS_DIR=str(seeds), BANK_CHECK_SECONDS=0))
    for name in ("alice", "bob"):
        make_teacher(app, name)
    return app, seeds


def signed_in(app, name: str = "alice") -> Teacher:
    teacher = Teacher(app.test_client())
    teacher.sign_in(name)
    return teacher


def add(teacher: Teacher, **fields):
    """Send the form as the browser does (multipart, for its file field); a file is given as (bytes, name)."""
    data = {"csrf_token": teacher.token(FORM)}
    for field, value in fields.items():
        data[field] = (io.BytesIO(value[0]), value[1]) if field == "file" else value
    return teacher.client.post(FORM, data=data, content_type="multipart/form-data", follow_redirects=True)


def every_file(folder) -> dict:
    """Every file under folder with its contents, but the test's database, which every request writes to."""
    files = (path for path in folder.rglob("*") if path.is_file() and ".sqlite" not in path.name)
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in files}


def test_a_pasted_source_is_saved_with_its_facts_and_students_read_them(site):
    app, seeds = site
    added = add(
        signed_in(app),
        pasted="Parking will cost more.\r\n\r\nThe council says so — “at last”.\r\n",
        title="Parking: what’s next?",
        author="Ann Example",
        publisher="Riverside Borough Council",
        date="2024-03-12",
        address="https://www.riverside.example/parking?page=2",
        note="Handed out in town.\r\n# Not a comment: yes",
    )
    assert "The source document “parking-whats-next” is added." in text_of(added.get_data(as_text=True))
    # The browser's CRLF line breaks are the browser's, not the teacher's: the text is kept with plain ones.
    assert (seeds / "parking-whats-next.txt").read_text(encoding="utf-8") == (
        "Parking will cost more.\n\nThe council says so — “at last”.\n"
    )
    assert (seeds / "parking-whats-next.meta.yaml").read_text(encoding="utf-8") == (
        "# What is known about where seeds/parking-whats-next.txt comes from, as the teacher who added it wrote.\n"
        "# The text itself is kept byte for byte as it was added, so that exercises' quotes stay right:\n"
        "# never edit it.\n"
        "title: 'Parking: what’s next?'\n"
        "author: Ann Example\n"
        "publisher: Riverside Borough Council\n"
        "date: '2024-03-12'\n"
        "address: https://www.riverside.example/parking?page=2\n"
        "note: 'Handed out in town.\n\n  # Not a comment: yes'\n"
    )
    page = Student(app.test_client()).page("/sources/parking-whats-next")
    assert (
        "Title Parking: what’s next? Author Ann Example Publisher Riverside Borough Council Date 2024-03-12 "
        "Found at https://www.riverside.example/parking?page=2 Parking will cost more."
    ) in text_of(page)
    assert '<a href="https://www.riverside.example/parking?page=2" rel="noopener noreferrer">' in page
    assert "Handed out" not in page


def test_a_chosen_file_is_kept_byte_for_byte_under_the_name_typed_and_empty_facts_read_unknown(site):
    app, seeds = site
    raw = "A letter to the board.\r\nIt said ‘no’ – twice.\r\n".encode()
    added = add(signed_in(app), file=(raw, "Vail letter (copy).txt"), title="A letter", name="vail-letter")
    assert "The source document “vail-letter” is added." in text_of(added.get_data(as_text=True))
    assert (seeds / "vail-letter.txt").read_bytes() == raw
    assert (seeds / "vail-letter.meta.yaml").read_text(encoding="utf-8").endswith("\ntitle: A letter\n")
    page = text_of(Student(app.test_client()).page("/sources/vail-letter"))
    assert "Title A letter Author unknown Publisher unknown Date unknown A letter to the board." in page
    assert "Found at" not in page


@pytest.mark.parametrize(
    "name, message",
    [
        ("../x", "The name “../x” cannot be used: use letters, digits, - and _ only (no spaces)"),
        ("..\\x", "The name “..\\x” cannot be used: use letters, digits, - and _ only (no spaces)"),
        ("/etc/passwd", "The name “/etc/passwd” cannot be used"),
        ("x/y", "The name “x/y” cannot be used"),
        (".hidden", "The name “.hidden” cannot be used"),
        ("my article", "The name “my article” cannot be used"),
        ("CON", "The file name “CON” cannot be used: Windows reserves the name CON for a device"),
        ("nul.txt", "The file name “nul.txt” cannot be used: Windows reserves the name nul for a device"),
        ("mko-article", "There is already a source document called “mko-article”."),
        ("mko-article.txt", "There is already a source document called “mko-article”."),
    ],
)
def test_a_name_that_is_unsafe_or_taken_is_refused_and_nothing_is_written(site, tmp_path, name, message):
    app, seeds = site
    teacher = signed_in(app)
    before = every_file(tmp_path)
    response = add(teacher, pasted="Some new text.", title="New", name=name)
    assert response.status_code == 400
    assert message in text_of(response.get_data(as_text=True))
    assert every_file(tmp_path) == before


def test_what_is_missing_or_wrong_is_said_together_and_the_name_from_the_title_is_offered(site):
    app, seeds = site
    before = every_file(seeds)
    refused = add(signed_in(app), pasted="  ", title="", address="javascript:alert(1)")
    assert refused.status_code == 400
    shown = text_of(refused.get_data(as_text=True))
    assert "Give the document its title, as it was published." in shown
    assert (
        "The address must be a web address as the browser's address bar shows it, starting with https:// or "
        "http://; or leave it empty."
    ) in shown
    assert "Paste the document's text into the box, or choose its .txt file." in shown
    titled = add(signed_in(app), pasted="", title="Über den Rat: 2024")
    assert 'value="uber-den-rat-2024"' in titled.get_data(as_text=True)
    both = add(signed_in(app), pasted="Text.", file=(b"Text.", "a.txt"), title="T")
    assert "Paste the text or choose a file, not both: empty the text box, or choose no file." in text_of(
        both.get_data(as_text=True)
    )
    not_text = add(signed_in(app), file=(b"title: x\n", "x.meta.yaml"), title="T")
    assert "“x.meta.yaml” is not a .txt file: choose one whose name ends that way." in text_of(
        not_text.get_data(as_text=True)
    )
    assert every_file(seeds) == before


def test_another_teacher_sees_who_added_the_document(site):
    app, _ = site
    add(signed_in(app, "alice"), pasted="Alice's article.", title="Alice's article", name="alices-article")
    assert "alices-article (added by you)" in text_of(signed_in(app, "alice").page("/teacher/exercises/"))
    assert "alices-article (added by alice)" in text_of(signed_in(app, "bob").page("/teacher/exercises/"))


def test_the_form_is_for_teachers_only_and_linked_from_the_exercise_files_page(site):
    app, _ = site
    assert app.test_client().get(FORM).status_code == 302
    assert 'href="/teacher/exercises/sources/new"' in signed_in(app).page("/teacher/exercises/")


def test_values_yaml_would_misread_come_back_as_written(tmp_path):
    hostile = SourceFacts(
        title="yes",
        author="- a list? & *alias !tag",
        publisher="\"quoted\" and 'single'",
        date="3:30",
        address="https://example.org/#a: b",
        note="---\nkey: value\n  indented # comment\n\n…and “curly” ‘marks’",
    )
    (tmp_path / "odd.txt").write_text("Odd.", encoding="utf-8")
    (tmp_path / "odd.meta.yaml").write_text(source_meta_yaml("odd", hostile), encoding="utf-8")
    sources, problems = load_sources(tmp_path)
    assert problems == []
    odd = sources["odd"]
    assert (odd.title, odd.author, odd.publisher, odd.date, odd.address) == (
        "yes",
        "- a list? & *alias !tag",
        "\"quoted\" and 'single'",
        "3:30",
        "https://example.org/#a: b",
    )


def test_a_meta_file_without_an_address_still_loads_and_a_hand_written_address_that_is_no_web_address_is_not_a_link(
    tmp_path,
):
    sources, problems = load_sources(SEEDS)
    assert problems == [] and sources["mko-article"].address == ""
    (tmp_path / "leaflet.txt").write_text("A leaflet.", encoding="utf-8")
    (tmp_path / "leaflet.meta.yaml").write_text("title: Leaflet\naddress: the school's noticeboard\n", encoding="utf-8")
    app = create_app(config(tmp_path, SEEDS_DIR=str(tmp_path)))
    page = Student(app.test_client()).page("/sources/leaflet")
    assert "Found at the school's noticeboard" in text_of(page)
    assert '<a href="the school' not in page


def test_two_teachers_adding_one_name_at_once_never_mix_a_text_with_the_others_facts(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    def save(who: str):
        try:
            return save_source(tmp_path, "same", f"{who}'s text".encode(), SourceFacts(title=f"{who}'s title"))
        except UploadRefused:
            return None

    with ThreadPoolExecutor(2) as pool:
        saved = [path for path in pool.map(save, ["alice", "bob"]) if path]
    assert len(saved) == 1
    sources, _ = load_sources(tmp_path)
    who = sources["same"].title.split("'")[0]
    assert sources["same"].text == f"{who}'s text"


def test_a_source_file_name_refused_is_explained_for_a_source_not_a_set():
    with pytest.raises(UploadRefused) as refused:
        stem_of("Vail letter (copy).txt", (".txt",))
    assert str(refused.value) == (
        "The file name “Vail letter (copy).txt” cannot be used: name it with letters, digits, - and _ only "
        "(no spaces), like council-leaflet.txt. Exercise files quote the document by this name, without .txt."
    )
