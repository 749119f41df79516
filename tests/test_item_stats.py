"""Which items misfire: facility, discrimination and what students marked (pure)."""

from datetime import UTC, datetime

import pytest

from quiz.classroom.gradebook import AttemptMarks, Record
from quiz.classroom.item_stats import correlation, item_statistics
from quiz.items import encode_response, score

NOW = datetime(2026, 11, 27, tzinfo=UTC)


def counted_attempt(demo, responses: dict[str, object], version_of=None) -> AttemptMarks:
    """A finished attempt whose answers are scored as the app scores them."""
    answers = {}
    for item_id, response in responses.items():
        item = demo.item(item_id)
        answers[item_id] = Record(
            learner_id=1,
            set_id="demo",
            attempt=1,
            started_at=NOW,
            finished_at=NOW,
            item_id=item_id,
            skill=item.skill,
            score=score(item, response).score,
            submitted_at=NOW,
            response=encode_response(item, response),
            item_version=(version_of or {}).get(item_id, item.version),
        )
    total = sum(record.score for record in answers.values()) / len(answers)
    return AttemptMarks(number=1, answers=answers, finished=True, score=total, last_activity=NOW)


def test_correlation_is_pearsons_r_and_none_when_nothing_varies():
    assert correlation([0, 1, 2], [0, 2, 4]) == pytest.approx(1.0)
    assert correlation([0, 1, 2], [4, 2, 0]) == pytest.approx(-1.0)
    assert correlation([1, 1, 1], [0, 1, 2]) is None


def test_key_quotes_found_and_strays_marked_are_counted_per_student(demo):
    leopard = demo.item("leopard")
    words = {word.text: word.index for word in leopard.passage.words}
    idiom = frozenset(range(0, 6))  # "A leopard cannot change its spots"
    stray = frozenset({words["trusted"]})
    attempts = [
        counted_attempt(demo, {"leopard": idiom}),
        counted_attempt(demo, {"leopard": idiom | stray}),
        counted_attempt(demo, {"leopard": stray}),
    ]
    stats = item_statistics(demo, attempts)[0]
    assert stats.answered == 3
    tallies = {tally.text: dict(tally.verdicts) for tally in stats.points}
    assert tallies["A leopard cannot change its spots"] == {"found": 2, "missed": 1}
    assert tallies["ugly image"] == {"missed": 3}
    assert stats.strays == [("trusted", 2)]
    # The idiom alone 0.5, with "trusted" 0.5 - 7/104 (7 of the 104 letters outside the key), "trusted" alone 0:
    # (52/104 + 45/104 + 0) / 3 = 97/312.
    assert stats.facility == pytest.approx(97 / 312)


def test_discrimination_rewards_an_item_that_strong_students_get_right(demo):
    right, wrong = frozenset({0}), frozenset({2})
    both, none_ = frozenset({0, 1}), frozenset({2})
    attempts = [
        counted_attempt(demo, {"saddam-timeline": right, "what-to-check": both}),
        counted_attempt(demo, {"saddam-timeline": right, "what-to-check": both}),
        counted_attempt(demo, {"saddam-timeline": right, "what-to-check": frozenset({0})}),
        counted_attempt(demo, {"saddam-timeline": wrong, "what-to-check": none_}),
        counted_attempt(demo, {"saddam-timeline": wrong, "what-to-check": none_}),
    ]
    timeline = item_statistics(demo, attempts)[2]
    assert timeline.facility == pytest.approx(0.6)
    assert timeline.discrimination > 0.8
    picks = {tally.text: dict(tally.verdicts) for tally in timeline.points}
    assert picks["Iran is a large country."] == {"wrong pick": 2, "rightly left out": 3}


def test_too_few_students_give_no_discrimination_and_old_versions_are_not_read_against_the_new_key(demo):
    attempts = [counted_attempt(demo, {"saddam-timeline": frozenset({0})}, version_of={"saddam-timeline": "old"})]
    stats = item_statistics(demo, attempts)[2]
    assert stats.discrimination is None
    assert stats.earlier_versions == 1 and stats.points == []
    assert stats.facility == pytest.approx(1.0)
