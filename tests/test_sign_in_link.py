"""The one-time sign-in link (issue 14, L5): the way into an account under a broad attack from a new browser."""

import re
from datetime import timedelta

import pytest

from helpers import Teacher, make_teacher, text_of
from quiz.web import auth

REFUSED = (
    "This sign-in link has expired, has been used already, or was replaced by a new password. Ask whoever runs Lens "
    "for a new one (flask --app quiz teacher-sign-in-link USERNAME), or sign in with your password."
)


def link_from(runner, username: str = "teacher") -> str:
    result = runner.invoke(args=["teacher-sign-in-link", username])
    assert result.exit_code == 0, result.output
    return re.search(r"^(/teacher/sign-in-link/\S+)$", result.output, re.MULTILINE).group(1)


def test_the_command_prints_a_link_that_works_once_and_says_so(app, runner):
    make_teacher(app)
    result = runner.invoke(args=["teacher-sign-in-link", "Teacher", "--base-url", "https://lens.example/"])
    assert result.exit_code == 0
    assert result.output.startswith("A one-time sign-in link for teacher, for one use within 15 minutes:\n")
    assert re.search(r"^https://lens\.example/teacher/sign-in-link/\S+$", result.output, re.MULTILINE)


def test_a_link_signs_the_teacher_in_once_and_makes_the_browser_a_known_one(app, runner):
    make_teacher(app)
    link = link_from(runner)
    browser = Teacher(app.test_client())
    # Opening it (as a chat app's preview does) uses nothing up: the page asks first.
    assert "Sign in as teacher" in text_of(browser.page(link))
    assert "Sign in as teacher" in text_of(browser.page(link))
    signed_in = browser.submit(link, follow=False)
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/teacher/"
    assert "Your classes" in text_of(browser.page("/teacher/"))
    assert browser.client.get_cookie(auth.DEVICE_COOKIE, path="/teacher/") is not None
    again = Teacher(app.test_client()).client.get(link)
    assert again.status_code == 400
    assert REFUSED in text_of(again.get_data(as_text=True))


def test_a_link_gets_a_teacher_in_while_the_account_is_under_a_broad_attack(app, runner, monkeypatch):
    from quiz.classroom.throttle import Ceiling

    monkeypatch.setattr(auth, "SIGN_IN_ACCOUNT", Ceiling(limit=2, window=timedelta(hours=1)))
    make_teacher(app)
    for _ in range(2):
        Teacher(app.test_client()).sign_in(password="a guess")
    laptop = Teacher(app.test_client())
    assert laptop.sign_in().status_code == 429
    assert laptop.submit(link_from(runner), follow=False).status_code == 302
    laptop.submit("/teacher/sign-out", form_page="/teacher/")
    # Now a browser the teacher signed in on before: the password works on it during the attack.
    assert laptop.sign_in().status_code == 200


@pytest.mark.parametrize("spoil", ["password", "lifetime", "forged", "disabled"])
def test_a_link_is_refused_once_spoilt(app, runner, monkeypatch, spoil):
    make_teacher(app)
    link = link_from(runner)
    if spoil == "password":
        runner.invoke(args=["set-teacher-password", "teacher", "--password", "a new long password"])
    elif spoil == "lifetime":
        monkeypatch.setattr(auth, "LINK_LIFETIME", timedelta(seconds=-1))
    elif spoil == "forged":
        link = link[:-3] + ("aaa" if not link.endswith("aaa") else "bbb")
    else:
        runner.invoke(args=["disable-teacher", "teacher"])
    refused = app.test_client().get(link)
    assert refused.status_code == 400
    assert REFUSED in text_of(refused.get_data(as_text=True))


def test_the_command_refuses_an_unknown_or_disabled_teacher(app, runner):
    make_teacher(app)
    assert runner.invoke(args=["disable-teacher", "teacher"]).exit_code == 0
    disabled = runner.invoke(args=["teacher-sign-in-link", "teacher"])
    assert disabled.exit_code == 1
    assert "Error: teacher is disabled; enable-teacher teacher first." in disabled.output
    unknown = runner.invoke(args=["teacher-sign-in-link", "nobody"])
    assert "Error: There is no teacher called nobody." in unknown.output
