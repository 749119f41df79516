"""Fixtures the flaskr way: an app on a temporary SQLite file, a client, a CLI runner, a student helper."""

from __future__ import annotations

import os

import pytest

# Before anything imports quiz.bank.schema, whose models are made from the registry: tests/test_toy_item_type.py runs the
# tests of every item type again with a toy type added, as a new type would be.
if os.environ.get("LENS_TEST_TOY_TYPE"):
    from fixtures.toy_type import register

    register()

from databases import ON_POSTGRESQL, empty_run_database
from helpers import FIXTURE_EXERCISES, SEEDS, Student, Teacher, config, make_teacher
from quiz import create_app
from quiz.bank.loading import load_bank
from quiz.models import db


@pytest.fixture(autouse=True)
def _empty_database_afterwards():
    """On PostgreSQL all tests share the run's database (on SQLite each has its own file)."""
    yield
    if ON_POSTGRESQL:
        empty_run_database()


@pytest.fixture
def app(tmp_path):
    app = create_app(config(tmp_path))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def student(client):
    return Student(client)


@pytest.fixture
def teacher(app):
    """A signed-in teacher."""
    make_teacher(app)
    signed_in = Teacher(app.test_client())
    signed_in.sign_in()
    return signed_in


@pytest.fixture
def class_code(teacher):
    """The join code of a class of the signed-in teacher's, seeing every set."""
    return teacher.create_class("7B English")[1]


@pytest.fixture(scope="session")
def fixture_bank():
    return load_bank(FIXTURE_EXERCISES, SEEDS)


@pytest.fixture(scope="session")
def sources(fixture_bank):
    return fixture_bank.sources


@pytest.fixture(scope="session")
def demo(fixture_bank):
    return fixture_bank.sets["demo"]
