"""A student in Chromium: answers each kind of item by mouse, keyboard and touch, reloads, submits, comes back."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .audit import check_page

ITEM = "/sets/demo/items/"
SCORE = re.compile("Your score: ")


def word(page, number: int):
    return page.locator(f'label.word:has(input[value="{number}"])')


def marked(page) -> list[int]:
    return page.eval_on_selector_all("input[name=marked]:checked", "inputs => inputs.map(i => Number(i.value))")


def mark_count(page):
    """The sentence a screen reader hears each time the marks change."""
    return page.locator("[data-mark-count]")


def tab_until(page, target, presses: int = 40) -> None:
    """Press Tab until the target has focus, as a keyboard user would; fail if it never gets it."""
    for _ in range(presses):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def options_shown(page) -> list[str]:
    """A choice item's options in the order this student sees them."""
    return [text.strip() for text in page.locator("fieldset.options label.choice").all_inner_texts()]


def submit_by_keyboard(page) -> None:
    tab_until(page, page.get_by_role("button", name="Submit answer"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=SCORE)).to_be_visible()


def test_marking_with_the_mouse_and_reading_the_feedback(page, live_server):
    page.goto(live_server.url + ITEM + "leopard")
    expect(page.get_by_text("Item 1 of 4")).to_be_visible()
    check_page(page, "item-highlight")
    word(page, 1).click()
    box_from, box_to = word(page, 22).bounding_box(), word(page, 23).bounding_box()
    page.mouse.move(box_from["x"] + 2, box_from["y"] + box_from["height"] / 2)
    page.mouse.down()
    page.mouse.move(box_to["x"] + box_to["width"] - 2, box_to["y"] + box_to["height"] / 2, steps=5)
    page.mouse.up()
    assert marked(page) == [1, 22, 23]
    expect(mark_count(page)).to_have_text("3 words marked in 2 marks.")
    check_page(page, "item-highlight-marked")
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_role("heading", name=SCORE)).to_be_visible()
    expect(page.locator(".point").first).to_contain_text("Partly found")
    expect(page.locator(".point").nth(1)).to_contain_text("Found: ugly image")
    expect(page.locator(".feedback-passage .fb-hit")).to_have_text(["leopard", "ugly image"])
    check_page(page, "feedback-highlight")


def test_the_highlight_widget_by_keyboard_alone(page, live_server):
    page.goto(live_server.url + ITEM + "leopard")
    passage = page.get_by_role("group", name="Highlight the words")
    help_text = page.locator("#hl-help")
    assert "hl-help" in passage.get_attribute("aria-describedby")

    # The keys are written on the page, behind a summary a keyboard user can open.
    tab_until(page, page.get_by_text("Using the keyboard"))
    page.keyboard.press("Enter")
    for key in ["←", "→", "Space", "Shift", "Delete", "Backspace", "Home", "End", "Tab"]:
        expect(help_text.locator("kbd", has_text=key).first).to_be_visible()

    # The passage is one Tab stop, on its first word; the word in focus is outlined.
    page.keyboard.press("Tab")
    expect(passage.get_by_role("checkbox", name="A", exact=True)).to_be_focused()
    assert page.evaluate("getComputedStyle(document.activeElement.closest('label')).outlineStyle") == "solid"

    page.keyboard.press("Space")
    expect(mark_count(page)).to_have_attribute("aria-live", "polite")
    expect(mark_count(page)).to_have_text("1 word marked in 1 mark.")
    for _ in range(5):
        page.keyboard.press("Shift+ArrowRight")  # extends the mark to "spots"
    expect(mark_count(page)).to_have_text("6 words marked in 1 mark.")
    page.keyboard.press("Shift+ArrowLeft")  # back the other way shrinks it, like a text selection
    expect(mark_count(page)).to_have_text("5 words marked in 1 mark.")
    assert marked(page) == [0, 1, 2, 3, 4]

    page.keyboard.press("End")
    expect(passage.get_by_role("checkbox", name="them")).to_be_focused()
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    expect(passage.get_by_role("checkbox", name="ugly")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Shift+ArrowRight")
    expect(mark_count(page)).to_have_text("7 words marked in 2 marks.")
    # What a screen reader is told: every word by name with its state.
    expect(passage).to_match_aria_snapshot(
        """
        - checkbox "its" [checked=false]
        - checkbox "ugly" [checked]
        - checkbox "image" [checked]
        - checkbox "the" [checked=false]
        """
    )

    page.keyboard.press("Backspace")  # removes the whole mark "ugly image", from its last word
    expect(mark_count(page)).to_have_text("5 words marked in 1 mark.")
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Delete")  # removes the whole mark around "leopard"
    expect(mark_count(page)).to_have_text("No words marked.")
    assert marked(page) == []

    page.keyboard.press("Home")
    page.keyboard.press("Space")
    for _ in range(5):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("End")
    for _ in range(4):
        page.keyboard.press("ArrowLeft")
    page.keyboard.press("Space")  # "image"
    page.keyboard.press("Shift+ArrowLeft")  # and "ugly"
    expect(mark_count(page)).to_have_text("8 words marked in 2 marks.")
    assert marked(page) == [0, 1, 2, 3, 4, 5, 22, 23]
    check_page(page, "item-highlight-keyboard")

    page.keyboard.press("Enter")  # must not submit from inside the passage
    assert "/items/leopard" in page.url and page.locator("[data-highlight]").count() == 1
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Submit answer")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your score: 100%")).to_be_visible()


def test_classify_and_choice_by_keyboard_alone(page, live_server):
    page.goto(live_server.url + ITEM + "twelve-thousand")
    claims = page.locator("fieldset.claim")
    check_page(page, "item-classify")
    tab_until(page, claims.nth(0).get_by_label("named source"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(claims.nth(0).get_by_label("no source")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    expect(claims.nth(1).get_by_label("vague source")).to_be_checked()
    submit_by_keyboard(page)
    expect(page.get_by_role("heading", name="Your score: 100%")).to_be_visible()
    check_page(page, "feedback-classify")

    tab_until(page, page.get_by_role("link", name="Next item →"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Item 3 of 4")).to_be_visible()
    # Tab enters the radio group at the option shown first; Space picks it, the arrows move to the others.
    shown, right = options_shown(page), "Iraq invaded Iran in September 1980; Rajavi moved to Iraq in 1986."
    tab_until(page, page.get_by_label(shown[0]))
    page.keyboard.press("Space")
    for _ in range(shown.index(right)):
        page.keyboard.press("ArrowDown")
    expect(page.get_by_label(right)).to_be_checked()
    submit_by_keyboard(page)
    expect(page.get_by_role("heading", name="Your score: 100%")).to_be_visible()

    tab_until(page, page.get_by_role("link", name="Next item →"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Item 4 of 4")).to_be_visible()
    page.wait_for_load_state("load")  # the draft script is deferred; the ticks below must be kept
    # The options come in this student's own order: Tab walks them as shown, and Space ticks the right ones.
    for option in options_shown(page):
        if option in ("Who wrote it", "Where it was published"):
            tab_until(page, page.get_by_label(option))
            page.keyboard.press("Space")
    check_page(page, "item-choice-answered")
    page.reload()  # the ticks are a draft kept in the browser until the answer is sent
    expect(page.get_by_label("Who wrote it")).to_be_checked()
    expect(page.get_by_label("Where it was published")).to_be_checked()
    submit_by_keyboard(page)
    expect(page.get_by_role("heading", name="Your score: 100%")).to_be_visible()
    check_page(page, "feedback-choice")


def test_classify_and_choice_with_the_mouse(page, live_server):
    page.goto(live_server.url + ITEM + "twelve-thousand")
    claims = page.locator("fieldset.claim")
    claims.nth(0).locator("label", has_text="no source").click()
    claims.nth(1).locator("label", has_text="vague source").click()
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_role("heading", name="Your score: 100%")).to_be_visible()
    expect(page.locator(".point").first).to_contain_text("The label is “no source”.")
    page.get_by_role("link", name="Next item →").click()
    expect(page.get_by_text("Item 3 of 4")).to_be_visible()
    shown = options_shown(page)
    page.locator("label", has_text="Saddam Hussein led Iraq from 1979.").click()
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_role("heading", name="Your score: 0%")).to_be_visible()
    # The feedback goes through the options in the order the student saw them.
    verdicts = {
        "Iraq invaded Iran in September 1980; Rajavi moved to Iraq in 1986.": "Right option you missed:",
        "Saddam Hussein led Iraq from 1979.": "Wrong pick:",
        "Iran is a large country.": "Rightly left out:",
    }
    expect(page.locator(".point .verdict")).to_have_text([verdicts[option] for option in shown])


def test_marks_survive_a_reload_before_submitting(page, live_server):
    page.goto(live_server.url + ITEM + "leopard")
    word(page, 0).click()
    word(page, 5).click()
    page.reload()
    assert marked(page) == [0, 5]
    expect(mark_count(page)).to_have_text("2 words marked in 2 marks.")
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_role("heading", name=SCORE)).to_be_visible()
    # The feedback page's script clears the draft; the heading can show before that deferred script has run.
    page.wait_for_load_state("load")
    page.goto(live_server.url + "/sets/demo")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('lens:draft:'))") == []


def test_feedback_shows_found_partly_found_missed_and_stray_marks_by_more_than_colour(page, live_server):
    page.goto(live_server.url + ITEM + "leopard")
    for number in (1, 9):  # part of the first quote, and "Albania", which is in no quote
        word(page, number).click()
    page.get_by_role("button", name="Submit answer").click()
    # Styles are read below: wait for the stylesheet, not only for the text (a busy machine loads it late).
    page.wait_for_load_state("load")
    verdicts = page.locator(".point .verdict")
    expect(verdicts).to_have_text([re.compile(r"Partly found \(\d+%\):"), "Missed:", "Not in the key:"])
    tones = page.locator(".point").evaluate_all("points => points.map(p => getComputedStyle(p).borderLeftStyle)")
    assert tones == ["dashed", "dotted", "double"], "each verdict has its own line style, not only its colour"

    shapes = page.locator(".legend .fb-word").evaluate_all(
        """spans => spans.map(span => {
            const style = getComputedStyle(span);
            return [style.borderBottomStyle, style.borderTopStyle, style.textDecorationLine].join(' ');
        })"""
    )
    assert len(set(shapes)) == 3, f"found, missed and stray marks look alike without colour: {shapes}"
    passage = page.locator(".feedback-passage")
    expect(passage).to_contain_text("leopard (marked and in the key)")
    expect(passage).to_contain_text("cannot change its spots (in the key, not marked)")
    expect(passage).to_contain_text("Albania (marked, not in the key)")
    check_page(page, "feedback-highlight-stray")


def test_a_phone_answers_every_kind_of_item_by_touch(phone, live_server):
    phone.goto(live_server.url + ITEM + "leopard")
    for number in (22, 23):
        word(phone, number).tap()
    assert marked(phone) == [22, 23]
    check_page(phone, "item-highlight-touch")
    phone.get_by_role("button", name="Submit answer").tap()
    expect(phone.get_by_role("heading", name=SCORE)).to_be_visible()
    check_page(phone, "feedback-highlight-touch")

    phone.get_by_role("link", name="Next item →").tap()
    # Drafts are kept by a deferred script: a tap before it has run is not one a reload can bring back.
    phone.wait_for_load_state("load")
    claims = phone.locator("fieldset.claim")
    claims.nth(0).locator("label", has_text="no source").tap()
    phone.reload()  # a tapped answer is kept until it is sent
    expect(claims.nth(0).get_by_label("no source")).to_be_checked()
    claims.nth(1).locator("label", has_text="opinion").tap()
    phone.get_by_role("button", name="Submit answer").tap()
    expect(phone.get_by_role("heading", name="Your score: 50%")).to_be_visible()
    check_page(phone, "feedback-classify-touch")

    phone.get_by_role("link", name="Next item →").tap()
    phone.locator("label", has_text="Saddam Hussein led Iraq").tap()
    check_page(phone, "item-choice-touch")
    phone.get_by_role("button", name="Submit answer").tap()
    expect(phone.get_by_role("heading", name="Your score: 0%")).to_be_visible()
    phone.goto(live_server.url + "/")
    expect(phone.get_by_text("In progress: 3 of 4 answered, 33% on those.")).to_be_visible()
    check_page(phone, "home-touch")


def test_progress_is_found_again_after_the_app_restarts(page, live_server):
    page.goto(live_server.url + ITEM + "what-to-check")
    page.get_by_label("Who wrote it").check()
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_role("heading", name="Your score: 50%")).to_be_visible()
    page.goto("about:blank")
    live_server.stop()
    live_server.start()
    page.goto(live_server.url + "/")
    expect(page.get_by_text("In progress: 1 of 4 answered, 50% on those.")).to_be_visible()
    check_page(page, "home")
    page.goto(live_server.url + "/sets/demo")
    check_page(page, "set")
    page.goto(live_server.url + ITEM + "what-to-check")
    expect(page.get_by_role("heading", name="Your score: 50%")).to_be_visible()


def test_the_whole_document_scrolls_to_the_marked_passage(page, live_server):
    page.goto(live_server.url + ITEM + "saddam-timeline")
    page.get_by_role("link", name="Read this in the whole document").click()
    passage = page.locator("mark#passage")
    expect(passage).to_have_text("he persuaded Saddam to invade Iran, assuring him that Iran was weak")
    expect(passage).to_be_in_viewport()
    check_page(page, "source")
