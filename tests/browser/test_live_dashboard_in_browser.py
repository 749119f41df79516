"""The live dashboard in Chromium: while the teacher's page stays open, a student answers and another joins in other
browsers, and the grid shows it within seconds, with no reload, the focus and the scroll where the teacher left them."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .audit import check_page
from .conftest import open_context
from .test_classroom_in_browser import join, sign_in

TIMELINE = "/sets/demo/items/saddam-timeline"
RIGHT = "Iraq invaded Iran in September 1980; Rajavi moved to Iraq in 1986."
LIVE = "The grid updates itself every few seconds."
KEEP = """() => {
  for (const element of document.querySelectorAll('[data-key="name"], thead, .table-scroll, td[data-key="set-demo"]')) {
    element.lensKept = true;
  }
}"""
KEPT = """() => ({
  names: [...document.querySelectorAll('[data-key="name"]')].map(element => element.lensKept === true),
  head: document.querySelector('thead').lensKept === true,
  scroll: document.querySelector('.table-scroll').lensKept === true,
  anaDemo: document.querySelector('td[data-key="set-demo"]').lensKept === true,
})"""


# The dashboard's script waits 5 s between requests, 30 s in a hidden tab: a fifth of each keeps the tests short. Its
# timers are shortened in the page itself, so that no route handler stands between the browser and the server.
QUICKER_TIMERS = """(() => {
  if (!/^\\/teacher\\/classes\\/\\d+$/.test(window.location.pathname)) {
    return;
  }
  const setTimeoutAsWritten = window.setTimeout.bind(window);
  window.setTimeout = (callback, wait, ...rest) => setTimeoutAsWritten(callback, wait >= 1000 ? wait / 5 : wait, ...rest);
})();"""


def poll_every_second(page) -> None:
    """The dashboard asks every second, not every five, and every 6 s when hidden, not every 30."""
    page.add_init_script(QUICKER_TIMERS)


def test_the_dashboard_shows_answers_and_new_students_without_a_reload(browser, page, live_server, teacher_account):
    url = live_server.url
    page.set_viewport_size({"width": 1280, "height": 480})
    sign_in(page, url, teacher_account)
    page.get_by_role("link", name="New class").click()
    page.get_by_label("Class name").fill("8C Live")
    page.get_by_role("button", name="Create the class").click()
    code = page.locator(".class-facts .code").inner_text()
    dashboard = page.url

    with open_context(browser) as ana_browser, open_context(browser) as ben_browser:
        ana = ana_browser.new_page()
        join(ana, url, code, "Ana")
        expect(ana.get_by_text("You are in this class as Ana")).to_be_visible()

        poll_every_second(page)
        page.goto(dashboard)
        grid = page.locator("table.grid")
        ana_row = grid.get_by_role("row", name=re.compile("Ana"))
        expect(ana_row).to_contain_text("not started")
        expect(page.locator("[data-live-note][role=status]")).to_have_text(LIVE)
        loads: list[str] = []
        page.on("load", lambda _: loads.append(page.url))
        page.evaluate("window.lensStillThisPage = true")
        page.evaluate(KEEP)
        origin = page.evaluate("performance.timeOrigin")
        page.evaluate("window.scrollTo(0, document.getElementById('grid-heading').offsetTop)")
        grid.get_by_role("link", name="Ana", exact=True).focus()
        scrolled = page.evaluate("window.scrollY")
        row_top = ana_row.evaluate("row => row.getBoundingClientRect().top")
        assert scrolled > 0

        ana.goto(url + TIMELINE)
        ana.get_by_label(RIGHT).check()
        ana.get_by_role("button", name="Submit answer").click()
        expect(ana.get_by_role("heading", name=re.compile("Your score: "))).to_be_visible()
        ben = ben_browser.new_page()
        join(ben, url, code, "Ben")
        expect(ben.get_by_text("You are in this class as Ben")).to_be_visible()

        ana_cell = ana_row.locator('td[data-key="set-demo"]')
        expect(ana_cell).to_contain_text("one in progress: 1 of 4 answered, 100% on those", timeout=10_000)
        expect(ana_cell).to_contain_text("working now")
        expect(ana_row.locator('td[data-key="now"]')).to_have_text("Demo set for the tests")
        expect(grid.get_by_role("row", name=re.compile("Ben"))).to_contain_text("not started", timeout=10_000)
        expect(page.locator("[data-live-note][role=status]")).to_have_text(
            re.compile(r"1 student has answered in the last (minute|\d+ minutes)")
        )

    # The same document all along: no navigation, no reload, and the teacher's focus and scroll as they were.
    assert loads == [] and page.url == dashboard
    assert page.evaluate("window.lensStillThisPage") is True
    assert page.evaluate("performance.timeOrigin") == origin
    assert page.evaluate("document.activeElement.textContent") == "Ana"
    assert page.evaluate("document.activeElement.closest('tr').dataset.key").startswith("learner-")
    assert page.evaluate("window.scrollY") == scrolled
    assert ana_row.evaluate("row => row.getBoundingClientRect().top") == row_top
    # Only what changed was swapped: Ana's name, the column headers and the scrolling box are the same elements.
    assert page.evaluate(KEPT) == {"names": [True, False], "head": True, "scroll": True, "anaDemo": False}
    check_page(page, "teacher-dashboard-live")

    # Renamed in another tab, Ana's row moves below Ben's with a new name cell: its link takes over the focus.
    other_tab = page.context.new_page()
    other_tab.goto(url + grid.get_by_role("link", name="Ana", exact=True).get_attribute("href"))
    other_tab.get_by_text("Rename, student ID").click()
    other_tab.get_by_label("Name", exact=True).fill("Zoe")
    other_tab.get_by_role("button", name="Rename").click()
    # Closed once the renamed page is in: a tab closed in the middle of its form's navigation hung a CI run for good.
    expect(other_tab.get_by_role("heading", name="Zoe", exact=True)).to_be_visible()
    other_tab.close()
    expect(grid.locator("tbody tr").last).to_contain_text("Zoe", timeout=10_000)
    assert page.evaluate("document.activeElement.textContent") == "Zoe"
    assert loads == []


def test_updates_pause_after_failures_and_resume_when_the_teacher_comes_back(page, live_server, teacher_account):
    sign_in(page, live_server.url, teacher_account)
    page.get_by_role("link", name="New class").click()
    page.get_by_label("Class name").fill("8D Paused")
    page.get_by_role("button", name="Create the class").click()
    poll_every_second(page)
    page.reload()
    status = page.locator("[data-live-note][role=status]")
    expect(status).to_have_text(LIVE)

    # A 404, as when the class is deleted in another tab (and a status the console error check expects).
    page.route(re.compile(r"/live$"), lambda route: route.fulfill(status=404, body="gone"))
    expect(status).to_have_text("Live updates paused — reload the page to see new answers.", timeout=10_000)
    expect(status.get_by_role("link", name="reload the page")).to_be_visible()
    check_page(page, "teacher-dashboard-paused")

    page.unroute(re.compile(r"/live$"))
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(status).to_have_text(LIVE)


HIDDEN_TAB = """
window.lensVisibility = 'hidden';
Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => window.lensVisibility });
"""


def test_a_hidden_tab_asks_less_often_and_catches_up_when_shown(browser, page, live_server, teacher_account):
    sign_in(page, live_server.url, teacher_account)
    page.get_by_role("link", name="New class").click()
    page.get_by_label("Class name").fill("8E Hidden")
    page.get_by_role("button", name="Create the class").click()
    code = page.locator(".class-facts .code").inner_text()
    poll_every_second(page)
    page.add_init_script(HIDDEN_TAB)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if request.url.endswith("/live") else None)
    page.reload()
    expect(page.locator("[data-live-note]")).to_have_text(LIVE)
    page.wait_for_timeout(3000)
    assert asked == [], "a hidden tab asks six times less often (every 6 s here, every 30 s for real)"

    with page.expect_request(re.compile(r"/live$")):
        page.evaluate("window.lensVisibility = 'visible'; document.dispatchEvent(new Event('visibilitychange'))")

    # The first student to join replaces "Nobody has joined yet" with the class by skill and the grid.
    expect(page.get_by_text("Nobody has joined yet.")).to_be_visible()
    with open_context(browser) as ana_browser:
        join(ana_browser.new_page(), live_server.url, code, "Ana")
    expect(page.locator("table.grid").get_by_role("row", name=re.compile("Ana"))).to_contain_text("not started")
    expect(page.get_by_role("heading", name="The class by skill")).to_be_visible()
    expect(page.get_by_text("Nobody has joined yet.")).to_have_count(0)
