"""Upload names Windows reserves for devices (CON, NUL, COM1...) are refused: the bank may sit on an SMB share."""

import pytest

from helpers import SOUND_UPLOAD, Teacher, config, make_teacher, text_of, upload
from quiz import create_app
from quiz.bank.uploads import EXERCISE_SUFFIXES, UploadRefused, stem_of


@pytest.mark.parametrize(
    "filename",
    ["CON.yaml", "con.yaml", "Nul.yml", "aux.YAML", "PRN.yaml", "COM1.yaml", "com9.yaml", "LPT1.yaml", "lPt9.yml"],
)
def test_a_windows_device_name_is_refused_as_an_exercise_file(filename):
    stem = filename.rsplit(".", 1)[0]
    with pytest.raises(UploadRefused) as refused:
        stem_of(filename, EXERCISE_SUFFIXES)
    assert str(refused.value) == (
        f"The file name “{filename}” cannot be used: Windows reserves the name {stem} for a device, so the file could "
        f"not be kept on a Windows computer or shared folder. Give it another name, like {stem}-1.yaml."
    )


@pytest.mark.parametrize("filename", ["Nul.txt", "con.txt", "COM3.TXT", "lpt2.txt"])
def test_a_windows_device_name_is_refused_as_a_source(filename):
    with pytest.raises(UploadRefused, match=r"Windows reserves the name .* Give it another name, like .*-1\.txt\.$"):
        stem_of(filename, (".txt",))


@pytest.mark.parametrize(
    "filename, stem",
    [
        ("console.yaml", "console"),
        ("con-1.yaml", "con-1"),
        ("nullable.yaml", "nullable"),
        ("auxiliary.yaml", "auxiliary"),
        ("COM10.yaml", "COM10"),
        ("COM0.yaml", "COM0"),
        ("lpt.yaml", "lpt"),
        ("my-con.yaml", "my-con"),
    ],
)
def test_names_that_only_contain_a_device_name_are_kept(filename, stem):
    assert stem_of(filename, EXERCISE_SUFFIXES) == stem


@pytest.fixture
def site(tmp_path, bank_folders):
    exercises, seeds = bank_folders
    app = create_app(config(tmp_path, EXERCISES_DIR=str(exercises), SEEDS_DIR=str(seeds), BANK_CHECK_SECONDS=0))
    make_teacher(app)
    teacher = Teacher(app.test_client())
    teacher.sign_in()
    return teacher, exercises, seeds


@pytest.mark.parametrize(
    "url, filename, content",
    [
        ("/teacher/exercises/upload", "con.yaml", SOUND_UPLOAD),
        ("/teacher/exercises/upload", "COM1.yml", SOUND_UPLOAD),
        ("/teacher/exercises/sources", "Nul.txt", b"A new article.\n"),
        ("/teacher/exercises/sources", "aux.txt", b"A new article.\n"),
    ],
)
def test_uploading_under_a_windows_device_name_says_so_and_saves_nothing(site, url, filename, content):
    teacher, exercises, seeds = site
    before = sorted(path.name for folder in (exercises, seeds) for path in folder.rglob("*"))
    page = text_of(upload(teacher, content, filename, url).get_data(as_text=True))
    stem = filename.rsplit(".", 1)[0]
    assert f"The file name “{filename}” cannot be used: Windows reserves the name {stem} for a device" in page
    assert f"Give it another name, like {stem}-1." in page
    assert sorted(path.name for folder in (exercises, seeds) for path in folder.rglob("*")) == before


def test_a_source_a_little_over_the_limit_gets_the_message_that_names_the_limit(site):
    teacher, _, seeds = site
    response = upload(teacher, b"An article. " * 90_000, "long-article.txt", "/teacher/exercises/sources")
    assert "The document is over 1024 KiB: upload the article's text only." in text_of(response.get_data(as_text=True))
    assert not (seeds / "long-article.txt").exists()


def test_far_too_much_gets_a_page_that_names_the_limit(site):
    teacher, _, seeds = site
    # The form written out by hand: the test client would spool it to a temporary file the refusal leaves open.
    boundary = "lens-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
            f"{teacher.token('/teacher/exercises/')}\r\n"
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.txt"\r\n\r\n'
        ).encode()
        + b"x" * (2 * 1024 * 1024)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = teacher.client.post(
        "/teacher/exercises/sources", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 413
    assert "Lens takes files of up to 1 MiB" in text_of(response.get_data(as_text=True))
    assert not (seeds / "huge.txt").exists()


@pytest.mark.parametrize(
    "content, kind",
    [(b"PK\x03\x04" + b"\x00" * 64, "a Word or other Office document"), (b"%PDF-1.7\n" + b"\x00" * 64, "a PDF")],
)
def test_a_document_that_is_not_text_is_named_for_what_it_seems_to_be(site, content, kind):
    teacher, _, seeds = site
    page = text_of(upload(teacher, content, "article.txt", "/teacher/exercises/sources").get_data(as_text=True))
    assert f"This looks like {kind}" in page and "save it as “Plain text, UTF-8” (.txt)" in page
    assert not (seeds / "article.txt").exists()
