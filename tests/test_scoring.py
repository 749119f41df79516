import pytest

from quiz.bank import load_bank
from quiz.scoring import FOUND, MISSED, PARTLY, STRAY, decode_response, encode_response, score

from conftest import FIXTURE_EXERCISES, ROOT

DEMO = load_bank(FIXTURE_EXERCISES, ROOT / "seeds").sets["demo"]
LEOPARD = DEMO.item("leopard")  # key: words 0-5 "A leopard cannot change its spots", 22-23 "ugly image"
KEY = frozenset(range(6)) | {22, 23}
ALL_WORDS = frozenset(range(len(LEOPARD.passage.words)))


def test_the_fixture_passage_is_split_as_these_tests_assume():
    words = [word.text for word in LEOPARD.passage.words]
    assert words[:6] == ["A", "leopard", "cannot", "change", "its", "spots"]
    assert words[22:24] == ["ugly", "image"]
    assert [point.words for point in LEOPARD.key] == [frozenset(range(6)), frozenset({22, 23})]


@pytest.mark.parametrize(
    "marked, expected",
    [
        (KEY, 1.0),
        (frozenset(), 0.0),
        (frozenset({9}), 0.0),  # only a stray word
        (frozenset(range(6)), 2 * 0.5 / 1.5),  # one quote of two, all on target
        (frozenset(range(6)) | {22}, 2 * ((1 + 4 / 9) / 2) / (1 + (1 + 4 / 9) / 2)),  # "ugly" is 4 of 9 letters
    ],
)
def test_highlight_scores(marked, expected):
    assert score(LEOPARD, marked).score == pytest.approx(expected)


def test_marking_the_whole_passage_scores_low():
    letters = {word.index: len(word.text) for word in LEOPARD.passage.words}
    key_share = sum(letters[i] for i in KEY) / sum(letters.values())  # about a quarter of this passage
    result = score(LEOPARD, ALL_WORDS)
    assert result.score == pytest.approx(2 * key_share / (1 + key_share))
    assert result.score < 0.5


def test_cutting_a_mark_into_pieces_does_not_raise_the_score():
    whole = score(LEOPARD, KEY | {6, 7}).score
    pieces = [frozenset({0, 1}), frozenset({2}), frozenset({3, 4, 5, 6}), frozenset({7}), frozenset({22, 23})]
    assert score(LEOPARD, frozenset().union(*pieces)).score == whole
    assert score(LEOPARD, frozenset({0, 2, 4, 22})).score < score(LEOPARD, frozenset(range(5)) | {22}).score


def test_stray_marks_lower_the_score():
    assert score(LEOPARD, KEY | {9}).score < 1.0
    assert score(LEOPARD, KEY | {9}).score > score(LEOPARD, KEY | {9, 10, 11, 12}).score


def test_highlight_feedback_explains_every_key_quote_and_stray_mark():
    result = score(LEOPARD, frozenset(range(6)) | {22, 9, 10, 11})
    verdicts = [(point.verdict, point.text) for point in result.points]
    assert verdicts == [
        (FOUND, "A leopard cannot change its spots"),
        (PARTLY, "ugly image"),
        (STRAY, "Albania, Mojahedin-e Khalq"),
    ]
    assert result.points[0].why.startswith("An idiom")
    assert score(LEOPARD, frozenset({0})).points[1].verdict == MISSED


def test_word_numbers_outside_the_passage_are_ignored():
    assert score(LEOPARD, KEY | {999, -1}).score == 1.0


CLASSIFY = DEMO.item("twelve-thousand")


@pytest.mark.parametrize(
    "labels, expected",
    [
        ({0: "no source", 1: "vague source"}, 1.0),
        ({0: "no source", 1: "named source"}, 0.5),
        ({0: "opinion"}, 0.0),
        ({}, 0.0),
    ],
)
def test_classify_scores_the_share_labelled_right(labels, expected):
    assert score(CLASSIFY, labels).score == expected


def test_classify_feedback_gives_the_right_label_and_why():
    point = score(CLASSIFY, {0: "opinion"}).points[0]
    assert point.verdict == "wrong"
    assert point.detail == "You chose “opinion”. The label is “no source”."
    assert point.why == "No count is attributed to anyone."
    assert score(CLASSIFY, {}).points[1].detail.startswith("You gave no label.")


SINGLE = DEMO.item("saddam-timeline")
MULTIPLE = DEMO.item("what-to-check")  # options 0 and 1 are right, 2 is wrong


@pytest.mark.parametrize(
    "item, picked, expected",
    [
        (SINGLE, {0}, 1.0),
        (SINGLE, {1}, 0.0),
        (MULTIPLE, {0, 1}, 1.0),
        (MULTIPLE, {0}, 0.5),
        (MULTIPLE, {0, 1, 2}, 0.5),
        (MULTIPLE, {0, 2}, 0.0),
        (MULTIPLE, {2}, 0.0),  # floored at 0, not -0.5
        (MULTIPLE, set(), 0.0),
    ],
)
def test_choice_scores(item, picked, expected):
    assert score(item, frozenset(picked)).score == expected


def test_choice_feedback_shows_every_options_why():
    points = score(MULTIPLE, frozenset({0, 2})).points
    assert [(p.verdict, p.why) for p in points] == [
        ("picked, right", "No author is named."),
        ("not picked, right", 'The only attribution is "Source Source".'),
        ("picked, wrong", "Length says nothing about reliability."),
    ]


@pytest.mark.parametrize(
    "item, response",
    [(LEOPARD, frozenset({1, 5})), (CLASSIFY, {0: "opinion", 1: "no source"}), (MULTIPLE, frozenset({2}))],
)
def test_responses_survive_storage(item, response):
    assert decode_response(item, encode_response(item, response)) == response
