"""The loader refuses bad files with the exact message, line and column, and keeps the rest of the bank."""

import textwrap
import time

import pytest

from helpers import FIXTURE_EXERCISES, SEEDS, config, set_file
from quiz.bank.loading import check_bytes, load_bank

HEADER = set_file()  # lines 1 to 4; the items start at line 5
LEOPARD = """\
  - id: leopard
    type: highlight
    prompt: Mark the judgement.
    passage: A leopard cannot change its spots.
    answers:
      - quote: leopard
        why: An idiom.
"""


def problems_in(text: str, sources) -> list[str]:
    exercise_set, problems = check_bytes(textwrap.dedent(text).encode(), "x.yaml", "x", sources)
    assert exercise_set is None or not problems
    return [f"{p.line}:{p.column}: {p.message}" for p in problems]


def test_a_good_file_builds_a_set_with_the_key_resolved_to_words(sources):
    exercise_set, problems = check_bytes((HEADER + LEOPARD).encode(), "x.yaml", "x", sources)
    assert problems == []
    item = exercise_set.item("leopard")
    assert item.skill == "loaded_wording"
    assert item.passage.text == "A leopard cannot change its spots."
    assert item.key[0].words == frozenset({1})


CASES = {
    "yaml syntax": (
        "title: a: b\n",
        [
            "1:9: YAML syntax error: mapping values are not allowed in this context: a value that contains `: ` must be put in quotes; or a line above has lost its `:`, or this line is indented further than the keys beside it"
        ],
    ),
    "tabs": (
        "title: x\nitems:\n\t- id: a\n",
        ["3:1: YAML syntax error: a tab character: indent with spaces, not tabs"],
    ),
    "duplicate key": (
        HEADER + LEOPARD + "    prompt: Again.\n",
        ["12:5: duplicate key `prompt` (first written at line 7): keep one"],
    ),
    "unknown key": (
        HEADER.replace("skill:", "skil:"),
        [
            "3:1: unknown key `skil`; did you mean `skill`?",
            "4:7: `items`: expected a list (lines starting with `- `), got nothing",
        ],
    ),
    "missing field": (
        HEADER + LEOPARD.replace("    prompt: Mark the judgement.\n", ""),
        ["5:5: item 1 is missing `prompt` (the question the student answers)"],
    ),
    "no becomes false": (
        HEADER + LEOPARD.replace("why: An idiom.", "why: no"),
        [
            '11:14: `why`: expected text, got true or false (YAML reads `no` that way): put the text in quotes, like "no"'
        ],
    ),
    "time becomes a number": (
        HEADER + LEOPARD.replace("prompt: Mark the judgement.", "prompt: 3:30"),
        [
            '7:13: `prompt`: expected text, got the number 210 (YAML reads `3:30` that way): put the text in quotes, like "3:30"'
        ],
    ),
    "empty value": (
        HEADER + LEOPARD.replace("why: An idiom.", "why:"),
        ["11:13: `why`: expected text, got nothing: write the text after the colon"],
    ),
    "empty why": (
        HEADER + LEOPARD.replace("why: An idiom.", 'why: "  "'),
        ["11:14: `why` is empty: write the text (the explanation the student reads after answering)"],
    ),
    "unknown type": (
        HEADER + LEOPARD.replace("type: highlight", "type: hilight"),
        ["6:11: `type` must be `highlight`, `classify` or `choice`, not `hilight`; did you mean `highlight`?"],
    ),
    "unknown skill": (
        HEADER.replace("skill: loaded_wording", "skill: loaded"),
        [
            "3:8: `skill` must be one of unsourced_claims, loaded_wording, missing_context, not `loaded`; did you mean `loaded_wording`?",
            "4:7: `items`: expected a list (lines starting with `- `), got nothing",
        ],
    ),
    "unknown source": (
        HEADER.replace("mko-article", "mko") + LEOPARD,
        ["2:9: unknown source `mko`; the documents in seeds/ are: mko-article"],
    ),
    "passage not in the source": (
        HEADER + LEOPARD.replace("change its spots", "change his spots"),
        [
            '8:14: passage not found in the source `mko-article`; the closest text (97% alike) is: "A leopard cannot change its spots." (you wrote "his", the text has "its")'
        ],
    ),
    "answer not in the passage": (
        HEADER + LEOPARD.replace("quote: leopard", "quote: leopards"),
        [
            '10:16: quote not found in the passage; the closest text (93% alike) is: "leopard" (you wrote "leopards", the text has "leopard")'
        ],
    ),
    "answer outside the passage": (
        HEADER + LEOPARD.replace("quote: leopard", "quote: ugly image"),
        [
            "10:16: the quote is in the source but outside this item's passage: widen the passage, or quote words inside it"
        ],
    ),
    "quote cuts a word": (
        HEADER + LEOPARD.replace("quote: leopard", "quote: eopar"),
        ['10:16: the quote starts or ends inside a word ("leopard" in the passage): copy whole words'],
    ),
    "quote cuts a word of the passage but is whole elsewhere": (
        HEADER
        + LEOPARD.replace("A leopard cannot change its spots.", "the Americans trusted them.").replace(
            "quote: leopard", "quote: trust"
        ),
        ['10:16: the quote starts or ends inside a word ("trusted" in the passage): copy whole words'],
    ),
    "quote cuts a number": (
        HEADER
        + LEOPARD.replace("A leopard cannot change its spots.", "killed 12,000 of their fellow Iranians.").replace(
            "quote: leopard", "quote: 000 of their"
        ),
        ['10:16: the quote starts or ends inside a word ("12,000" in the passage): copy whole words'],
    ),
    "passage cuts a word": (
        HEADER + LEOPARD.replace("A leopard cannot", "eopard cannot"),
        ['8:14: the passage starts or ends inside a word ("leopard" in the source `mko-article`): copy whole words'],
    ),
    "ambiguous passage": (
        HEADER
        + LEOPARD.replace("A leopard cannot change its spots.", "Nothing Hurts Like the Truth").replace(
            "quote: leopard", "quote: Truth"
        ),
        [
            "8:14: the passage occurs 2 times in the source `mko-article`: add `occurrence:` (1 to 2) beside it to say which one"
        ],
    ),
    "occurrence too high": (
        HEADER + LEOPARD.replace("quote: leopard", "quote: leopard\n        occurrence: 2"),
        ["10:16: `occurrence: 2` but the quote occurs only once in the passage"],
    ),
    "duplicate item id": (
        HEADER + LEOPARD + LEOPARD,
        ["12:9: duplicate item id `leopard` (first used at line 5): ids must be unique"],
    ),
    "choice with no correct option": (
        HEADER
        + "  - id: c\n    type: choice\n    prompt: P?\n    options:\n      - text: a\n        why: w\n      - text: b\n        why: w\n",
        ["9:7: no option has `correct: true`: mark the right option"],
    ),
    "two correct options in a single choice": (
        HEADER
        + "  - id: c\n    type: choice\n    prompt: P?\n    options:\n      - text: a\n        correct: true\n        why: w\n"
        "      - text: b\n        correct: true\n        why: w\n",
        ["9:7: 2 options have `correct: true`: keep one, or add `multiple: true` to the item"],
    ),
    "label not among the labels": (
        HEADER + "  - id: c\n    type: classify\n    prompt: P?\n    labels: [yes please, no thanks]\n    claims:\n"
        "      - quote: A leopard cannot change its spots.\n        label: maybe\n        why: w\n",
        ["11:16: label `maybe` is not one of the item's labels (`yes please`, `no thanks`)"],
    ),
    "empty item list": (HEADER.replace("items:", "items: []"), ["4:8: `items` is empty: add at least 1 entry"]),
    "empty file": ("# only a comment\n", ["1:1: the file is empty: start with `title:`, `source:` and `items:`"]),
    "only a document marker": ("---\n", ["1:1: the file is empty: start with `title:`, `source:` and `items:`"]),
    "not a mapping": ("- a\n- b\n", ["1:1: the file must be a mapping starting with `title:`, `source:` and `items:`"]),
    "item without skill": (
        HEADER.replace("skill: loaded_wording\n", "") + LEOPARD,
        ["4:5: item `leopard` has no `skill`: add `skill:` to the item, or at the top of the file for all items"],
    ),
    "alias bomb": (
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n",
        ["1:4: anchors and aliases (`&name`, `*name`) are not allowed: write the text out in full"],
    ),
    "python tag": (
        "title: !!python/object/apply:os.system ['echo owned']\n",
        ["1:8: the tag `tag:yaml.org,2002:python/object/apply:os.system` is not allowed: remove it"],
    ),
    "deep nesting": (
        "a: " + "[" * 3000 + "]" * 3000 + "\n",
        ["1:1003: the file nests lists and keys more than 20 levels deep"],
    ),
    "second document": (
        HEADER + LEOPARD + "---\ntitle: b\n",
        ["12:1: a second YAML document (`---`) starts here: keep one exercise set per file"],
    ),
}


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_bad_files_are_refused_with_the_exact_message(text, expected, sources):
    assert problems_in(text, sources) == expected


def test_items_that_parse_are_checked_against_the_source_when_others_do_not(sources):
    broken = LEOPARD.replace("id: leopard", "id: broken").replace("prompt: Mark the judgement.", "prompt: 3:30")
    misquoted = LEOPARD.replace("change its spots", "change his spots")
    assert problems_in(HEADER + broken + misquoted, sources) == [
        '7:13: `prompt`: expected text, got the number 210 (YAML reads `3:30` that way): put the text in quotes, like "3:30"',
        '15:14: passage not found in the source `mko-article`; the closest text (97% alike) is: "A leopard cannot change its spots." (you wrote "his", the text has "its")',
    ]


def test_a_broken_source_line_is_reported_once_and_the_items_still_checked(sources):
    text = HEADER.replace("source: mko-article", "source: [mko-article]") + LEOPARD + LEOPARD
    assert problems_in(text, sources) == [
        "2:9: `source`: expected text, got a list",
        "12:9: duplicate item id `leopard` (first used at line 5): ids must be unique",
    ]


def test_a_broken_set_skill_does_not_also_blame_every_item(sources):
    text = HEADER.replace("skill: loaded_wording", "skill: loaded") + LEOPARD
    assert problems_in(text, sources) == [
        "3:8: `skill` must be one of unsourced_claims, loaded_wording, missing_context, not `loaded`; did you mean `loaded_wording`?"
    ]


def test_a_non_utf8_file_is_refused_with_where_the_bad_byte_is(sources):
    _, problems = check_bytes("title: caf\xe9\n".encode("latin-1"), "x.yaml", "x", sources)
    assert [str(p) for p in problems] == [
        "x.yaml:1:11: the file is not UTF-8 text (byte 0xe9): save it as UTF-8 in your editor"
    ]


def test_binary_data_is_refused(sources):
    _, problems = check_bytes(b"\x89PNG\r\n\x1a\n\x00\x00", "x.yaml", "x", sources)
    assert [p.message for p in problems] == [
        "this looks like a PNG image, not a text file: an exercise file is plain text, written in a text editor "
        "(or exported as plain text) and saved as UTF-8 with the ending .yaml"
    ]
    _, problems = check_bytes(b"title: x\x00y\n", "x.yaml", "x", sources)
    assert [p.message for p in problems] == ["the file holds binary data, not YAML text"]


def test_an_oversized_file_is_refused_before_parsing(sources):
    raw = b"title: x\n" + b"# padding\n" * 30_000
    _, problems = check_bytes(raw, "x.yaml", "x", sources)
    assert [p.message for p in problems] == ["the file is 292 KiB, over the 256 KiB limit: split it into smaller sets"]


@pytest.mark.parametrize("levels", [5, 9])
def test_an_alias_bomb_is_refused_quickly(levels, sources):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, levels)]
    started = time.perf_counter()
    _, problems = check_bytes("\n".join(lines).encode(), "x.yaml", "x", sources)
    assert time.perf_counter() - started < 1.0
    assert len(problems) == 1 and "anchors and aliases" in problems[0].message


def test_a_broken_file_is_skipped_and_the_rest_of_the_bank_served(tmp_path):
    (tmp_path / "good.yaml").write_text((FIXTURE_EXERCISES / "demo.yaml").read_text())
    (tmp_path / "broken.yaml").write_text(HEADER + LEOPARD.replace("why: An idiom.", "why:"))
    bank = load_bank(tmp_path, SEEDS)
    assert list(bank.sets) == ["good"]
    assert [(p.file.endswith("broken.yaml"), p.line) for p in bank.problems] == [(True, 11)]


def test_two_files_with_the_same_id_in_subfolders_are_reported(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.yaml").write_text(HEADER + LEOPARD)
    bank = load_bank(tmp_path, SEEDS)
    assert list(bank.sets) == ["same"]
    assert len(bank.problems) == 1
    assert bank.problems[0].message.startswith("another file already has the id `same`")


def test_the_app_names_the_files_it_skipped_when_it_serves_its_first_page(tmp_path, caplog):
    from quiz import create_app

    (tmp_path / "broken.yaml").write_text(HEADER + LEOPARD.replace("why: An idiom.", "why:"))
    (tmp_path / "demo.yaml").write_text((FIXTURE_EXERCISES / "demo.yaml").read_text())
    app = create_app(config(tmp_path, EXERCISES_DIR=str(tmp_path)))
    assert [r for r in caplog.records if r.levelname == "WARNING"] == []  # `flask validate` prints them itself
    home = app.test_client().get("/").get_data(as_text=True)
    app.test_client().get("/")
    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == [
        f"skipped {tmp_path / 'broken.yaml'}:11:13: `why`: expected text, got nothing: write the text after the colon"
    ]
    assert "Demo set for the tests" in home and "broken" not in home


def test_a_second_file_with_the_same_id_is_named_even_when_it_has_problems_of_its_own(tmp_path):
    for folder, text in (("a", HEADER + LEOPARD), ("b", HEADER + LEOPARD.replace("why: An idiom.", "why:"))):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.yaml").write_text(text)
    bank = load_bank(tmp_path, SEEDS)
    assert list(bank.sets) == ["same"]
    assert [(p.line, p.message) for p in bank.problems] == [
        (1, f"another file already has the id `same` ({tmp_path / 'a' / 'same.yaml'}): rename one of them"),
        (11, "`why`: expected text, got nothing: write the text after the colon"),
    ]


def test_a_file_name_that_cannot_be_an_id_is_refused(tmp_path):
    (tmp_path / "my set.yaml").write_text(HEADER + LEOPARD)
    bank = load_bank(tmp_path, SEEDS)
    assert bank.sets == {}
    assert [p.message for p in bank.problems] == [
        "the file name `my set` cannot be the set's id: rename the file using only letters, digits, - and _"
    ]


def test_whole_words_count_when_a_passage_occurs_more_than_once(sources):
    from quiz.text.sources import find_all

    text = sources["mko-article"].text
    assert len(find_all(text, "Iran")) < len(find_all(text, "Iran", whole_words=False))
    assert not any(text[span.end].isalpha() for span in find_all(text, "Iran"))


def test_the_example_in_the_format_contract_keeps_loading(sources):
    path = FIXTURE_EXERCISES.parent / "contract" / "issue-2-example.yaml"
    exercise_set, problems = check_bytes(path.read_bytes(), path.name, "issue-2-example", sources)
    assert problems == []
    timeline = exercise_set.item("saddam-timeline")
    assert timeline.passage.text == "he persuaded Saddam to invade Iran, assuring him that Iran was weak"


def test_an_ellipsis_at_either_end_marks_a_cut_not_text(sources):
    cut = LEOPARD.replace("passage: A leopard cannot change its spots.", "passage: … cannot change its spots...")
    text = HEADER + cut.replace("quote: leopard", "quote: spots")
    exercise_set, problems = check_bytes(text.encode(), "x.yaml", "x", sources)
    assert problems == []
    passage = exercise_set.item("leopard").passage
    assert passage.text == "cannot change its spots"
    assert (passage.cut_before, passage.cut_after) == (True, True)


def test_a_big_bank_is_checked_in_several_processes_with_the_same_report_as_in_one(tmp_path):
    from quiz.bank.reports import FILES_WORTH_PROCESSES, report_bank

    demo = (FIXTURE_EXERCISES / "demo.yaml").read_text()
    for number in range(FILES_WORTH_PROCESSES):
        (tmp_path / f"set-{number:02d}.yaml").write_text(demo)
    (tmp_path / "broken.yaml").write_text(demo.replace("type: classify", "type: clasify"))
    (tmp_path / "again").mkdir()
    (tmp_path / "again" / "set-07.yaml").write_text(
        demo
    )  # checked first (in file-name order), so set-07.yaml is refused
    alone = report_bank(tmp_path, SEEDS, processes=1)
    together = report_bank(tmp_path, SEEDS, processes=2)
    assert together == alone
    assert together.files_checked == FILES_WORTH_PROCESSES + 2
    assert sum(together.skills.values()) == FILES_WORTH_PROCESSES * 4
    assert [problem.message for problem in together.problems if "already has the id" in problem.message] == [
        f"another file already has the id `set-07` ({tmp_path / 'again' / 'set-07.yaml'}): rename one of them"
    ]
    assert any("clasify" in problem.message for problem in together.problems)
