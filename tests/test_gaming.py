"""Gaming checks: what lazy strategies score under the real scorer, and the warnings authors read."""

import pytest

from helpers import WHOLE_PASSAGE, built, choice_item, set_file
from quiz.bank.yamlsafe import Problem
from quiz.items import set_warnings, strategies
from quiz.items.base import Passage
from quiz.items.gaming import sentences
from quiz.text.sources import Span
from quiz.text.words import split_words

ACCIDENT = """\
  - id: accident
    type: highlight
    prompt: Mark what needs checking.
    passage: >
      Around 7:20 a.m. on Saturday, August 28, 1976, a car carrying U.S. military advisers in Tehran had a
      suspicious accident. The passengers of the car, surprised by the accident, were suddenly attacked by a
      Kalashnikov handgun.
    answers:
      - quote: suspicious accident
        why: Suspicious to whom? Nobody is named.
"""
MOSTLY_KEY = """\
  - id: mostly-key
    type: highlight
    prompt: Mark what needs a source.
    passage: The MEK, a terrorist organization, killed 12,000 of their fellow Iranians.
    answers:
      - quote: a terrorist organization, killed 12,000 of their fellow Iranians
        why: No source is given for the count.
"""


RIGHT_FIRST = choice_item(
    "first", [("The dates", True), ("The name of a person", False), ("A place", False)], "    shuffle: false\n"
)
RIGHT_LONGEST = choice_item("long", [("Short", False), ("The longest of all", True), ("Middle one", False)])
RIGHT_SHORT = choice_item("short", [("It", True), ("A longer wrong option", False), ("Another wrong", False)])
TWO_OPTIONS = choice_item("two", [("Right", True), ("Wrong", False)])


def built_set(items: str, sources):
    """The set a file of these items builds, which must have no problems; the items start at line 5."""
    return built(set_file(items, skill="missing_context"), sources)


def passage(text: str) -> Passage:
    return Passage(text, Span(0, len(text)), split_words(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two.", ["One.", "Two."]),
        ("Stop! Go? Yes.", ["Stop!", "Go?", "Yes."]),
        ("He said “Go.” Then he left.", ["He said “Go.”", "Then he left."]),
        ("It ended (at last.) Then more.", ["It ended (at last.)", "Then more."]),
        ("In 1980. 1981 came.", ["In 1980.", "1981 came."]),
        ("He asked. “Why?” she said.", ["He asked.", "“Why?” she said."]),
        ("U.S. officials came. Then left.", ["U.S. officials came.", "Then left."]),
        ("It was 7 a.m. on Monday.", ["It was 7 a.m. on Monday."]),
        ("Mr. Smith came. Dr. Jones too.", ["Mr. Smith came.", "Dr. Jones too."]),
        ("A title\n\nThe text starts", ["A title", "The text starts"]),
        ("no stop at the end", ["no stop at the end"]),
    ],
)
def test_a_passage_is_cut_into_sentences(text, expected):
    assert [sentence.text for sentence in sentences(passage(text))] == expected


def test_each_word_of_the_passage_is_in_exactly_one_sentence():
    cut = sentences(passage("One two. Three four five! Six."))
    assert [sorted(sentence.words) for sentence in cut] == [[0, 1], [2, 3, 4], [5]]


def scored(item) -> list[tuple[str, int, bool]]:
    return [(strategy.name, strategy.percent, strategy.warning is not None) for strategy in strategies(item)]


@pytest.mark.parametrize(
    ("item_id", "expected"),
    [
        # Every word but "Mojahedin-e" strays over 93 of the 104 letters outside the key.
        ("leopard", [("mark-all", 0, False), ("all-but-one", 11, False), ("best-sentence", 50, True)]),
        ("twelve-thousand", [("one-label", 50, True)]),
        # Length is judged across the set's choice items, never one item alone.
        ("saddam-timeline", [("first-option", 33, False), ("longest-option", 100, False)]),
        ("what-to-check", [("first-option", 33, False), ("longest-option", 50, False), ("tick-all", 50, True)]),
    ],
)
def test_each_item_of_the_demo_set_gets_its_strategies_scored(demo, item_id, expected):
    assert scored(demo.item(item_id)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ACCIDENT, [("mark-all", 0, False), ("all-but-one", 7, False), ("best-sentence", 52, True)]),
        # One sentence that is all key: marking it is marking everything, so it is not listed twice.
        (WHOLE_PASSAGE, [("mark-all", 100, True)]),
        # All but "The MEK," is key: leaving "MEK" out alone spares half the 6 letters outside it.
        (MOSTLY_KEY, [("mark-all", 0, False), ("all-but-one", 50, True)]),
        (RIGHT_FIRST, [("first-option", 100, True), ("longest-option", 0, False)]),
        (RIGHT_LONGEST, [("first-option", 33, False), ("longest-option", 100, False)]),
        (RIGHT_SHORT, [("first-option", 33, False), ("longest-option", 0, False)]),
        (TWO_OPTIONS, [("first-option", 50, True), ("longest-option", 50, False)]),
    ],
)
def test_strategies_score_what_the_real_scorer_gives(text, expected, sources):
    assert scored(built_set(text, sources).items[0]) == expected


def test_the_best_sentence_is_the_one_that_scores_best(sources):
    item = built_set(ACCIDENT.replace("quote: suspicious accident", "quote: suddenly attacked"), sources).items[0]
    best = strategies(item)[2]
    assert best.description == (
        "mark the best single sentence alone: “The passengers of the car, surprised by the accident, were suddenly "
        "attacked by…”"
    )
    assert best.percent == 59


def test_the_first_option_shown_is_the_mean_over_options_when_they_are_shuffled(sources):
    shuffled = built_set(RIGHT_FIRST.replace("    shuffle: false\n", ""), sources).items[0]
    first = strategies(shuffled)[0]
    assert (first.description, first.percent) == ("always the first option shown (shuffled: the mean over options)", 33)
    fixed = strategies(built_set(RIGHT_FIRST, sources).items[0])[0]
    assert (fixed.description, fixed.percent) == ("always the first option shown (not shuffled: the file's first)", 100)


def test_a_file_with_only_warnings_is_sound_and_each_warning_is_at_its_item(sources):
    exercise_set = built_set(WHOLE_PASSAGE + RIGHT_FIRST, sources)
    assert exercise_set is not None
    assert [str(warning) for warning in exercise_set.warnings] == [
        "x.yaml:5:5: warning: marking every word of the passage scores 100%, because the key is the whole passage; "
        "widen the passage, so that a careful reader leaves some unmarked",
        "x.yaml:12:5: warning: always picking the first option scores 100%, as `shuffle: false` shows the file's "
        "order; move the right option down, or remove `shuffle: false`",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            TWO_OPTIONS,
            [
                "x.yaml:5:5: warning: picking whichever option is shown first scores 50% on average, as options are "
                "shuffled; add wrong options, so that a guess scores less",
            ],
        ),
        (
            RIGHT_LONGEST + RIGHT_LONGEST.replace("id: long", "id: long2") + RIGHT_SHORT,
            [
                "x.yaml:4:1: warning: always picking the longest option scores 67% over the set's 3 choice items; "
                "make the wrong options as long as the right ones, so that length gives nothing away in more than "
                "about a third of them",
            ],
        ),
        (
            choice_item(
                "all",
                [("Who wrote it", True), ("Where it was published", True), ("When", False)],
                "    multiple: true\n",
            ),
            [
                "x.yaml:5:5: warning: ticking every option scores 50%; add wrong options, so that ticking them all "
                "costs more",
            ],
        ),
    ],
)
def test_each_kind_of_warning_says_what_scores_what_and_what_to_change(text, expected, sources):
    assert [str(warning) for warning in built_set(text, sources).warnings] == expected


def test_labelling_every_claim_alike_warns_with_the_label(demo):
    [strategy] = strategies(demo.item("twelve-thousand"))
    assert strategy.warning == (
        'labelling every claim "vague source" scores 50%; '
        "add claims with other labels, so that no label is right for most of them"
    )


SECOND_LONGEST = RIGHT_LONGEST.replace("id: long", "id: long2")
SECOND_SHORT = RIGHT_SHORT.replace("id: short", "id: short2")


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([RIGHT_LONGEST], None),  # one item may have its right option the longest
        ([RIGHT_LONGEST, RIGHT_SHORT], None),  # so may one of two
        ([RIGHT_LONGEST, SECOND_LONGEST], ("100%", "2")),  # but not both
        ([RIGHT_LONGEST, RIGHT_SHORT, SECOND_SHORT], None),  # one in three is what a guess earns
        ([RIGHT_LONGEST, SECOND_LONGEST, RIGHT_SHORT], ("67%", "3")),
        ([RIGHT_LONGEST, ACCIDENT, SECOND_LONGEST, RIGHT_SHORT], ("67%", "3")),  # other types do not count
        # A tie between the right option and a wrong one counts as half.
        ([choice_item("tie", [("Same", True), ("Also", False), ("X", False)]), RIGHT_SHORT, SECOND_SHORT], None),
        (
            [choice_item("tie", [("Same", True), ("Also", False), ("X", False)]), RIGHT_LONGEST, RIGHT_SHORT],
            ("50%", "3"),
        ),
    ],
)
def test_the_set_warns_when_picking_the_longest_scores_over_a_third_across_its_choice_items(items, expected, sources):
    warnings = set_warnings(built_set("".join(items), sources).items)
    found = None
    if warnings:
        found = (warnings[0].split("scores ")[1].split(" ")[0], warnings[0].split("set's ")[1].split(" ")[0])
    assert found == expected


def test_a_warning_reads_as_one_and_an_error_does_not():
    assert str(Problem("x.yaml", 3, 5, "too easy", warning=True)) == "x.yaml:3:5: warning: too easy"
    assert str(Problem("x.yaml", 3, 5, "broken")) == "x.yaml:3:5: broken"


def test_the_bank_collects_the_warnings_of_the_sets_it_serves(fixture_bank):
    assert fixture_bank.problems == []
    assert [(warning.line, warning.column) for warning in fixture_bank.warnings] == [(5, 1), (6, 5), (17, 5), (41, 5)]
    assert fixture_bank.warnings == list(fixture_bank.sets["demo"].warnings)
