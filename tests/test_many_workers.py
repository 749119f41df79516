"""A class answering at once through gunicorn with several worker processes, over real HTTP, on the test database:
every acknowledged answer is stored, each exactly once, and nobody sees an error such as "database is locked"."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest

from databases import database_config
from helpers import CSRF, FIXTURE_EXERCISES, LEOPARD_KEY, ROOT, SEEDS, free_port, send_together, wait_until_serving
from helpers import count_rows as count
from quiz import create_app
from quiz.models import Answer, Attempt, Learner

STUDENTS = 30
ITEM = "/sets/demo/items/leopard"


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class HttpStudent:
    """A browser of one's own: a cookie jar, and the form token the item page gave."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        cookies = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(cookies, NoRedirects)
        self.token = ""

    def open_item(self) -> str:
        with self.opener.open(self.base_url + ITEM, timeout=30) as response:
            return response.read().decode()

    def start_answering(self) -> None:
        self.token = CSRF.search(self.open_item()).group(1)

    def send_answer(self) -> int:
        fields = [("csrf_token", self.token), ("attempt", "1")] + [("marked", word) for word in LEOPARD_KEY["marked"]]
        request = urllib.request.Request(self.base_url + ITEM, data=urllib.parse.urlencode(fields).encode())
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as answer:
            # Redirects are not followed, so the acknowledgement (a redirect to the feedback) arrives here.
            return answer.code


@pytest.fixture
def gunicorn(tmp_path):
    settings = database_config(tmp_path)
    port = free_port()
    environment = os.environ | {
        "FLASK_SQLALCHEMY_DATABASE_URI": settings["SQLALCHEMY_DATABASE_URI"],
        "FLASK_SECRET_KEY": "many-workers",
        "FLASK_EXERCISES_DIR": str(FIXTURE_EXERCISES),
        "FLASK_SEEDS_DIR": str(SEEDS),
    }
    command = [sys.executable, "-m", "gunicorn", "--workers", "3", "--bind", f"127.0.0.1:{port}", "quiz.wsgi:app"]
    log = tmp_path / "gunicorn.log"
    with open(log, "w") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT)
        try:
            wait_until_serving(f"http://127.0.0.1:{port}/", log)
            yield f"http://127.0.0.1:{port}", settings, log
        finally:
            server.terminate()
            server.wait(timeout=20)


def test_thirty_students_answering_at_once_each_twice_from_two_tabs_store_thirty_answers(gunicorn, tmp_path):
    base_url, settings, log = gunicorn
    students = [HttpStudent(base_url) for _ in range(STUDENTS)]
    for student in students:
        student.start_answering()

    # Each student's answer goes out twice at the same moment, as from two tabs or a double tap.
    statuses = send_together([student.send_answer for student in students for _tab in range(2)])

    assert statuses == [302] * (2 * STUDENTS)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "MIGRATE_ON_START": False, **settings})
    assert (count(app, Learner), count(app, Attempt), count(app, Answer)) == (STUDENTS, STUDENTS, STUDENTS)
    for student in students:
        assert "Your score: 100%" in student.open_item()
    assert not re.search(r"locked|Traceback|Error", log.read_text())
