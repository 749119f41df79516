"""A teacher in Chromium previews an exercise file and uploads one with a mistake (the live server's files stay)."""

from __future__ import annotations

from playwright.sync_api import expect

from .audit import check_page
from .test_classroom_in_browser import sign_in

MISTAKE = b"""title: My set
source: mko-article
skill: loaded_wording
items:
  - id: leopard
    type: highlight
    promt: Mark the judgement.
    passage: A leopard cannot change its spots.
    answers:
      - quote: leopard
        why: An idiom.
"""


def test_a_teacher_previews_a_set_and_sees_an_uploads_mistake_at_its_line(page, live_server, teacher_account):
    sign_in(page, live_server.url, teacher_account)
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Exercise files").click()
    check_page(page, "teacher-exercise-files")
    page.get_by_role("link", name="demo.yaml").click()
    expect(page.get_by_role("heading", name="Demo set for the tests")).to_be_visible()
    expect(page.get_by_text("An idiom that declares the group unable to change")).to_be_visible()
    check_page(page, "teacher-preview")

    page.get_by_role("navigation", name="Site").get_by_role("link", name="Exercise files").click()
    page.get_by_label("Exercise file (.yaml)").set_input_files(
        files=[{"name": "my-set.yaml", "mimeType": "application/yaml", "buffer": MISTAKE}]
    )
    page.get_by_role("button", name="Check and upload").click()
    expect(page.get_by_role("heading", name="1 problem in my-set.yaml (uploaded)")).to_be_visible()
    page.get_by_role("link", name="Line 7, column 5").click()
    assert page.url.endswith("#L7")
    expect(page.locator("tr.flagged")).to_have_count(1)
    expect(page.get_by_text("unknown key promt; did you mean prompt?")).to_be_visible()
    expect(page.locator(".problems code")).to_have_text(["promt", "prompt"])
    check_page(page, "teacher-upload-mistake")
