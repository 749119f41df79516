"""A student in Chromium: marks words by mouse, keyboard and touch, reloads, submits, comes back."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import screenshot

ITEM = "/sets/demo/items/"


def word(page, number: int):
    return page.locator(f'label.word:has(input[value="{number}"])')


def marked(page) -> list[int]:
    return page.eval_on_selector_all("input[name=marked]:checked", "inputs => inputs.map(i => Number(i.value))")


def test_marking_with_the_mouse_and_reading_the_feedback(page, live_server):
    page.goto(live_server.url + ITEM + "leopard")
    expect(page.get_by_text("Item 1 of 4")).to_be_visible()
    word(page, 1).click()
    box_from, box_to = word(page, 22).bounding_box(), word(page, 23).bounding_box()
    page.mouse.move(box_from["x"] + 2, box_from["y"] + box_from["height"] / 2)
    page.mouse.down()
    page.mouse.move(box_to["x"] + box_to["width"] - 2, box_to["y"] + box_to["height"] / 2, steps=5)
    page.mouse.up()
    assert marked(page) == [1, 22, 23]
    expect(page.locator("[data-mark-count]")).to_have_text("3 words marked in 2 marks.")
    screenshot(page, "item-highlight-desktop")
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_role("heading", name=re.compile("Your score: "))).to_be_visible()
    expect(page.locator(".point").first).to_contain_text("Partly found")
    expect(page.locator(".point").nth(1)).to_contain_text("Found: ugly image")
    expect(page.locator(".feedback-passage .fb-hit")).to_have_text(["leopard", "ugly image"])
    screenshot(page, "feedback-highlight-desktop")


def test_marking_by_keyboard_alone(page, live_server):
    page.goto(live_server.url + ITEM + "leopard")
    page.locator("a.brand").focus()
    for _ in range(10):  # Tab until a word of the passage has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "marked":
            break
    assert page.evaluate("document.activeElement.value") == "0"
    page.keyboard.press("Space")
    for _ in range(5):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("End")  # word 27, "them"
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    page.keyboard.press("Space")
    page.keyboard.press("Shift+ArrowRight")
    assert marked(page) == list(range(6)) + [22, 23]
    page.keyboard.press("Enter")  # must not submit from inside the passage
    assert "/items/leopard" in page.url and page.locator("[data-highlight]").count() == 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Submit answer"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your score: 100%")).to_be_visible()


def test_marks_survive_a_reload_before_submitting(page, live_server):
    page.goto(live_server.url + ITEM + "leopard")
    word(page, 0).click()
    word(page, 5).click()
    page.reload()
    assert marked(page) == [0, 5]
    expect(page.locator("[data-mark-count]")).to_have_text("2 words marked in 2 marks.")
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_role("heading", name=re.compile("Your score: "))).to_be_visible()
    page.goto(live_server.url + "/sets/demo")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('lens:draft:'))") == []


def test_classify_and_choice_items(page, live_server):
    page.goto(live_server.url + ITEM + "twelve-thousand")
    claims = page.locator("fieldset.claim")
    claims.nth(0).get_by_label("no source").check()
    claims.nth(1).get_by_label("vague source").check()
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_role("heading", name="Your score: 100%")).to_be_visible()
    expect(page.locator(".point").first).to_contain_text("The label is “no source”.")
    page.get_by_role("link", name="Next item →").click()
    expect(page.get_by_text("Item 3 of 4")).to_be_visible()
    page.get_by_label("Saddam Hussein led Iraq from 1979.").check()
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_role("heading", name="Your score: 0%")).to_be_visible()
    expect(page.locator(".point")).to_have_count(3)
    screenshot(page, "feedback-choice-desktop")


def test_a_phone_marks_by_tapping_and_never_scrolls_sideways(phone, live_server):
    phone.goto(live_server.url + ITEM + "leopard")
    for number in (22, 23):
        word(phone, number).tap()
    assert marked(phone) == [22, 23]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "item-highlight-phone")
    phone.get_by_role("button", name="Submit answer").tap()
    expect(phone.get_by_role("heading", name=re.compile("Your score: "))).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "feedback-highlight-phone")
    phone.goto(live_server.url + "/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "home-phone")


def test_progress_is_found_again_after_the_app_restarts(page, live_server):
    page.goto(live_server.url + ITEM + "what-to-check")
    page.get_by_label("Who wrote it").check()
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_role("heading", name="Your score: 50%")).to_be_visible()
    page.goto("about:blank")
    live_server.stop()
    live_server.start()
    page.goto(live_server.url + "/")
    expect(page.get_by_text("In progress: 1 of 4 answered.")).to_be_visible()
    screenshot(page, "home-desktop")
    page.goto(live_server.url + ITEM + "what-to-check")
    expect(page.get_by_role("heading", name="Your score: 50%")).to_be_visible()


def test_the_whole_document_scrolls_to_the_marked_passage(page, live_server):
    page.goto(live_server.url + ITEM + "saddam-timeline")
    page.get_by_role("link", name="Read this in the whole document").click()
    passage = page.locator("mark#passage")
    expect(passage).to_have_text("he persuaded Saddam to invade Iran, assuring him that Iran was weak")
    expect(passage).to_be_in_viewport()
    screenshot(page, "source-desktop")
