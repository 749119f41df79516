"""While the database cannot be reached every page is the app's calm 503, drawn without the database; a pooled
connection the server dropped is replaced before use; and a failed statement's values never reach the log."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from databases import ON_POSTGRESQL
from helpers import LEOPARD_IDIOM, Student, config, text_of
from quiz import create_app
from quiz.models import Teacher as TeacherRow
from quiz.models import db

DATABASE_DOWN = "Lens cannot reach its database. Your answers so far are saved; try again in a minute."
# Addresses where no database answers: a port nothing listens on, and a SQLite file in a folder that does not exist.
UNREACHABLE = {
    "postgresql": "postgresql://postgres@127.0.0.1:1/lens",
    "sqlite": "sqlite:////nonexistent-lens-folder/lens.sqlite",
}


@pytest.fixture(params=sorted(UNREACHABLE))
def unreachable_app(request, tmp_path):
    """The app with the same secret key as the working one, on a database that cannot be reached: a browser's
    cookie from the working app is good here, as it would be after the database went away."""
    dead = create_app(config(tmp_path, SQLALCHEMY_DATABASE_URI=UNREACHABLE[request.param]))
    yield dead
    with dead.app_context():
        db.engine.dispose()


def moved_to(app, client):
    """A client of app holding client's session cookie: the same browser, now served by the other app."""
    moved = app.test_client()
    moved.set_cookie("session", client.get_cookie("session").value)
    return moved


def assert_calm_503(response) -> None:
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert DATABASE_DOWN in text_of(page)
    assert response.headers["Retry-After"] == "60"
    assert "Traceback" not in page and "OperationalError" not in page


def test_a_student_page_says_the_database_cannot_be_reached(app, unreachable_app, caplog):
    student = Student(app.test_client())
    student.answer("demo", "leopard", **LEOPARD_IDIOM)
    with caplog.at_level(logging.WARNING):
        response = moved_to(unreachable_app, student.client).get("/sets/demo")
    assert_calm_503(response)
    # One line in the log for the outage, not a stack trace per page.
    outage = [record for record in caplog.records if record.getMessage().startswith("the database cannot be reached")]
    assert len(outage) == 1 and outage[0].exc_info is None
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


def test_a_signed_in_teacher_page_says_the_database_cannot_be_reached(teacher, unreachable_app):
    """The error page used to look the teacher up for its menu, failing again: gunicorn's bare error instead."""
    response = moved_to(unreachable_app, teacher.client).get("/teacher/")
    assert_calm_503(response)
    assert "Sign out" not in response.get_data(as_text=True)


def test_a_form_sent_while_the_database_is_down_gets_the_same_page(app, teacher, unreachable_app):
    token = teacher.token("/teacher/classes/new")
    moved = moved_to(unreachable_app, teacher.client)
    assert_calm_503(moved.post("/teacher/classes/new", data={"csrf_token": token, "name": "7B", "all_sets": "y"}))


@pytest.mark.parametrize("url", ["/teacher/no-such-page", "/teacher/exercises/file/x%00y"])
def test_an_error_page_for_a_signed_in_teacher_says_the_database_cannot_be_reached(teacher, unreachable_app, url):
    """A 404 or 400 page draws the teacher's menu, which needs the database: it too becomes the calm 503."""
    assert_calm_503(moved_to(unreachable_app, teacher.client).get(url))


# A statement no database can run, and a duplicate that breaks a unique constraint: on SQLite the first is an
# OperationalError too, the family that also holds "cannot connect".
BROKEN_STATEMENTS = {
    "no such table": ["SELECT nothing FROM no_such_table"],
    "duplicate": ["INSERT INTO learner (token, created_at) VALUES ('twice', CURRENT_TIMESTAMP)"] * 2,
}


@pytest.mark.parametrize("broken", sorted(BROKEN_STATEMENTS))
def test_a_statement_the_database_refuses_is_still_an_error_of_ours(app, client, broken):
    """Only "cannot reach" is a 503: a broken statement is a bug, answered with the 500 page and logged in full."""

    @app.get("/broken-statement")
    def broken_statement():
        for statement in BROKEN_STATEMENTS[broken]:
            db.session.execute(sa.text(statement))

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/broken-statement")
    assert response.status_code == 500
    assert "Something went wrong on our side" in text_of(response.get_data(as_text=True))


def test_a_failed_statement_is_logged_without_its_values(app, client, caplog):
    """The log once held learner tokens, join codes and names from failed statements' parameters."""
    secret = "learner-token-Qx7-never-logged"

    @app.get("/failing-statement")
    def failing_statement():
        db.session.execute(sa.text("SELECT token FROM no_such_table WHERE token = :token"), {"token": secret})

    app.config["PROPAGATE_EXCEPTIONS"] = False
    with caplog.at_level(logging.DEBUG):
        assert client.get("/failing-statement").status_code == 500
    logged = "\n".join(logging.Formatter().format(record) for record in caplog.records)
    assert "no_such_table" in logged  # the statement is there, to find the bug by
    assert secret not in logged


def test_a_refused_row_is_logged_without_its_values_and_once(app, client, caplog):
    """PostgreSQL's message for a duplicate names the row's values: "Key (username)=(...) already exists"."""
    secret = "username-qx7-never-logged"

    @app.get("/duplicate-row")
    def duplicate_row():
        for _ in range(2):
            db.session.add(TeacherRow(username=secret, password_hash="x"))
            db.session.flush()

    app.config["PROPAGATE_EXCEPTIONS"] = False
    with caplog.at_level(logging.DEBUG):
        assert client.get("/duplicate-row").status_code == 500
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert len(errors) == 1, [record.getMessage() for record in errors]
    logged = logging.Formatter().format(errors[0])
    assert "IntegrityError" in logged and "teacher" in logged
    assert secret not in logged


def backend_pids(app) -> list[int]:
    """The PostgreSQL server processes behind the connections waiting in the app's pool."""
    with app.app_context():
        engine = db.engine
    connections = [engine.connect() for _ in range(engine.pool.checkedin())]
    pids = [connection.execute(sa.text("SELECT pg_backend_pid()")).scalar_one() for connection in connections]
    for connection in connections:
        connection.close()
    return pids


@pytest.mark.skipif(
    not ON_POSTGRESQL, reason="a server that ends connections is PostgreSQL's; set LENS_TEST_DATABASE_URL"
)
def test_a_pooled_connection_the_server_ended_is_replaced_before_the_next_page(app, teacher):
    """After PostgreSQL restarts, the first page on each pooled connection used to be a 500."""
    pids = backend_pids(app)
    assert pids, "the app keeps its connection in the pool between pages"
    killer = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=NullPool)
    with killer.connect() as connection:
        for pid in pids:
            # The timeout waits until the process has ended, so the next page meets a dead connection for sure.
            ended = connection.execute(sa.text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid}).scalar_one()
            assert ended
    killer.dispose()
    response = teacher.client.get("/teacher/")
    assert response.status_code == 200
    assert "Your classes" in text_of(response.get_data(as_text=True))
