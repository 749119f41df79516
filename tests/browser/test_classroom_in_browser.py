"""A classroom in Chromium: a teacher makes a class, two students join and answer, the teacher reads and exports."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect

from .audit import check_page
from .conftest import PHONE, open_context

NO_SUCH_CLASS = "There is no class with that code. Check it with your teacher; letters and digits only."


def sign_in(page, url: str, account: tuple[str, str]) -> None:
    page.goto(url + "/teacher/sign-in")
    page.get_by_label("Username").fill(account[0])
    page.get_by_label("Password").fill(account[1])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your classes")).to_be_visible()


def join(student, url: str, code: str, name: str) -> None:
    student.goto(url + "/join")
    student.get_by_label("Class code").fill(code)
    student.get_by_label("Name").fill(name)
    student.get_by_role("button", name="Join the class").click()


def join_and_answer(student, url: str, code: str, name: str, pick: str) -> str:
    """Join the class, answer the timeline item; the personal code the student was given."""
    join(student, url, code.lower(), name)
    expect(student.get_by_text(f"You are in this class as {name}")).to_be_visible()
    personal = student.locator(".class-banner .code").text_content()
    student.goto(url + "/sets/demo/items/saddam-timeline")
    student.get_by_label(pick).check()
    student.get_by_role("button", name="Submit answer").click()
    expect(student.get_by_role("heading", name=re.compile("Your score: "))).to_be_visible()
    return personal


def download(page, link_name: str, folder: Path) -> Path:
    with page.expect_download() as started:
        page.get_by_role("link", name=link_name).click()
    target = folder / started.value.suggested_filename
    started.value.save_as(target)
    return target


def csv_rows(path: Path) -> list[list[str]]:
    """The rows of an export, after checking it starts with the BOM that makes Excel read UTF-8."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(text.removeprefix("\ufeff").splitlines()))


def test_a_teacher_signs_in_and_makes_a_class_after_two_mistakes(page, live_server, teacher_account):
    page.goto(live_server.url + "/teacher/sign-in")
    page.get_by_label("Username").fill(teacher_account[0])
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text(
        "That username and password do not match an account, or the account is disabled."
    )
    check_page(page, "teacher-sign-in-refused")
    sign_in(page, live_server.url, teacher_account)
    check_page(page, "teacher-classes")
    page.get_by_role("link", name="New class").click()
    page.get_by_role("button", name="Create the class").click()
    name = page.get_by_label("Class name")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_accessible_description(re.compile("Give the class a name."))
    check_page(page, "teacher-new-class-refused")
    name.fill("6A History")
    page.get_by_role("button", name="Create the class").click()
    expect(page.get_by_text("Nobody has joined yet.")).to_be_visible()
    check_page(page, "teacher-dashboard-empty")
    page.get_by_role("link", name="Settings").click()
    check_page(page, "teacher-class-settings")


def test_a_class_from_creation_to_the_exports(browser, page, live_server, teacher_account, tmp_path):
    sign_in(page, live_server.url, teacher_account)
    page.get_by_role("link", name="New class").click()
    page.get_by_label("Class name").fill("7B English")
    page.get_by_role("button", name="Create the class").click()
    code = page.locator(".class-facts .code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)

    with open_context(browser) as ana_browser, open_context(browser, **PHONE) as ben_phone:
        ana = ana_browser.new_page()
        join(ana, live_server.url, "ZZZZ-ZZZZ", "Ana")
        expect(ana.get_by_role("alert")).to_have_text(NO_SUCH_CLASS)
        check_page(ana, "join-refused")
        join_and_answer(
            ana, live_server.url, code, "Ana", "Iraq invaded Iran in September 1980; Rajavi moved to Iraq in 1986."
        )
        ben = ben_phone.new_page()
        ben_code = join_and_answer(ben, live_server.url, code, "Ben", "Iran is a large country.")
        check_page(ben, "student-feedback-in-class")
        ben.goto(live_server.url + "/")
        ben.get_by_text("Your personal code, to come back on another device").tap()
        expect(ben.get_by_text(f"Your personal code is {ben_code}")).to_be_visible()
        check_page(ben, "home-in-class")

    page.reload()
    grid = page.locator("table.grid")
    expect(grid.get_by_role("row", name=re.compile("Ana"))).to_contain_text("1 attempt")
    expect(grid.get_by_role("row", name=re.compile("Ben"))).to_contain_text(
        "one in progress: 1 of 4 answered, 0% on those"
    )
    check_page(page, "teacher-dashboard")

    responses = load_workbook(download(page, "both as an Excel workbook", tmp_path))["Responses"]
    assert sorted(row[1] for row in responses.iter_rows(min_row=2, values_only=True)) == ["Ana", "Ben"]
    answers = csv_rows(download(page, "every answer (CSV)", tmp_path))
    assert answers[0][:2] == ["Class", "Student"]
    assert sorted(row[1] for row in answers[1:]) == ["Ana", "Ben"]
    gradebook = csv_rows(download(page, "gradebook (CSV)", tmp_path))
    assert gradebook[0][0] == "Student" and sorted(row[0] for row in gradebook[1:]) == ["Ana", "Ben"]

    page.get_by_role("link", name="Ana", exact=True).click()
    expect(page.get_by_role("heading", name="Ana", exact=True)).to_be_visible()
    page.wait_for_load_state("load")  # the display read below comes from the stylesheet
    shown = page.locator("summary").evaluate_all("summaries => summaries.map(s => getComputedStyle(s).display)")
    assert set(shown) == {"list-item"}, "a summary without its triangle does not look as if it opens"
    check_page(page, "teacher-student")
    page.go_back()
    page.get_by_role("link", name="Demo set for the tests").click()
    expect(page.get_by_role("heading", name=re.compile("how each item worked"))).to_be_visible()
    check_page(page, "teacher-set-statistics")

    with open_context(browser) as other_device:  # Ben comes back on another device with his personal code
        again = other_device.new_page()
        again.goto(live_server.url + "/return")
        again.get_by_label("Your personal code").fill("ZZZZ-ZZZZ-ZZZZ")
        again.get_by_role("button", name="Come back").click()
        expect(again.get_by_role("alert")).to_be_visible()
        check_page(again, "return-refused")
        again.get_by_label("Your personal code").fill(ben_code)
        again.get_by_role("button", name="Come back").click()
        expect(again.get_by_text("Welcome back, Ben.")).to_be_visible()
        again.goto(live_server.url + "/sets/demo")
        expect(again.get_by_text("answered: 0%")).to_be_visible()
