"""A teacher in Chromium builds a set in the browser, one item of each type, by clicking words: no quote typed."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from helpers import FIXTURE_EXERCISES, ROOT, SEEDS
from quiz.bank.selection import range_of, source_words

from .audit import check_page
from .conftest import LiveServer
from .test_classroom_in_browser import sign_in

SOURCE = (SEEDS / "mko-article.txt").read_text(encoding="utf-8")
WORDS = source_words(SOURCE)
ACCOUNT = ("builder-teacher", "a long builder password")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of its own, on a copy of the fixture exercises: the builder saves files, the shared server's stay."""
    folder = tmp_path_factory.mktemp("builder")
    shutil.copytree(FIXTURE_EXERCISES, folder / "exercises")
    live = LiveServer(folder)
    live.env |= {"FLASK_EXERCISES_DIR": str(folder / "exercises"), "FLASK_BANK_CHECK_SECONDS": "0"}
    live.start()
    command = [sys.executable, "-m", "flask", "--app", "quiz", "create-teacher", ACCOUNT[0], "--password", ACCOUNT[1]]
    subprocess.run(command, cwd=ROOT, env=live.env, check=True, capture_output=True)
    yield live, folder / "exercises"
    live.stop()
    live.log.close()


def tick_run(page, group: int, phrase: str, offset: int = 0) -> None:
    """Click the first word of the phrase, Shift+click its last, in the group-th text drawn as words."""
    first, last = range_of(SOURCE, WORDS, phrase)
    words = page.locator("[data-builder-words]").nth(group).locator("label.word")
    words.nth(first - offset).click()
    words.nth(last - offset).click(modifiers=["Shift"])


def passage_offset(phrase: str) -> int:
    return range_of(SOURCE, WORDS, phrase)[0]


def test_a_teacher_builds_a_set_of_three_items_by_clicking_words_and_a_student_plays_it(context, server):
    live, exercises = server
    page = context.new_page()
    page.set_default_timeout(8000)
    sign_in(page, live.url, ACCOUNT)
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Exercise files").click()
    page.get_by_role("link", name="New set: write one in the browser").click()
    page.get_by_label("Title").fill("Built in the browser")
    page.get_by_label("Skill (optional)").select_option("loaded_wording")
    check_page(page, "builder-new-set")
    page.get_by_role("button", name="Go on to the first item").click()

    # A highlight item: the passage ticked in the document, a key phrase ticked in the passage.
    passage = "A leopard cannot change its spots. After settling in Albania"
    tick_run(page, 0, passage)
    expect(page.locator("[data-builder-selection]").first).to_contain_text("A leopard cannot change its spots.")
    page.get_by_role("button", name="Use as the passage").click()
    expect(page.locator("[data-chosen-passage]")).to_have_text(passage + " ...")
    tick_run(page, 1, "cannot change its spots", passage_offset(passage))
    page.get_by_role("button", name="Add as a key phrase").click()
    page.get_by_label("Prompt").fill("Mark the words that judge instead of inform.")
    page.get_by_role("button", name="Check and preview").click()
    # The deliberate mistake: no why yet, flagged beside the key phrase.
    expect(page.locator("#part-0 .field-error")).to_contain_text("why is empty")
    check_page(page, "builder-item-problem")
    page.get_by_label("Why (students read it after answering)").fill("An idiom that says the group cannot change.")
    page.get_by_role("button", name="Check and preview").click()
    expect(page.get_by_text("No problems: the file is sound.")).to_be_visible()
    check_page(page, "builder-item-preview")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Built in the browser")).to_be_visible()

    # A classify item, added from the set's preview, with the keyboard for the claim's last word.
    page.get_by_role("link", name="classify").click()
    claim = "The MEK, a terrorist organization, killed 12,000 of their fellow Iranians."
    tick_run(page, 0, claim)
    page.get_by_role("button", name="Use as the passage").click()
    first = page.locator("[data-builder-words]").nth(1).locator("label.word input").first
    first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Shift+End")
    page.get_by_role("button", name="Add as a claim").click()
    expect(page.locator("#part-0 legend")).to_contain_text("The MEK, a terrorist organization")
    page.get_by_label("Prompt").fill("Where does the claim say its information comes from?")
    page.get_by_label("Label", exact=True).select_option("no source")
    page.get_by_label("Why (students read it after answering)").fill("No count is attributed to anyone.")
    page.get_by_role("button", name="Check and preview").click()
    expect(page.get_by_text("No problems: the file is sound.")).to_be_visible()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Replace the file").click()

    # A choice item without a passage: typed options, tried in the preview.
    page.get_by_role("link", name="choice").click()
    page.get_by_label("Prompt").fill("What would you most need to know about a claimed death toll?")
    for number, (text, why) in enumerate(
        [
            ("Who counted the dead, and how they counted.", "A figure needs its source and its method."),
            ("How many words the article has in total.", "Length says nothing about a figure's source."),
            ("Which font the website uses for its text.", "The look of a page does not source a figure."),
        ],
        1,
    ):
        page.get_by_label(f"Text of option {number}").fill(text)
        page.get_by_label(f"Why option {number} is right or wrong").fill(why)
    page.get_by_role("checkbox", name="Option 1 is right").check()
    page.get_by_role("button", name="Check and preview").click()
    page.get_by_label("Who counted the dead, and how they counted.").check()
    page.get_by_role("button", name="Try this answer").click()
    expect(page.get_by_role("heading", name="100%: what a student would be told")).to_be_visible()
    check_page(page, "builder-choice-tried")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Replace the file").click()
    written = (exercises / "built-in-the-browser.yaml").read_text(encoding="utf-8")
    assert written.count("- id:") == 3

    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "quiz", "validate", str(exercises / "built-in-the-browser.yaml")],
        cwd=ROOT,
        env=live.env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and "OK: 1 file(s), 3 item(s)" in result.stdout

    # A student plays the first item.
    student = context.browser.new_context().new_page()
    student.goto(live.url + "/sets/built-in-the-browser")
    student.get_by_role("link", name="Mark the words that judge instead of inform.").first.click()
    student.get_by_text("cannot", exact=True).click()
    student.get_by_role("button", name="Submit answer").click()
    expect(student.get_by_text("An idiom that says the group cannot change.")).to_be_visible()
    student.context.close()
