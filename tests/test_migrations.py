"""Schema changes go through the migrations: an upgrade keeps every class and answer, on SQLite and PostgreSQL."""

from __future__ import annotations

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from databases import ON_POSTGRESQL, fresh_postgresql_database
from helpers import Teacher, config, text_of
from quiz import create_app
from quiz.database import FIRST_REVISION, MIGRATIONS
from quiz.models import db

NEWEST = ScriptDirectory(str(MIGRATIONS)).get_current_head()


@pytest.fixture
def empty_database(tmp_path) -> str:
    if ON_POSTGRESQL:
        return fresh_postgresql_database("lens_migrations")
    return f"sqlite:///{tmp_path / 'upgrade.sqlite'}"


def app_on(url: str, tmp_path, **settings):
    return create_app(config(tmp_path, SQLALCHEMY_DATABASE_URI=url, **settings))


def test_the_migrations_make_exactly_the_tables_the_models_describe(app):
    with app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == [], "the models changed without a migration: run `flask --app quiz db migrate -m ...`"


def test_upgrading_from_the_first_migration_keeps_classes_and_answers(empty_database, tmp_path):
    app = app_on(empty_database, tmp_path)
    with app.app_context():
        flask_migrate.upgrade(directory=str(MIGRATIONS), revision=FIRST_REVISION)
        fill_as_the_first_release(db.engine)
        db.engine.dispose()

    upgraded = app_on(empty_database, tmp_path, MIGRATE_ON_START=True)

    assert revision_of(upgraded) == NEWEST
    assert_class_and_answer_kept(upgraded)


def test_a_database_made_before_there_were_migrations_is_taken_over(empty_database, tmp_path):
    app = app_on(empty_database, tmp_path)
    with app.app_context():
        # The first release made its tables with create_all: the first migration's tables, without Alembic's.
        flask_migrate.upgrade(directory=str(MIGRATIONS), revision=FIRST_REVISION)
        with db.engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE alembic_version"))
        fill_as_the_first_release(db.engine)
        db.engine.dispose()

    upgraded = app_on(empty_database, tmp_path, MIGRATE_ON_START=True)

    assert revision_of(upgraded) == NEWEST
    assert_class_and_answer_kept(upgraded)


def fill_as_the_first_release(engine: sa.Engine) -> None:
    """A teacher, a class and a student who answered an item that the teacher overrode, in the first schema."""
    from werkzeug.security import generate_password_hash

    now = "2026-09-01 08:00:00+00:00"
    rows = [
        (
            "INSERT INTO teacher (id, username, password_hash, disabled, created_at) "
            "VALUES (1, 'teacher', :hash, false, :now)",
            {"hash": generate_password_hash("a long password")},
        ),
        (
            "INSERT INTO classroom (id, teacher_id, name, join_code, joining_open, set_ids, counts, show_key,"
            " created_at) VALUES (1, 1, '7B English', 'ABCDEFGH', true, NULL, 'best', true, :now)",
            {},
        ),
        ("INSERT INTO learner (id, token, created_at) VALUES (1, 'token-of-ana', :now)", {}),
        (
            "INSERT INTO membership (learner_id, classroom_id, display_name, name_key, reentry_code, joined_at)"
            " VALUES (1, 1, 'Ana', 'ana', 'KMNPQRSTUVWX', :now)",
            {},
        ),
        (
            "INSERT INTO attempt (id, learner_id, exercise_id, number, started_at, finished_at)"
            " VALUES (1, 1, 'demo', 1, :now, NULL)",
            {},
        ),
        (
            "INSERT INTO answer (id, attempt_id, item_id, skill, item_version, response, score, submitted_at)"
            " VALUES (1, 1, 'leopard', 'unsourced', 'v1', :response, 0.5, :now)",
            {"response": '{"marked": [0, 1, 2]}'},
        ),
        (
            "INSERT INTO override (answer_id, score, comment, teacher_id, changed_at)"
            " VALUES (1, 0.75, 'Well argued in class', 1, :now)",
            {},
        ),
    ]
    with engine.begin() as connection:
        for statement, values in rows:
            connection.execute(sa.text(statement), {"now": now} | values)
        if engine.dialect.name == "postgresql":
            # The rows above chose their ids; the sequences must go on after them.
            for table in ("teacher", "classroom", "learner", "attempt", "answer"):
                connection.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 1)"))


def revision_of(app) -> str:
    with app.app_context(), db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def assert_class_and_answer_kept(app) -> None:
    teacher = Teacher(app.test_client())
    teacher.sign_in()
    dashboard = text_of(teacher.page("/teacher/classes/1"))
    assert "7B English" in dashboard and "Ana" in dashboard
    student = text_of(teacher.page("/teacher/classes/1/students/1"))
    assert "Well argued in class" in student and "75%" in student
    again = teacher.create_class("8C History")
    assert again[0] != 1, "new rows must not collide with the kept ones"
