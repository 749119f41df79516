"""A class list in Chromium: the teacher imports one, a student on a phone joins by picking their name, and the
gradebook export carries their ID."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .audit import check_page
from .conftest import PHONE, open_context
from .test_classroom_in_browser import csv_rows, download, sign_in

CLASS_LIST = "Student;SIS User ID\nAna Brown;S1001\nBen Okafor;S1002\n"


def test_a_class_list_from_import_to_a_student_picking_their_name_to_the_export(
    browser, page, live_server, teacher_account, tmp_path
):
    sign_in(page, live_server.url, teacher_account)
    page.get_by_role("link", name="New class").click()
    page.get_by_label("Class name").fill("9D Roster")
    page.get_by_role("button", name="Create the class").click()
    code = page.locator(".class-facts .code").inner_text()

    page.get_by_role("link", name="Class list and student IDs").click()
    expect(page.get_by_text("The class has no list")).to_be_visible()
    page.get_by_label(re.compile("Or paste the list")).fill(CLASS_LIST)
    page.get_by_role("button", name="Check the list").click()
    expect(page.get_by_role("heading", name="What importing will do")).to_be_visible()
    expect(page.get_by_text("Ben Okafor · ID S1002")).to_be_visible()
    check_page(page, "teacher-roster-preview")
    page.get_by_role("button", name="Import the list").click()
    expect(page.get_by_text("The class list is imported: 2 names added to the list")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Ben Okafor"))).to_contain_text("not yet")
    check_page(page, "teacher-roster")

    with open_context(browser, **PHONE) as ben_phone:
        ben = ben_phone.new_page()
        ben.goto(live_server.url + "/join")
        ben.get_by_label("Class code").fill(code.lower())
        ben.get_by_role("button", name="Join the class").click()
        expect(ben.get_by_role("heading", name="Pick your name")).to_be_visible()
        check_page(ben, "join-pick-name")
        ben.get_by_text("My name is not on the list").tap()
        expect(ben.get_by_text("Ask your teacher: they can add your name")).to_be_visible()
        ben.get_by_label("Ben Okafor").check()
        ben.get_by_role("button", name="Join the class").tap()
        expect(ben.get_by_text("You are in this class as Ben Okafor")).to_be_visible()

    page.get_by_role("link", name="9D Roster").click()
    expect(page.get_by_role("link", name="Ben Okafor", exact=True)).to_be_visible()
    gradebook = csv_rows(download(page, "gradebook (CSV)", tmp_path))
    assert gradebook[0][:2] == ["Student", "Student ID"]
    assert [row[:2] for row in gradebook[1:]] == [["Ben Okafor", "S1002"]]
    canvas = csv_rows(download(page, "Scores for Canvas (CSV)", tmp_path))
    assert canvas[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert canvas[2][:3] == ["Ben Okafor", "", "S1002"]

    # Taking names off the list asks first, and says what stays.
    page.get_by_role("link", name="Class list and student IDs").click()
    page.get_by_role("link", name=re.compile("^Remove Ana Brown from the list")).click()
    expect(page.get_by_role("heading", name="Remove Ana Brown from the class list?")).to_be_visible()
    check_page(page, "teacher-roster-remove")
    page.get_by_role("button", name="Remove Ana Brown from the list").click()
    expect(page.get_by_text("“Ana Brown” is off the class list.")).to_be_visible()
    page.get_by_role("link", name="Clear the class list…").click()
    expect(page.get_by_text("(joined as Ben Okafor)")).to_be_visible()
    check_page(page, "teacher-roster-clear")
    page.get_by_role("button", name="Clear the class list").click()
    expect(page.get_by_text("The class list is cleared (1 name).")).to_be_visible()
