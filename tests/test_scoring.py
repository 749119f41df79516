import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.scoring import FOUND, MISSED, PARTLY, STRAY, decode_response, encode_response, score

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
def test_highlight_scores(leopard, marked, expected):
    assert score(leopard, marked).score == pytest.approx(expected)


def test_marking_the_whole_passage_scores_low(leopard):
    letters = {word.index: len(word.text) for word in leopard.passage.words}
    key_share = sum(letters[i] for i in KEY) / sum(letters.values())  # about a quarter of this passage
    result = score(leopard, frozenset(range(WORDS)))
    assert result.score == pytest.approx(2 * key_share / (1 + key_share))
    assert result.score < 0.5


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


def test_stray_marks_lower_the_score(leopard):
    assert score(leopard, KEY | {9}).score < 1.0
    assert score(leopard, KEY | {9}).score > score(leopard, KEY | {9, 10, 11, 12}).score


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
    assert result.summary == "You picked 1 of the 2 right options and 1 wrong one."
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
