"""What every page owes every student: small, self-contained, a visible focus, and targets a finger can hit."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from helpers import ROOT

from .audit import check_page
from .test_student_in_browser import ITEM

WEIGHT_REPORT = ROOT / "test-artifacts" / "page-weight.txt"
# The quiz page with its stylesheet and script, uncompressed; a school's network may be slow and shared.
WEIGHT_BUDGET = 64 * 1024
# The focus ring of the control in focus, and the colour it is drawn against (a ring sits just outside its
# control); a word of the passage is a hidden checkbox, outlined through its label.
FOCUS_RING = """() => {
    const focused = document.activeElement;
    const ringed = focused.closest('label.word') || focused;
    const style = getComputedStyle(ringed);
    let background = 'rgb(255, 255, 255)';
    for (let e = ringed.parentElement; e; e = e.parentElement) {
        const colour = getComputedStyle(e).backgroundColor;
        if (colour !== 'rgba(0, 0, 0, 0)') { background = colour; break; }
    }
    return {
        name: (focused.textContent || focused.value || focused.tagName).trim().slice(0, 40),
        style: style.outlineStyle, width: parseFloat(style.outlineWidth), colour: style.outlineColor, background,
    };
}"""
# Controls that stand alone (not links inside a sentence), which a finger must be able to hit.
TOUCH_TARGETS = (
    ".site-nav a, .site-nav button, .brand, .breadcrumb a, .set-card a, .item-list a, .context-link a, "
    ".item-nav a, button, a.button, label.choice, summary, .field input"
)


def test_the_quiz_page_is_small_and_loads_nothing_from_elsewhere(page, live_server):
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(live_server.url + ITEM + "leopard")
    page.wait_for_load_state("networkidle")
    weights = {response.url.removeprefix(live_server.url): len(response.body()) for response in responses}
    total = sum(weights.values())
    WEIGHT_REPORT.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{size:>8,} B  {path}" for path, size in weights.items()] + [f"{total:>8,} B  in all, uncompressed"]
    WEIGHT_REPORT.write_text("\n".join(lines) + "\n")
    assert all(response.url.startswith(live_server.url) for response in responses), weights
    assert {response.request.resource_type for response in responses} <= {"document", "stylesheet", "script", "other"}
    assert page.evaluate("document.fonts.size") == 0, "no web fonts: system fonts only"
    assert total <= WEIGHT_BUDGET, "\n".join(lines)


def test_focus_is_visible_on_every_control_of_the_student_pages(page, live_server):
    for path in ["/", ITEM + "leopard", ITEM + "what-to-check", "/join"]:
        page.goto(live_server.url + path)
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name="Skip to content")).to_be_in_viewport()
        for ring in focus_rings(page):
            assert ring["style"] == "solid" and ring["width"] >= 2, f"{path}: no visible focus on {ring['name']}"
            assert contrast(ring["colour"], ring["background"]) >= 3, f"{path}: faint focus ring on {ring['name']}"


def focus_rings(page) -> list[dict]:
    """Tab through the whole page once; the focus ring of each control in turn, and what it is drawn against."""
    rings = []
    for _ in range(60):
        if page.evaluate("document.activeElement === document.body"):
            break
        rings.append(page.evaluate(FOCUS_RING))
        page.keyboard.press("Tab")
    assert len(rings) > 5, rings
    return rings


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two CSS rgb() colours."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def luminance(colour: str) -> float:
    red, green, blue = (int(channel) / 255 for channel in re.findall(r"\d+", colour)[:3])

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def test_a_finger_can_hit_every_control_on_a_phone(phone, live_server):
    for path in ["/", "/sets/demo", ITEM + "leopard", ITEM + "twelve-thousand", ITEM + "what-to-check", "/join"]:
        phone.goto(live_server.url + path)
        small = phone.locator(TOUCH_TARGETS).evaluate_all(
            """targets => targets.filter(target => target.offsetParent !== null).map(target => {
                const box = target.getBoundingClientRect();
                return [target.textContent.trim().slice(0, 30), Math.round(box.width), Math.round(box.height)];
            }).filter(([, width, height]) => width < 44 || height < 44)"""
        )
        assert small == [], f"{path}: targets under 44 by 44 px: {small}"
    phone.goto(live_server.url + ITEM + "leopard")
    heights = phone.locator("label.word").evaluate_all(
        "words => words.map(word => word.getBoundingClientRect().height)"
    )
    assert min(heights) >= 24, "a word of the passage is too short to tap"


def test_a_missing_page_says_so_accessibly(page, live_server):
    page.goto(live_server.url + "/sets/no-such-set")
    expect(page.get_by_role("link", name="Go to the list of exercise sets")).to_be_visible()
    check_page(page, "not-found")


def test_the_page_of_what_lens_keeps_is_reached_from_the_footer_and_reads_accessibly(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_role("contentinfo").get_by_role("link", name="What Lens keeps").click()
    expect(page.get_by_role("heading", name="What Lens keeps", level=1)).to_be_visible()
    check_page(page, "privacy")
