"""The join screen in Chromium: a student joins with the QR code's link and the projected list grows without a reload;
with Lens listening on 127.0.0.1 only, the screen says students cannot reach it and gives the command."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect
from test_join_screen import drawn_modules, modules_of

from helpers import ROOT
from quiz.web.public_address import network_address

from .audit import check_page
from .conftest import TEACHER, LiveServer, open_context
from .test_classroom_in_browser import sign_in

# The script asks every 3 seconds; a list that has not caught up by twice that is broken.
CATCHES_UP_WITHIN_MS = 8000


@pytest.fixture(scope="module")
def school_server(tmp_path_factory):
    """Lens behind an address given in FLASK_PUBLIC_URL, as behind a school's proxy: here its own, so that the QR
    code's link leads back to it. (The suite's other server listens on 127.0.0.1 only, which students cannot reach.)"""
    server = LiveServer(tmp_path_factory.mktemp("school"))
    server.env["FLASK_PUBLIC_URL"] = server.url + "/"
    server.start()
    command = [sys.executable, "-m", "flask", "--app", "quiz", "create-teacher", TEACHER[0], "--password", TEACHER[1]]
    subprocess.run(command, cwd=ROOT, env=server.env, check=True, capture_output=True)
    yield server
    server.stop()
    server.log.close()


def open_join_screen(page, url: str, account: tuple[str, str], class_name: str) -> None:
    """Sign in, make a class, and open its join screen from the class page."""
    sign_in(page, url, account)
    page.get_by_role("link", name="New class").click()
    page.get_by_label("Class name").fill(class_name)
    page.get_by_role("button", name="Create the class").click()
    page.get_by_role("link", name="Show join screen").click()
    expect(page.get_by_role("heading", name=f"Join {class_name}")).to_be_visible()


def test_a_student_joins_with_the_qr_code_and_the_screen_shows_them_without_a_reload(page, browser, school_server):
    open_join_screen(page, school_server.url, TEACHER, "Projector class")
    code = page.locator(".join-code").text_content()
    expect(page.locator(".join-address")).to_have_text(f"{school_server.url}/join")
    expect(page.get_by_role("status")).to_have_text("Nobody has joined yet.")
    expect(page.locator(".joined-note")).to_have_text("This list updates by itself every few seconds.")
    check_page(page, "join-screen-empty")

    qr_code = page.get_by_role("img", name=re.compile("^QR code of the link "))
    link = qr_code.get_attribute("aria-label").removeprefix("QR code of the link ")
    assert link == f"{school_server.url}/join?code={code}"
    assert drawn_modules(qr_code.locator("svg").evaluate("svg => svg.outerHTML")) == modules_of(link)

    page.evaluate("window.stillTheSamePage = true")
    with open_context(browser) as phone:
        student = phone.new_page()
        student.goto(link)
        expect(student.get_by_label("Class code")).to_have_value(code)
        student.get_by_label("Name").fill("Zoë <i>")
        student.get_by_role("button", name="Join the class").click()
        expect(student.get_by_text("You are in this class as Zoë <i>")).to_be_visible()

    expect(page.get_by_role("status")).to_have_text("1 student has joined.", timeout=CATCHES_UP_WITHIN_MS)
    expect(page.locator(".joined-names li")).to_have_text(["Zoë <i>"])
    assert page.evaluate("window.stillTheSamePage") is True
    check_page(page, "join-screen-one-joined")


def test_the_join_screen_prints_on_one_sheet_without_the_menu(page, school_server):
    open_join_screen(page, school_server.url, TEACHER, "Printed class")
    page.emulate_media(media="print")
    expect(page.locator(".join-code")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("^QR code of the link "))).to_be_visible()
    for hidden in (".site-header", ".site-footer", ".breadcrumb", ".joined"):
        expect(page.locator(hidden)).to_be_hidden()
    pages = re.findall(rb"/Type\s*/Page\b(?!s)", page.pdf(format="A4"))
    assert len(pages) == 1


def test_lens_listening_on_127_0_0_1_only_shows_the_warning_and_the_command(page, live_server, teacher_account):
    if network_address() is None:
        pytest.skip("this computer is on no network, so there is no address students could be sent to")
    open_join_screen(page, live_server.url, teacher_account, "Loopback class")
    warning = page.locator(".warning")
    expect(warning).to_have_text(
        "Students cannot reach this computer: Lens is listening on this computer only. Stop it and start it with "
        f".venv/bin/flask --app quiz run --host 0.0.0.0 --port {live_server.port}, then reload this page."
    )
    expect(page.locator(".join-address")).to_have_text(f"http://{network_address()}:{live_server.port}/join")
    check_page(page, "join-screen-unreachable")
