"""Issue 18's student findings, on the server: marks stop at a paragraph's end, the multiple-answer feedback shows its
sum, the home page shows no empty standing, and leaving a shared browser asks first."""

from __future__ import annotations

import re
import shutil

import pytest

from helpers import FIXTURE_EXERCISES, Student, built, choice_item, set_file, text_of
from quiz.items import described, score
from quiz.items.marks import mark_count

PARAGRAPHS = "/sets/paragraphs/items/notice"
# Words 0-1 "Source Source" are a paragraph of their own; word 2 "This" starts the next.
TWO_PARAGRAPHS = """\
  - id: notice
    type: highlight
    prompt: Mark where a source should be named.
    passage: >
      Source Source

      This website uses cookies to improve your experience.
    answers:
      - quote: Source Source
        why: No source is named.
"""


@pytest.fixture
def exercises_dir(tmp_path):
    """The fixture set, and a set of one item whose passage has two paragraphs."""
    folder = tmp_path / "exercises"
    shutil.copytree(FIXTURE_EXERCISES, folder)
    (folder / "paragraphs.yaml").write_text(set_file(TWO_PARAGRAPHS))
    return folder


@pytest.fixture
def notice(sources):
    return built(set_file(TWO_PARAGRAPHS), sources).item("notice")


def test_the_fixture_passage_has_two_paragraphs(notice):
    assert [word.text for word in notice.passage.words[:3]] == ["Source", "Source", "This"]
    assert "\n\n" in notice.passage.text


@pytest.mark.parametrize(
    "marked, expected",
    [
        ([1, 2], "2 words marked in 2 marks."),  # "Source" | "This": touching numbers, two paragraphs
        ([0, 1, 2, 3], "4 words marked in 2 marks."),
        ([0, 1], "2 words marked in 1 mark."),
        ([2, 3, 4], "3 words marked in 1 mark."),
        ([1, 2, 4], "3 words marked in 3 marks."),
        ([], "No words marked."),
    ],
)
def test_a_mark_stops_where_its_paragraph_ends(notice, marked, expected):
    assert mark_count(notice.passage, marked) == expected


def test_stray_marks_and_the_answer_in_words_are_cut_at_a_paragraph_end_too(notice):
    result = score(notice, frozenset({1, 2, 3}))
    assert [point.text for point in result.points if point.verdict == "not in the key"] == ["This website"]
    assert described(notice, frozenset({1, 2, 3})) == "Source … This website"


def test_the_question_page_tells_the_widget_where_a_paragraph_starts(app):
    student = Student(app.test_client())
    starts = re.findall(r'<label class="word" data-new-paragraph><input[^>]*value="(\d+)"', student.page(PARAGRAPHS))
    assert starts == ["2"]  # "This", after the blank line


# The fixture set's "what-to-check": options 0 and 1 are right, 2 is wrong. Three right of four in "three-right".
THREE_RIGHT = choice_item(
    "three-right", [("A", True), ("B", True), ("C", True), ("D", False)], extra="    multiple: true\n"
)


@pytest.mark.parametrize(
    "picked, expected",
    [
        ({0, 1}, "You picked 2 of the 2 right options: 2 ÷ 2 = 100%."),
        ({0}, "You picked 1 of the 2 right options: 1 ÷ 2 = 50%."),
        ({0, 1, 2}, "You picked 2 of the 2 right options and 1 wrong one: (2 − 1) ÷ 2 = 50%."),
        ({0, 2}, "You picked 1 of the 2 right options and 1 wrong one: (1 − 1) ÷ 2 = 0%."),
        ({2}, "You picked 0 of the 2 right options and 1 wrong one: (0 − 1) ÷ 2 is below zero, so the score is 0%."),
    ],
)
def test_the_multiple_answer_feedback_shows_how_the_score_was_reached(demo, picked, expected):
    assert score(demo.item("what-to-check"), frozenset(picked)).summary == expected


def test_the_multiple_answer_sum_always_agrees_with_the_score(sources):
    item = built_three_right(sources)
    for picked in [set(), {0}, {3}, {0, 3}, {0, 1}, {0, 1, 3}, {0, 1, 2}, {0, 1, 2, 3}, {1, 2, 3}]:
        result = score(item, frozenset(picked))
        right, wrong = len(picked - {3}), len(picked & {3})
        numbers = [int(n) for n in re.findall(r"\d+", result.summary)]
        assert numbers[:2] == [right, 3]
        if wrong > right:
            assert result.summary.endswith("is below zero, so the score is 0%.") and result.score == 0
        else:
            assert numbers[-1] == round(result.score * 100), result.summary
            written = f"({right} − {wrong}) ÷ 3" if wrong else f"{right} ÷ 3"
            assert f": {written} = " in result.summary


def built_three_right(sources):
    return built(set_file(THREE_RIGHT, skill="missing_context"), sources).item("three-right")


def test_the_home_page_of_a_new_learner_has_no_standing_table(app):
    page = Student(app.test_client()).page("/")
    assert 'id="standing-heading"' not in page and "<table" not in page
    assert page.index("Demo set for the tests") < page.index("Your standing by skill shows here once")


def test_the_home_page_shows_the_standing_before_the_sets_once_there_is_one(app):
    student = Student(app.test_client())
    student.answer("demo", "what-to-check", picked=["0"])
    page = student.page("/")
    assert "<table>" in page
    assert page.index('id="standing-heading"') < page.index("Demo set for the tests")


def test_one_tap_on_leave_this_browser_only_asks(app, class_code):
    student = Student(app.test_client())
    student.join(class_code, "Ana")
    home = student.page("/")
    assert 'action="/leave"' not in home  # no form that leaves in one tap
    code = re.search(r'class="code">([A-Z0-9-]{14})<', home).group(1)
    # The link is after the sets, well away from the personal code.
    assert home.index("Demo set for the tests") < home.index('href="/leave"')
    asking = text_of(student.page("/leave"))
    assert "Leave this browser?" in asking
    assert f"you need your personal code: {code} Write it down before you leave" in asking
    assert "You are in this class as Ana" in text_of(student.page("/"))


def test_confirming_leaves_the_browser(app, class_code):
    student = Student(app.test_client())
    student.join(class_code, "Ana")
    page = text_of(student.submit("/leave").get_data(as_text=True))
    assert "This browser no longer holds your answers." in page
    assert "You are in this class" not in text_of(student.page("/"))


def test_a_browser_outside_any_class_has_nothing_to_leave(app):
    response = Student(app.test_client()).client.get("/leave")
    assert response.status_code == 302 and response.headers["Location"] == "/"
