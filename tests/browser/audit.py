"""What every page state the suite visits must pass: axe-core at desktop and phone widths, reflow down to 320 px."""

from __future__ import annotations

from helpers import ROOT

from .axe import assert_accessible

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
# WCAG 1.4.10 Reflow: content fits 320 CSS pixels (a 1280 px screen at 400 % zoom) without scrolling sideways.
NARROWEST = {"width": 320, "height": 740}
STICKING_OUT = """width => [...document.body.querySelectorAll('*')]
    .filter(element => element.getBoundingClientRect().right > width + 0.5)
    .slice(0, 5)
    .map(element => element.outerHTML.slice(0, 120))"""


def check_page(page, name: str) -> None:
    """Check the page as it stands at each width, keep a screenshot of it, and leave the viewport as it was."""
    # After a click the page's text can be there before its stylesheet: contrast and sizes need the styles.
    page.wait_for_load_state("load")
    original = page.viewport_size
    sizes = {"phone": PHONE} if original["width"] <= PHONE["width"] else {"desktop": DESKTOP, "phone": PHONE}
    try:
        for label, size in sizes.items():
            page.set_viewport_size(size)
            assert_accessible(page, f"{name} at {size['width']} px")
            assert_fits(page)
            screenshot(page, f"{name}-{label}")
        page.set_viewport_size(NARROWEST)
        assert_fits(page)
    finally:
        page.set_viewport_size(original)


def assert_fits(page) -> None:
    """The page never scrolls sideways (a wide table may scroll inside its own box)."""
    width = page.viewport_size["width"]
    scrolled = page.evaluate("document.documentElement.scrollWidth")
    if scrolled > width:
        culprits = "\n".join(page.evaluate(STICKING_OUT, width))
        raise AssertionError(f"{page.url} is {scrolled} px wide at {width} px; sticking out:\n{culprits}")


def screenshot(page, name: str) -> None:
    """Keep a picture of the page for a reviewer; the folder is git-ignored."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
