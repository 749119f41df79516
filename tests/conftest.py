"""Fixtures the flaskr way: an app on a temporary SQLite file, a client, a CLI runner, a student helper, and the
banks the tests read (the fixture set and the shipped exercises), each defined here once."""

from __future__ import annotations

import os
import shutil

import pytest

# Before anything imports quiz.bank.schema, whose models are made from the registry: tests/test_toy_item_type.py runs the
# tests of every item type again with a toy type added, as a new type would be.
if os.environ.get("LENS_TEST_TOY_TYPE"):
    from fixtures.toy_type import register

    register()

from databases import ON_POSTGRESQL, empty_run_database
from helpers import FIXTURE_EXERCISES, SEEDS, SHIPPED_EXERCISES, Student, Teacher, config, make_teacher
from quiz import create_app
from quiz.bank.loading import load_bank
from quiz.models import db
from quiz.web import lti_scores


@pytest.fixture(autouse=True)
def _empty_database_afterwards():
    """On PostgreSQL all tests share the run's database (on SQLite each has its own file)."""
    yield
    if ON_POSTGRESQL:
        empty_run_database()


@pytest.fixture
def bank_folders(tmp_path):
    """Copies of the fixture exercises and the seeds, for tests that upload or write files: (exercises, seeds)."""
    exercises, seeds = tmp_path / "exercises", tmp_path / "seeds"
    shutil.copytree(FIXTURE_EXERCISES, exercises)
    shutil.copytree(SEEDS, seeds)
    return exercises, seeds


@pytest.fixture
def exercises_dir():
    """The folder of exercise files the app serves: the fixture set, unless a test module overrides this fixture."""
    return FIXTURE_EXERCISES


@pytest.fixture
def demo_and_a_copy(tmp_path):
    """A folder of exercise files: the fixture set, and a copy of it as `demo2` titled "Demo set, second copy"."""
    folder = tmp_path / "exercises"
    folder.mkdir()
    demo = (FIXTURE_EXERCISES / "demo.yaml").read_text(encoding="utf-8")
    (folder / "demo.yaml").write_text(demo, encoding="utf-8")
    copy = demo.replace("title: Demo set for the tests", "title: Demo set, second copy")
    (folder / "demo2.yaml").write_text(copy, encoding="utf-8")
    return folder


@pytest.fixture
def app_settings() -> dict:
    """Settings of the test's app beyond config()'s; a test module overrides this fixture to change them."""
    return {}


@pytest.fixture
def app(tmp_path, exercises_dir, app_settings):
    app = create_app(config(tmp_path, EXERCISES_DIR=str(exercises_dir), **app_settings))
    yield app
    # A score a launch handed to the LTI sending thread may still hold one of the engine's connections.
    lti_scores.sends_finished()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app_at(tmp_path):
    """Makes an app whose test client's requests come to the given host, as a teacher's browser would."""
    made = []

    def make(host: str, **settings):
        made.append(create_app(config(tmp_path, SERVER_NAME=host, **settings)))
        return made[-1]

    yield make
    for app in made:
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
def shipped():
    """The bank Lens ships: exercises/ on the documents in seeds/."""
    return load_bank(SHIPPED_EXERCISES, SEEDS)


@pytest.fixture(scope="session")
def sources(fixture_bank):
    return fixture_bank.sources


@pytest.fixture(scope="session")
def demo(fixture_bank):
    return fixture_bank.sets["demo"]
