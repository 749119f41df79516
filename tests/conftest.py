"""Fixtures the flaskr way: an app on a temporary SQLite file, a client, a CLI runner, a student helper."""

from __future__ import annotations

import pytest

from helpers import FIXTURE_EXERCISES, SEEDS, Student, config
from quiz import create_app
from quiz.bank import load_bank
from quiz.models import db


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


@pytest.fixture(scope="session")
def fixture_bank():
    return load_bank(FIXTURE_EXERCISES, SEEDS)


@pytest.fixture(scope="session")
def sources(fixture_bank):
    return fixture_bank.sources


@pytest.fixture(scope="session")
def demo(fixture_bank):
    return fixture_bank.sets["demo"]
