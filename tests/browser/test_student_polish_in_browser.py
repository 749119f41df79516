"""Issue 18's student findings in Chromium: the home page on a phone, passages drawn as plain text, touch drags,
room above the passage in the whole document, and leaving a shared browser only after a confirmation."""

from __future__ import annotations

import shutil
import time

import pytest
from playwright.sync_api import expect

from helpers import FIXTURE_EXERCISES, set_file

from .audit import check_page
from .conftest import PHONE, LiveServer, open_context
from .test_classroom_in_browser import join, sign_in
from .test_student_in_browser import marked, word

LEOPARD = "/sets/demo/items/leopard"
LEOPARD_TEXT = (
    "A leopard cannot change its spots. After settling in Albania, Mojahedin-e Khalq resorted to the United States "
    "to try to sanitize its ugly image; the Americans trusted them."
)

# Every visible letter of the element, where it is drawn, and where the same letter would be drawn in a copy of the
# element's text with no markup at all (same box, same font): padding or spaces between word labels would show as a
# difference. Text for screen readers only (.visually-hidden) and the checkboxes are not drawn, so not compared.
DRAWN_AS_PLAIN_TEXT = """element => {
    const shown = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT, {
        acceptNode: node => node.parentElement.closest('.visually-hidden') ? NodeFilter.FILTER_REJECT
            : NodeFilter.FILTER_ACCEPT});
    for (let node; (node = walker.nextNode());) shown.push(node);
    const copy = element.cloneNode(false);
    copy.removeAttribute('id');
    copy.textContent = shown.map(node => node.nodeValue).join('');
    element.after(copy);
    const plain = copy.firstChild, box = element.getBoundingClientRect(), copyBox = copy.getBoundingClientRect();
    const where = (node, at, origin) => {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        const rect = range.getBoundingClientRect();
        return [rect.left - origin.left, rect.top - origin.top];
    };
    const moved = [];
    let offset = 0;
    for (const node of shown) {
        for (let at = 0; at < node.nodeValue.length; at++, offset++) {
            if (!/\\S/.test(node.nodeValue[at])) continue;
            const [x, y] = where(node, at, box), [px, py] = where(plain, offset, copyBox);
            if (Math.abs(x - px) > 0.5 || Math.abs(y - py) > 0.5) {
                moved.push(`${plain.nodeValue.slice(Math.max(0, offset - 12), offset)}[${node.nodeValue[at]}] is ` +
                    `drawn ${(x - px).toFixed(1)} px right, ${(y - py).toFixed(1)} px down of plain text`);
            }
        }
    }
    const text = copy.textContent;
    copy.remove();
    return {text: text.replace(/\\s+/g, ' ').trim(), moved: moved.slice(0, 5)};
}"""


def assert_drawn_as_plain_text(element, text: str) -> None:
    drawn = element.evaluate(DRAWN_AS_PLAIN_TEXT)
    assert drawn["moved"] == []
    assert drawn["text"] == text


def test_a_new_learner_on_a_phone_sees_the_first_set_without_scrolling(phone, live_server):
    phone.goto(live_server.url + "/")
    first_set = phone.locator(".set-card a").first
    expect(first_set).to_have_text("Demo set for the tests")
    box = first_set.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["viewport"]["height"]
    # Nothing answered, nothing to stand on: no empty table, only a line after the sets saying when it comes.
    expect(phone.get_by_role("heading", name="Your standing by skill")).to_have_count(0)
    expect(phone.get_by_text("Your standing by skill shows here once you have a score on an item.")).to_be_visible()
    check_page(phone, "home-new-learner")


def test_a_passage_is_drawn_exactly_as_its_text_with_no_gap_before_punctuation(page, live_server):
    page.goto(live_server.url + LEOPARD)
    passage = page.locator("[data-highlight]")
    assert_drawn_as_plain_text(passage, LEOPARD_TEXT)
    for number in (4, 5, 6, 22, 23, 24):  # marks that end before "." and ";", and start after them
        word(page, number).click()
    assert_drawn_as_plain_text(passage, LEOPARD_TEXT)
    page.get_by_role("button", name="Submit answer").click()
    # The key drawn over the marks: found, missed and stray stretches, each ending next to punctuation.
    assert_drawn_as_plain_text(page.locator(".feedback-passage"), LEOPARD_TEXT)


def test_the_whole_document_leaves_room_above_the_passage_it_scrolls_to(page, live_server):
    for viewport in (PHONE["viewport"], {"width": 1280, "height": 800}):
        page.set_viewport_size(viewport)
        page.goto(live_server.url + "/sets/demo/items/saddam-timeline")
        page.get_by_role("link", name="Read this in the whole document").click()
        passage = page.locator("mark#passage")
        expect(passage).to_be_in_viewport()
        assert page.evaluate("window.scrollY") > 0  # it did scroll, so the room is the page's doing
        assert passage.bounding_box()["y"] >= 16


def centre(box: dict) -> tuple[float, float]:
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


class Finger:
    """One finger on a touch screen, through Chromium's input pipeline (as a phone's would come: pointer events,
    scrolling, clicks), since Playwright itself only taps."""

    FRAME = 0.016  # seconds between two touch events, as a screen samples them

    def __init__(self, page):
        self.cdp = page.context.new_cdp_session(page)
        self.clock = 0.0

    def touch(self, kind: str, x: float | None = None, y: float | None = None) -> None:
        self.clock += self.FRAME
        points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
        self.cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points, "timestamp": self.clock})

    def drag(self, start: tuple[float, float], end: tuple[float, float], steps: int = 12, hold: int = 0) -> None:
        """Put the finger down at start, move it to end, keep it still there for `hold` frames, lift it."""
        # Stamped a second ago, one frame apart: events sent all at once would make a flick so fast that the
        # browser keeps scrolling after it, and swallows the next tap to stop that.
        self.clock = time.time() - 1
        self.touch("touchStart", *start)
        for step in range(1, steps + 1):
            self.touch("touchMove", *(a + (b - a) * step / steps for a, b in zip(start, end, strict=True)))
        for _ in range(hold):
            self.touch("touchMove", *end)
        self.touch("touchEnd")


def test_a_finger_dragged_across_words_marks_them_and_a_tap_still_toggles_one(phone, live_server):
    phone.goto(live_server.url + LEOPARD)
    phone.wait_for_load_state("load")  # the widget's deferred scripts have run
    finger = Finger(phone)
    first, last = word(phone, 14).bounding_box(), word(phone, 16).bounding_box()  # "the United States"
    assert abs(first["y"] - last["y"]) < 1, "the test wants the three words on one line"
    finger.drag(centre(first), centre(last), hold=6)  # a finger that stops on the last word, then lifts
    assert marked(phone) == [14, 15, 16]
    expect(phone.locator("[data-mark-count]")).to_have_text("3 words marked in 1 mark.")

    word(phone, 1).tap()
    assert marked(phone) == [1, 14, 15, 16]
    word(phone, 1).tap()
    assert marked(phone) == [14, 15, 16]
    check_page(phone, "item-highlight-touch-drag")


def test_a_vertical_swipe_over_the_passage_scrolls_and_marks_nothing(phone, live_server):
    phone.goto(live_server.url + LEOPARD)
    phone.wait_for_load_state("load")
    x, y = centre(word(phone, 20).bounding_box())
    Finger(phone).drag((x, y), (x, y - 250))
    phone.wait_for_function("window.scrollY > 100")
    assert marked(phone) == []


def test_leaving_a_browser_asks_first_and_shows_the_code_to_write_down(browser, page, live_server, teacher_account):
    sign_in(page, live_server.url, teacher_account)
    page.get_by_role("link", name="New class").click()
    page.get_by_label("Class name").fill("8C Leaving")
    page.get_by_role("button", name="Create the class").click()
    code = page.locator(".class-facts .code").inner_text()
    with open_context(browser, **PHONE) as phone_browser:
        phone = phone_browser.new_page()
        join(phone, live_server.url, code, "Ben")
        expect(phone.get_by_text("You are in this class as Ben")).to_be_visible()
        personal = phone.locator(".class-banner .code").inner_text()
        check_page(phone, "home-in-a-class")
        phone.get_by_role("link", name="Leave this browser…").tap()
        expect(phone.get_by_role("heading", name="Leave this browser?")).to_be_visible()
        expect(phone.locator(".personal-code")).to_have_text(personal)
        check_page(phone, "leave-confirm")
        phone.get_by_role("link", name="Stay").tap()
        expect(phone.get_by_text("You are in this class as Ben")).to_be_visible()

        phone.get_by_role("link", name="Leave this browser…").tap()
        phone.get_by_role("button", name="Leave this browser").tap()
        expect(phone.get_by_role("heading", name="Come back to your class")).to_be_visible()
        expect(phone.get_by_text("This browser no longer holds your answers.")).to_be_visible()
        phone.goto(live_server.url + "/")
        expect(phone.get_by_text("You are in this class as Ben")).to_have_count(0)


@pytest.fixture(scope="module")
def paragraphs_server(tmp_path_factory):
    """A server of its own whose bank adds an item with a passage of two paragraphs (Source Source | This website...)."""
    from test_student_polish import TWO_PARAGRAPHS

    folder = tmp_path_factory.mktemp("paragraphs")
    shutil.copytree(FIXTURE_EXERCISES, folder / "exercises")
    (folder / "exercises" / "paragraphs.yaml").write_text(set_file(TWO_PARAGRAPHS))
    server = LiveServer(folder)
    server.env["FLASK_EXERCISES_DIR"] = str(folder / "exercises")
    server.start()
    yield server
    server.stop()
    server.log.close()


def test_marks_in_two_paragraphs_are_counted_as_two_as_they_are_made(page, paragraphs_server):
    page.goto(paragraphs_server.url + "/sets/paragraphs/items/notice")
    for number in (1, 2, 3):  # "Source" at the end of the first paragraph, "This website" at the start of the next
        word(page, number).click()
    expect(page.locator("[data-mark-count]")).to_have_text("3 words marked in 2 marks.")
    expect(page.locator(".gap.joined")).to_have_count(1)  # the space in "This website", not the blank line
    word(page, 2).press("Delete")  # removes the mark it is in, "This website", and no more
    assert marked(page) == [1]
    expect(page.locator("[data-mark-count]")).to_have_text("1 word marked in 1 mark.")
