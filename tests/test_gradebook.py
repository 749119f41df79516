"""The marks a teacher reads: attempt scores, the attempt that counts, averages per set and skill (pure)."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from quiz.classroom.gradebook import Record, grid

START = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
SKILL_OF = {
    "leopard": "loaded_wording",
    "twelve-thousand": "unsourced_claims",
    "saddam-timeline": "missing_context",
    "what-to-check": "missing_context",
}
ITEMS = list(SKILL_OF)


def record(
    item_id: str,
    *,
    score: float,
    skill: str = "loaded_wording",
    learner_id: int = 1,
    attempt: int = 1,
    started_at: datetime = START,
    finished_at: datetime | None = START,
    override: float | None = None,
    submitted_at: datetime = START,
) -> Record:
    """One stored answer at the demo set: by default learner 1's first attempt, begun, finished and answered at START."""
    return Record(
        learner_id=learner_id,
        set_id="demo",
        attempt=attempt,
        started_at=started_at,
        finished_at=finished_at,
        item_id=item_id,
        skill=skill,
        score=score,
        override=override,
        submitted_at=submitted_at,
    )


def attempt(learner: int, number: int, scores: dict[str, float], finished: bool = True, **overrides) -> list[Record]:
    """The records of one attempt at the demo set: one per answered item."""
    started = START + timedelta(hours=number)
    return [
        record(
            item_id,
            score=score,
            skill=SKILL_OF.get(item_id, "loaded_wording"),
            learner_id=learner,
            attempt=number,
            started_at=started,
            finished_at=started + timedelta(minutes=30) if finished else None,
            override=overrides.get(item_id),
            submitted_at=started + timedelta(minutes=index + 1),
        )
        for index, (item_id, score) in enumerate(scores.items())
    ]


def everything(score: float) -> dict[str, float]:
    return dict.fromkeys(ITEMS, score)


@pytest.fixture
def sets(demo):
    return {"demo": demo}


def test_the_best_finished_attempt_counts_by_default_and_the_latest_when_chosen(sets):
    records = attempt(1, 1, everything(0.8)) + attempt(1, 2, everything(0.4))
    assert grid([1], records, sets, "best").cells[1]["demo"].score == pytest.approx(0.8)
    assert grid([1], records, sets, "latest").cells[1]["demo"].score == pytest.approx(0.4)


def test_an_unfinished_attempt_never_counts_but_shows_as_in_progress(sets):
    records = attempt(1, 1, everything(0.5)) + attempt(1, 2, {"leopard": 1.0}, finished=False)
    cell = grid([1], records, sets, "latest").cells[1]["demo"]
    assert cell.score == pytest.approx(0.5)
    assert cell.in_progress.number == 2 and len(cell.in_progress.answers) == 1
    assert cell.last_activity == START + timedelta(hours=2, minutes=1)


def scores_of(standings) -> dict:
    return {skill: standing.score for skill, standing in standings.items()}


def test_an_attempt_in_progress_has_no_score_and_counts_in_the_standing_until_one_is_finished(sets):
    records = attempt(1, 1, {"leopard": 0.5, "saddam-timeline": 1.0}, finished=False)
    marks = grid([1], records, sets, "best")
    cell = marks.cells[1]["demo"]
    assert cell.score is None and cell.in_progress.score is None
    assert cell.in_progress.answered_mean == pytest.approx(0.75)
    assert scores_of(marks.skill_standings[1]) == {
        "loaded_wording": pytest.approx(0.5),
        "missing_context": pytest.approx(1.0),
        "unsourced_claims": None,
    }
    assert marks.skill_standings[1]["loaded_wording"].in_progress
    assert marks.totals() == {1: pytest.approx(0.0)} and marks.sets_finished() == {1: 0}


def test_once_a_set_is_finished_its_next_attempt_in_progress_leaves_the_standing_alone(sets):
    records = attempt(1, 1, everything(0.5)) + attempt(1, 2, {"leopard": 1.0}, finished=False)
    standing = grid([1], records, sets, "latest").skill_standings[1]["loaded_wording"]
    assert standing.score == pytest.approx(0.5) and not standing.in_progress


def test_best_and_latest_are_told_apart_and_the_chosen_one_counts(sets):
    records = attempt(1, 1, everything(0.8)) + attempt(1, 2, everything(0.4))
    cell = grid([1], records, sets, "latest").cells[1]["demo"]
    assert (cell.best, cell.latest, cell.score) == (pytest.approx(0.8), pytest.approx(0.4), pytest.approx(0.4))
    assert cell.counted.number == 2


def test_an_attempt_is_finished_once_every_item_is_answered_even_before_it_is_marked_so(sets):
    records = attempt(1, 1, everything(1.0), finished=False)
    assert grid([1], records, sets, "best").cells[1]["demo"].score == pytest.approx(1.0)


def test_a_teachers_override_is_the_score_that_counts(sets):
    records = attempt(1, 1, everything(0.0), leopard=1.0)
    marks = grid([1], records, sets, "best")
    assert marks.cells[1]["demo"].score == pytest.approx(0.25)
    assert marks.skill_standings[1]["loaded_wording"].score == pytest.approx(1.0)


def test_skill_standings_follow_the_items_skills_and_class_means_skip_students_with_nothing(sets):
    scores = {"leopard": 1.0, "twelve-thousand": 0.5, "saddam-timeline": 0.0, "what-to-check": 1.0}
    records = attempt(1, 1, scores) + attempt(2, 1, everything(0.0))
    marks = grid([1, 2, 3], records, sets, "best")
    assert scores_of(marks.skill_standings[1]) == {
        "loaded_wording": pytest.approx(1.0),
        "missing_context": pytest.approx(0.5),
        "unsourced_claims": pytest.approx(0.5),
    }
    assert scores_of(marks.skill_standings[3]) == {
        "loaded_wording": None,
        "missing_context": None,
        "unsourced_claims": None,
    }
    assert marks.set_means["demo"] == pytest.approx(0.3125)  # 0.625 and 0.0
    assert marks.skill_means["loaded_wording"] == pytest.approx(0.5)
    assert marks.totals() == {1: pytest.approx(0.625), 2: pytest.approx(0.0), 3: pytest.approx(0.0)}
    assert marks.sets_finished() == {1: 1, 2: 1, 3: 0}


def test_answers_to_items_no_longer_in_the_set_and_strangers_are_left_out(sets):
    gone = record("deleted-item", score=0.0)
    stranger = attempt(99, 1, everything(1.0))
    marks = grid([1], attempt(1, 1, everything(0.6)) + [gone] + stranger, sets, "best")
    assert set(marks.cells) == {1}
    assert marks.cells[1]["demo"].score == pytest.approx(0.6)


def test_an_answer_counts_for_the_skill_it_was_given_under_even_if_the_item_moved_since(sets):
    moved = record("leopard", score=1.0, skill="unsourced_claims")
    rest = [r for r in attempt(1, 1, everything(0.0)) if r.item_id != "leopard"]
    standings = scores_of(grid([1], [moved, *rest], sets, "best").skill_standings[1])
    assert standings["unsourced_claims"] == pytest.approx(0.5) and standings["loaded_wording"] is None


def test_a_withheld_set_keeps_its_attempts_but_gives_no_score_and_stays_out_of_standing_and_total(demo):
    second = replace(demo, id="demo2")
    records = attempt(1, 1, everything(1.0)) + [r._replace(set_id="demo2") for r in attempt(1, 1, everything(0.5))]
    marks = grid([1], records, {"demo": demo, "demo2": second}, "best", withheld={"demo2"})
    withheld = marks.cells[1]["demo2"]
    assert len(withheld.finished) == 1
    assert (withheld.score, withheld.best, withheld.latest) == (None, None, None)
    mine = marks.of(1)
    assert mine.standings["loaded_wording"].score == pytest.approx(1.0)
    assert (mine.total, mine.sets_finished, mine.sets_in_total) == (pytest.approx(1.0), 1, 1)
    assert mine.skill_items == {"loaded_wording": 1, "unsourced_claims": 1, "missing_context": 2}


def test_an_attempts_score_per_skill_reads_the_skill_each_answer_was_given_under(sets):
    scores = {"leopard": 1.0, "twelve-thousand": 0.5, "saddam-timeline": 0.0, "what-to-check": 0.5}
    finished = grid([1], attempt(1, 1, scores), sets, "best").cells[1]["demo"].counted
    assert finished.score == pytest.approx(0.5)
    assert {skill: (part.score, part.answered) for skill, part in finished.by_skill().items()} == {
        "loaded_wording": (pytest.approx(1.0), 1),
        "unsourced_claims": (pytest.approx(0.5), 1),
        "missing_context": (pytest.approx(0.25), 2),
    }
