"""What the tests share: where things are, and a student who fills in forms like a browser."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).parent
ROOT = TESTS.parent
SEEDS = ROOT / "seeds"
FIXTURE_EXERCISES = TESTS / "fixtures" / "exercises"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def config(tmp_path: Path, **overrides) -> dict:
    """An app config on a temporary SQLite file and the fixture exercises."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
        "EXERCISES_DIR": str(FIXTURE_EXERCISES),
        "SEEDS_DIR": str(SEEDS),
    } | overrides


def text_of(html: str) -> str:
    """A page's visible text on one line."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def count_rows(app, model) -> int:
    from quiz.models import db

    with app.app_context():
        return db.session.execute(db.select(db.func.count()).select_from(model)).scalar_one()


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
