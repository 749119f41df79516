"""What Lens keeps: the privacy page names every stored field and every cookie, every page links to it, and a deleted
class or student leaves nothing behind in SQLite's files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import event

from databases import ON_POSTGRESQL
from helpers import LEOPARD_IDIOM, Student, text_of
from quiz.models import Membership, db
from quiz.store import erasure

# Row ids and the links between tables: they say nothing about anyone beyond the rows the page already describes.
TECHNICAL = {
    "learner.id",
    "attempt.id",
    "attempt.learner_id",
    "answer.id",
    "answer.attempt_id",
    "override.answer_id",
    "teacher.id",
    "teacher_session.id",
    "teacher_session.teacher_id",
    "classroom.id",
    "classroom.teacher_id",
    "result_release.classroom_id",
    "membership.learner_id",
    "membership.classroom_id",
    "assignment.classroom_id",
    "assignment_extension.classroom_id",
    "assignment_extension.learner_id",
    "roster_entry.id",
    "roster_entry.classroom_id",
}
FIELD = r"[a-z_]+\.[a-z_]+"
STORED_AS = re.compile(rf"Stored as ({FIELD}(?: ?, {FIELD})*)")


def stored_columns() -> set[str]:
    return {f"{table.name}.{column.name}" for table in db.metadata.sorted_tables for column in table.columns}


def named_on_the_page(client) -> set[str]:
    page = text_of(client.get("/privacy").get_data(as_text=True))
    return {name for names in STORED_AS.findall(page) for name in re.findall(FIELD, names)}


def test_the_page_names_every_stored_field(client):
    unnamed = stored_columns() - TECHNICAL - named_on_the_page(client)
    assert unnamed == set(), "say on templates/privacy.html what these are, why they are kept, and for how long"


def test_the_page_names_no_field_that_does_not_exist(client):
    assert named_on_the_page(client) - stored_columns() == set()
    assert TECHNICAL <= stored_columns(), "a technical column was renamed or dropped: update TECHNICAL"


def test_the_page_names_the_cookies_and_their_lifetimes(client):
    response = client.get("/privacy")
    assert response.status_code == 200
    page = text_of(response.get_data(as_text=True))
    assert "Nothing leaves that server: there is no tracking, no advertising, no analytics and no third party." in page
    assert "session A student's random browser id" in page
    assert (
        "365 days, so a student's progress is found again; a teacher's sign-in in it stops working after 12 hours."
        in page
    )
    assert "lens_device Sent to teachers' pages only" in page
    assert "Forgotten 1 hour after the last wrong try; the clean-up deletes any record over 1 day old." in page


@pytest.mark.parametrize("url", ["/", "/join", "/scoring", "/teacher/sign-in", "/privacy", "/no-such-page"])
def test_every_page_links_to_it_from_the_footer(client, url):
    page = client.get(url).get_data(as_text=True)
    footer = page[page.index('<footer class="site-footer">') :]
    assert '<a href="/privacy">What Lens keeps</a>' in footer


def test_signed_in_pages_link_to_it_too(teacher):
    assert '<a href="/privacy">What Lens keeps</a>' in teacher.page("/teacher/")


def database_files(app) -> bytes:
    """The bytes of the SQLite database file and its write-ahead log, where deleted text could linger."""
    path = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def a_class_with_a_student(app, teacher, class_name: str) -> int:
    class_id, code = teacher.create_class(class_name)
    student = Student(app.test_client())
    student.join(code, "Quokka Quill")
    student.answer("demo", "leopard", **LEOPARD_IDIOM)
    return class_id


def delete_class(teacher, class_id: int, class_name: str) -> None:
    response = teacher.submit(f"/teacher/classes/{class_id}/delete", {"typed_name": class_name})
    assert f"{class_name} and all its students' answers are deleted." in text_of(response.get_data(as_text=True))


@pytest.mark.skipif(ON_POSTGRESQL, reason="SQLite's files")
def test_a_deleted_class_leaves_no_trace_in_the_database_files(app, teacher):
    class_id = a_class_with_a_student(app, teacher, "Zebra Scratch Class")
    delete_class(teacher, class_id, "Zebra Scratch Class")
    # Deleting checkpoints the WAL, which otherwise holds the pages as they were before the deletion.
    files = database_files(app)
    assert b"Zebra Scratch Class" not in files
    assert b"Quokka Quill" not in files


@pytest.mark.skipif(ON_POSTGRESQL, reason="SQLite's files")
def test_a_removed_student_leaves_no_trace_in_the_database_files(app, teacher):
    class_id = a_class_with_a_student(app, teacher, "7B")
    with app.app_context():
        learner_id = db.session.execute(db.select(Membership.learner_id)).scalar_one()
    url = f"/teacher/classes/{class_id}/students/{learner_id}/remove"
    assert "Quokka Quill and all their answers are deleted." in text_of(teacher.submit(url).get_data(as_text=True))
    assert b"Quokka Quill" not in database_files(app)


@pytest.mark.skipif(ON_POSTGRESQL, reason="SQLite's files")
def test_without_secure_delete_the_file_is_rebuilt(app, teacher):
    """A SQLite built without secure_delete leaves deleted rows in free pages; forget_on_disk then rebuilds the file."""
    with app.app_context():
        engine = db.engine
        engine.dispose()
    event.listen(engine, "connect", _without_secure_delete)
    try:
        class_id = a_class_with_a_student(app, teacher, "Zebra Scratch Class")
        delete_class(teacher, class_id, "Zebra Scratch Class")
        with app.app_context():
            erasure.forget_on_disk()
    finally:
        event.remove(engine, "connect", _without_secure_delete)
    assert b"Zebra Scratch Class" not in database_files(app)


def _without_secure_delete(connection, _record) -> None:
    connection.execute("PRAGMA secure_delete=0")


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL")
def test_forgetting_on_disk_does_nothing_on_postgresql(app, teacher):
    class_id = a_class_with_a_student(app, teacher, "Zebra Scratch Class")
    delete_class(teacher, class_id, "Zebra Scratch Class")
    with app.app_context():
        erasure.forget_on_disk()
    assert teacher.page("/teacher/").count("Zebra Scratch Class") == 0
