"""Throttling that holds (issue 14, L4-L8): forwarded headers only from trusted proxies, a teacher never locked out
by a student's guesses, code guessing bounded per address, and a failure table that forgets and holds no address."""

from datetime import datetime, timedelta

import pytest

from helpers import Student, Teacher, config, make_teacher, send_together, statements_sent, text_of
from quiz import ConfigurationError, create_app
from quiz.classroom import throttle
from quiz.classroom.throttle import CODES_ADDRESS, SIGN_IN_ACCOUNT, SIGN_IN_ADDRESS, Ceiling, Policy
from quiz.models import Failure, Membership, db, utcnow
from quiz.store import failures
from quiz.web import auth

T0 = datetime(2026, 11, 29, 9, 0)
HOUR = timedelta(hours=1)
NETWORK_CODES = "Too many wrong codes from this network in the last minute. Try again in"


def browser_at(app, address: str) -> Student:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return Student(client)


def teacher_at(app, address: str) -> Teacher:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return Teacher(client)


def stored_failures(app) -> dict[str, int]:
    with app.app_context():
        return dict(db.session.execute(db.select(Failure.key, Failure.count)).all())


def key(kind: str, *parts: str) -> str:
    return failures.keyed(kind, *parts, secret="test")


# The pure policy.


@pytest.mark.parametrize(
    ("first_guess", "now", "open_"),
    [(T0, T0, True), (T0, T0 + HOUR, True), (T0, T0 + HOUR + timedelta(seconds=1), False)],
)
def test_a_ceilings_window_runs_from_its_first_guess(first_guess, now, open_):
    assert Ceiling(limit=50, window=HOUR).window_open(first_guess, now) is open_


def test_a_ceiling_lets_its_limit_through_and_reopens_a_window_after_the_first_guess():
    ceiling = Ceiling(limit=60, window=timedelta(minutes=1))
    assert [ceiling.over(count) for count in (1, 60, 61)] == [False, False, True]
    assert ceiling.reopens(T0) == datetime(2026, 11, 29, 9, 1)


def test_the_ceilings_are_those_the_readme_states():
    assert (SIGN_IN_ACCOUNT.limit, SIGN_IN_ACCOUNT.window) == (50, HOUR)
    assert (SIGN_IN_ADDRESS.limit, SIGN_IN_ADDRESS.window) == (100, HOUR)
    assert (CODES_ADDRESS.limit, CODES_ADDRESS.window) == (60, timedelta(minutes=1))
    # Rows are deleted once MEMORY old: no window may outlast them, nor a sign-in link its record of use.
    assert max(SIGN_IN_ACCOUNT.window, SIGN_IN_ADDRESS.window, CODES_ADDRESS.window) <= throttle.MEMORY
    assert auth.LINK_LIFETIME <= throttle.MEMORY


@pytest.mark.parametrize(("failures_so_far", "wait"), [(4, 0), (5, 1), (6, 2), (9, 16), (10, 30), (40, 30)])
def test_the_escalating_wait_doubles_up_to_half_an_hour(failures_so_far, wait):
    assert Policy(free=5).wait_after(failures_so_far) == timedelta(minutes=wait)


def test_keys_hold_no_readable_part_and_depend_on_the_secret():
    made = failures.keyed("codes:address", "198.51.100.23", secret="one")
    assert made.startswith("codes:address:") and "198.51.100.23" not in made
    assert made != failures.keyed("codes:address", "198.51.100.23", secret="two")
    assert made != failures.keyed("sign-in:address", "198.51.100.23", secret="one")


# L4: forwarded headers are believed only from the proxies.


@pytest.fixture
def proxied(tmp_path):
    """An app behind one proxy (FLASK_PROXY_HOPS=1) that trusts the proxies at 10.0.0.0/8 only."""
    app = create_app(config(tmp_path, PROXY_HOPS=1, TRUSTED_PROXIES="10.0.0.0/8, 192.0.2.1"))
    yield app
    with app.app_context():
        db.engine.dispose()


def test_a_client_reaching_the_app_directly_cannot_escape_the_throttle_with_x_forwarded_for(proxied, class_code_of):
    code = class_code_of(proxied)
    for guess in range(CODES_ADDRESS.limit):
        forged = {"X-Forwarded-For": f"198.51.100.{guess}"}
        student = browser_at(proxied, "203.0.113.9")
        token = student.token("/join")
        response = student.client.post(
            "/join", data={"csrf_token": token, "code": "AAAA-AAAA", "display_name": "Eve"}, headers=forged
        )
        assert response.status_code == 400
    student = browser_at(proxied, "203.0.113.9")
    token = student.token("/join")
    refused = student.client.post(
        "/join",
        data={"csrf_token": token, "code": code, "display_name": "Eve"},
        headers={"X-Forwarded-For": "198.51.100.250"},
    )
    assert refused.status_code == 429
    assert NETWORK_CODES in text_of(refused.get_data(as_text=True))


def test_a_trusted_proxy_gives_the_clients_address_and_any_other_peer_only_its_own(proxied):
    for peer in ("10.1.2.3", "203.0.113.9"):
        student = browser_at(proxied, peer)
        token = student.token("/join")
        student.client.post(
            "/join",
            data={"csrf_token": token, "code": "AAAA-AAAA", "display_name": "Eve"},
            headers={"X-Forwarded-For": "198.51.100.7"},
        )
    keys = stored_failures(proxied)
    assert key("codes:address", "198.51.100.7") in keys  # through the proxy at 10.1.2.3
    assert key("codes:address", "203.0.113.9") in keys  # straight from 203.0.113.9: its header ignored
    assert key("codes:address", "10.1.2.3") not in keys


def test_https_is_believed_only_from_a_trusted_proxy(proxied):
    headers = {"X-Forwarded-Proto": "https"}
    trusted = proxied.test_client().get("/", headers=headers, environ_base={"REMOTE_ADDR": "192.0.2.1"})
    direct = proxied.test_client().get("/", headers=headers, environ_base={"REMOTE_ADDR": "192.0.2.2"})
    assert "Secure" in trusted.headers["Set-Cookie"]
    assert "Secure" not in direct.headers["Set-Cookie"]


def test_without_trusted_proxies_only_this_machine_is_trusted(tmp_path):
    app = create_app(config(tmp_path, PROXY_HOPS=1))
    headers = {"X-Forwarded-Proto": "https"}
    local = app.test_client().get("/", headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    remote = app.test_client().get("/", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.5"})
    assert "Secure" in local.headers["Set-Cookie"] and "Secure" not in remote.headers["Set-Cookie"]
    with app.app_context():
        db.engine.dispose()


def test_a_wrong_trusted_proxies_setting_stops_the_app_with_what_to_write(tmp_path):
    with pytest.raises(ConfigurationError) as refused:
        create_app(config(tmp_path, PROXY_HOPS=1, TRUSTED_PROXIES="10.0.0.0/8,the load balancer"))
    assert str(refused.value) == (
        "FLASK_TRUSTED_PROXIES: 'the load balancer' does not appear to be an IPv4 or IPv6 network. Give the "
        "addresses your proxies connect from, separated by commas, as addresses or networks: 127.0.0.1,10.0.0.0/8."
    )


# L5: a correct password is refused only for the account's own broad attack.


@pytest.mark.parametrize("keeps_cookies", [True, False])
def test_a_students_guesses_from_the_classroom_never_lock_the_teacher_out_of_a_new_browser(app, keeps_cookies):
    make_teacher(app)
    student = teacher_at(app, "10.0.0.1")
    for _ in range(8):
        if not keeps_cookies:
            student = teacher_at(app, "10.0.0.1")
        student.sign_in(password="a guess")
    assert student.sign_in().status_code == (429 if keeps_cookies else 200)
    new_laptop = teacher_at(app, "10.0.0.1")
    assert "Your classes" in text_of(new_laptop.sign_in().get_data(as_text=True))


@pytest.fixture
def low_ceilings(monkeypatch):
    """Ceilings of 3 wrong passwords, so a test reaches them without hundreds of password checks."""
    monkeypatch.setattr(auth, "SIGN_IN_ACCOUNT", Ceiling(limit=3, window=HOUR))
    monkeypatch.setattr(auth, "SIGN_IN_ADDRESS", Ceiling(limit=6, window=HOUR))


def test_an_account_under_a_broad_attack_signs_in_only_on_known_browsers_and_says_how_to_get_in(app, low_ceilings):
    make_teacher(app)
    known = teacher_at(app, "192.0.2.50")
    known.sign_in()
    known.submit("/teacher/sign-out", form_page="/teacher/")
    for guess in range(3):
        assert teacher_at(app, f"198.51.100.{guess}").sign_in(password="a guess").status_code == 400
    new_browser = teacher_at(app, "192.0.2.50")
    refused = new_browser.sign_in()
    assert refused.status_code == 429
    assert (
        "This account has had many wrong passwords from many places in the last hour, so Lens lets it sign in only on "
        "browsers it has signed in on before. To sign in on this one, ask whoever runs Lens for a one-time sign-in "
        "link (flask --app quiz teacher-sign-in-link USERNAME)."
    ) in text_of(refused.get_data(as_text=True))
    assert known.sign_in().status_code == 200
    # Refusals check no password, so they count nowhere: the new browser is not slowed down for them.
    for _ in range(6):
        assert new_browser.sign_in().status_code == 429
    assert stored_failures(app)[key("sign-in:account", "teacher")] == 3


def test_one_address_guessing_at_many_accounts_meets_the_address_ceiling(app, low_ceilings):
    make_teacher(app)
    for guess in range(6):
        assert teacher_at(app, "10.9.9.9").sign_in(f"name{guess}", "a guess").status_code == 400
    refused = teacher_at(app, "10.9.9.9").sign_in()
    assert refused.status_code == 429
    assert "Many wrong passwords have come from this network in the last hour" in text_of(
        refused.get_data(as_text=True)
    )
    assert teacher_at(app, "192.0.2.8").sign_in().status_code == 200


def test_a_burst_of_fresh_browsers_gets_no_more_password_checks_than_the_accounts_ceiling(app, low_ceilings):
    make_teacher(app)
    guessers = [teacher_at(app, f"198.51.100.{number}") for number in range(8)]
    tokens = [guesser.token("/teacher/sign-in") for guesser in guessers]
    data = {"username": "teacher", "password": "a guess"}
    requests = [
        (lambda g=g, t=t: g.client.post("/teacher/sign-in", data={"csrf_token": t, **data}))
        for g, t in zip(guessers, tokens, strict=True)
    ]
    statuses = [response.status_code for response in send_together(requests)]
    assert sorted(statuses) == [400] * 3 + [429] * 5


# L6: guessing codes is bounded per address, and a right code does not wipe the slate.


@pytest.fixture
def class_code_of():
    def make(app) -> str:
        make_teacher(app)
        signed_in = Teacher(app.test_client())
        signed_in.sign_in()
        return signed_in.create_class("7B")[1]

    return make


def test_a_guesser_dropping_cookies_gets_sixty_codes_a_minute_from_one_address(app, class_code):
    for _ in range(CODES_ADDRESS.limit):
        assert browser_at(app, "10.2.2.2").join("AAAA-AAAA", "Eve").status_code == 400
    refused = browser_at(app, "10.2.2.2").join(class_code, "Eve")
    assert refused.status_code == 429
    assert NETWORK_CODES in text_of(refused.get_data(as_text=True))
    assert browser_at(app, "10.3.3.3").join(class_code, "Ana").status_code == 200


def test_a_right_code_does_not_wipe_a_browsers_wrong_ones(app, class_code):
    guesser = browser_at(app, "10.4.4.4")
    statuses = [guesser.join("AAAA-AAAA", "Eve").status_code for _ in range(9)]
    statuses.append(guesser.join(class_code, "Eve", follow=False).status_code)
    statuses += [guesser.join("AAAA-AAAA", "Eve").status_code for _ in range(2)]
    assert statuses == [400] * 9 + [302, 400, 429]


def test_a_class_joining_together_with_typos_is_not_held_up(app, class_code):
    for number in range(30):
        student = browser_at(app, "10.5.5.5")
        assert student.join("AAAA-AAAA", f"Student {number}").status_code == 400
        assert student.join(class_code, f"Student {number}").status_code == 200


# L7: a right personal code is recorded.


def test_a_right_personal_code_takes_back_its_own_count_and_keeps_the_wrong_ones(app, class_code):
    browser_at(app, "10.6.6.6").join(class_code, "Ana")
    with app.app_context():
        code = db.session.execute(db.select(Membership.reentry_code).filter_by(display_name="Ana")).scalar_one()
    returning = browser_at(app, "10.7.7.7")
    returning.page("/return")
    with returning.client.session_transaction() as session:
        learner = session["learner"]
    for _ in range(3):
        returning.come_back("AAAA-AAAA-AAAA")
    assert returning.come_back(code, follow=False).status_code == 302
    stored = stored_failures(app)
    assert stored[key("codes:browser", learner)] == 3
    assert stored[key("codes:address", "10.7.7.7")] == 3


# L8: rows expire by age, at most every so often, and hold no readable address.


def test_the_failure_table_holds_no_address_username_or_cookie(app, class_code):
    make_teacher(app, "ms.smith")
    teacher_at(app, "198.51.100.23").sign_in("ms.smith", "a guess")
    student = browser_at(app, "198.51.100.23")
    student.join("AAAA-AAAA", "Eve")
    with student.client.session_transaction() as session:
        learner = session["learner"]
    for stored in stored_failures(app):
        assert "198.51.100.23" not in stored and "smith" not in stored and learner not in stored


def test_old_rows_are_deleted_by_age_and_not_in_every_attempt(app, monkeypatch):
    old = utcnow() - throttle.MEMORY - timedelta(minutes=1)
    recent = utcnow() - timedelta(minutes=5)
    with app.app_context():
        db.session.add(Failure(key="codes:browser:old", count=3, first_at=old, last_at=old))
        db.session.add(Failure(key="codes:browser:recent", count=3, first_at=recent, last_at=recent))
        db.session.commit()
    monkeypatch.setattr(failures, "_next_sweep", None)
    with statements_sent(app) as sent:
        for _ in range(5):
            browser_at(app, "10.8.8.8").come_back("AAAA-AAAA-AAAA")
    deletes = [statement for statement in sent if statement.lstrip().upper().startswith("DELETE FROM FAILURE")]
    assert len(deletes) == 1
    stored = stored_failures(app)
    assert "codes:browser:old" not in stored and stored["codes:browser:recent"] == 3
