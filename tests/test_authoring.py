"""Teachers' exercise pages: files with their problems, previews with the key, uploads that never lose a file."""

import pytest

from helpers import SOUND_UPLOAD, Student, Teacher, config, make_teacher, text_of, upload
from quiz import create_app

BROKEN = SOUND_UPLOAD.replace(b"    prompt: Mark the words that judge.\n", b"    promt: Mark the words that judge.\n")


@pytest.fixture
def site(tmp_path, bank_folders):
    exercises, seeds = bank_folders
    app = create_app(config(tmp_path, EXERCISES_DIR=str(exercises), SEEDS_DIR=str(seeds), BANK_CHECK_SECONDS=0))
    make_teacher(app)
    teacher = Teacher(app.test_client())
    teacher.sign_in()
    return app, teacher


def test_the_exercise_pages_are_for_teachers_only(site):
    app, _ = site
    assert app.test_client().get("/teacher/exercises/").status_code == 302
    assert app.test_client().get("/teacher/exercises/file/demo.yaml").status_code == 302


def test_a_broken_file_is_listed_with_its_problems_each_linked_to_its_line(site, bank_folders):
    app, teacher = site
    (bank_folders[0] / "broken.yaml").write_bytes(BROKEN)
    listing = teacher.page("/teacher/exercises/")
    assert "1 file left out because of problems" in text_of(listing)
    assert "broken.yaml : 1 problem, the first on line 7: unknown key promt ; did you mean prompt ?" in text_of(listing)
    assert "unknown key <code>promt</code>; did you mean <code>prompt</code>?" in listing
    page = teacher.page("/teacher/exercises/file/broken.yaml")
    assert '<a href="#L7">Line 7, column 5</a>' in page
    assert '<tr id="L7" class="flagged">' in page
    assert "unknown key <code>promt</code>; did you mean <code>prompt</code>?" in page


def test_the_preview_shows_every_item_with_its_key_and_every_why(site, demo):
    _, teacher = site
    page = text_of(teacher.page("/teacher/exercises/file/demo.yaml"))
    for item in demo.items:
        assert item.prompt in page
    for point in demo.item("leopard").key:
        assert point.why in page
    for option in demo.item("what-to-check").options:
        assert option.why in page
    # The key, not an answer nobody gave: no "right pick" nor "rightly left out" (review finding 13).
    assert "Who wrote it (right) No author is named." in page
    assert "How long it is Length says nothing about reliability." in page
    assert "Right pick" not in page and "Rightly left out" not in page


def test_files_outside_the_exercises_folder_cannot_be_opened(site):
    _, teacher = site
    for url in ["/teacher/exercises/file/../seeds/mko-article.txt", "/teacher/exercises/file/%2e%2e/x.yaml"]:
        assert teacher.client.get(url).status_code == 404


def test_a_sound_upload_is_saved_and_served_at_once(site, bank_folders):
    app, teacher = site
    page = text_of(upload(teacher, SOUND_UPLOAD, "new-set.yaml").get_data(as_text=True))
    assert "“Uploaded set” is saved and students see it now." in page
    assert (bank_folders[0] / "new-set.yaml").read_bytes() == SOUND_UPLOAD
    assert "Uploaded set" in Student(app.test_client()).page("/")


def test_an_upload_with_problems_is_not_saved_and_says_where(site, bank_folders):
    _, teacher = site
    response = upload(teacher, BROKEN, "new-set.yaml")
    assert response.status_code == 400
    page = text_of(response.get_data(as_text=True))
    assert "1 problem in new-set.yaml (uploaded)" in page and "Line 7, column 5" in page
    assert "Nothing was saved." in page
    assert not (bank_folders[0] / "new-set.yaml").exists()


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (SOUND_UPLOAD, "notes.txt", "is not a .yaml or .yml file"),
        (SOUND_UPLOAD, "my set.yaml", "cannot be used: name it with letters, digits, - and _ only"),
        (b"a: &a [1]\nb: *a\n", "bomb.yaml", "anchors and aliases"),
        (b"\xff\xfe\x00binary", "binary.yaml", "UTF-8"),
    ],
)
def test_a_refused_upload_says_what_to_do(site, content, filename, message):
    _, teacher = site
    assert message in text_of(upload(teacher, content, filename).get_data(as_text=True))


def test_replacing_a_file_asks_first_keeps_the_old_version_and_keeps_progress_on_unchanged_ids(
    site, bank_folders, tmp_path
):
    app, teacher = site
    upload(teacher, SOUND_UPLOAD, "new-set.yaml")
    student = Student(app.test_client())
    student.answer("new-set", "leopard", marked=["0", "1"])
    edited = SOUND_UPLOAD.replace(b"title: Uploaded set", b"title: Uploaded set, edited")
    asked = text_of(upload(teacher, edited, "new-set.yaml").get_data(as_text=True))
    assert "Replace new-set.yaml?" in asked and "progress on the 1 item whose id is unchanged (leopard)" in asked
    assert (
        "1 warning: lazy answers that would score too well, or text too hard to read Warnings do not stop the file"
        in asked
    )
    assert "Line 5, column 5: marking every word of the passage scores 100%" in asked
    assert (bank_folders[0] / "new-set.yaml").read_bytes() == SOUND_UPLOAD
    confirm_page = upload(teacher, edited, "new-set.yaml").get_data(as_text=True)
    token = confirm_page.split('name="token" value="')[1].split('"')[0]
    data = {"csrf_token": teacher.token("/teacher/exercises/"), "token": token, "stem": "another-name"}
    done = text_of(
        teacher.client.post("/teacher/exercises/upload/confirm", data=data, follow_redirects=True).get_data(
            as_text=True
        )
    )
    assert "The previous version is kept as " in done
    assert (bank_folders[0] / "new-set.yaml").read_bytes() == edited
    kept = list((tmp_path / "exercise-history").glob("new-set-*.yaml"))
    assert len(kept) == 1 and kept[0].read_bytes() == SOUND_UPLOAD
    assert "Your score" in student.page("/sets/new-set/items/leopard")


def test_a_new_source_document_is_added_but_never_replaced(site, bank_folders):
    _, teacher = site
    text = b"A new article.\n\nIts second paragraph.\n"
    added = text_of(upload(teacher, text, "second-article.txt", "/teacher/exercises/sources").get_data(as_text=True))
    assert "The source document “second-article” is added." in added
    assert (bank_folders[1] / "second-article.txt").read_bytes() == text
    again = text_of(
        upload(teacher, b"other", "second-article.txt", "/teacher/exercises/sources").get_data(as_text=True)
    )
    assert "There is already a source document called “second-article”" in again
    latin = text_of(
        upload(teacher, "café".encode("latin-1"), "latin.txt", "/teacher/exercises/sources").get_data(as_text=True)
    )
    assert "is not UTF-8 text" in latin and not (bank_folders[1] / "latin.txt").exists()


def test_a_file_edited_on_disk_is_served_without_a_restart(site, bank_folders):
    app, _ = site
    student = Student(app.test_client())
    assert "Uploaded set" not in student.page("/")
    (bank_folders[0] / "dropped-in.yaml").write_bytes(SOUND_UPLOAD)
    assert "Uploaded set" in student.page("/")


def test_two_uploads_of_one_new_name_at_once_never_overwrite_each_other(bank_folders, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from quiz.bank.uploads import save_exercise_file

    def save(content: bytes):
        try:
            return save_exercise_file(bank_folders[0], tmp_path / "history", "race", content, replace=False)
        except FileExistsError:
            return None

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(save, [SOUND_UPLOAD.replace(b"Uploaded set", f"Set {n}".encode()) for n in range(8)]))
    winners = [result for result in results if result is not None]
    assert len(winners) == 1
    assert b"title: Set" in (bank_folders[0] / "race.yaml").read_bytes()
    assert not list(bank_folders[0].glob(".*.part"))


def test_an_upload_with_warnings_is_saved_and_its_preview_shows_them_with_the_strategy_table(site, bank_folders):
    app, teacher = site
    response = upload(teacher, SOUND_UPLOAD, "new-set.yaml")
    page = text_of(response.get_data(as_text=True))
    assert "“Uploaded set” is saved and students see it now. 1 warning: see the preview." in page
    assert (bank_folders[0] / "new-set.yaml").read_bytes() == SOUND_UPLOAD
    assert "Uploaded set" in Student(app.test_client()).page("/")
    assert "1 warning: lazy answers that score too well, or text too hard to read" in page
    assert (
        "Line 5, column 5: marking every word of the passage scores 100%, because the key is the whole passage; "
        "widen the passage, so that a careful reader leaves some unmarked"
    ) in page
    html = response.get_data(as_text=True)
    assert "<caption>What lazy strategies score</caption>" in html
    assert '<th scope="row">Mark every word of the passage</th>' in html
    assert "Mark every word of the passage 100% Yes: a warning" in page
    listing = text_of(teacher.page("/teacher/exercises/"))
    assert "new-set.yaml (1 warning) Uploaded set" in listing


def test_the_preview_scores_every_strategy_and_flags_only_those_over_34_percent(site):
    _, teacher = site
    page = text_of(teacher.page("/teacher/exercises/file/demo.yaml"))
    assert "The passage, with the key marked" in page and "drawn over the key" not in page
    assert "4 warnings: lazy answers that score too well, or text too hard to read" in page
    assert "Always the first option shown (shuffled: the mean over options) 33% No" in page
    assert "Always the longest option (the mean over any that tie) 100% Yes, but judged across the set's items" in page
    assert "Tick every option 50% Yes: a warning" in page
    assert "Label every claim “vague source” 50% Yes: a warning" in page
