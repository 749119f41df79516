"""Choice options in an order of each learner's own: stable for the attempt, scored by identity, never by place."""

from __future__ import annotations

import re
from statistics import fmean

import pytest

from helpers import Student, built, choice_item, set_file, text_of
from quiz.bank.loading import check_bytes
from quiz.items import Seat, score
from quiz.items.choice import ChoiceItem, option_order

OPTION = re.compile(r'<input id="picked-\d+" name="picked"[^>]* value="(\d+)"')


@pytest.fixture(scope="module")
def shipped_choice_items(shipped) -> list[tuple[str, ChoiceItem]]:
    return [(s.id, item) for s in shipped.sets.values() for item in s.items if item.type == "choice"]


def test_the_same_learner_attempt_and_item_always_give_the_same_order(demo):
    item = demo.item("saddam-timeline")
    assert option_order(item, Seat("learner-a", "demo", 1)) == option_order(item, Seat("learner-a", "demo", 1))
    assert sorted(option_order(item, Seat("learner-a", "demo", 1))) == [0, 1, 2]


def test_orders_differ_between_learners_and_attempts(demo):
    item = demo.item("saddam-timeline")
    by_learner = {option_order(item, Seat(f"learner-{n}", "demo", 1)) for n in range(40)}
    by_attempt = {option_order(item, Seat("learner-a", "demo", n)) for n in range(1, 40)}
    assert len(by_learner) >= 4 and len(by_attempt) >= 4  # of the six orders of three options


def scale(shuffle: str, options: list[tuple[str, bool]]) -> str:
    """A file whose one choice item, `scale`, says `shuffle:` as written, on its line 8."""
    return set_file(choice_item("scale", options, f"    shuffle: {shuffle}\n"), skill="missing_context")


def test_an_item_that_says_shuffle_false_keeps_the_authors_order(sources):
    exercise_set = built(scale("false", [("Not at all", False), ("Somewhat", True), ("Fully", False)]), sources)
    assert {option_order(exercise_set.item("scale"), Seat(f"l{n}", "x", 1)) for n in range(20)} == {(0, 1, 2)}


def test_a_student_sees_their_order_on_every_reload_and_the_answer_names_the_option(client):
    with client.session_transaction() as session:
        session["learner"] = "learner-one"  # whose seat at the demo set shows the timeline's options last to first
    student = Student(client)
    url = "/sets/demo/items/saddam-timeline"
    assert [OPTION.findall(student.page(url)) for _ in range(3)] == [["2", "1", "0"]] * 3

    # The student picks the right option, option 0, shown last: what is stored and scored is that option, not the
    # one shown in its place (option 2, which would score 0%).
    page = text_of(student.answer("demo", "saddam-timeline", picked="0").get_data(as_text=True))
    assert "Your score: 100%" in page


def test_feedback_lists_the_options_in_the_order_the_student_saw(app, client):
    student = Student(client)
    url = "/sets/demo/items/what-to-check"
    shown = OPTION.findall(student.page(url))
    html = student.answer("demo", "what-to-check", picked=["0", "1"]).get_data(as_text=True)
    texts = {"0": "Who wrote it", "1": "Where it was published", "2": "How long it is"}
    listed = re.findall(r'<strong class="verdict">[^<]*</strong> ([^<]+?)</p>', html)
    assert listed == [texts[place] for place in shown]


def test_on_the_shipped_bank_two_learners_see_different_orders_on_most_items(shipped_choice_items):
    differ = [
        option_order(item, Seat("learner-one", set_id, 1)) != option_order(item, Seat("learner-two", set_id, 1))
        for set_id, item in shipped_choice_items
    ]
    assert sum(differ) > len(differ) / 2


def test_on_the_shipped_bank_always_picking_the_first_option_shown_scores_at_most_half(shipped_choice_items):
    learners = [f"learner-{n}" for n in range(30)]
    scores = [
        score(item, frozenset({option_order(item, Seat(learner, set_id, 1))[0]})).score
        for set_id, item in shipped_choice_items
        for learner in learners
    ]
    assert fmean(scores) <= 0.5


def test_shuffle_no_is_refused_as_editors_read_it(sources):
    _, problems = check_bytes(scale("no", [("Not at all", True), ("Fully", False)]).encode(), "x.yaml", "x", sources)
    assert [f"{p.line}:{p.column}: {p.message}" for p in problems] == [
        "8:14: `shuffle: no`: write `false`; editors read `no` as text, not true or false"
    ]
