"""Exercise files and sources belong to whoever uploaded them: a teacher replaces only their own, an admin any, and a
class that sees "all sets" sees the shared bank and its own teacher's sets, never another teacher's by surprise."""

import pytest

from helpers import Student, Teacher, config, csv_rows, text_of, upload
from quiz import create_app
from quiz.models import BankFile, db
from quiz.store import accounts

SET_OF = b"""title: %(title)s
source: mko-article
skill: loaded_wording
items:
  - id: leopard
    type: highlight
    prompt: Mark the words that judge.
    passage: A leopard cannot change its spots.
    answers:
      - quote: cannot change its spots
        why: An idiom that says the group cannot change.
"""


def set_titled(title: str) -> bytes:
    return SET_OF % {b"title": title.encode()}


def app_on(tmp_path, bank_folders, **overrides):
    exercises, seeds = bank_folders
    settings = dict(EXERCISES_DIR=str(exercises), SEEDS_DIR=str(seeds), BANK_CHECK_SECONDS=0) | overrides
    return create_app(config(tmp_path, **settings))


@pytest.fixture
def site(tmp_path, bank_folders):
    app = app_on(tmp_path, bank_folders)
    with app.app_context():
        for username, admin in (("alice", False), ("bob", False), ("root", True)):
            accounts.create_teacher(username, "a long password", admin=admin)
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def signed_in(app, username: str) -> Teacher:
    teacher = Teacher(app.test_client())
    teacher.sign_in(username)
    return teacher


def confirm(teacher, page: str):
    token = page.split('name="token" value="')[1].split('"')[0]
    data = {"csrf_token": teacher.token("/teacher/exercises/"), "token": token}
    return teacher.client.post("/teacher/exercises/upload/confirm", data=data, follow_redirects=True)


def test_a_teacher_cannot_replace_another_teachers_set_and_nothing_changes(site, bank_folders):
    alice, bob = signed_in(site, "alice"), signed_in(site, "bob")
    upload(alice, set_titled("Alice's test"), "alice-test.yaml")
    refused = upload(bob, set_titled("Bob's version"), "alice-test.yaml")
    assert refused.status_code == 403
    page = text_of(refused.get_data(as_text=True))
    assert "“alice-test.yaml” is not yours to replace" in page
    assert "belongs to alice" in page and "Nothing was saved" in page and "alice-test-2.yaml" in page
    assert "If the set itself should change, ask alice, or an admin" in page
    assert b"Alice's test" in (bank_folders[0] / "alice-test.yaml").read_bytes()
    assert "This file belongs to alice." in text_of(bob.page("/teacher/exercises/file/alice-test.yaml"))
    assert "This file belongs to you." in text_of(alice.page("/teacher/exercises/file/alice-test.yaml"))


def test_the_owner_replaces_their_own_set_and_keeps_it(site, bank_folders):
    alice = signed_in(site, "alice")
    upload(alice, set_titled("First"), "mine.yaml")
    asked = upload(alice, set_titled("Second"), "mine.yaml").get_data(as_text=True)
    assert "Replace mine.yaml?" in text_of(asked)
    confirm(alice, asked)
    assert b"Second" in (bank_folders[0] / "mine.yaml").read_bytes()
    with site.app_context():
        assert db.session.get(BankFile, ("exercise", "mine")).owner.username == "alice"


def test_only_an_admin_replaces_the_shared_bank_or_another_teachers_set(site, bank_folders):
    alice, root = signed_in(site, "alice"), signed_in(site, "root")
    shipped = (bank_folders[0] / "demo.yaml").read_bytes()
    refused = upload(alice, set_titled("Not the demo"), "demo.yaml")
    assert refused.status_code == 403 and "belongs to the shared bank" in text_of(refused.get_data(as_text=True))
    assert (bank_folders[0] / "demo.yaml").read_bytes() == shipped

    upload(alice, set_titled("Alice's"), "alice-set.yaml")
    for name, title in (("demo.yaml", "Admin's demo"), ("alice-set.yaml", "Admin's fix")):
        asked = upload(root, set_titled(title), name).get_data(as_text=True)
        assert "Replace" in text_of(asked)
        assert ("The file belongs to alice." if name == "alice-set.yaml" else "belongs to the shared bank") in text_of(
            asked
        )
        confirm(root, asked)
        assert title.encode() in (bank_folders[0] / name).read_bytes()
    with site.app_context():
        # An admin's fix leaves the set its owner's, and a shipped set in the shared bank.
        assert db.session.get(BankFile, ("exercise", "alice-set")).owner.username == "alice"
        assert db.session.get(BankFile, ("exercise", "demo")) is None


def test_a_shipped_set_an_admin_fixed_stays_in_every_class_when_they_stop_being_an_admin(site):
    alice, root = signed_in(site, "alice"), signed_in(site, "root")
    _, code = alice.create_class("Alice 7B")
    confirm(root, upload(root, set_titled("The demo, fixed"), "demo.yaml").get_data(as_text=True))
    assert site.test_cli_runner().invoke(args=["set-teacher-admin", "--no", "root"]).exit_code == 0
    student = Student(site.test_client())
    student.join(code, "Anna")
    assert "The demo, fixed" in text_of(student.page("/"))


def test_a_class_of_all_sets_never_shows_another_teachers_new_set_until_its_teacher_adds_it(site):
    alice, bob = signed_in(site, "alice"), signed_in(site, "bob")
    class_id, code = alice.create_class("Alice 7B")
    upload(alice, set_titled("Alice's own set"), "alice-set.yaml")
    upload(bob, set_titled("Bob's surprise"), "bob-set.yaml")
    student = Student(site.test_client())
    student.join(code, "Anna")
    home = text_of(student.page("/"))
    assert "Alice's own set" in home and "Demo set for the tests" in home
    assert "Bob's surprise" not in home
    assert student.client.get("/sets/bob-set").status_code == 404
    gradebook = csv_rows(alice.client.get(f"/teacher/classes/{class_id}/export/gradebook.csv").data)
    assert not any("Bob's surprise" in cell for cell in gradebook[0])

    settings = text_of(alice.page(f"/teacher/classes/{class_id}/settings"))
    assert "Bob's surprise (bob's set)" in settings and "Alice's own set (your set)" in settings
    form = {"name": "Alice 7B", "all_sets": "y", "set_ids": ["bob-set"], "counts": "best", "show_key": "y"}
    form |= {"results": "each_answer", "attempts": "unlimited", "joining_open": "y"}
    saved = alice.submit(f"/teacher/classes/{class_id}/settings", form)
    assert "Settings saved." in text_of(saved.get_data(as_text=True))
    home = text_of(student.page("/"))
    assert "Bob's surprise" in home and "Alice's own set" in home and "Demo set for the tests" in home
    assert student.client.get("/sets/bob-set").status_code == 200


def test_an_admins_set_joins_the_shared_bank_every_class_sees(site):
    alice, root = signed_in(site, "alice"), signed_in(site, "root")
    _, code = alice.create_class("Alice 7B")
    upload(root, set_titled("For every school"), "district.yaml")
    student = Student(site.test_client())
    student.join(code, "Anna")
    assert "For every school" in text_of(student.page("/"))


def test_admins_are_made_and_unmade_on_the_command_line(site):
    runner = site.test_cli_runner()
    made = runner.invoke(args=["create-teacher", "--admin", "carol", "--password", "a long password"])
    assert made.exit_code == 0 and "Admin teacher carol created" in made.output
    assert runner.invoke(args=["set-teacher-admin", "alice"]).exit_code == 0
    unmade = runner.invoke(args=["set-teacher-admin", "--no", "carol"])
    assert unmade.exit_code == 0 and "carol is no longer an admin" in unmade.output
    with site.app_context():
        admins = {t.username: t.is_admin for t in (accounts.find_teacher(n) for n in ("alice", "bob", "carol"))}
    assert admins == {"alice": True, "bob": False, "carol": False}
    unknown = runner.invoke(args=["set-teacher-admin", "nobody"])
    assert unknown.exit_code != 0 and "nobody" in unknown.output


def test_an_uploaded_source_says_who_added_it(site):
    alice, bob = signed_in(site, "alice"), signed_in(site, "bob")
    upload(alice, b"A short article. It says things.", "alices-article.txt", "/teacher/exercises/sources")
    assert "alices-article (added by you)" in text_of(alice.page("/teacher/exercises/"))
    assert "alices-article (added by alice)" in text_of(bob.page("/teacher/exercises/"))


def test_an_upload_quoting_a_source_just_added_on_another_app_server_is_accepted(tmp_path, bank_folders, site):
    # Two app servers over the same bank_folders and database, each checking the bank_folders only every minute.
    first = app_on(tmp_path, bank_folders, BANK_CHECK_SECONDS=60)
    second = app_on(tmp_path, bank_folders, BANK_CHECK_SECONDS=60)
    try:
        on_first, on_second = signed_in(first, "alice"), signed_in(second, "alice")
        on_second.page("/teacher/exercises/")
        upload(on_first, b"A leopard cannot change its spots. They said so.", "fresh.txt", "/teacher/exercises/sources")
        quoting = set_titled("Quotes the fresh source").replace(b"source: mko-article", b"source: fresh")
        saved = text_of(upload(on_second, quoting, "fresh-set.yaml").get_data(as_text=True))
        assert "“Quotes the fresh source” is saved" in saved, saved[:900]
    finally:
        for app in (first, second):
            with app.app_context():
                db.engine.dispose()


def test_changing_an_admin_says_which_sets_move_in_or_out_of_the_shared_bank(site):
    upload(signed_in(site, "alice"), set_titled("Alice's own"), "alice-set.yaml")
    made = site.test_cli_runner().invoke(args=["set-teacher-admin", "alice"])
    assert "Into the shared bank (every class that sees all sets shows them now): alice-set." in made.output
    unmade = site.test_cli_runner().invoke(args=["set-teacher-admin", "--no", "alice"])
    assert "Out of the shared bank" in unmade.output and "alice-set." in unmade.output
