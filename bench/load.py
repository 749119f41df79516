"""Load benchmark (issue 7): Lens under its production server, measured against a bare Flask app on the same one.

Run from the repository root, once per database:

    .venv/bin/python bench/load.py --database sqlite
    .venv/bin/python bench/load.py --database postgresql --students 30 --duration 15
    .venv/bin/python bench/load.py --quick
    .venv/bin/python bench/load.py --quick --server gunicorn --workers 4     # the production command before issue 14

It seeds a fresh database (a teacher, a class for the simulated students, and a class of 300 students who have
answered two sets), serves `quiz.wsgi:app` with README's production command (waitress; --server gunicorn for
gunicorn), and drives it over HTTP with one thread per simulated browser, each with its own cookies.
bench/hello_app.py runs beside it under the same server and flags. The loads, each
on its own so that one kind of request fills the server; the first three take turns (--rounds), so that other work
on the machine weighs on them alike:

- hello: the bare app's page, the yardstick every throughput is divided by;
- quiz page: students open item pages they have not answered, as fast as the server answers;
- answer: other students submit answers (the POST only, not the feedback page it redirects to);
- classroom: fresh students join at once and work through the sets (set page, item, answer, feedback) while
  the teacher reads the dashboard and downloads the exports every second;
- class of 300: the teacher opens the dashboard and the exports of the big class, one request at a time.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import platform
import random
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.cookies import SimpleCookie
from importlib.metadata import version
from pathlib import Path
from unittest.mock import patch
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TEACHER, PASSWORD = "bench-teacher", "a long bench password"
MAINTENANCE_URL = "postgresql://postgres@127.0.0.1:5432/test"
CSRF_MARK = 'name="csrf_token" type="hidden" value="'
# The targets: shares of the bare endpoint's throughput, and the slowest student request allowed.
QUIZ_PAGE_SHARE, ANSWER_SHARE, P99_LIMIT_MS = 0.5, 0.3, 100.0
STUDENT_KINDS = ("join", "home", "set page", "quiz page", "answer", "feedback", "start again")


# ---------------------------------------------------------------------------------------------- measurements


@dataclass
class Recorder:
    """Latencies per kind of request, and the CPU the server and this client used, while a window is open.

    A recorder may be opened and closed several times: the loads take turns, and each adds up its own windows.
    """

    server_pid: int
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    window: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0
    opened: tuple[float, float, float] | None = None

    def open(self) -> None:
        self.opened = (time.perf_counter(), process_tree_cpu(self.server_pid), time.process_time())

    def close(self) -> None:
        started, server_cpu, client_cpu = self.opened
        self.window += time.perf_counter() - started
        self.server_cpu += process_tree_cpu(self.server_pid) - server_cpu
        self.client_cpu += time.process_time() - client_cpu
        self.opened = None

    def add(self, kind: str, seconds: float, ok: bool) -> None:
        if self.opened is None:
            return
        # The client threads share these without a lock: the GIL makes each append and count whole.
        if ok:
            self.samples[kind].append(seconds)
        else:
            self.errors[kind] += 1

    @property
    def requests(self) -> int:
        return sum(len(latencies) for latencies in self.samples.values()) + sum(self.errors.values())


def nearest_rank(values: list[float], share: float) -> float:
    """The percentile by nearest rank: a latency that was really seen."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class Row:
    """One line of the results table."""

    phase: str
    kind: str
    requests: int
    errors: int
    per_second: float
    p50: float
    p95: float
    p99: float


def rows_of(phase: str, recorder: Recorder) -> list[Row]:
    kinds = list(recorder.samples) + [kind for kind in recorder.errors if kind not in recorder.samples]
    rows = []
    for kind in kinds:
        latencies = [seconds * 1000 for seconds in recorder.samples.get(kind, [])] or [math.nan]
        count = len(recorder.samples.get(kind, []))
        percentiles = [nearest_rank(latencies, share) for share in (0.5, 0.95, 0.99)]
        rows.append(Row(phase, kind, count, recorder.errors.get(kind, 0), count / recorder.window, *percentiles))
    return rows


def process_tree_cpu(pid: int) -> float:
    """CPU seconds used so far by a process and its children (gunicorn's master and workers, say), from /proc."""
    total = 0.0
    for member in [pid, *_children(pid)]:
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


# ------------------------------------------------------------------------------------------------- browsers


class Browser:
    """One simulated browser: its own connection and cookies, every request timed under a kind."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}
        # Nothing is recorded until a phase hands the browser its recorder.
        self.recorder = Recorder(server_pid=0)
        self.token = ""

    def request(self, kind: str, method: str, path: str, form: dict | None = None, expect: int = 200) -> str:
        """Send one request and return the body; a status other than `expect` counts as an error."""
        body = urlencode(form, doseq=True) if form is not None else None
        started = time.perf_counter()
        try:
            status, text = self._exchange(method, path, body)
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.recorder.add(kind, time.perf_counter() - started, ok=False)
            return ""
        self.recorder.add(kind, time.perf_counter() - started, ok=status == expect)
        return text

    def _exchange(self, method: str, path: str, body: str | None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        self._keep_cookies(response.msg.get_all("Set-Cookie") or [])
        text = data.decode("utf-8", "replace") if "text/" in response.getheader("Content-Type", "") else ""
        self._keep_token(text)
        return response.status, text

    def _keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)

    def _keep_token(self, text: str) -> None:
        """The CSRF token of the last form seen: like a browser, every post sends the one its page held."""
        start = text.find(CSRF_MARK)
        if start >= 0:
            start += len(CSRF_MARK)
            self.token = text[start : text.index('"', start)]

    def get(self, kind: str, path: str) -> str:
        return self.request(kind, "GET", path)

    def post(self, kind: str, path: str, form: dict, expect: int = 302) -> str:
        return self.request(kind, "POST", path, {"csrf_token": self.token, **form}, expect)


# ------------------------------------------------------------------------------------------------- students


def form_fields(item, rng: random.Random) -> dict:
    """A plausible answer's form fields: the key half the time, a weak answer otherwise."""
    from quiz.items import perfect_response

    response = perfect_response(item) if rng.random() < 0.5 else weak_response(item)
    if item.type == "classify":
        return {f"claim_{index}": label for index, label in response.items()}
    return {"marked" if item.type == "highlight" else "picked": [str(number) for number in sorted(response)]}


def weak_response(item):
    """An answer a hurried student gives: the first word, the first label for every claim, the first option."""
    if item.type == "classify":
        return {index: item.labels[0] for index in range(len(item.claims))}
    return frozenset({0})


class Student(Browser):
    """A browser used by one student: joins the class, then works through the sets in turn."""

    def __init__(self, port: int, name: str, sets: list):
        super().__init__(port)
        self.name = name
        self.sets = sets
        self.rng = random.Random(name)
        self.attempt: dict[str, int] = {}
        self.answering = answers_in_turn(self)

    def join(self, code: str) -> None:
        self.get("join", "/join")
        self.post("join", "/join", {"code": code, "display_name": self.name})
        self.get("home", "/")

    def answer(self, exercise_set, item, read_feedback: bool) -> None:
        """Submit an answer to the item in the current attempt, and read the feedback if asked."""
        url = f"/sets/{exercise_set.id}/items/{item.id}"
        fields = {"attempt": self.attempt.setdefault(exercise_set.id, 1), **form_fields(item, self.rng)}
        self.post("answer", url, fields)
        if read_feedback:
            self.get("feedback", url)

    def start_again(self, exercise_set) -> None:
        """Open the next attempt at a set this student has finished."""
        number = self.attempt.setdefault(exercise_set.id, 1)
        self.post("start again", f"/sets/{exercise_set.id}/again", {"after": number})
        self.attempt[exercise_set.id] = number + 1


def answers_in_turn(student: Student) -> Iterator[None]:
    """One answer per step, item after item and set after set, starting each set again once it is finished:
    the loads take turns, and each turn must go on where the last one stopped, never answer an item twice."""
    while True:
        for exercise_set in student.sets:
            for item in exercise_set.items:
                student.answer(exercise_set, item, read_feedback=False)
                yield
            student.start_again(exercise_set)
            yield


def keep_answering(student: Student, stop: threading.Event) -> None:
    """Submit answers as fast as the server takes them (the POST only, not the feedback it redirects to)."""
    while not stop.is_set():
        next(student.answering)


def answer_first_items(student: Student) -> None:
    """Leave the student in the middle of every set, so that each item page they open looks up their answers."""
    for exercise_set in student.sets:
        student.answer(exercise_set, exercise_set.items[0], read_feedback=True)


def keep_opening_items(student: Student, stop: threading.Event) -> None:
    """Open item pages not answered yet (the question, not the feedback) as fast as the server sends them."""
    items = [(exercise_set.id, item.id) for exercise_set in student.sets for item in exercise_set.items[1:]]
    while not stop.is_set():
        set_id, item_id = student.rng.choice(items)
        student.get("quiz page", f"/sets/{set_id}/items/{item_id}")


def work_through_sets(student: Student, stop: threading.Event, code: str, think: float) -> None:
    """What a student does in a lesson: join, then for each set its page, and each item, answer and feedback."""
    student.join(code)
    while not stop.is_set():
        for exercise_set in student.sets:
            if exercise_set.id in student.attempt:
                student.start_again(exercise_set)
            student.get("set page", f"/sets/{exercise_set.id}")
            for item in exercise_set.items:
                if stop.wait(think * student.rng.random() * 2):
                    return
                student.get("quiz page", f"/sets/{exercise_set.id}/items/{item.id}")
                student.answer(exercise_set, item, read_feedback=True)


# ------------------------------------------------------------------------------------------------- teachers


class TeacherBrowser(Browser):
    """The teacher's browser: signed in once, then reading a class's pages."""

    def sign_in(self) -> None:
        self.get("sign in", "/teacher/sign-in")
        self.post("sign in", "/teacher/sign-in", {"username": TEACHER, "password": PASSWORD})

    def read_class(self, class_id: int, suffix: str = "") -> None:
        self.get(f"dashboard{suffix}", f"/teacher/classes/{class_id}")

    def export(self, class_id: int, suffix: str = "") -> None:
        self.get(f"export csv{suffix}", f"/teacher/classes/{class_id}/export/responses.csv")
        self.get(f"export xlsx{suffix}", f"/teacher/classes/{class_id}/export/workbook.xlsx")


def watch_the_class(teacher: TeacherBrowser, stop: threading.Event, class_id: int) -> None:
    """A teacher during the lesson: the dashboard, then the exports, about once a second."""
    while not stop.wait(1.0):
        teacher.read_class(class_id)
        if stop.wait(1.0):
            return
        teacher.export(class_id)


# ---------------------------------------------------------------------------------------------- the servers


@dataclass
class Settings:
    database: str
    server: str
    workers: int
    worker_class: str
    threads: int | None
    students: int
    duration: float
    warmup: float
    class_size: int
    think: float
    repeats: int
    rounds: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(app_path: str, settings: Settings, env: dict, log: Path, ready_path: str) -> Iterator[tuple[int, int]]:
    """Serve app_path with the benchmark's server and flags; yield its port and the server's (or master's) pid."""
    port = free_port()
    if settings.server == "waitress":
        address = [f"--listen=127.0.0.1:{port}"]
    else:
        address = ["--bind", f"127.0.0.1:{port}"]
    command = [sys.executable, "-m", settings.server, *server_flags(settings), *address, app_path]
    with log.open("ab") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
    try:
        wait_until_serving(port, ready_path, server, log)
        yield port, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def server_flags(settings: Settings) -> list[str]:
    """The same for Lens and for the bare app, so that the two are compared on equal terms."""
    if settings.server == "waitress":
        # README's production command (issue 14), but for the address.
        limits = [f"--threads={settings.threads or 8}", "--connection-limit=500"]
        return limits + ["--no-clear-untrusted-proxy-headers"]
    flags = ["--workers", str(settings.workers), "--worker-class", settings.worker_class]
    # Many simultaneous connects must queue, not be refused: the default backlog is 2048, stated for the record.
    return flags + ["--threads", str(settings.threads or 1), "--backlog", "2048", "--log-level", "warning"]


def wait_until_serving(port: int, path: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped at start-up; its log:\n{log.read_text()}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"the server did not answer within a minute; its log:\n{log.read_text()}")


# ------------------------------------------------------------------------------------------------ databases


@contextmanager
def fresh_database(kind: str, folder: Path, maintenance_url: str) -> Iterator[tuple[dict, str]]:
    """A new empty database for this run, dropped after; yields the environment naming it and a description."""
    if kind == "sqlite":
        path = folder / "lens.sqlite"
        yield {"FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"}, f"SQLite {sqlite3.sqlite_version} ({path})"
        return
    import psycopg

    name = f"lens_bench_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(maintenance_url, autocommit=True) as admin:
        server_version = admin.execute("SHOW server_version").fetchone()[0]
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = maintenance_url.rsplit("/", 1)[0] + f"/{name}"
        yield {"DATABASE_URL": url}, f"PostgreSQL {server_version} (database {name}, dropped after the run)"
    finally:
        with psycopg.connect(maintenance_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_environment(folder: Path, database: dict) -> dict:
    """The environment the server runs Lens in: this run's database, a copy of the bank, nothing in instance/."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("FLASK_") and key != "DATABASE_URL"}
    # A copy: other people editing exercises/ during the run must not change what is measured.
    exercises, seeds = folder / "exercises", folder / "seeds"
    shutil.copytree(ROOT / "exercises", exercises)
    shutil.copytree(ROOT / "seeds", seeds)
    return (
        env
        | database
        | {
            "FLASK_SECRET_KEY": secrets.token_urlsafe(32),
            "FLASK_EXERCISES_DIR": str(exercises),
            "FLASK_SEEDS_DIR": str(seeds),
            "FLASK_EXERCISE_HISTORY_DIR": str(folder / "exercise-history"),
            "FLASK_PENDING_UPLOADS_DIR": str(folder / "pending-uploads"),
        }
    )


# -------------------------------------------------------------------------------------------------- seeding


@dataclass
class Seeded:
    sets: list
    class_id: int
    code: str
    big_class_id: int


def seed(env: dict, class_size: int) -> Seeded:
    """Make the tables, the teacher, the students' class and the big class, before the server starts."""
    from quiz import create_app
    from quiz.models import db
    from quiz.store import accounts, classes

    # The app reads its settings from the environment, as under the server; they name folders gone after the run.
    with patch.dict(os.environ, env, clear=True):
        app = create_app(production=True)
    with app.app_context():
        teacher = accounts.create_teacher(TEACHER, PASSWORD)
        lesson = classes.create_class(teacher, name="Bench lesson", set_ids=None)
        big = classes.create_class(teacher, name="Big class", set_ids=None)
        sets = list(app.extensions["lens_bank"].sets.values())
        fill_class(big, sets, class_size)
        db.session.commit()
        seeded = Seeded(sets, lesson.id, lesson.join_code, big.id)
        db.engine.dispose()
    return seeded


def fill_class(classroom, sets: list, size: int) -> None:
    """Students who all finished the biggest set, and half of whom finished the next biggest, half way through."""
    from quiz.classroom.codes import PERSONAL_CODE_LENGTH, new_code
    from quiz.models import Learner, Membership, db
    from quiz.store.classes import name_key

    first, second = sorted(sets, key=lambda exercise_set: -len(exercise_set.items))[:2]
    rng = random.Random(7)
    for number in range(size):
        name = f"Student {number:03d}"
        learner = Learner(token=secrets.token_urlsafe(24))
        learner.membership = Membership(
            classroom_id=classroom.id,
            display_name=name,
            name_key=name_key(name),
            reentry_code=new_code(PERSONAL_CODE_LENGTH),
        )
        learner.attempts = [finished_attempt(first, rng)]
        learner.attempts.append(finished_attempt(second, rng, share=1.0 if number % 2 else 0.5))
        db.session.add(learner)


def finished_attempt(exercise_set, rng: random.Random, share: float = 1.0):
    """Attempt 1 at the set with the first share of its items answered; finished when all are."""
    from quiz.items import encode_response, perfect_response, score
    from quiz.models import Answer, Attempt, utcnow

    items = exercise_set.items[: math.ceil(len(exercise_set.items) * share)]
    attempt = Attempt(exercise_id=exercise_set.id, number=1, finished_at=utcnow() if share == 1.0 else None)
    for item in items:
        response = perfect_response(item) if rng.random() < 0.6 else weak_response(item)
        attempt.answers.append(
            Answer(
                item_id=item.id,
                skill=item.skill,
                item_version=item.version,
                response=encode_response(item, response),
                score=score(item, response).score,
            )
        )
    return attempt


# --------------------------------------------------------------------------------------------------- phases


def run_turn(recorder: Recorder, browsers: list[Browser], loops: list, warmup: float, duration: float) -> None:
    """Run one loop per browser, each in its own thread, then measure for the duration after the warm-up (unless
    the recorder is open already, to measure from the first request)."""
    for browser in browsers:
        browser.recorder = recorder
    stop = threading.Event()
    threads = [
        threading.Thread(target=loop, args=(browser, stop)) for browser, loop in zip(browsers, loops, strict=True)
    ]
    for thread in threads:
        thread.start()
    time.sleep(warmup)
    if recorder.opened is None:
        recorder.open()
    time.sleep(duration)
    recorder.close()
    stop.set()
    for thread in threads:
        thread.join()


@dataclass
class PhaseResult:
    name: str
    rows: list[Row]
    window: float
    requests: int
    server_cpu: float
    client_cpu: float


def result_of(name: str, recorder: Recorder) -> PhaseResult:
    rows = rows_of(name, recorder)
    return PhaseResult(name, rows, recorder.window, recorder.requests, recorder.server_cpu, recorder.client_cpu)


def keep_saying_hello(browser: Browser, stop: threading.Event) -> None:
    while not stop.is_set():
        browser.get("hello", "/hello")


def all_phases(settings: Settings, env: dict, seeded: Seeded, log: Path) -> list[PhaseResult]:
    """Both servers up side by side; the loads on each take turns, then the lesson and the big class."""
    hello_server = serving("bench.hello_app:app", settings, env, log, "/hello")
    lens_server = serving("quiz.wsgi:app", settings, env, log, "/static/favicon.svg")
    with hello_server as (hello_port, hello_pid), lens_server as (port, pid):
        readers = [Student(port, f"Reader {n:02d}", seeded.sets) for n in range(settings.students)]
        writers = [Student(port, f"Writer {n:02d}", seeded.sets) for n in range(settings.students)]
        print("  students joining ...", flush=True)
        in_parallel([*readers, *writers], lambda student: student.join(seeded.code))
        in_parallel(readers, answer_first_items)
        loads = {
            "bare Flask": (Recorder(hello_pid), [Browser(hello_port) for _ in range(settings.students)]),
            "quiz page": (Recorder(pid), readers),
            "answer": (Recorder(pid), writers),
        }
        loops = {"bare Flask": keep_saying_hello, "quiz page": keep_opening_items, "answer": keep_answering}
        for turn in range(settings.rounds):
            for name, (recorder, browsers) in loads.items():
                print(f"  {name} (turn {turn + 1} of {settings.rounds}) ...", flush=True)
                turn_length = settings.duration / settings.rounds
                run_turn(recorder, browsers, [loops[name]] * len(browsers), settings.warmup, turn_length)
        results = [result_of(name, recorder) for name, (recorder, _) in loads.items()]
        print("  classroom ...", flush=True)
        results.append(result_of("classroom", classroom(Recorder(pid), port, seeded, settings)))
        print("  class of 300 ...", flush=True)
        results.append(result_of("class of 300", big_class(Recorder(pid), port, seeded, settings)))
        return results


def in_parallel(students: list[Student], task: Callable[[Student], None]) -> None:
    threads = [threading.Thread(target=task, args=(student,)) for student in students]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def classroom(recorder: Recorder, port: int, seeded: Seeded, settings: Settings) -> Recorder:
    """New students join at once and work through the sets while the teacher watches. No warm-up: the server is
    warm from the loads before, and the joins at the start of the lesson are part of what is measured."""
    students = [Student(port, f"Pupil {n:02d}", seeded.sets) for n in range(settings.students)]
    teacher = TeacherBrowser(port)
    teacher.sign_in()
    lesson = partial(work_through_sets, code=seeded.code, think=settings.think)
    watching = partial(watch_the_class, class_id=seeded.class_id)
    recorder.open()
    run_turn(recorder, [*students, teacher], [lesson] * len(students) + [watching], 0.0, settings.duration)
    return recorder


def big_class(recorder: Recorder, port: int, seeded: Seeded, settings: Settings) -> Recorder:
    """The big class's dashboard and exports, one request at a time after one unmeasured load of each."""
    teacher = TeacherBrowser(port)
    teacher.sign_in()
    teacher.read_class(seeded.big_class_id)
    teacher.export(seeded.big_class_id)
    teacher.recorder = recorder
    recorder.open()
    for _ in range(settings.repeats):
        teacher.read_class(seeded.big_class_id, " (300)")
    for _ in range(max(2, settings.repeats // 4)):
        teacher.export(seeded.big_class_id, " (300)")
    recorder.close()
    return recorder


# -------------------------------------------------------------------------------------------------- report


def print_report(settings: Settings, database: str, results: list[PhaseResult], load_before: str) -> None:
    hello = results[0].rows[0]
    print(
        f"\nmachine: {os.cpu_count()} CPUs (nproc {nproc()}), Python {platform.python_version()}, {platform.platform()}"
    )
    print(f"machine load before the run: {load_before}")
    print(f"machine load after the run:  {machine_load()}")
    print(f"database: {database}")
    print(
        f"server: {settings.server} {version(settings.server)}, {' '.join(server_flags(settings))}; "
        f"{settings.students} students at once; hello, quiz page and answer take {settings.rounds} turns each, "
        f"{settings.duration:g} s measured in all after {settings.warmup:g} s of warm-up per turn; the classroom "
        f"{settings.duration:g} s from the first join, think time {settings.think:g} s"
    )
    header = f"{'phase':<13}{'kind':<20}{'requests':>9}{'errors':>7}{'req/s':>9}{'p50 ms':>8}{'p95 ms':>8}"
    print("\n" + header + f"{'p99 ms':>8}{'÷hello req/s':>13}{'÷hello p50':>11}")
    for result in results:
        for row in result.rows:
            print(table_line(row, hello))
    print("\nCPU while measuring (100% = one core busy); server CPU per request, whatever its kind:")
    for result in results:
        print(
            f"  {result.name:<13} {result.window:5.1f} s: server {100 * result.server_cpu / result.window:4.0f}%, "
            f"benchmark client {100 * result.client_cpu / result.window:4.0f}%, "
            f"server {1000 * result.server_cpu / max(1, result.requests):6.2f} ms per request"
        )
    print_targets(results, hello)


def machine_load() -> str:
    """How busy the machine is with other work: the load average, and how often tasks waited for a CPU."""
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    try:
        pressure = Path("/proc/pressure/cpu").read_text().splitlines()[0].split()[2].removeprefix("avg60=")
    except (OSError, IndexError):
        return f"load average {load}"
    return f"load average {load}; tasks waited for a CPU {pressure}% of the last minute"


def nproc() -> str:
    return subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()


def table_line(row: Row, hello: Row) -> str:
    line = f"{row.phase:<13}{row.kind:<20}{row.requests:>9}{row.errors:>7}{row.per_second:>9.1f}"
    line += f"{row.p50:>8.1f}{row.p95:>8.1f}{row.p99:>8.1f}"
    return line + f"{row.per_second / hello.per_second:>13.2f}{row.p50 / hello.p50:>11.1f}"


def print_targets(results: list[PhaseResult], hello: Row) -> None:
    """Pass or miss against each of the issue's targets."""
    by_phase = {result.name: {row.kind: row for row in result.rows} for result in results}
    page, answer = by_phase["quiz page"]["quiz page"], by_phase["answer"]["answer"]
    lesson = [row for kind, row in by_phase["classroom"].items() if kind in STUDENT_KINDS]
    slowest = max(lesson, key=lambda row: row.p99)
    print("\ntargets:")
    checks = [
        (
            page.per_second >= QUIZ_PAGE_SHARE * hello.per_second,
            "quiz page (GET of an item) ≥ 50% of hello's req/s",
            f"{100 * page.per_second / hello.per_second:.0f}%",
        ),
        (
            answer.per_second >= ANSWER_SHARE * hello.per_second,
            "answer (POST) ≥ 30% of hello's req/s",
            f"{100 * answer.per_second / hello.per_second:.0f}%",
        ),
        (
            slowest.p99 < P99_LIMIT_MS,
            f"p99 < {P99_LIMIT_MS:.0f} ms for every student request in the classroom",
            ", ".join(f"{row.kind} {row.p99:.0f} ms" for row in lesson),
        ),
    ]
    for passed, target, figure in checks:
        print(f"  {'PASS' if passed else 'MISS'}  {target}: {figure}")
    dashboard = by_phase["class of 300"].get("dashboard (300)")
    if dashboard:
        print(f"  info  dashboard of the 300-student class: p50 {dashboard.p50:.0f} ms over {dashboard.requests} loads")


# ---------------------------------------------------------------------------------------------------- main


def parse_settings(argv: list[str] | None = None) -> tuple[Settings, str, bool]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--server", choices=["waitress", "gunicorn"], default="waitress", help="(default: README's)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class (default sync)")
    parser.add_argument(
        "--threads", type=int, default=None, help="threads (default 8 for waitress, 1 per gunicorn worker)"
    )
    parser.add_argument("--students", type=int, default=30, help="simulated students at once (default 30)")
    parser.add_argument("--duration", type=float, default=15, help="seconds measured per load (default 15)")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of warm-up per turn (default 3)")
    parser.add_argument("--class-size", type=int, default=300, help="students in the big class (default 300)")
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds a student pauses before an item")
    parser.add_argument("--repeats", type=int, default=10, help="loads of the big class's dashboard (default 10)")
    parser.add_argument("--rounds", type=int, default=3, help="turns the loads take (default 3)")
    parser.add_argument("--maintenance-url", default=MAINTENANCE_URL, help="PostgreSQL database to create one from")
    parser.add_argument("--quick", action="store_true", help="a short run to try the benchmark (4 s per load)")
    parser.add_argument(
        "--load-only", action="store_true", help="skip the file and export measures (validate_bank, export_memory)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.duration, args.warmup, args.repeats, args.rounds = 4, 0.5, 4, 2
    fields = {name: getattr(args, name) for name in Settings.__dataclass_fields__}
    return Settings(**fields), args.maintenance_url, args.load_only


def measure_files_and_exports() -> None:
    """The issue's other figures, from their own scripts: 1,000 exercise files checked and served, and 100,000
    responses exported. They need no server, so they run after it has stopped."""
    for script in ("validate_bank.py", "export_memory.py"):
        print(f"\n$ python bench/{script}", flush=True)
        subprocess.run([sys.executable, str(Path(__file__).parent / script)], check=True)


def main(argv: list[str] | None = None) -> None:
    settings, maintenance_url, load_only = parse_settings(argv)
    load_before = machine_load()
    # Client threads hand the GIL over sooner, so a finished response is timed when it arrives, not 5 ms later.
    sys.setswitchinterval(0.0005)
    with tempfile.TemporaryDirectory(prefix="lens-bench-") as temporary:
        folder = Path(temporary)
        log = folder / "server.log"
        with fresh_database(settings.database, folder, maintenance_url) as (database_env, database):
            env = server_environment(folder, database_env)
            print(f"seeding {database} ...", flush=True)
            started = time.perf_counter()
            seeded = seed(env, settings.class_size)
            print(f"  seeded in {time.perf_counter() - started:.1f} s", flush=True)
            print("measuring ...", flush=True)
            results = all_phases(settings, env, seeded, log)
        print_report(settings, database, results, load_before)
        problems = log.read_text().strip()
        if problems:
            print(f"\nthe servers' log (warnings and errors):\n{problems[-3000:]}")
    if not load_only:
        measure_files_and_exports()


if __name__ == "__main__":
    main()
