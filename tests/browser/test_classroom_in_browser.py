"""A classroom in Chromium: a teacher makes a class, two students join and answer, the teacher reads and exports."""

from __future__ import annotations

import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from .audit import screenshot


def sign_in(page, url: str, account: tuple[str, str]) -> None:
    page.goto(url + "/teacher/sign-in")
    page.get_by_label("Username").fill(account[0])
    page.get_by_label("Password").fill(account[1])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your classes")).to_be_visible()


def join_and_answer(student, url: str, code: str, name: str, pick: str) -> str:
    """Join the class, answer the timeline item; the personal code the student was given."""
    student.goto(url + "/join")
    student.get_by_label("Class code").fill(code.lower())
    student.get_by_label("Name").fill(name)
    student.get_by_role("button", name="Join the class").click()
    expect(student.get_by_text(f"You are in this class as {name}")).to_be_visible()
    personal = student.locator(".class-banner .code").text_content()
    student.goto(url + "/sets/demo/items/saddam-timeline")
    student.get_by_label(pick).check()
    student.get_by_role("button", name="Submit answer").click()
    expect(student.get_by_role("heading", name=re.compile("Your score: "))).to_be_visible()
    return personal


def test_a_class_from_creation_to_the_exported_workbook(browser, page, live_server, teacher_account, tmp_path):
    sign_in(page, live_server.url, teacher_account)
    page.get_by_role("link", name="New class").click()
    page.get_by_label("Class name").fill("7B English")
    page.get_by_role("button", name="Create the class").click()
    code = page.locator(".class-facts .code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)

    students = [browser.new_context(), browser.new_context(viewport={"width": 375, "height": 740}, has_touch=True)]
    try:
        ana = students[0].new_page()
        join_and_answer(
            ana, live_server.url, code, "Ana", "Iraq invaded Iran in September 1980; Rajavi moved to Iraq in 1986."
        )
        ben = students[1].new_page()
        ben_code = join_and_answer(ben, live_server.url, code, "Ben", "Iran is a large country.")
        screenshot(ben, "student-feedback-in-class-phone")
    finally:
        for context in students:
            context.close()

    page.reload()
    grid = page.locator("table.grid")
    expect(grid.get_by_role("row", name=re.compile("Ana"))).to_contain_text("1 attempt")
    expect(grid.get_by_role("row", name=re.compile("Ben"))).to_contain_text(
        "one in progress: 1 of 4 answered, 0% on those"
    )
    screenshot(page, "teacher-dashboard-desktop")

    with page.expect_download() as download:
        page.get_by_role("link", name="both as an Excel workbook").click()
    target = tmp_path / "class.xlsx"
    download.value.save_as(target)
    responses = load_workbook(target)["Responses"]
    students_answered = sorted(row[1] for row in responses.iter_rows(min_row=2, values_only=True))
    assert students_answered == ["Ana", "Ben"]

    # Ben comes back on another device with his personal code and finds his answer.
    other_device = browser.new_context()
    try:
        again = other_device.new_page()
        again.goto(live_server.url + "/return")
        again.get_by_label("Your personal code").fill(ben_code)
        again.get_by_role("button", name="Come back").click()
        expect(again.get_by_text("Welcome back, Ben.")).to_be_visible()
        again.goto(live_server.url + "/sets/demo")
        expect(again.get_by_text("answered: 0%")).to_be_visible()
    finally:
        other_device.close()


def test_the_dashboard_and_join_page_fit_a_phone(phone, live_server, teacher_account):
    sign_in(phone, live_server.url, teacher_account)
    phone.goto(live_server.url + "/join")
    screenshot(phone, "join-phone")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the join page scrolls sideways: {width}px"
