"""Answers sent at the same moment: one per item per attempt, and nobody sees "database is locked"."""

import pytest

from databases import ON_POSTGRESQL
from helpers import LEOPARD_KEY, Student, Teacher, make_teacher, send_together
from helpers import count_rows as count
from quiz.classroom.throttle import SIGN_IN
from quiz.models import Answer, Attempt, Learner, Membership, db


def statuses_of(requests) -> list[int]:
    return [response.status_code for response in send_together(requests)]


def test_the_same_answer_sent_from_two_tabs_at_once_is_stored_once(app, student, client):
    url = "/sets/demo/items/leopard"
    token = student.token(url)
    data = {"csrf_token": token, "attempt": 1, **LEOPARD_KEY}
    statuses = statuses_of([lambda: client.post(url, data=data)] * 8)
    assert statuses == [302] * 8
    assert (count(app, Learner), count(app, Attempt), count(app, Answer)) == (1, 1, 1)


def test_a_class_submitting_in_the_same_second_loses_nothing(app):
    students = [Student(app.test_client()) for _ in range(30)]
    url = "/sets/demo/items/leopard"
    tokens = [s.token(url) for s in students]
    requests = [
        (lambda s=s, t=t: s.client.post(url, data={"csrf_token": t, "attempt": 1, **LEOPARD_KEY}))
        for s, t in zip(students, tokens, strict=True)
    ]
    assert statuses_of(requests) == [302] * 30
    assert (count(app, Learner), count(app, Attempt), count(app, Answer)) == (30, 30, 30)


@pytest.mark.skipif(ON_POSTGRESQL, reason="SQLite's own settings")
def test_sqlite_is_set_up_for_a_classroom_burst(app):
    with app.app_context():
        connection = db.engine.raw_connection()
        try:
            cursor = connection.cursor()
            pragmas = {
                name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
                for name in ("journal_mode", "busy_timeout", "foreign_keys")
            }
        finally:
            connection.close()
    assert pragmas == {"journal_mode": "wal", "busy_timeout": 10000, "foreign_keys": 1}


def test_a_burst_of_parallel_wrong_passwords_from_one_browser_gets_no_more_checks_than_the_allowance(app):
    make_teacher(app)
    first = Teacher(app.test_client())
    token = first.token("/teacher/sign-in")
    guessers = [Teacher(app.test_client()) for _ in range(20)]
    for guesser in guessers:
        # One browser: the same session cookie, so the same count of wrong passwords.
        guesser.client.set_cookie("session", first.client.get_cookie("session").value)
    data = {"csrf_token": token, "username": "teacher", "password": "guess"}
    requests = [(lambda g=g: g.client.post("/teacher/sign-in", data=data)) for g in guessers]
    statuses = statuses_of(requests)
    assert statuses.count(400) == SIGN_IN.free
    assert statuses.count(429) == 20 - SIGN_IN.free


def test_ten_students_taking_one_name_at_once_leave_one_in_the_class(app, class_code):
    students = [Student(app.test_client()) for _ in range(10)]
    tokens = [student.token("/join") for student in students]
    requests = [
        (lambda s=s, t=t: s.client.post("/join", data={"csrf_token": t, "code": class_code, "display_name": "Chloe"}))
        for s, t in zip(students, tokens, strict=True)
    ]
    statuses = statuses_of(requests)
    assert sorted(statuses) == [302] + [400] * 9
    assert count(app, Membership) == 1
