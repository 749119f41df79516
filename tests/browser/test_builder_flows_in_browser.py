"""Issue 15's "Done when", in Chromium: a teacher adds a source and builds a set on it without typing a quote, the
live checks flag a problem beside its field as they work, a student plays the set; an edit of a commented file
changes only its item's lines; the builder at laptop and tablet widths; the passage and a key phrase chosen with the
keyboard alone."""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
from collections import Counter
from contextlib import contextmanager

import pytest
import yaml
from playwright.sync_api import expect

from helpers import ROOT
from quiz.bank.selection import range_of, source_words

from .audit import assert_fits, check_page, screenshot
from .axe import assert_accessible
from .conftest import LiveServer, _watched_page
from .test_classroom_in_browser import sign_in

ACCOUNT = ("flow-teacher", "a long flow password")
TABLET = {"width": 820, "height": 1180}
BRIDGE = """The Bridge We Were Promised

The mayor says the new bridge is safe. Nobody in this town believes a word of it.

Engineers say the bridge is safe, but engineers said that about the old one too. The mayor says the new bridge is safe.

Sources close to the council say the cost has doubled. This reckless, shameful waste of our money must stop.
"""
FACTS = {
    "Title": "The Bridge We Were Promised",
    "Author": "Dana Whitlock",
    "Publisher": "Harbour Town Gazette",
    "Date": "3 March 2025",
    "Web address it was found at": "https://gazette.example/bridge",
    "File name": "bridge-article",
}


@pytest.fixture
def server(tmp_path, browser):
    """A server of its own, on copies of the shipped exercises and seeds, with an admin teacher (who may edit them)."""
    shutil.copytree(ROOT / "exercises", tmp_path / "exercises")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    live = LiveServer(tmp_path)
    live.env |= {
        "FLASK_EXERCISES_DIR": str(tmp_path / "exercises"),
        "FLASK_SEEDS_DIR": str(tmp_path / "seeds"),
        "FLASK_BANK_CHECK_SECONDS": "0",
    }
    live.start()
    command = [sys.executable, "-m", "flask", "--app", "quiz", "create-teacher", ACCOUNT[0], "--password", ACCOUNT[1]]
    subprocess.run([*command, "--admin"], cwd=ROOT, env=live.env, check=True, capture_output=True)
    yield live, tmp_path
    live.stop()
    live.log.close()


@pytest.fixture
def teacher(context, server):
    """A signed-in teacher's page that fails the test on a script error."""
    for page in _watched_page(context):
        page.set_default_timeout(10000)
        sign_in(page, server[0].url, ACCOUNT)
        yield page


def check_builder(page, name: str) -> None:
    """check_page (axe and reflow at laptop and phone widths), and axe and reflow at a tablet's width too."""
    check_page(page, name)
    original = page.viewport_size
    try:
        page.set_viewport_size(TABLET)
        assert_accessible(page, f"{name} at {TABLET['width']} px")
        assert_fits(page)
        screenshot(page, f"{name}-tablet")
    finally:
        page.set_viewport_size(original)


def tick(page, group: int, source: str, phrase: str, nth: int | None = None, offset: int = 0) -> None:
    """Click the first word of the phrase (its nth time in the source), Shift+click its last, in the group-th text."""
    first, last = range_of(source, source_words(source), phrase, nth=nth)
    words = page.locator("[data-builder-words]").nth(group).locator("label.word")
    words.nth(first - offset).click()
    words.nth(last - offset).click(modifiers=["Shift"])


@contextmanager
def live_check(page):
    """Wait for the live check that the changes made inside send (no button pressed). The page's scripts run first:
    a change made before the live checks listen (on a page just drawn after a button, on a slow machine) sends
    nothing, and the wait would be in vain."""
    page.wait_for_load_state("load")
    with page.expect_response(lambda response: response.url.endswith("/check.json")):
        yield


def test_a_teacher_adds_a_source_builds_a_set_on_it_with_live_checks_and_a_student_plays_it(teacher, server):
    live, folder = server
    page = teacher
    # The source, pasted with what is known of it.
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Exercise files").click()
    page.get_by_role("link", name="Paste a document, or add one with its title, author and date").click()
    page.get_by_label("Paste the text").fill(BRIDGE)
    for label, value in FACTS.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Add the document").click()
    expect(page.get_by_text("The source document “bridge-article” is added.")).to_be_visible()
    source = (folder / "seeds" / "bridge-article.txt").read_text(encoding="utf-8")

    # A new set on it; its first item a highlight item, the passage dragged across in the document.
    page.get_by_role("link", name="New set: write one in the browser").click()
    page.get_by_label("Title").fill("Who pays for the bridge?")
    page.get_by_label("Source document").select_option("bridge-article")
    page.get_by_label("Skill (optional)").select_option("loaded_wording")
    page.get_by_role("button", name="Go on to the first item").click()
    passage = (
        "Sources close to the council say the cost has doubled. This reckless, shameful waste of our money must stop."
    )
    first, last = range_of(source, source_words(source), passage)
    document = page.locator("[data-builder-words]").first.locator("label.word")
    document.nth(first).hover()
    page.mouse.down()
    document.nth(last).hover()
    page.mouse.up()
    # The words ticked, as far as the last word; Lens adds the sentence's full stop to the passage.
    expect(page.locator("[data-builder-selection]").first).to_have_text(f"Selected: “{passage[:-1]}”")
    page.get_by_role("button", name="Use as the passage").click()
    expect(page.locator("[data-chosen-passage]")).to_have_text(passage)
    tick(page, 1, source, "reckless, shameful waste", offset=first)
    page.get_by_role("button", name="Add as a key phrase").click()
    expect(page.locator("#part-0 legend")).to_have_text("Key phrase 1: reckless, shameful waste")

    # The live checks, as the teacher types: no button pressed, the page stays where it is.
    address = page.url
    with live_check(page):
        page.get_by_label("Prompt").fill("Mark the words that judge instead of inform.")
    expect(page.locator("#part-0-error")).to_have_text(
        "why is empty: write the text (the explanation the student reads after answering)"
    )
    expect(page.locator("#part-0-error code")).to_have_text("why")  # the message's code mark, drawn as code
    expect(page.locator("[data-check-summary]")).to_have_text(
        "1 problem now: each is shown beside its field. Nothing is saved until the file is sound."
    )
    page.get_by_label("Item id").fill("judging words")  # the deliberate mistake: a space in the id
    expect(page.locator("#item_id-error")).to_contain_text("judging words is not a usable id")
    expect(page.locator(".field:has(#item-id)")).to_have_class("field has-error")
    expect(page.get_by_label("Item id")).to_be_focused()
    assert page.url == address
    check_builder(page, "builder-live-problems")
    with live_check(page):
        page.get_by_label("Item id").fill("judging-words")
        page.get_by_label("Why (students read it after answering)").fill("Three words of blame, and no figures.")
    expect(page.locator("[data-check-summary]")).to_have_text(
        "No problems so far: the file would be sound. Press “Check and preview” to try the item."
    )
    expect(page.locator("#item_id-error")).to_be_empty()
    expect(page.locator("#part-0-error")).to_be_empty()
    expect(page.locator(".field:has(#item-id)")).to_have_class("field")
    page.get_by_role("button", name="Check and preview").click()
    expect(page.get_by_text("No problems: the file is sound.")).to_be_visible()
    check_builder(page, "builder-flow-preview")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Who pays for the bridge?")).to_be_visible()

    # A classify item: a claim whose words occur twice in the source, ticked the second time.
    page.get_by_role("link", name="classify").click()
    passage = (
        "Engineers say the bridge is safe, but engineers said that about the old one too. "
        "The mayor says the new bridge is safe."
    )
    tick(page, 0, source, passage)
    page.get_by_role("button", name="Use as the passage").click()
    offset = range_of(source, source_words(source), passage)[0]
    tick(
        page,
        1,
        source,
        "Engineers say the bridge is safe, but engineers said that about the old one too.",
        offset=offset,
    )
    page.get_by_role("button", name="Add as a claim").click()
    tick(page, 1, source, "The mayor says the new bridge is safe.", nth=2, offset=offset)
    page.get_by_role("button", name="Add as a claim").click()
    expect(page.locator("#part-1 legend")).to_have_text("Claim 2: The mayor says the new bridge is safe.")
    page.get_by_label("Prompt").fill("Where does each claim say its information comes from?")
    # The label menus follow the labels as typed, before any button is pressed.
    labels = page.get_by_label("Labels, one a line")
    labels.fill(labels.input_value() + "\nhearsay")
    expect(page.locator("#part-0-label option", has_text="hearsay")).to_have_count(1)
    labels.fill(labels.input_value().replace("\nhearsay", ""))
    expect(page.locator("#part-0-label option", has_text="hearsay")).to_have_count(0)
    page.locator("#part-0-label").select_option("vague source")
    page.locator("#part-0-why").fill("Which engineers? The claim names none.")
    page.locator("#part-1-label").select_option("named source")
    page.locator("#part-1-why").fill("The mayor is named as the one who says it.")
    page.get_by_role("button", name="Check and preview").click()
    expect(page.get_by_text("No problems: the file is sound.")).to_be_visible()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Replace the file").click()

    # A choice item on the first time the mayor's sentence occurs.
    page.get_by_role("link", name="choice").click()
    tick(page, 0, source, "The mayor says the new bridge is safe.", nth=1)
    page.get_by_role("button", name="Use as the passage").click()
    page.get_by_label("Prompt").fill("What would you need to know before you believe this?")
    options = [
        ("Who inspected the bridge, and what they found.", "A safety claim needs its evidence."),
        ("How long the mayor has been in office.", "Time in office says nothing of the bridge."),
        ("Which colour the bridge is painted.", "Paint does not make a bridge safe."),
    ]
    for number, (text, why) in enumerate(options, 1):
        page.get_by_label(f"Text of option {number}").fill(text)
        page.get_by_label(f"Why option {number} is right or wrong").fill(why)
    page.get_by_role("checkbox", name="Option 1 is right").check()
    page.get_by_role("button", name="Check and preview").click()
    expect(page.get_by_text("No problems: the file is sound.")).to_be_visible()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Replace the file").click()

    # The file: sound for `flask validate`, each quote the source's own words, `occurrence` where it is needed.
    written = folder / "exercises" / "who-pays-for-the-bridge.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "quiz", "validate", str(written)],
        cwd=ROOT,
        env=live.env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and "OK: 1 file(s), 3 item(s)" in result.stdout, result.stdout + result.stderr
    items = yaml.safe_load(written.read_text(encoding="utf-8"))["items"]
    assert [item["id"] for item in items] == [
        "judging-words",
        "where-does-each-claim-say",
        "what-would-you-need-to",
    ]
    assert items[0]["answers"] == [
        {"quote": "reckless, shameful waste", "why": "Three words of blame, and no figures."}
    ]
    assert items[1]["claims"][1] == {
        "quote": "The mayor says the new bridge is safe.",
        "label": "named source",
        "why": "The mayor is named as the one who says it.",
        "occurrence": 2,
    }
    assert (items[2]["passage"], items[2]["occurrence"]) == ("The mayor says the new bridge is safe.", 1)

    # A student plays the highlight item, then reads where the document comes from.
    student = context_page(page)
    student.goto(live.url + "/sets/who-pays-for-the-bridge")
    student.get_by_role("link", name="Mark the words that judge instead of inform.").first.click()
    for word in ("reckless", "shameful", "waste"):
        student.get_by_text(word, exact=True).click()
    student.get_by_role("button", name="Submit answer").click()
    expect(student.get_by_text("Three words of blame, and no figures.")).to_be_visible()
    student.get_by_role("link", name="Read this in the whole document").click()
    facts = student.locator("dl")
    expect(facts).to_contain_text("Dana Whitlock")
    expect(student.get_by_role("link", name="https://gazette.example/bridge")).to_be_visible()
    student.context.close()


def context_page(page):
    """A page in a browser context of its own: a student who shares nothing with the teacher."""
    return page.context.browser.new_context().new_page()


def test_editing_one_why_of_a_hand_written_commented_file_changes_only_that_items_lines(teacher, server):
    live, folder = server
    page = teacher
    path = folder / "exercises" / "example.yaml"
    original = path.read_text(encoding="utf-8")
    page.goto(live.url + "/teacher/exercises/file/example.yaml")
    page.get_by_role("link", name="Edit item 1").click()
    expect(page.locator("#part-0 legend")).to_have_text("Key phrase 1: claiming")
    new_why = "“Claiming” instead of “saying” hints that the statement may not be true, before any reason is given."
    page.locator("#part-0-why").fill(new_why)
    expect(page.locator("[data-check-summary]")).to_have_text(
        "No problems so far: the file would be sound. Press “Check and preview” to try the item."
    )
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Replace the file").click()
    expect(page.get_by_role("heading", name="Start here: one question of each kind")).to_be_visible()

    edited = path.read_text(encoding="utf-8")
    old_lines, new_lines = original.splitlines(), edited.splitlines()
    item_start = old_lines.index("  - id: claiming-incredibly")
    item_end = next(number for number, line in enumerate(old_lines) if "Item 2: a classify item" in line)
    changes = [op for op in difflib.SequenceMatcher(a=old_lines, b=new_lines).get_opcodes() if op[0] != "equal"]
    assert changes, "the file did not change"
    for _, old_from, old_to, _, _ in changes:
        assert item_start <= old_from and old_to <= item_end, difflib.unified_diff(old_lines, new_lines, n=0)
    changed_away = [line for tag, i, j, _, _ in changes for line in old_lines[i:j]]
    assert all(line.strip().startswith(("why:", '"Claiming"', "true.", "report")) for line in changed_away)
    comments = Counter(line for line in old_lines if line.lstrip().startswith("#"))
    assert Counter(line for line in new_lines if line.lstrip().startswith("#")) == comments
    claiming = yaml.safe_load(edited)["items"][0]["answers"][0]
    assert claiming == {"quote": "claiming", "why": new_why}


def test_the_passage_and_a_key_phrase_are_chosen_with_the_keyboard_alone(teacher, server):
    live, _ = server
    page = teacher
    source = (ROOT / "seeds" / "mko-article.txt").read_text(encoding="utf-8")
    page.goto(live.url + "/teacher/exercises/build/new")
    page.get_by_label("Title").fill("Keys only")
    page.get_by_label("Title").press("Enter")
    expect(page.get_by_role("heading", name="A new highlight item in “Keys only”")).to_be_visible()

    # Tab to the document's words; move to the title's second time with the arrows; Space, then Shift+arrows.
    tab_to_words(page)
    first, last = range_of(source, source_words(source), "Nothing Hurts Like the Truth", nth=2)
    for _ in range(first):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    for _ in range(last - first):
        page.keyboard.press("Shift+ArrowRight")
    expect(page.locator("[data-builder-selection]").first).to_have_text("Selected: “Nothing Hurts Like the Truth”")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Use as the passage")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("[data-chosen-passage]")).to_have_text("Nothing Hurts Like the Truth")

    # In the passage: the second word, then Shift+arrows to the last; the button pressed with Space.
    tab_to_words(page)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Add as a key phrase")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#part-0 legend")).to_have_text("Key phrase 1: Hurts Like the Truth")

    # Its why, typed key by key: the live check waits until typing stops, then sends the form once.
    sent = []
    page.on("request", lambda request: sent.append(request) if request.url.endswith("/check.json") else None)
    page.locator("#part-0-why").focus()
    with live_check(page):
        page.keyboard.type("A title written twice, as a slogan.", delay=20)
    assert 1 <= len(sent) < 5
    expect(page.get_by_role("status").filter(has_text="1 problem now")).to_be_visible()
    expect(page.locator("#prompt-error")).to_contain_text("prompt is empty")
    expect(page.locator("#part-0-why")).to_be_focused()

    # The file Lens would write: the passage's second time, the key phrase inside it.
    text = page.locator(".builder-yaml pre").text_content()
    assert "passage: Nothing Hurts Like the Truth\n    occurrence: 2\n" in text
    assert "- quote: Hurts Like the Truth\n" in text
    check_builder(page, "builder-keyboard")


def tab_to_words(page, most: int = 60) -> None:
    """Press Tab until a word of a text drawn as words has the focus (the one word of it in the Tab order)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('[data-builder-words]')"):
            return
    raise AssertionError(f"{most} presses of Tab never reached a word")
