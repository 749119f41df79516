"""A teacher in Chromium reads the guide from the menu, follows its contents to a section, and opens the form that
adds a source document with its facts (not sent: the live server's seeds are the project's own)."""

from __future__ import annotations

from playwright.sync_api import expect

from .audit import check_page
from .test_classroom_in_browser import sign_in


def test_a_teacher_reads_the_guide_and_opens_the_source_form(page, live_server, teacher_account):
    sign_in(page, live_server.url, teacher_account)
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Writing exercises").click()
    expect(page.get_by_role("heading", name="Writing exercises for Lens", level=1)).to_be_visible()
    check_page(page, "teacher-guide")
    page.get_by_role("link", name="What the messages mean").first.click()
    assert page.url.endswith("#what-the-messages-mean")
    expect(page.get_by_role("heading", name="What the messages mean")).to_be_in_viewport()

    page.get_by_role("navigation", name="Site").get_by_role("link", name="Exercise files").click()
    page.get_by_role("link", name="Paste a document, or add one with its title, author and date").click()
    expect(page.get_by_role("heading", name="Add a source document", level=1)).to_be_visible()
    page.get_by_label("Title").fill("A leaflet")
    page.get_by_label("Web address it was found at").fill("not an address")
    check_page(page, "teacher-source-new")
    # Refused (no text, and no web address), so nothing is written to the project's seeds.
    page.get_by_role("button", name="Add the document").click()
    expect(page.get_by_role("alert")).to_contain_text("Paste the document's text into the box")
    expect(page.get_by_label("File name")).to_have_value("a-leaflet")
    check_page(page, "teacher-source-refused")
