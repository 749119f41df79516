"""Issue 16's format additions in Chromium: an item's record, boxed above its question, and an explanation's sources in
small print under it, on the student's pages, accessible and fitting a phone."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from helpers import TESTS

from .audit import check_page
from .conftest import LiveServer

CONTRACT = TESTS / "fixtures" / "contract" / "sources-and-evidence.yaml"
AP_TITLE = "Clarification: Trump-Iranian Exiles story"


@pytest.fixture(scope="module")
def cited_server(tmp_path_factory):
    """A server of its own whose bank is the contract file with sources and evidence."""
    folder = tmp_path_factory.mktemp("cited")
    (folder / "exercises").mkdir()
    shutil.copy(CONTRACT, folder / "exercises")
    server = LiveServer(folder)
    server.env["FLASK_EXERCISES_DIR"] = str(folder / "exercises")
    server.start()
    yield server
    server.stop()
    server.log.close()


def test_the_record_is_boxed_above_the_question_and_the_sources_are_small_print_under_the_why(page, cited_server):
    page.goto(cited_server.url + "/sets/sources-and-evidence/items/killings-record")
    record = page.locator("section.record")
    expect(record.get_by_role("heading", name="Record")).to_be_visible()
    expect(record.locator("blockquote")).to_contain_text("the current MEK leadership disavows the killings.")
    expect(record.locator(".sources")).to_have_text(f"Source: {AP_TITLE}, Associated Press, 16 Feb 2017")
    link = record.get_by_role("link", name=AP_TITLE)
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(link).to_have_attribute("href", re.compile(r"^http://ap\.stripes\.com/.*&SECTION=HOME&"))
    box, passage = record.bounding_box(), page.locator("blockquote.passage").bounding_box()
    assert box["y"] + box["height"] <= passage["y"], "the record is drawn above the question"
    assert page.locator("h1").bounding_box()["y"] < box["y"], "and below the prompt"
    check_page(page, "item-with-a-record")

    page.get_by_label("Who reached the conclusion, and what the group's present leaders say.").check()
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_role("heading", name="Your score: 100%")).to_be_visible()
    right = page.locator(".point.tone-good")
    expect(right.locator(".sources")).to_have_text(f"Source: {AP_TITLE}, Associated Press, 16 Feb 2017")
    expect(page.locator(".point .sources").filter(has_text="A second source")).to_have_text(
        "Sources: A source without an address; A second source, A publisher"
    )
    why_size = right.locator(".why").evaluate("element => parseFloat(getComputedStyle(element).fontSize)")
    small = right.locator(".sources").evaluate("element => parseFloat(getComputedStyle(element).fontSize)")
    assert small < why_size, "sources are small print"
    check_page(page, "feedback-with-sources")
