"""The class's marks drawn on the passage (pure), and the bars of choice and classify items, on the statistics page."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from helpers import DEMO_ANSWERS, LEOPARD_IDIOM, Student, text_of
from quiz.classroom.gradebook import Record, grid
from quiz.classroom.item_stats import item_statistics
from quiz.items import encode_response, score
from quiz.items.base import Bar, BarRow
from quiz.items.heat_map import HeatMap, Shade, Stretch, heat_map, step, word_counts

NOW = datetime(2026, 11, 29, tzinfo=UTC)
# The fixture's leopard passage: "A leopard cannot change its spots. After settling in Albania, Mojahedin-e Khalq
# resorted to the United States to try to sanitize its ugly image; the Americans trusted them."
IDIOM = frozenset(range(6))  # "A leopard cannot change its spots", the first key quote
UGLY_IMAGE = frozenset({22, 23})  # the second
TRUSTED = frozenset({26})  # outside the key


def records(demo, learner: int, attempt: int, responses: dict, minutes: int = 0) -> list[Record]:
    """One finished attempt's answers, scored as the app scores them."""
    at = NOW + timedelta(minutes=minutes)
    found = []
    for item_id, response in responses.items():
        item = demo.item(item_id)
        found.append(
            Record(
                learner_id=learner,
                set_id="demo",
                attempt=attempt,
                started_at=at,
                finished_at=at,
                item_id=item_id,
                skill=item.skill,
                score=score(item, response).score,
                submitted_at=at,
                response=encode_response(item, response),
                item_version=item.version,
            )
        )
    return found


def statistics_of(demo, stored: list[Record], counts: str = "best"):
    """The item statistics from the attempts that count, chosen as the dashboard chooses them."""
    learners = sorted({record.learner_id for record in stored})
    cells = grid(learners, stored, {"demo": demo}, counts).cells
    counted = [cells[learner]["demo"].counted for learner in learners]
    return item_statistics(demo, [attempt for attempt in counted if attempt])


def test_each_word_counts_the_students_who_marked_it_once_each(demo):
    leopard = demo.item("leopard")
    counts = word_counts(leopard, [IDIOM, IDIOM | TRUSTED, frozenset({1, 2}) | TRUSTED, frozenset({1, 99})])
    assert counts[0] == 2  # "A"
    assert counts[1] == 4  # "leopard": marked by everyone, overlapping marks, counted once per student
    assert counts[2] == 3  # "cannot"
    assert counts[5] == 2  # "spots"
    assert counts[26] == 2  # "trusted"
    assert counts[22] == 0 and counts[23] == 0  # nobody found "ugly image"
    assert sum(counts) == 2 + 4 + 3 + 2 + 2 + 2 + 2  # word 99 is not in the passage
    assert len(counts) == len(leopard.passage.words)


@pytest.mark.parametrize(
    ("count", "students", "expected"),
    [(0, 3, 0), (0, 0, 0), (1, 30, 1), (6, 30, 1), (7, 30, 2), (1, 3, 2), (2, 3, 4), (3, 3, 5), (3, 5, 3), (4, 5, 4)],
)
def test_a_word_is_shaded_in_steps_of_a_fifth_of_the_class(count, students, expected):
    assert step(count, students) == expected


def test_the_passage_is_cut_where_the_key_or_the_count_changes(demo):
    leopard = demo.item("leopard")
    drawn = heat_map(leopard, [IDIOM, IDIOM | TRUSTED, frozenset({1, 2}) | TRUSTED])
    assert drawn.students == 3
    assert drawn.stretches[0] == Stretch(
        in_key=True,
        shades=(
            Shade("A", 2, 4, True),
            Shade(" ", 0, 0, False),  # between two counts: no word, and marked by nobody
            Shade("leopard cannot", 3, 5, True),  # the space inside takes the count of its neighbours
            Shade(" ", 0, 0, False),
            Shade("change its spots", 2, 4, True),
        ),
    )
    assert drawn.stretches[1].in_key is False
    unmarked = ". After settling in Albania, Mojahedin-e Khalq resorted to the United States to try to sanitize its "
    assert drawn.stretches[1].shades == (Shade(unmarked, 0, 0, True),)
    ugly = next(stretch for stretch in drawn.stretches[2:] if stretch.in_key)
    assert ugly == Stretch(True, (Shade("ugly image", 0, 0, True),))  # in the key, found by nobody
    assert Shade("trusted", 2, 4, True) in drawn.stretches[-1].shades
    whole = "".join(shade.text for stretch in drawn.stretches for shade in stretch.shades)
    assert whole == leopard.passage.text, "every character drawn exactly once"


def test_a_space_between_two_counts_inside_the_key_is_no_word(demo):
    drawn = heat_map(demo.item("leopard"), [frozenset({0, 1}), frozenset({0})])
    assert drawn.stretches[0].shades[:3] == (
        Shade("A", 2, 5, True),
        Shade(" ", 0, 0, False),
        Shade("leopard", 1, 3, True),
    )


def test_only_the_attempt_that_counts_is_drawn(demo):
    first = records(demo, learner=1, attempt=1, responses={"leopard": TRUSTED})  # 0%
    second = records(demo, learner=1, attempt=2, responses={"leopard": IDIOM | UGLY_IMAGE}, minutes=5)  # 100%
    third = records(demo, learner=1, attempt=3, responses={"leopard": IDIOM}, minutes=10)  # 50%
    other = records(demo, learner=2, attempt=1, responses={"leopard": IDIOM | TRUSTED})
    stored = first + second + third + other

    best = statistics_of(demo, stored, "best")[0].class_view
    assert best.students == 2
    assert [best.counts[i] for i in (0, 22, 26)] == [2, 1, 1]

    latest = statistics_of(demo, stored, "latest")[0].class_view
    assert [latest.counts[i] for i in (0, 22, 26)] == [2, 0, 1]


def test_choice_options_and_classify_labels_count_what_students_chose(demo):
    stored = (
        records(demo, 1, 1, {"saddam-timeline": frozenset({0}), "twelve-thousand": {0: "no source", 1: "opinion"}})
        + records(demo, 2, 1, {"saddam-timeline": frozenset({2}), "twelve-thousand": {0: "no source", 1: "no source"}})
        + records(demo, 3, 1, {"saddam-timeline": frozenset({0}), "twelve-thousand": {0: "opinion", 1: "opinion"}})
    )
    by_item = {stats.item.id: stats for stats in statistics_of(demo, stored)}
    assert by_item["saddam-timeline"].class_view == [
        BarRow("Iraq invaded Iran in September 1980; Rajavi moved to Iraq in 1986.", (Bar("picked", 2, True),)),
        BarRow("Saddam Hussein led Iraq from 1979.", (Bar("picked", 0, False),)),
        BarRow("Iran is a large country.", (Bar("picked", 1, False),)),
    ]
    claims = by_item["twelve-thousand"].class_view
    assert [row.text for row in claims] == [claim.quote for claim in demo.item("twelve-thousand").claims]
    assert claims[0].bars == (
        Bar("named source", 0, False),
        Bar("vague source", 0, False),
        Bar("no source", 2, True),
        Bar("opinion", 1, False),
    )
    assert claims[1].bars[1] == Bar("vague source", 0, True) and claims[1].bars[3] == Bar("opinion", 2, False)
    assert isinstance(by_item["leopard"].class_view, HeatMap)


# The statistics page, as the teacher reads it.


def answer_demo(app, code: str, name: str, **changes) -> None:
    """A student joins and finishes the demo set, with some answers changed."""
    student = Student(app.test_client())
    student.join(code, name)
    for item_id, answer in (DEMO_ANSWERS | changes).items():
        student.answer("demo", item_id, **answer)


def shades_on(page: str) -> list[tuple[str, str, str]]:
    """The passage's shades as drawn: (step class, words, count written)."""
    found = re.findall(
        r'<span class="heat heat-(\d)" tabindex="0">([^<]*)<span class="heat-count"><span class="visually-hidden"> \(marked by '
        r"</span>(\d+ of \d+)",
        page,
    )
    return [(shade, words.strip(), count) for shade, words, count in found]


def test_the_statistics_page_draws_the_heat_map_with_its_key_and_legend(app, teacher):
    class_id, code = teacher.create_class()
    answer_demo(app, code, "Ana", leopard=LEOPARD_IDIOM)
    answer_demo(app, code, "Ben", leopard={"marked": ["0", "1", "26"]})
    answer_demo(app, code, "Chloé", leopard={"marked": ["22", "23", "26"]})
    page = teacher.page(f"/teacher/classes/{class_id}/sets/demo")

    assert "The passage as the class marked it" in page
    assert shades_on(page) == [
        ("4", "A leopard", "2 of 3"),
        ("2", "cannot change its spots", "1 of 3"),
        ("2", "ugly image", "1 of 3"),
        ("4", "trusted", "2 of 3"),
    ]
    assert page.count('<span class="heat-key">') == 2
    assert page.count('<span class="visually-hidden"> (in the key)</span></span>') == 2
    legend = text_of(page.split('class="legend heat-legend"')[1].split("</ul>")[0])
    assert "the share of the 3 students who marked each word" in legend
    assert "nobody up to 20% 21–40% 41–60% 61–80% 81–100% the key (outlined)" in legend
    assert "Write on the passage how many students marked each phrase" in text_of(page)


def test_the_statistics_page_draws_a_bar_per_option_and_per_label(app, teacher):
    class_id, code = teacher.create_class()
    answer_demo(app, code, "Ana")
    answer_demo(app, code, "Ben", **{"saddam-timeline": {"picked": "2"}})
    page = text_of(teacher.page(f"/teacher/classes/{class_id}/sets/demo"))

    assert "Iraq invaded Iran in September 1980; Rajavi moved to Iraq in 1986. (right) 1 of 2" in page
    assert "Saddam Hussein led Iraq from 1979. 0 of 2" in page
    assert "Iran is a large country. 1 of 2" in page
    assert "named source 0 of 2 vague source 0 of 2 no source (right) 2 of 2 opinion 0 of 2" in page
    assert "right option you missed" not in page and "right pick" not in page
