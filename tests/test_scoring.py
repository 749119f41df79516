import random
import re
from statistics import fmean

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import ROOT, WHOLE_PASSAGE, built, set_file
from quiz.items import decode_response, described, encode_response, score
from quiz.items.base import whole_percent
from quiz.items.highlight import FOUND, MISSED, PARTLY, STRAY, highlight_summary

# The demo highlight item: the key is words 0-5 "A leopard cannot change its spots" and 22-23 "ugly image".
KEY = frozenset(range(6)) | {22, 23}
WORDS = 28


@pytest.fixture(scope="module")
def leopard(demo):
    return demo.item("leopard")


def test_the_fixture_passage_is_split_as_these_tests_assume(leopard):
    words = [word.text for word in leopard.passage.words]
    assert len(words) == WORDS
    assert words[:6] == ["A", "leopard", "cannot", "change", "its", "spots"]
    assert words[22:24] == ["ugly", "image"]
    assert [point.words for point in leopard.key] == [frozenset(range(6)), frozenset({22, 23})]


# Letters: the passage has 141, the key 37 ("A leopard cannot change its spots" 28, "ugly image" 9), the rest 104.
@pytest.mark.parametrize(
    "marked, expected",
    [
        (KEY, 1.0),
        (frozenset(), 0.0),
        (frozenset({9}), 0.0),  # only a stray word: 0 found, 7 of 104 letters stray, floored at 0
        (frozenset(range(6)), 0.5),  # one quote of two, nothing stray
        (frozenset(range(6)) | {22}, 13 / 18),  # "ugly" is 4 of the 9 letters of its quote: (1 + 4/9) / 2
        (KEY | {9}, 97 / 104),  # the whole key and "Albania": 1 - 7/104
        (frozenset(range(6)) | {9, 10, 11}, 0.5 - 23 / 104),  # "Albania, Mojahedin-e Khalq" is 23 letters
        (frozenset(range(WORDS)), 0.0),  # everything: all of the key, all of the rest
        (frozenset({0, 2, 4}), 10 / 56),  # every other word of the first quote: 10 of its 28 letters, half the key
    ],
)
def test_highlight_scores_found_minus_stray(leopard, marked, expected):
    assert score(leopard, marked).score == pytest.approx(expected)


@pytest.mark.parametrize(
    "marked, summary",
    [
        (KEY, "You found 100% of the key and marked 0% of the rest of the passage: 100% − 0% = 100%."),
        (
            frozenset(range(6)) | {9, 10, 11},
            "You found 50% of the key and marked 22% of the rest of the passage: 50% − 22% = 28%.",
        ),
        (
            frozenset(range(WORDS)),
            "You found 100% of the key and marked 100% of the rest of the passage: 100% − 100% = 0%.",
        ),
    ],
)
def test_the_highlight_summary_shows_the_arithmetic(leopard, marked, summary):
    assert score(leopard, marked).summary == summary


@pytest.mark.parametrize(
    "found, stray, summary",
    [
        # The worked example of docs/authoring.md.
        (0.8, 0.1, "You found 80% of the key and marked 10% of the rest of the passage: 80% − 10% = 70%."),
        # 80.5% shows as 81% and the score 70.1% as 70%, so stray (10.4%) shows as 11%, rounded the way that adds up.
        (0.805, 0.104, "You found 81% of the key and marked 11% of the rest of the passage: 81% − 11% = 70%."),
        # 86.7% − 7.4% = 79.3%: 87% − 7% would say 80%, so stray shows as 8%.
        (13 / 15, 0.074, "You found 87% of the key and marked 8% of the rest of the passage: 87% − 8% = 79%."),
        (0.0, 0.0, "You found 0% of the key and marked 0% of the rest of the passage: 0% − 0% = 0%."),
        (
            0.0,
            0.16,
            "You found 0% of the key and marked 16% of the rest of the passage: 0% − 16% is below zero, so the score is 0%.",
        ),
    ],
)
def test_the_summary_never_shows_a_wrong_sum(found, stray, summary):
    assert highlight_summary(found, stray, max(0.0, found - stray)) == summary


@settings(max_examples=500, deadline=None)
@given(found=st.floats(0, 1), stray=st.floats(0, 1))
def test_the_summary_adds_up_and_each_figure_is_within_a_point(found, stray):
    score = max(0.0, found - stray)
    words = highlight_summary(found, stray, score)
    shown_found, shown_stray, shown_score = (
        int(n) for n in re.findall(r"(\d+)%", words)[:2] + [re.findall(r"(\d+)%", words)[-1]]
    )
    assert shown_found == whole_percent(found) and shown_score == whole_percent(score)
    assert abs(shown_stray - stray * 100) < 1
    if found > stray:
        assert shown_found - shown_stray == shown_score


@pytest.mark.parametrize("share, shown", [(0.625, 63), (0.375, 38), (0.005, 1), (0.0049, 0), (1.0, 100)])
def test_halves_are_rounded_up(share, shown):
    assert whole_percent(share) == shown


def test_a_key_that_is_the_whole_passage_has_no_stray_marks(sources):
    item = built(set_file(WHOLE_PASSAGE), sources).item("leopard")
    assert score(item, frozenset(range(6))).score == 1.0
    assert score(item, frozenset({1})).score == pytest.approx(7 / 28)  # "leopard": 7 of the 28 letters
    assert score(item, frozenset({1})).summary == (
        "You found 25% of the key and marked 0% of the rest of the passage: 25% − 0% = 25%."
    )


def test_random_marking_scores_about_nothing(leopard):
    """Marking each word with the same chance finds that share of the key and strays over that share of the rest,
    so the two cancel out: the mean of found minus stray is about 0, and of the score, floored at 0, little more."""
    draws = random.Random(20261129)
    for chance in (0.1, 0.3, 0.5, 0.7, 0.9):
        differences, scores = [], []
        for _ in range(2000):
            marked = frozenset(index for index in range(WORDS) if draws.random() < chance)
            # The scorer's own two parts, read without the floor at 0: the marks inside the key alone score what they
            # found, and the marks outside it take what they stray over off a full key.
            found = score(leopard, marked & KEY).score
            stray = 1 - score(leopard, KEY | marked).score
            differences.append(found - stray)
            scores.append(score(leopard, marked).score)
        assert abs(fmean(differences)) < 0.02, chance
        assert fmean(scores) < 0.12, chance


marks = st.frozensets(st.integers(0, WORDS - 1))


@settings(max_examples=300, deadline=None)
@given(marked=marks, extra=st.integers(0, WORDS - 1).filter(lambda index: index not in KEY))
def test_marking_a_word_outside_the_key_never_raises_the_score(leopard, marked, extra):
    assert score(leopard, marked | {extra}).score <= score(leopard, marked).score + 1e-12


@settings(max_examples=300, deadline=None)
@given(marked=marks)
def test_keeping_only_the_marks_on_target_never_lowers_the_score(leopard, marked):
    assert score(leopard, marked & KEY).score >= score(leopard, marked).score - 1e-12


@settings(max_examples=300, deadline=None)
@given(marked=marks, cuts=st.frozensets(st.sampled_from(sorted(KEY))))
def test_cutting_a_mark_into_pieces_never_raises_the_score(leopard, marked, cuts):
    """Unmarking words inside the key splits a mark into pieces; the pieces are never worth more."""
    assert score(leopard, marked - cuts).score <= score(leopard, marked).score + 1e-12


@settings(max_examples=300, deadline=None)
@given(marked=marks)
def test_every_score_is_between_0_and_1(leopard, marked):
    assert 0.0 <= score(leopard, marked).score <= 1.0


def test_highlight_feedback_explains_every_key_quote_and_stray_mark(leopard):
    result = score(leopard, frozenset(range(6)) | {22, 9, 10, 11})
    verdicts = [(point.verdict, point.text) for point in result.points]
    assert verdicts == [
        (FOUND, "A leopard cannot change its spots"),
        (PARTLY, "ugly image"),
        (STRAY, "Albania, Mojahedin-e Khalq"),
    ]
    assert result.points[0].why.startswith("An idiom")
    assert score(leopard, frozenset({0})).points[1].verdict == MISSED


def test_word_numbers_outside_the_passage_are_ignored(leopard):
    assert score(leopard, KEY | {999, -1}).score == 1.0


@pytest.mark.parametrize(
    "labels, expected",
    [
        ({0: "no source", 1: "vague source"}, 1.0),
        ({0: "no source", 1: "named source"}, 0.5),
        ({0: "opinion"}, 0.0),
        ({}, 0.0),
    ],
)
def test_classify_scores_the_share_labelled_right(demo, labels, expected):
    assert score(demo.item("twelve-thousand"), labels).score == expected


def test_classify_feedback_gives_the_right_label_and_why(demo):
    item = demo.item("twelve-thousand")
    point = score(item, {0: "opinion"}).points[0]
    assert point.verdict == "wrong"
    assert point.detail == "You chose “opinion”. The label is “no source”."
    assert point.why == "No count is attributed to anyone."
    assert score(item, {}).points[1].detail.startswith("You gave no label.")


@pytest.mark.parametrize(
    "item_id, picked, expected",
    [
        ("saddam-timeline", {0}, 1.0),
        ("saddam-timeline", {1}, 0.0),
        ("what-to-check", {0, 1}, 1.0),  # options 0 and 1 are right, 2 is wrong
        ("what-to-check", {0}, 0.5),
        ("what-to-check", {0, 1, 2}, 0.5),
        ("what-to-check", {0, 2}, 0.0),
        ("what-to-check", {2}, 0.0),  # floored at 0, not -0.5
        ("what-to-check", set(), 0.0),
    ],
)
def test_choice_scores(demo, item_id, picked, expected):
    assert score(demo.item(item_id), frozenset(picked)).score == expected


def test_choice_feedback_shows_every_options_why(demo):
    result = score(demo.item("what-to-check"), frozenset({0, 2}))
    assert [(p.verdict, p.why) for p in result.points] == [
        ("right pick", "No author is named."),
        ("right option you missed", 'The only attribution is "Source Source".'),
        ("wrong pick", "Length says nothing about reliability."),
    ]
    assert result.summary == "You picked 1 of the 2 right options and 1 wrong one: (1 − 1) ÷ 2 = 0%."
    assert score(demo.item("what-to-check"), frozenset({1})).points[2].verdict == "rightly left out"
    assert (
        score(demo.item("saddam-timeline"), frozenset({1})).summary
        == "You picked an option that is not the best answer."
    )


@pytest.mark.parametrize(
    "item_id, response",
    [
        ("leopard", frozenset({1, 5})),
        ("twelve-thousand", {0: "opinion", 1: "no source"}),
        ("what-to-check", frozenset({2})),
    ],
)
def test_responses_survive_storage(demo, item_id, response):
    item = demo.item(item_id)
    assert decode_response(item, encode_response(item, response)) == response


BLIND_THEM = """\
  - id: blind-them
    type: highlight
    prompt: Mark the verdict.
    passage: >
      Although these politicians could easily have determined the Iranian
      community's view of the Mojahedin by simply searching the Internet, the sums
      of money they are paid to speak at these conferences blind them to the truth.
    answers:
      - quote: blind them to the truth
        why: A verdict.
"""


@pytest.mark.parametrize(
    "marked_words, shown",
    [
        ("blind them to the truth", "100%"),
        ("blind them to the truth | sums of money", "93%"),
        ("*", "0%"),
        ("sums of money", "0%"),
    ],
)
def test_the_worked_example_of_the_docs_and_the_scoring_page_is_what_lens_scores(sources, client, marked_words, shown):
    """docs/authoring.md and /scoring show this table; the figures must stay the scorer's."""
    item = built(set_file(BLIND_THEM), sources).item("blind-them")
    words = item.passage.words
    letters = sum(len(word.text) for word in words)
    assert (letters, sum(len(words[i].text) for i in item.key[0].words)) == (185, 19)
    marked = set()
    for phrase in marked_words.split(" | "):
        if phrase == "*":
            marked |= {word.index for word in words}
            continue
        texts = phrase.split()
        start = next(i for i in range(len(words)) if [w.text for w in words[i : i + len(texts)]] == texts)
        marked |= set(range(start, start + len(texts)))
    assert f"{whole_percent(score(item, frozenset(marked)).score)}%" == shown
    page = client.get("/scoring").get_data(as_text=True)
    docs = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    assert f"<td>{shown}</td>" in page or f"= {shown}</td>" in page
    assert f"| {shown} |" in docs or f"= {shown} |" in docs


def test_an_option_written_folded_is_described_without_its_line_break(sources):
    folded = """\
  - id: folded
    type: choice
    prompt: Which?
    options:
      - text: >
          A long option
          written on two lines.
        correct: true
        why: Because.
      - text: Another.
        why: Because.
"""
    exercise_set = built(set_file(folded, skill="missing_context"), sources)
    assert described(exercise_set.item("folded"), frozenset({0, 1})) == "A long option written on two lines.; Another."
