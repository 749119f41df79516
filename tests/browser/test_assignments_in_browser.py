"""Assignments in Chromium: a teacher gives a set a due time with the browser's own date box, a student on a phone
sees it due, finishes it, and the teacher's dashboard says who is done and who is missing."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .audit import check_page
from .conftest import PHONE, open_context
from .test_classroom_in_browser import join, sign_in

RIGHT_PICK = "Iraq invaded Iran in September 1980; Rajavi moved to Iraq in 1986."


def test_a_set_assigned_with_a_due_time_from_the_date_box_to_the_dashboard(browser, page, live_server, teacher_account):
    sign_in(page, live_server.url, teacher_account)
    page.get_by_role("link", name="New class").click()
    page.get_by_label("Class name").fill("8C Media")
    page.get_by_role("button", name="Create the class").click()
    code = page.locator(".class-facts .code").inner_text()

    page.get_by_role("link", name="Assignments and due times").click()
    page.get_by_role("link", name="Assign “Demo set for the tests”").click()
    check_page(page, "teacher-assignment-form")
    # Chromium's date-and-time box: what a teacher picks is sent as 2031-12-12T15:00.
    page.get_by_label("Due").fill("2031-12-12T15:00")
    page.get_by_label("Close the set: no more answers").check()
    page.get_by_role("button", name="Assign the set").click()
    expect(page.get_by_role("status").first).to_contain_text("It is due Fri 12 Dec 2031, 15:00")
    expect(page.get_by_role("row", name=re.compile("Demo set for the tests"))).to_contain_text("closes")
    check_page(page, "teacher-assignments")

    with open_context(browser, **PHONE) as ana_phone, open_context(browser) as ben_laptop:
        ana = ana_phone.new_page()
        join(ana, live_server.url, code, "Ana")
        assigned = ana.get_by_role("region", name="Assigned to you")
        expect(assigned).to_contain_text("Due Fri 12 Dec 2031, 15:00")
        expect(assigned).to_contain_text("Not started")
        check_page(ana, "student-home-assigned")
        ana.get_by_role("link", name="Demo set for the tests").first.click()
        expect(ana.get_by_text("Due Fri 12 Dec 2031, 15:00.")).to_be_visible()
        ana.goto(live_server.url + "/sets/demo/items/saddam-timeline")
        ana.get_by_label(RIGHT_PICK).check()
        ana.get_by_role("button", name="Submit answer").click()
        expect(ana.get_by_role("heading", name=re.compile("Your score: "))).to_be_visible()
        ana.goto(live_server.url + "/")
        expect(assigned).to_contain_text("In progress")

        ben = ben_laptop.new_page()
        join(ben, live_server.url, code, "Ben")
        expect(ben.get_by_text("You are in this class as Ben")).to_be_visible()

    page.get_by_role("link", name="8C Media").click()
    grid = page.locator("table.grid")
    expect(grid.get_by_role("columnheader", name=re.compile("Demo set for the tests"))).to_contain_text(
        "due Fri 12 Dec 2031, 15:00"
    )
    expect(grid.get_by_role("row", name=re.compile("Ana"))).to_contain_text("in progress")
    expect(grid.get_by_role("row", name=re.compile("Ben"))).to_contain_text("not started")
    check_page(page, "teacher-dashboard-assigned")

    # One student given more time, from their page, with the same date box.
    grid.get_by_role("link", name="Ana", exact=True).click()
    page.get_by_text("More time for Ana").click()
    page.get_by_label("Give Ana until").fill("2031-12-19T15:00")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Ana has until Fri 19 Dec 2031, 15:00 for “Demo set for the tests”.")).to_be_visible()
    expect(page.get_by_text("(extended; the class's was Fri 12 Dec 2031, 15:00)")).to_be_visible()
    check_page(page, "teacher-student-extension")
    page.get_by_role("link", name="8C Media").click()
    expect(grid.get_by_role("row", name=re.compile("Ana"))).to_contain_text("extended to Fri 19 Dec 2031, 15:00")
    expect(grid.get_by_role("row", name=re.compile("Ben"))).not_to_contain_text("extended")
