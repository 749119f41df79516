"""The corpus of bad files: every kind of mistake a teacher can make, refused with its exact message and place.

Each file in tests/fixtures/bad/ holds one kind of mistake, named by its first line. The files too big or too
silly to keep in git (over the size cap, nested thousands deep) are written at test time.
"""

import time

import pytest

from helpers import ROOT, TESTS
from quiz.bank.loading import check_bytes, check_file, load_bank

BAD = TESTS / "fixtures" / "bad"

EXPECTED = {
    "alias-bomb.yaml": ["2:4: anchors and aliases (`&name`, `*name`) are not allowed: write the text out in full"],
    "ambiguous-passage.yaml": [
        "9:14: the passage occurs 2 times in the source `mko-article`: add `occurrence:` (1 to 2) beside it to say which one"
    ],
    "ambiguous-quote.yaml": [
        "11:16: the quote occurs 2 times in the passage: add `occurrence:` (1 to 2) beside it to say which one"
    ],
    "answer-not-in-passage.yaml": [
        '11:16: quote not found in the passage; the closest text (93% alike) is: "leopard" (you wrote "leopards", the text has "leopard")'
    ],
    "answer-outside-passage.yaml": [
        "11:16: the quote is in the source but outside this item's passage: widen the passage, or quote words inside it"
    ],
    "bad-indent.yaml": [
        "8:4: YAML syntax error: did not find expected '-' indicator: check the indentation of this list item"
    ],
    "bad-item-id.yaml": [
        "6:9: `id`: `the leopard` is not a usable id: use only letters, digits, `-` and `_`, with no spaces"
    ],
    "binary.yaml": [
        "1:1: this looks like a PNG image, not a text file: an exercise file is plain text, written in a text editor "
        "(or exported as plain text) and saved as UTF-8 with the ending .yaml"
    ],
    "choice-no-correct.yaml": ["10:7: no option has `correct: true`: mark the right option"],
    "choice-two-correct.yaml": ["10:7: 2 options have `correct: true`: keep one, or add `multiple: true` to the item"],
    "claim-quote-not-found.yaml": [
        '11:16: quote not found in the source `mko-article`; the closest text (94% alike) is: "With the start of the Trump administration, America\'s reliance on the Mojahedin-e Khalq doubled." (you wrote "dependence", the text has "reliance")'
    ],
    "correct-quoted.yaml": ["11:18: `correct`: expected `true` or `false`, got the text `yes`"],
    "date-becomes-date.yaml": [
        '2:8: `title`: expected text, got a date (YAML reads `2019-05-27` that way): put the text in quotes, like "2019-05-27"'
    ],
    "duplicate-item-id.yaml": ["13:9: duplicate item id `leopard` (first used at line 6): ids must be unique"],
    "duplicate-key.yaml": ["9:5: duplicate key `prompt` (first written at line 8): keep one"],
    "duplicate-label.yaml": ["10:13: the same label is listed twice: keep each label once"],
    "empty-file.yaml": ["1:1: the file is empty: start with `title:`, `source:` and `items:`"],
    "empty-items.yaml": ["5:8: `items` is empty: add at least 1 entry"],
    "empty-value.yaml": ["12:13: `why`: expected text, got nothing: write the text after the colon"],
    "empty-why.yaml": ["12:14: `why` is empty: write the text (the explanation the student reads after answering)"],
    "item-not-a-mapping.yaml": ["6:5: item 1: expected keys and values (like `id: ...`), got the text `leopard`"],
    "item-without-skill.yaml": [
        "5:5: item `leopard` has no `skill`: add `skill:` to the item, or at the top of the file for all items"
    ],
    "label-not-in-labels.yaml": [
        "12:16: label `unsourced` is not one of the item's labels (`named source`, `vague source`, `no source`, `opinion`)"
    ],
    "many-problems.yaml": [
        '9:14: passage not found in the source `mko-article`; the closest text (97% alike) is: "A leopard cannot change its spots." (you wrote "his", the text has "its")',
        '15:13: `prompt`: expected text, got the number 210 (YAML reads `3:30` that way): put the text in quotes, like "3:30"',
        "28:16: label `unsourced` is not one of the item's labels (`named source`, `vague source`, `no source`, `opinion`)",
    ],
    "missing-field.yaml": ["6:5: item 1 is missing `prompt` (the question the student answers)"],
    "missing-title.yaml": ["2:1: the file is missing `title` (the set's name, shown to students)"],
    "missing-type.yaml": ["6:5: item 1 is missing `type`: add `type: highlight`, `classify` or `choice`"],
    "no-becomes-false.yaml": [
        '12:14: `why`: expected text, got true or false (YAML reads `no` that way): put the text in quotes, like "no"'
    ],
    "non-utf8.yaml": ["2:11: the file is not UTF-8 text (byte 0xe9): save it as UTF-8 in your editor"],
    "not-a-mapping.yaml": ["1:1: the file must be a mapping starting with `title:`, `source:` and `items:`"],
    "nul-byte.yaml": ["2:9: the file holds binary data, not YAML text"],
    "number-as-label.yaml": [
        '10:14: `labels`: expected text, got the number 1 (YAML reads `1` that way): put the text in quotes, like "1"',
        '10:17: `labels`: expected text, got the number 2 (YAML reads `2` that way): put the text in quotes, like "2"',
        '13:16: `label`: expected text, got the number 1 (YAML reads `1` that way): put the text in quotes, like "1"',
    ],
    "occurrence-not-a-number.yaml": ["12:21: `occurrence`: expected a whole number from 1, got the text `first`"],
    "occurrence-too-high.yaml": ["11:16: `occurrence: 2` but the quote occurs only once in the passage"],
    "passage-not-found.yaml": [
        '9:14: passage not found in the source `mko-article`; the closest text (97% alike) is: "A leopard cannot change its spots." (you wrote "his", the text has "its")'
    ],
    "python-tag.yaml": ["2:8: the tag `tag:yaml.org,2002:python/object/apply:os.system` is not allowed: remove it"],
    "quote-cuts-a-word.yaml": [
        '11:16: the quote starts or ends inside a word ("leopard" in the passage): copy whole words'
    ],
    "second-document.yaml": ["13:1: a second YAML document (`---`) starts here: keep one exercise set per file"],
    "tab-indent.yaml": ["7:1: YAML syntax error: a tab character: indent with spaces, not tabs"],
    "text-after-quote.yaml": [
        "12:24: YAML syntax error: text after a closing quote mark: a value that starts with a quote mark must end with it, so write the value on the next line after `>`, or put it all in quotes"
    ],
    "text-instead-of-list.yaml": [
        "10:14: `answers`: expected a list (lines starting with `- `), got the text `leopard`"
    ],
    "time-becomes-number.yaml": [
        '8:13: `prompt`: expected text, got the number 210 (YAML reads `3:30` that way): put the text in quotes, like "3:30"'
    ],
    "too-few-options.yaml": ["10:7: `options` has 1 entry: add at least 2"],
    "unclosed-bracket.yaml": ["10:13: YAML syntax error: a `[` opened here is never closed: add the closing `]`"],
    "unclosed-quote.yaml": [
        "8:13: YAML syntax error: a quote mark opened here is never closed: add the closing quote mark"
    ],
    "unknown-key-far.yaml": ["9:5: unknown key `difficulty`; remove it or check its spelling"],
    "curly-quotes-around-value.yaml": [
        "9:14: passage not found in the source `mko-article`; take away the “ ” marks around it: write the words only, as the text has them"
    ],
    "yes-for-true.yaml": [
        "9:15: `multiple: Yes`: write `true`; editors read `Yes` as text, not true or false",
        "12:18: `correct: yes`: write `true`; editors read `yes` as text, not true or false",
    ],
    "missing-dash.yaml": [
        "13:5: duplicate key `id` (first written at line 6): keep one, or, if a new entry starts here, write `- id:`",
        "14:5: duplicate key `type` (first written at line 7): keep one",
        "15:5: duplicate key `prompt` (first written at line 8): keep one",
        "16:5: duplicate key `passage` (first written at line 9): keep one",
        "17:5: duplicate key `answers` (first written at line 10): keep one",
    ],
    "unknown-key.yaml": ["8:5: unknown key `promt`; did you mean `prompt`?"],
    "unknown-skill.yaml": [
        "4:8: `skill` must be one of unsourced_claims, loaded_wording, missing_context, not `loaded-wording`; did you mean `loaded_wording`?"
    ],
    "unknown-source.yaml": ["3:9: unknown source `mko`; the documents in seeds/ are: mko-article"],
    "unknown-type.yaml": [
        "7:11: `type` must be `highlight`, `classify` or `choice`, not `hilight`; did you mean `highlight`?"
    ],
    "yaml-syntax.yaml": [
        "2:18: YAML syntax error: mapping values are not allowed in this context: a value that contains `: ` must be put in quotes; or a line above has lost its `:`, or this line is indented further than the keys beside it"
    ],
}

HOSTILE = ["alias-bomb.yaml", "binary.yaml", "non-utf8.yaml", "nul-byte.yaml", "python-tag.yaml"]


def problems_of(path, sources) -> list[str]:
    exercise_set, problems = check_file(path, path.name, sources)
    assert exercise_set is None
    assert all(problem.file == path.name for problem in problems)
    return [f"{problem.line}:{problem.column}: {problem.message}" for problem in problems]


def test_the_corpus_is_complete_and_every_file_has_its_expected_messages():
    assert sorted(path.name for path in BAD.glob("*.yaml")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_file_is_refused_with_the_exact_messages(name, sources):
    assert problems_of(BAD / name, sources) == EXPECTED[name]


@pytest.mark.parametrize("name", HOSTILE)
def test_each_hostile_file_is_refused_with_one_message_in_well_under_a_second(name, sources):
    started = time.perf_counter()
    problems = problems_of(BAD / name, sources)
    assert time.perf_counter() - started < 1.0
    assert len(problems) == 1


def test_a_file_over_the_size_cap_is_refused_before_it_is_read_as_yaml(tmp_path, sources):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"title: " + b"lol " * (300 * 1024 // 4) + b"\n")
    started = time.perf_counter()
    problems = problems_of(path, sources)
    assert time.perf_counter() - started < 1.0
    assert problems == ["1:1: the file is 300 KiB, over the 256 KiB limit: split it into smaller sets"]


# YAML's own reader stops flow lists at a thousand levels, before the loader counts twenty; either way, one message.
@pytest.mark.parametrize("opener, closer, column", [("[", "]", 1007), ("{a: ", "}", 84)])
def test_nesting_thousands_deep_is_refused(opener, closer, column, tmp_path, sources):
    path = tmp_path / "deep.yaml"
    path.write_text("title: " + opener * 5000 + closer * 5000 + "\n")
    started = time.perf_counter()
    problems = problems_of(path, sources)
    assert time.perf_counter() - started < 1.0
    assert problems == [f"1:{column}: the file nests lists and keys more than 20 levels deep"]


def test_two_files_with_one_id_in_different_folders_are_caught_across_the_bank():
    folder = BAD / "duplicate-set-id"
    bank = load_bank(folder, ROOT / "seeds")
    assert list(bank.sets) == ["loaded-words"]
    [problem] = bank.problems
    assert problem.file.endswith("term-2/loaded-words.yaml")
    assert (problem.line, problem.column) == (1, 1)
    assert problem.message == (
        "another file already has the id `loaded-words` (tests/fixtures/bad/duplicate-set-id/term-1/loaded-words.yaml): "
        "rename one of them"
    )


def test_bytes_and_paths_give_the_same_problems(sources):
    path = BAD / "many-problems.yaml"
    _, from_bytes = check_bytes(path.read_bytes(), path.name, path.stem, sources)
    _, from_path = check_file(path, path.name, sources)
    assert from_bytes == from_path and len(from_path) == 3
