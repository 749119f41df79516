"""The class's marks on the passage, in Chromium: three students mark the leopard item differently, and the teacher
reads on the item statistics which words the class found, missed and wrongly marked."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .audit import check_page
from .conftest import PHONE, open_context
from .test_classroom_in_browser import join, sign_in

# Word numbers in the leopard passage: "A leopard cannot change its spots" (0–5) and "ugly image" (22, 23) are the
# key; "trusted" (26) is not.
MARKS = {"Ana": [0, 1, 2, 3, 4, 5], "Ben": [0, 1, 26], "Chloé": [22, 23, 26]}
SHOWN_COUNT = "document.querySelector('.heat-map:has(.heat-toggle input:checked)') !== null"
# The luminance of an element's background, as WCAG computes it: what a grey-scale print or projector keeps.
LUMINANCE = """element => {
  const [r, g, b] = getComputedStyle(element).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number).map(c => {
    c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}"""


def finish_the_demo_set(student, url: str, words: list[int]) -> None:
    """Mark the words on the leopard item, then answer the other three items, so that the attempt is finished."""
    student.goto(url + "/sets/demo/items/leopard")
    for number in words:
        student.locator(f'label.word:has(input[value="{number}"])').click()
    student.get_by_role("button", name="Submit answer").click()
    expect(student.get_by_role("heading", name=re.compile("Your score: "))).to_be_visible()
    student.goto(url + "/sets/demo/items/twelve-thousand")
    student.locator("fieldset.claim").nth(0).get_by_label("no source").check()
    student.locator("fieldset.claim").nth(1).get_by_label("vague source").check()
    student.get_by_role("button", name="Submit answer").click()
    student.goto(url + "/sets/demo/items/saddam-timeline")
    student.get_by_label("Iran is a large country.").check()
    student.get_by_role("button", name="Submit answer").click()
    student.goto(url + "/sets/demo/items/what-to-check")
    student.get_by_label("Who wrote it").check()
    student.get_by_role("button", name="Submit answer").click()
    expect(student.get_by_role("heading", name=re.compile("Your score: "))).to_be_visible()


def width_of_counts(page) -> list[float]:
    return page.locator(".heat-passage .heat-count").evaluate_all(
        "counts => counts.map(count => count.getBoundingClientRect().width)"
    )


def test_the_teacher_sees_on_the_passage_what_three_students_marked(browser, page, live_server, teacher_account):
    sign_in(page, live_server.url, teacher_account)
    page.get_by_role("link", name="New class").click()
    page.get_by_label("Class name").fill("8C heat map")
    page.get_by_role("button", name="Create the class").click()
    code = page.locator(".class-facts .code").inner_text()
    for name, words in MARKS.items():
        with open_context(browser, **(PHONE if name == "Ben" else {})) as device:
            student = device.new_page()
            join(student, live_server.url, code, name)
            expect(student.get_by_text(f"You are in this class as {name}")).to_be_visible()
            finish_the_demo_set(student, live_server.url, words)

    page.reload()
    page.get_by_role("link", name="Demo set for the tests").click()
    expect(page.get_by_role("heading", name="The passage as the class marked it")).to_be_visible()
    shades = page.locator(".heat-passage .heat:not(.heat-0)")
    expect(shades).to_have_text(
        [re.compile(rf"^{words}") for words in ("A leopard", "cannot", "ugly image", "trusted")]
    )
    classes = shades.evaluate_all("shades => shades.map(shade => shade.className)")
    assert classes == ["heat heat-4", "heat heat-2", "heat heat-2", "heat heat-4"]  # 2, 1, 1 and 2 of the 3
    darker, lighter = shades.nth(0).evaluate(LUMINANCE), shades.nth(1).evaluate(LUMINANCE)
    assert darker < lighter / 2, "more students, a much darker shade: it reads in grey-scale"
    keys = page.locator(".heat-passage .heat-key")
    expect(keys).to_have_count(2)
    assert keys.first.evaluate("key => getComputedStyle(key).borderTopStyle") == "dashed", "the key is outlined"

    # What a screen reader reads with the words: each count, and which words are the key.
    passage = page.locator(".heat-passage")
    expect(passage).to_contain_text(
        "A leopard (marked by 2 of 3) cannot change its spots (marked by 1 of 3) (in the key)"
    )
    expect(passage).to_contain_text("trusted (marked by 2 of 3)")
    check_page(page, "teacher-heat-map")

    # A pointer shows the count of the phrase under it; the checkbox writes every count on the passage.
    assert max(width_of_counts(page)) <= 1, "the counts are not drawn until asked for"
    page.locator(".heat-passage .heat", has_text="trusted").hover()
    trusted = page.locator(".heat-passage .heat", has_text="trusted").locator(".heat-count")
    expect(trusted).to_have_text(re.compile("2 of 3"))
    assert trusted.bounding_box()["width"] > 20
    # And a keyboard: each shaded phrase is a tab stop, its count shown while it has focus.
    page.mouse.move(0, 0)
    page.locator(".heat-passage .heat", has_text="trusted").focus()
    assert trusted.bounding_box()["width"] > 20
    page.get_by_label("Write on the passage how many students marked each phrase").check()
    assert page.evaluate(SHOWN_COUNT)
    assert min(width_of_counts(page)) > 20, "every count written out"
    check_page(page, "teacher-heat-map-counts")

    options = page.locator(".bar-table").nth(1)  # the single-answer choice item
    expect(options.get_by_role("row")).to_have_text(
        [
            re.compile("Option\\s*Students"),
            re.compile(r"Rajavi moved to Iraq in 1986\.\s*\(right\)\s*0 of 3"),
            re.compile(r"Saddam Hussein led Iraq from 1979\.\s*0 of 3"),
            re.compile(r"Iran is a large country\.\s*3 of 3"),
        ]
    )
