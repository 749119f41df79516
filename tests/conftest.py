"""Fixtures the flaskr way: an app on a temporary SQLite file, a client, a CLI runner, a student helper."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quiz import create_app
from quiz.models import db

TESTS = Path(__file__).parent
ROOT = TESTS.parent
FIXTURE_EXERCISES = TESTS / "fixtures" / "exercises"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
            "EXERCISES_DIR": str(FIXTURE_EXERCISES),
            "SEEDS_DIR": str(ROOT / "seeds"),
        }
    )
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class Student:
    """A student in a browser: opens pages and submits forms with the token the page gave."""

    def __init__(self, client):
        self.client = client

    def page(self, url: str) -> str:
        response = self.client.get(url)
        assert response.status_code == 200, response.status_code
        return response.get_data(as_text=True)

    def token(self, url: str) -> str:
        return CSRF.search(self.page(url)).group(1)

    def answer(self, set_id: str, item_id: str, attempt: int = 1, follow: bool = True, **fields):
        url = f"/sets/{set_id}/items/{item_id}"
        data = {"csrf_token": self.token(url), "attempt": attempt, **fields}
        return self.client.post(url, data=data, follow_redirects=follow)


@pytest.fixture
def student(client):
    return Student(client)
