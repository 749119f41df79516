"""The builder's YAML writer: new files look hand-written, edits change only the lines of their item, text survives."""

import difflib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import SEEDS, SHIPPED_EXERCISES
from quiz.bank.loading import check_bytes, load_bank
from quiz.bank.writing import SCHEMA_COMMENT, add_item, item_of, new_set_file, replace_item
from quiz.bank.yamlsafe import read_yaml

SHIPPED = sorted(SHIPPED_EXERCISES.glob("*.yaml"))
SHIPPED_ITEMS = [
    pytest.param(path, item["id"], id=f"{path.stem}:{item['id']}")
    for path in SHIPPED
    for item in read_yaml(path.read_bytes()).data["items"]
]
PROPERTY = settings(max_examples=150, deadline=None)


@pytest.fixture(scope="module")
def sources():
    return load_bank(SHIPPED_EXERCISES, SEEDS).sources


def problems(text: str, stem: str, sources) -> list[str]:
    exercise_set, found = check_bytes(text.encode(), f"{stem}.yaml", stem, sources)
    assert exercise_set is not None or found
    return [str(problem) for problem in found]


def changed_lines(before: str, after: str) -> list[int]:
    """The 0-based numbers of the lines of `before` that the edit replaced, or before which it inserted lines."""
    matcher = difflib.SequenceMatcher(a=before.split("\n"), b=after.split("\n"), autojunk=False)
    numbers = []
    for tag, first, last, _, _ in matcher.get_opcodes():
        if tag != "equal":
            numbers += list(range(first, max(last, first + 1)))
    return numbers


def item_lines(text: str, item_id: str) -> range:
    """The lines an item owns, found without the writer: from its `- id:` line up to the next line that is written
    no deeper than its dash (the next item, a comment heading it, or the set's next key)."""
    lines = text.split("\n")
    first = next(n for n, line in enumerate(lines) if re.fullmatch(rf" *- id: {re.escape(item_id)}", line))
    dash = lines[first].index("-")
    last = first
    for number in range(first + 1, len(lines)):
        if lines[number].strip():
            if len(lines[number]) - len(lines[number].lstrip()) <= dash:
                break
            last = number
    return range(first, last + 1)


def comment_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.lstrip().startswith("#")]


# Editing the shipped, hand-written files.


@pytest.mark.parametrize(("path", "item_id"), SHIPPED_ITEMS)
def test_writing_an_item_back_unchanged_gives_the_file_back_byte_for_byte(path, item_id):
    text = path.read_text()
    assert replace_item(text, item_id, item_of(text, item_id)) == text


@pytest.mark.parametrize(("path", "item_id"), SHIPPED_ITEMS)
def test_changing_one_field_touches_only_that_items_lines_and_the_file_still_loads(path, item_id, sources):
    text = path.read_text()
    item = item_of(text, item_id)
    item["prompt"] = "Which words here judge, rather than report? Mark them: every one you find."
    result = replace_item(text, item_id, item)

    touched = changed_lines(text, result)
    assert touched and set(touched) <= set(item_lines(text, item_id))
    assert read_yaml(result.encode()).data["items"] == [
        item if entry["id"] == item_id else entry for entry in read_yaml(text.encode()).data["items"]
    ]
    assert problems(result, path.stem, sources) == []


def test_a_changed_prompt_changes_the_prompts_lines_and_nothing_else():
    text = (SHIPPED_EXERCISES / "example.yaml").read_text()
    item = item_of(text, "who-says-so")
    item["prompt"] = "Where does each sentence say its information comes from?"
    diff = difflib.unified_diff(text.split("\n"), replace_item(text, "who-says-so", item).split("\n"), n=0, lineterm="")
    assert list(diff)[2:] == [
        "@@ -121,3 +121 @@",
        "-    prompt: >",
        "-      Where does each sentence say its information comes from? Judge only by",
        "-      what the sentence itself tells you.",
        "+    prompt: Where does each sentence say its information comes from?",
    ]


def test_comments_inside_the_item_survive_a_change_beside_them():
    text = (SHIPPED_EXERCISES / "example.yaml").read_text()
    item = item_of(text, "claiming-incredibly")
    item["answers"][0]["why"] = "A short why: now on one line."
    item["answers"][1]["why"] = "A longer why, " * 12 + "ends here.\n"
    result = replace_item(text, "claiming-incredibly", item)
    assert comment_lines(result) == comment_lines(text)
    assert '        why: "A short why: now on one line."\n        # occurrence: optional;' in result


def test_a_removed_key_takes_its_comment_and_leaves_the_next_keys():
    text = (SHIPPED_EXERCISES / "example.yaml").read_text()
    item = item_of(text, "claiming-incredibly")
    del item["skill"]
    result = replace_item(text, "claiming-incredibly", item)
    assert "    type: highlight\n\n    # prompt: required." in result
    assert "# skill: optional; default is the set's skill" not in result
    assert read_yaml(result.encode()).data["items"][0] == item


def test_a_new_key_goes_where_the_guide_puts_it():
    text = (SHIPPED_EXERCISES / "unsourced-claims.yaml").read_text()
    item = item_of(text, "ussr-tip-off")
    item = {"skill": "missing_context", **item, "occurrence": 1}
    result = replace_item(text, "ussr-tip-off", item)
    assert "  - id: ussr-tip-off\n    type: choice\n    skill: missing_context\n    prompt: >\n" in result
    assert "      the USSR security service.\n    occurrence: 1\n    options:\n" in result


def test_an_item_ruamel_cannot_read_is_written_afresh_and_the_rest_stays():
    # ruamel refuses a duplicate key, which the safe loader reads (and the checker reports): the item is written anew.
    text = "title: T\nitems:\n  - id: a\n    prompt: One.\n    prompt: Two.\n  # the next one\n  - id: b\n"
    item = item_of(text, "a") | {"why": "New."}
    assert replace_item(text, "a", item) == text.replace("    prompt: Two.\n", "    why: New.\n")


def test_an_unknown_id_is_a_key_error():
    text = (SHIPPED_EXERCISES / "example.yaml").read_text()
    with pytest.raises(KeyError):
        replace_item(text, "no-such-item", {"id": "x"})
    with pytest.raises(KeyError):
        item_of(text, "no-such-item")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_an_added_item_goes_after_the_last_one_and_every_other_line_stays(path, sources):
    text = path.read_text()
    data = read_yaml(text.encode()).data
    item = {**data["items"][0], "id": "added-by-the-builder"}
    result = add_item(text, item)
    assert result.startswith(text.rstrip("\n") + "\n\n  - id: added-by-the-builder\n")
    assert read_yaml(result.encode()).data == {**data, "items": [*data["items"], item]}
    assert problems(result, path.stem, sources) == []


def test_the_first_item_is_added_under_an_empty_items_list_or_a_missing_one():
    item = {"id": "a", "type": "choice", "prompt": "Pick.", "options": [{"text": "x", "correct": True, "why": "y"}]}
    expected = (
        "    type: choice\n    prompt: Pick.\n    options:\n      - text: x\n        correct: true\n        why: y\n"
    )
    assert (
        add_item("title: T\nitems: []  # none yet\n", item) == "title: T\nitems:  # none yet\n\n  - id: a\n" + expected
    )
    assert add_item("title: T\n\n", item) == "title: T\n\nitems:\n\n  - id: a\n" + expected


def test_a_file_indented_otherwise_keeps_its_indentation_and_line_ends():
    text = "title: T\r\nitems:\r\n- id: a\r\n  type: choice  # kept\r\n  prompt: Old.\r\n- id: b\r\n  prompt: B.\r\n"
    item = item_of(text, "a") | {"prompt": "New."}
    assert replace_item(text, "a", item) == text.replace("Old.", "New.")
    added = add_item(text, {"id": "c", "prompt": "C."})
    assert added == text + "- id: c\r\n  prompt: C.\r\n"


# New files.


def test_a_new_file_is_written_as_a_careful_teacher_would():
    # Keys out of order and empty keys, as a form may give them; a why ending in a line break, as files hold them.
    WHY = (
        "An idiom stands in for evidence, and a saying does the arguing. It names no event, no source and no figure.\n"
    )
    fields = {"intro": None, "source": "mko-article", "title": "Loaded words: a first look", "skill": "loaded_wording"}
    items = [
        {
            "answers": [{"why": WHY, "quote": "A leopard cannot change its spots"}],
            "passage": "A leopard cannot change its spots.",
            "prompt": "Mark the words that judge instead of inform.",
            "type": "highlight",
            "skill": None,
            "id": "leopard",
        },
        {
            "id": "leopard-choice",
            "type": "choice",
            "prompt": "Is this: evidence?",
            "shuffle": False,
            "multiple": False,
            "options": [
                {"why": "Yes is wrong.", "correct": True, "text": "no"},
                {"text": "yes", "why": "# No: it is an idiom."},
            ],
        },
    ]
    assert (
        new_set_file(fields, items)
        == f"""{SCHEMA_COMMENT}
title: "Loaded words: a first look"
source: mko-article
skill: loaded_wording

items:

  - id: leopard
    type: highlight
    prompt: Mark the words that judge instead of inform.
    passage: A leopard cannot change its spots.
    answers:
      - quote: A leopard cannot change its spots
        why: >
          An idiom stands in for evidence, and a saying does the arguing. It
          names no event, no source and no figure.

  - id: leopard-choice
    type: choice
    prompt: "Is this: evidence?"
    multiple: false
    shuffle: false
    options:
      - text: "no"
        correct: true
        why: Yes is wrong.
      - text: "yes"
        why: "# No: it is an idiom."
"""
    )


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_every_shipped_set_written_anew_reads_back_the_same_and_passes_the_check(path, sources):
    data = read_yaml(path.read_bytes()).data
    text = new_set_file({key: value for key, value in data.items() if key != "items"}, data["items"])
    assert text.startswith(SCHEMA_COMMENT + "\n")
    assert read_yaml(text.encode()).data == data
    assert problems(text, path.stem, sources) == []
    folded = [line for line in text.split("\n") if " " in line.strip() and not line.lstrip().startswith("-")]
    assert max(map(len, folded)) <= 80


# Text with YAML-special content.

TRICKY = [
    'He said: "no comment"',
    "“Curly” quotes and ‘single’ ones, and it's",
    "# looks like a comment",
    "text with a # inside",
    "- a leading dash",
    "...",
    "... the rest of a sentence",
    "---",
    "no",
    "Yes",
    "3:30",
    "0o17",
    "1_000",
    "null",
    "~",
    "@at the start",
    "`backticks`",
    "%percent",
    "[brackets] and {braces}",
    "ends with a colon:",
    "Ünïcödé ✓ and العربية",
    "back\\slash \\n not a newline",
    "first line\nsecond line\n",
    "a paragraph\n\nanother paragraph\n",
    "ends without a newline\nafter two lines",
    "  two leading spaces",
    "a trailing space ",
    "tab\there",
    "double  spaces  " * 10,
    "two trailing newlines\n\n",
    "\n",  # a block of one kept line break is followed by `...`, which would end the file there
    "\n0\x070",  # a control character inside a block: ruamel cannot write it there
    "a line break\u2028of another kind",
    "bell\x07 and escape\x1b",
    "a long why: " + "with words enough to fold the line, " * 6 + "and an end.\n",
]


def written_and_read(prompt: str, why: str) -> dict:
    """The texts written in a new file, the why last in its item, and read back."""
    item = {"id": "a", "type": "highlight", "prompt": prompt, "passage": "P", "answers": [{"quote": "P", "why": why}]}
    return read_yaml(new_set_file({"title": prompt, "source": "s"}, [item, {"id": "b"}]).encode()).data


@pytest.mark.parametrize("text", TRICKY)
def test_text_with_yaml_special_content_survives_exactly(text):
    data = written_and_read(text, text)
    assert data["title"] == data["items"][0]["prompt"] == data["items"][0]["answers"][0]["why"] == text
    edited = replace_item(
        new_set_file({"title": "T"}, [{"id": "a", "prompt": "old"}]), "a", {"id": "a", "prompt": text}
    )
    assert item_of(edited, "a") == {"id": "a", "prompt": text}


@PROPERTY
@given(st.text(st.characters(exclude_categories=("Cs",)), min_size=1), st.text(min_size=1))
def test_any_text_in_prompt_and_why_round_trips_exactly(prompt, why):
    data = written_and_read(prompt, why)
    assert data["items"][0]["prompt"] == prompt
    assert data["items"][0]["answers"][0]["why"] == why


@PROPERTY
@given(st.lists(st.sampled_from(TRICKY[:20]) | st.text(min_size=1), min_size=1, max_size=4).map(" ".join))
def test_any_text_survives_an_edit_of_a_shipped_file(text):
    original = (SHIPPED_EXERCISES / "example.yaml").read_text()
    item = item_of(original, "who-says-so")
    item["claims"][1]["why"] = text
    result = replace_item(original, "who-says-so", item)
    assert item_of(result, "who-says-so")["claims"][1]["why"] == text
    assert set(changed_lines(original, result)) <= set(item_lines(original, "who-says-so"))
