"""The teacher's pages in Chromium: each upload label opens its own chooser, the phone dashboard keeps the names in
view, the override page shows the answer it re-scores, and a set prints as a worksheet with its key on a new page."""

from __future__ import annotations

from playwright.sync_api import expect

from .audit import check_page
from .test_classroom_in_browser import join_and_answer, sign_in

# Where the grid's name cells are, against the left edge of the box that scrolls, after scrolling it sideways.
NAMES_AFTER_SCROLLING = """() => {
    const box = document.querySelector('.table-scroll:has(table.grid)');
    box.scrollLeft = box.scrollWidth;
    const left = box.getBoundingClientRect().left;
    return {scrolled: box.scrollLeft,
            offsets: [...box.querySelectorAll('table.grid th:first-child')].map(cell => cell.getBoundingClientRect().left - left)};
}"""


def test_each_upload_label_opens_the_chooser_of_its_own_input(page, live_server, teacher_account):
    sign_in(page, live_server.url, teacher_account)
    page.goto(live_server.url + "/teacher/exercises/")
    for label, accepted in (
        ("Source document (.txt, UTF-8)", ".txt,text/plain"),
        ("Exercise file (.yaml)", ".yaml,.yml"),
    ):
        with page.expect_file_chooser() as chosen:
            page.locator("label", has_text=label).click()
        assert chosen.value.element.get_attribute("accept") == accepted
        expect(page.get_by_label(label)).to_have_attribute("accept", accepted)
    check_page(page, "teacher-exercise-files-two-uploads")


def test_the_phone_dashboard_keeps_the_names_in_view_when_the_grid_scrolls_sideways(
    browser, phone, page, live_server, teacher_account
):
    sign_in(phone, live_server.url, teacher_account)
    phone.goto(live_server.url + "/teacher/classes/new")
    phone.get_by_label("Class name").fill("8C sticky names")
    expect(phone.get_by_role("group", name="Loaded wording")).to_contain_text("Demo set for the tests")
    check_page(phone, "teacher-new-class-sets-by-skill")
    phone.get_by_role("button", name="Create the class").click()
    code = phone.locator(".class-facts .code").text_content()
    join_and_answer(page, live_server.url, code, "Amira Khalil-Dupont", pick="Saddam Hussein led Iraq from 1979.")
    phone.reload()
    found = phone.evaluate(NAMES_AFTER_SCROLLING)
    assert found["scrolled"] > 20, "the grid should scroll sideways at phone width"
    assert found["offsets"] and all(abs(offset) < 1 for offset in found["offsets"]), found
    check_page(phone, "teacher-dashboard-sticky-names")

    phone.get_by_role("link", name="Amira Khalil-Dupont").click()
    phone.get_by_role("link", name="change the score").click()
    answer = phone.get_by_role("region", name="Amira Khalil-Dupont's answer")
    expect(answer).to_contain_text("True but it does not test the claim.")  # why her pick was wrong
    check_page(phone, "teacher-override-shows-the-answer")


def test_a_set_prints_as_a_worksheet_with_the_key_on_a_new_page(page, live_server, teacher_account):
    sign_in(page, live_server.url, teacher_account)
    page.goto(live_server.url + "/teacher/exercises/file/demo.yaml")
    page.get_by_role("link", name="Print as a worksheet").click()
    expect(page.get_by_text("use your browser's Print")).to_be_visible()
    check_page(page, "teacher-worksheet")

    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_text("use your browser's Print")).to_be_hidden()
    expect(page.get_by_role("heading", name="Question 1", exact=True).first).to_be_visible()
    key = page.get_by_role("region", name="Answer key: Demo set for the tests")
    assert key.evaluate("section => getComputedStyle(section).breakBefore") == "page"
    page.emulate_media(media="screen")
    expect(page.locator(".site-header")).to_be_visible()
