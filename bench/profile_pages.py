"""Where a student's request spends its time, in-process (issue 19): milliseconds per page and the top of a profile.

Run from the repository root:

    .venv/bin/python bench/profile_pages.py                  # quiz page, answer, set page; 300 requests each
    .venv/bin/python bench/profile_pages.py --requests 1000 --top 30

It makes the app on a fresh SQLite database in a temporary folder with the shipped exercises, a teacher and a
class; a student joins it through the join form; then the script times, through Flask's test client (no server,
no network), the GET of a highlight item's page, the POST of an answer (each to an item not answered yet, in a
new attempt when the set runs out) and the set's page, and prints the mean time of each with cProfile's top
functions by their own time. The figures are the app's own cost, without the server's: bench/load.py measures
the whole of it over HTTP.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
import tempfile
import time
from pathlib import Path
from unittest.mock import patch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def make_app(folder: Path):
    from quiz import create_app
    from quiz.models import db
    from quiz.store import accounts, classes

    env = {
        "FLASK_SECRET_KEY": "profile",
        "FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'lens.sqlite'}",
        "FLASK_EXERCISES_DIR": str(ROOT / "exercises"),
        "FLASK_SEEDS_DIR": str(ROOT / "seeds"),
        "FLASK_EXERCISE_HISTORY_DIR": str(folder / "history"),
        "FLASK_PENDING_UPLOADS_DIR": str(folder / "pending"),
    }
    with patch.dict(os.environ, env, clear=False):
        app = create_app(production=True)
    with app.app_context():
        teacher = accounts.create_teacher("profile-teacher", "a long profile password")
        lesson = classes.create_class(teacher, name="Profile", set_ids=None)
        db.session.commit()
        code = lesson.join_code
    return app, code


class SecureClient:
    """The test client over https, as the production settings' secure cookies want (with the Referer that
    Flask-WTF's strict check of forms sent over https asks for)."""

    def __init__(self, app):
        self.client = app.test_client()

    def get(self, url: str, **options):
        return self.client.get(url, base_url="https://localhost", **options)

    def post(self, url: str, **options):
        headers = {"Referer": "https://localhost/"}
        return self.client.post(url, base_url="https://localhost", headers=headers, **options)


def joined_client(app, code: str):
    client = SecureClient(app)
    page = client.get("/join").get_data(as_text=True)
    response = client.post(
        "/join", data={"csrf_token": CSRF.search(page).group(1), "code": code, "display_name": "Ana"}
    )
    assert response.status_code in (302, 303), re.findall(r"<li[^>]*>([^<]+)</li>", response.get_data(as_text=True))[:5]
    return client


def timed(label: str, requests: int, do, top: int) -> None:
    do()  # warm: templates compiled, statements cached
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(requests):
        do()
    profiler.disable()
    per_request = (time.perf_counter() - started) / requests * 1000
    own = io.StringIO()
    stats = pstats.Stats(profiler, stream=own)
    stats.sort_stats("cumulative").print_stats(f"{ROOT}/(quiz|templates)", top)
    every = io.StringIO()
    pstats.Stats(profiler, stream=every).sort_stats("tottime").print_stats(top)
    print(f"\n=== {label}: {per_request:.2f} ms a request (under cProfile, which adds to it)")
    unprofiled = time.perf_counter()
    for _ in range(requests):
        do()
    print(f"    without the profiler: {(time.perf_counter() - unprofiled) / requests * 1000:.2f} ms a request")
    print("\n--- own time by package (where the time goes, summed over every function of each)")
    for package, share in _by_package(profiler):
        print(f"    {share:5.1%}  {package}")
    print("\n--- Lens's own functions and templates, by cumulative time")
    print(_table(own.getvalue()))
    print("\n--- every function, by its own time")
    print(_table(every.getvalue()))


def _by_package(profiler: cProfile.Profile) -> list[tuple[str, float]]:
    """Each package's share of the profile's own time: Lens's code, its templates, each library, the standard
    library, and Python's built-in functions."""
    totals: dict[str, float] = {}
    stats = pstats.Stats(profiler).stats  # {(file, line, name): (calls, primitive, own time, cumulative, callers)}
    for (filename, _line, _name), (_calls, _primitive, own, _cumulative, _callers) in stats.items():
        totals[_package(filename)] = totals.get(_package(filename), 0.0) + own
    whole = sum(totals.values()) or 1.0
    return sorted(((package, own / whole) for package, own in totals.items()), key=lambda pair: -pair[1])


def _package(filename: str) -> str:
    if "site-packages/" in filename:
        return filename.split("site-packages/")[1].split("/")[0].removesuffix(".py")
    if filename.startswith(str(ROOT / "templates")):
        return "Lens's templates (Jinja-compiled)"
    if filename.startswith(str(ROOT / "quiz")):
        return "Lens's code (quiz/)"
    if filename.startswith("<") or filename == "~":
        return "built-in functions and generated code"
    return "Python's standard library"


def _table(report: str) -> str:
    """The rows of a pstats report, from its header line on, with paths shortened."""
    lines = report.splitlines()
    start = next(index for index, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    rows = [
        line.replace(str(ROOT) + "/", "").replace(sys.prefix + "/lib/python3.11/site-packages/", "")
        for line in lines[start:]
    ]
    return "\n".join(row for row in rows if row.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--class-size", type=int, default=300)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app, code = make_app(Path(folder))
        client = joined_client(app, code)
        bank = app.extensions["lens_bank"]
        exercise_set = max(bank.sets.values(), key=lambda each: sum(item.type == "highlight" for item in each.items))
        item = next(item for item in exercise_set.items if item.type == "highlight")
        item_url = f"/sets/{exercise_set.id}/items/{item.id}"
        timed("quiz page (GET of a highlight item)", arguments.requests, lambda: client.get(item_url), arguments.top)
        timed("set page", arguments.requests, lambda: client.get(f"/sets/{exercise_set.id}"), arguments.top)
        answers = Answers(client, exercise_set)
        timed("answer (POST, not following the redirect)", arguments.requests, answers.next, arguments.top)
        teacher, url = big_class_dashboard(app, arguments.class_size)
        timed(f"dashboard of a {arguments.class_size}-student class", 20, lambda: teacher.get(url), arguments.top)


def big_class_dashboard(app, size: int):
    """A class of `size` students who answered sets, as bench/load.py seeds it; the signed-in teacher and its page."""
    from bench.load import fill_class
    from quiz.models import db
    from quiz.store import accounts, classes

    with app.app_context():
        owner = accounts.create_teacher("dashboard-teacher", "a long dashboard password")
        big = classes.create_class(owner, name="Big class", set_ids=None)
        fill_class(big, list(app.extensions["lens_bank"].sets.values()), size)
        db.session.commit()
        class_id = big.id
    teacher = SecureClient(app)
    page = teacher.get("/teacher/sign-in").get_data(as_text=True)
    data = {
        "csrf_token": CSRF.search(page).group(1),
        "username": "dashboard-teacher",
        "password": "a long dashboard password",
    }
    assert teacher.post("/teacher/sign-in", data=data).status_code in (302, 303)
    return teacher, f"/teacher/classes/{class_id}"


class Answers:
    """Answers the set's items in turn, starting a new attempt when every item has been answered."""

    def __init__(self, client, exercise_set):
        self.client, self.exercise_set = client, exercise_set
        self.place, self.attempt = 0, 1
        first = exercise_set.items[0].id
        self.token = CSRF.search(client.get(f"/sets/{exercise_set.id}/items/{first}").get_data(as_text=True)).group(1)

    def next(self) -> None:
        from quiz.items import perfect_response

        if self.place == len(self.exercise_set.items):
            data = {"csrf_token": self.token, "after": self.attempt}
            started = self.client.post(f"/sets/{self.exercise_set.id}/again", data=data)
            assert started.status_code in (302, 303), started.status_code
            self.place, self.attempt = 0, self.attempt + 1
        item = self.exercise_set.items[self.place]
        data = {"csrf_token": self.token, "attempt": self.attempt} | _fields(item, perfect_response(item))
        stored = self.client.post(f"/sets/{self.exercise_set.id}/items/{item.id}", data=data)
        # Stored answers redirect to their feedback without a message; a refused one would leave a flash behind.
        assert stored.status_code in (302, 303) and "_flashes" not in self._session(), "the answer was not stored"
        self.place += 1

    def _session(self) -> dict:
        app = self.client.client.application
        cookie = self.client.client.get_cookie("session", domain="localhost").value
        return app.session_interface.get_signing_serializer(app).loads(cookie)


def _fields(item, response) -> dict:
    if item.type == "classify":
        return {f"claim_{index}": label for index, label in response.items()}
    return {"marked" if item.type == "highlight" else "picked": [str(number) for number in sorted(response)]}


if __name__ == "__main__":
    main()
