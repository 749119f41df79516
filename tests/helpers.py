"""What the tests share: where things are, answers and exercise files they write, readers of CSV exports and of
SQL statements, and a student who fills in forms like a browser."""

from __future__ import annotations

import csv
import io
import re
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path

from sqlalchemy import event

TESTS = Path(__file__).parent
ROOT = TESTS.parent
SEEDS = ROOT / "seeds"
SHIPPED_EXERCISES = ROOT / "exercises"
FIXTURE_EXERCISES = TESTS / "fixtures" / "exercises"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

# Answers to the fixture set (tests/fixtures/exercises/demo.yaml), as its forms send them.
LEOPARD_IDIOM = {"marked": ["0", "1", "2", "3", "4", "5"]}  # "A leopard cannot change its spots": 1 of 2 quotes, 50%
LEOPARD_KEY = {"marked": ["0", "1", "2", "3", "4", "5", "22", "23"]}  # both key quotes, nothing else: 100%
DEMO_ANSWERS = {
    "leopard": LEOPARD_IDIOM,  # 50%
    "twelve-thousand": {"claim_0": "no source", "claim_1": "vague source"},  # 100%
    "saddam-timeline": {"picked": "0"},  # 100%
    "what-to-check": {"picked": ["0", "1"]},  # 100%
}


def config(tmp_path: Path, **overrides) -> dict:
    """An app config on the test's database (see databases.py) and the fixture exercises."""
    from databases import database_config

    return {
        "TESTING": True,
        "SECRET_KEY": "test",
        # The tables are made once per run from the migrations (databases.py), not by every app.
        "MIGRATE_ON_START": False,
        **database_config(tmp_path),
        "EXERCISES_DIR": str(FIXTURE_EXERCISES),
        "SEEDS_DIR": str(SEEDS),
        "EXERCISE_HISTORY_DIR": str(tmp_path / "exercise-history"),
        "PENDING_UPLOADS_DIR": str(tmp_path / "pending-uploads"),
    } | overrides


def send_together(requests: list) -> list:
    """Call every request at the same moment, each in its own thread; what each returned, in order."""
    barrier = threading.Barrier(len(requests))
    results: list = [None] * len(requests)

    def run(index, request):
        barrier.wait()
        results[index] = request()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(url: str, log: Path, seconds: float = 30) -> None:
    """Return once the server at url answers; fail with its log if it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server at {url} did not start:\n{log.read_text()}")


def text_of(html: str) -> str:
    """A page's visible text on one line."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def csv_rows(data: bytes) -> list[list[str]]:
    """The rows of a CSV export, after checking it starts with the BOM that makes Excel read UTF-8."""
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@contextmanager
def statements_sent(app) -> Iterator[list[str]]:
    """Every SQL statement the app sends to its database inside the block, in order."""
    from quiz.models import db

    sent: list[str] = []

    def note(_connection, _cursor, statement, *_args):
        sent.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", note)


def set_file(*items: str, skill: str = "loaded_wording") -> str:
    """An exercise file on the seed article: its four header lines, then the items as written under `items:`."""
    return f"title: A set\nsource: mko-article\nskill: {skill}\nitems:\n" + "".join(items)


def built(text: str, sources):
    """The exercise set a file builds, which must have no problems."""
    from quiz.bank.loading import check_bytes

    exercise_set, problems = check_bytes(text.encode(), "x.yaml", "x", sources)
    assert [str(problem) for problem in problems] == []
    return exercise_set


# A highlight item whose passage is one sentence and whose key is all of it.
WHOLE_PASSAGE = """\
  - id: leopard
    type: highlight
    prompt: Mark the judgement.
    passage: A leopard cannot change its spots.
    answers:
      - quote: A leopard cannot change its spots
        why: An idiom.
"""


def choice_item(item_id: str, options: list[tuple[str, bool]], extra: str = "") -> str:
    """A choice item asking "Which?" of the options (text, right or not), with extra lines before its options."""
    written = "".join(
        f"      - text: {text}\n        why: Because.\n" + ("        correct: true\n" if correct else "")
        for text, correct in options
    )
    return f"  - id: {item_id}\n    type: choice\n    prompt: Which?\n{extra}    options:\n{written}"


def count_rows(app, model) -> int:
    from quiz.models import db

    with app.app_context():
        return db.session.execute(db.select(db.func.count()).select_from(model)).scalar_one()


class Browser:
    """Someone in a browser: opens pages and submits forms with the token the page gave."""

    def __init__(self, client):
        self.client = client

    def page(self, url: str) -> str:
        response = self.client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.get_data(as_text=True)

    def token(self, url: str) -> str:
        return CSRF.search(self.page(url)).group(1)

    def submit(self, url: str, data: dict | None = None, form_page: str | None = None, follow: bool = True):
        """Post a form the way the page at form_page (default: url) would."""
        data = {"csrf_token": self.token(form_page or url), **(data or {})}
        return self.client.post(url, data=data, follow_redirects=follow)


def make_teacher(app, username: str = "teacher", password: str = "a long password") -> None:
    from quiz.models import db
    from quiz.store import accounts

    with app.app_context():
        accounts.create_teacher(username, password)
        db.session.commit()


class Teacher(Browser):
    """A teacher: signs in, creates classes, reads the dashboard."""

    def sign_in(self, username: str = "teacher", password: str = "a long password"):
        return self.submit("/teacher/sign-in", {"username": username, "password": password})

    def create_class(self, name: str = "7B", **options) -> tuple[int, str]:
        """A new class; its id and join code. Options are the class form's fields."""
        data = {"name": name, "all_sets": "y", "counts": "best", "show_key": "y", "joining_open": "y"} | options
        data = {key: value for key, value in data.items() if value is not None}
        response = self.submit("/teacher/classes/new", data, follow=False)
        assert response.status_code == 302, response.get_data(as_text=True)
        class_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
        with self.client.application.app_context():
            from quiz.models import Classroom, db

            return class_id, db.session.get(Classroom, class_id).join_code


class Student(Browser):
    """A student: joins a class, answers items."""

    def join(self, code: str, name: str, follow: bool = True):
        return self.submit("/join", {"code": code, "display_name": name}, follow=follow)

    def come_back(self, code: str, follow: bool = True):
        return self.submit("/return", {"code": code}, follow=follow)

    def answer(self, set_id: str, item_id: str, attempt: int = 1, follow: bool = True, **fields):
        url = f"/sets/{set_id}/items/{item_id}"
        data = {"csrf_token": self.token(url), "attempt": attempt, **fields}
        return self.client.post(url, data=data, follow_redirects=follow)


# A sound exercise file, as a teacher uploads one on the Exercise files page.
SOUND_UPLOAD = b"""title: Uploaded set
source: mko-article
skill: loaded_wording
items:
  - id: leopard
    type: highlight
    prompt: Mark the words that judge.
    passage: A leopard cannot change its spots.
    answers:
      - quote: A leopard cannot change its spots
        why: An idiom that says the group cannot change.
"""


def upload(teacher, content: bytes, filename: str, url: str = "/teacher/exercises/upload", follow: bool = True):
    """Send a file from the Exercise files page, as its form does (an exercise file by default, or a source)."""
    data = {"csrf_token": teacher.token("/teacher/exercises/"), "file": (io.BytesIO(content), filename)}
    return teacher.client.post(url, data=data, content_type="multipart/form-data", follow_redirects=follow)


# Assignments: a school's clock for the tests, and a set assigned and finished as the pages do it.
SCHOOL_ZONE = "Europe/Paris"


def school_clock(moment) -> str:
    """A moment as the assignment form's date box sends it, on the school's clock (SCHOOL_ZONE)."""
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(SCHOOL_ZONE)).strftime("%Y-%m-%dT%H:%M")


def assign(teacher, class_id: int, set_id: str = "demo", follow: bool = True, **fields):
    """Assign the set to the class with the assignment form: late answers taken, results shown, unlimited attempts,
    unless fields say otherwise."""
    data = {"after_due": "late", "results": "each_answer", "attempts": "unlimited"} | fields
    return teacher.submit(f"/teacher/classes/{class_id}/assignments/{set_id}", data, follow=follow)


def finish_demo(student: Student) -> None:
    for item_id, fields in DEMO_ANSWERS.items():
        assert student.answer("demo", item_id, follow=False, **fields).status_code == 302
