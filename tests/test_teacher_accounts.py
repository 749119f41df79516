"""Teacher accounts: signing in and out, throttled guessing, sessions that really end, the CLI that makes them."""

import pytest

from helpers import Teacher, count_rows, make_teacher, text_of
from quiz.models import Failure, db
from quiz.models import Teacher as TeacherRow


def sign_in_from(app, address: str, username: str = "teacher", password: str = "a long password"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return Teacher(client).sign_in(username, password), client


def test_a_teacher_signs_in_and_out(app):
    make_teacher(app)
    teacher = Teacher(app.test_client())
    assert "Your classes" in text_of(teacher.sign_in().get_data(as_text=True))
    page = teacher.submit("/teacher/sign-out", form_page="/teacher/", follow=True)
    assert "You are signed out." in text_of(page.get_data(as_text=True))
    assert teacher.client.get("/teacher/").status_code == 302


def test_the_password_is_stored_hashed_with_a_current_algorithm(app):
    make_teacher(app, "ms.smith", "a long password")
    with app.app_context():
        stored = db.session.execute(db.select(TeacherRow.password_hash)).scalar_one()
    assert "a long password" not in stored and stored.startswith(("scrypt:", "pbkdf2:"))


def test_wrong_passwords_are_slowed_per_account_and_browser_and_say_when_to_try_again(app):
    make_teacher(app)
    make_teacher(app, "colleague")
    guesser = app.test_client()
    guesser.environ_base["REMOTE_ADDR"] = "10.0.0.1"
    for _ in range(5):
        response = Teacher(guesser).sign_in(password="wrong password")
        assert response.status_code == 400
        assert "do not match" in text_of(response.get_data(as_text=True))
    locked = Teacher(guesser).sign_in()
    assert locked.status_code == 429
    assert "Too many wrong passwords for this account on this browser. Try again in 1 minute" in text_of(
        locked.get_data(as_text=True)
    )
    # The same router's other teacher, the same teacher on another browser there, and from home are not held up.
    assert sign_in_from(app, "10.0.0.1", "colleague")[0].status_code == 200
    assert sign_in_from(app, "10.0.0.1")[0].status_code == 200
    assert sign_in_from(app, "192.0.2.7")[0].status_code == 200


def test_a_successful_sign_in_forgets_its_browsers_mistakes_but_not_the_accounts(app):
    make_teacher(app)
    browser = Teacher(app.test_client())
    for _ in range(4):
        browser.sign_in(password="wrong password")
    assert browser.sign_in().status_code == 200
    # The browser's own count is gone; the account's and the address's keep the four wrong ones, not the right one.
    with app.app_context():
        assert sorted(db.session.execute(db.select(Failure.count)).scalars()) == [4, 4]


def test_a_cookie_copied_before_sign_out_no_longer_works_after_it(app, teacher):
    copied = teacher.client.get_cookie("session").value
    teacher.submit("/teacher/sign-out", form_page="/teacher/")
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/teacher/").status_code == 302


def test_changing_the_password_signs_out_every_other_browser_but_this_one(app, teacher):
    _, other = sign_in_from(app, "10.0.0.2")
    assert other.get("/teacher/").status_code == 200
    form = {"current": "a long password", "new": "another long one", "again": "another long one"}
    page = teacher.submit("/teacher/password", form)
    assert "Your password is changed" in text_of(page.get_data(as_text=True))
    assert teacher.client.get("/teacher/").status_code == 200
    assert other.get("/teacher/").status_code == 302
    assert sign_in_from(app, "10.0.0.3", password="another long one")[0].status_code == 200


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"current": "nope", "new": "another long one", "again": "another long one"}, "current password is not right"),
        ({"current": "a long password", "new": "another long one", "again": "different"}, "are not the same"),
        ({"current": "a long password", "new": "short", "again": "short"}, "at least 8 characters"),
    ],
)
def test_a_refused_password_change_says_why_and_changes_nothing(app, teacher, form, message):
    response = teacher.submit("/teacher/password", form)
    assert response.status_code == 400
    assert message in text_of(response.get_data(as_text=True))
    assert sign_in_from(app, "10.0.0.4")[0].status_code == 200


def test_disabling_a_teacher_signs_them_out_everywhere(app, teacher, runner):
    assert runner.invoke(args=["disable-teacher", "teacher"]).exit_code == 0
    assert teacher.client.get("/teacher/").status_code == 302
    assert sign_in_from(app, "10.0.0.5")[0].status_code == 400
    assert runner.invoke(args=["enable-teacher", "teacher"]).exit_code == 0
    assert sign_in_from(app, "10.0.0.5")[0].status_code == 200


def test_create_teacher_asks_for_the_password_twice_or_takes_it_from_an_option(app, runner):
    asked = runner.invoke(args=["create-teacher", "Ms.Jones"], input="a long password\na long password\n")
    assert asked.exit_code == 0, asked.output
    assert "Teacher ms.jones created" in asked.output
    scripted = runner.invoke(args=["create-teacher", "mr.lee", "--password", "another long one"])
    assert scripted.exit_code == 0
    assert sign_in_from(app, "10.0.0.6", "MS.JONES")[0].status_code == 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["create-teacher", "x", "--password", "a long password"], "2 to 40 characters"),
        (["create-teacher", "ok-name", "--password", "short"], "at least 8 characters"),
        (["create-teacher", "ok-name-1", "--password", "OK-NAME-1"], "not your username"),
        (["disable-teacher", "nobody"], "There is no teacher called nobody."),
    ],
)
def test_teacher_commands_explain_what_is_wrong(runner, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


def test_sign_in_only_sends_the_teacher_on_to_pages_of_this_site(app):
    make_teacher(app)
    client = app.test_client()
    teacher = Teacher(client)
    for target, expected in [("/teacher/classes/new", "/teacher/classes/new"), ("https://evil.example/", "/teacher/")]:
        response = teacher.submit(
            f"/teacher/sign-in?next={target}",
            {"username": "teacher", "password": "a long password"},
            form_page="/teacher/sign-in",
            follow=False,
        )
        assert response.headers["Location"] == expected


def test_session_cookies_are_http_only_same_site_and_secure_over_https(app):
    make_teacher(app)
    client = app.test_client()
    plain = client.get("/").headers["Set-Cookie"]
    assert "HttpOnly" in plain and "SameSite=Lax" in plain and "Secure" not in plain
    secure = app.test_client().get("/", base_url="https://school.example").headers["Set-Cookie"]
    assert "Secure" in secure


def test_a_student_guessing_from_the_classroom_cannot_lock_the_teacher_out_of_their_own_laptop(app):
    make_teacher(app)
    laptop = app.test_client()
    laptop.environ_base["REMOTE_ADDR"] = "10.0.0.1"
    teacher = Teacher(laptop)
    teacher.sign_in()
    teacher.submit("/teacher/sign-out", form_page="/teacher/")
    for _ in range(6):
        sign_in_from(app, "10.0.0.1", password="a guess")
    assert teacher.sign_in().status_code == 200
    assert "Your classes" in text_of(teacher.page("/teacher/"))


def test_wrong_passwords_on_the_teachers_own_laptop_are_throttled_too(app):
    make_teacher(app)
    teacher = Teacher(app.test_client())
    teacher.sign_in()
    teacher.submit("/teacher/sign-out", form_page="/teacher/")
    for _ in range(5):
        teacher.sign_in(password="wrong password")
    assert teacher.sign_in().status_code == 429


def test_a_next_address_with_control_characters_is_ignored_not_a_crash(app):
    make_teacher(app)
    teacher = Teacher(app.test_client())
    form = {"username": "teacher", "password": "a long password"}
    response = teacher.submit(
        "/teacher/sign-in?next=/%0d%0a//evil.example", form, form_page="/teacher/sign-in", follow=False
    )
    assert response.status_code == 302 and response.headers["Location"] == "/teacher/"


def test_signing_in_starts_a_fresh_session_without_a_students_leftovers(app):
    make_teacher(app)
    shared = app.test_client()
    Teacher(shared).page("/")  # a student's visit gives the browser a learner id
    with shared.session_transaction() as before:
        assert "learner" in before
    Teacher(shared).sign_in()
    with shared.session_transaction() as after:
        assert "learner" not in after


def test_a_very_long_username_is_refused_politely(app):
    response, _ = sign_in_from(app, "10.0.0.9", username="x" * 5000)
    assert response.status_code == 400
    assert count_rows(app, Failure) == 0
