"""A class's marks from its stored answers: attempt scores, the attempt that counts, averages per set and skill.

Pure functions of plain records, so that the student's pages, the teacher's dashboard and the exports agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from statistics import fmean

from .exercises import ExerciseSet


def attempt_finished(finished_at: datetime | None, exercise_set: ExerciseSet, answered: Iterable[str]) -> bool:
    """Finished when the last item was answered; an item added to the set later does not reopen it."""
    return finished_at is not None or {item.id for item in exercise_set.items} <= set(answered)


def attempt_score(exercise_set: ExerciseSet, scores: dict[str, float], finished: bool) -> float:
    """A finished attempt scores the items it answered that the set still has; an open one counts gaps as 0."""
    counted = [scores[item.id] for item in exercise_set.items if item.id in scores]
    if finished:
        return fmean(counted) if counted else 0.0
    return sum(counted) / len(exercise_set.items)


@dataclass(frozen=True)
class Record:
    """One stored answer of a student, with its attempt (or an attempt with no answer yet, item_id None)."""

    learner_id: int
    set_id: str
    attempt: int
    started_at: datetime
    finished_at: datetime | None
    item_id: str | None = None
    skill: str | None = None
    score: float | None = None
    override: float | None = None
    submitted_at: datetime | None = None
    response: dict | None = None
    item_version: str | None = None
    comment: str | None = None
    answer_id: int | None = None

    @property
    def counted(self) -> float | None:
        return self.override if self.override is not None else self.score


@dataclass
class AttemptMarks:
    """One attempt of one student at one set."""

    number: int
    answers: dict[str, Record]
    finished: bool
    score: float
    last_activity: datetime

    @property
    def answered_mean(self) -> float | None:
        """The mean over the items answered so far: what an attempt in progress says about the student."""
        return _mean(record.counted for record in self.answers.values())


@dataclass
class Cell:
    """One student's record on one set: every attempt, and the one that counts."""

    attempts: list[AttemptMarks] = field(default_factory=list)
    counted: AttemptMarks | None = None

    @property
    def score(self) -> float | None:
        return self.counted.score if self.counted else None

    @property
    def last_activity(self) -> datetime | None:
        return max((attempt.last_activity for attempt in self.attempts), default=None)

    @property
    def in_progress(self) -> AttemptMarks | None:
        last = self.attempts[-1] if self.attempts else None
        return last if last and not last.finished else None


@dataclass
class Grid:
    """Students by sets, with the class's averages."""

    cells: dict[int, dict[str, Cell]]
    set_means: dict[str, float | None]
    skill_standings: dict[int, dict[str, float | None]]
    skill_means: dict[str, float | None]

    def totals(self) -> dict[int, float | None]:
        """Each student's mean over every set, a set with no finished attempt counting 0, as a gradebook counts
        missing work: one set finished at 100% must not outrank eight finished at 90%."""
        return {learner: _mean(cell.score or 0.0 for cell in cells.values()) for learner, cells in self.cells.items()}

    def sets_finished(self) -> dict[int, int]:
        return {
            learner: sum(cell.score is not None for cell in cells.values()) for learner, cells in self.cells.items()
        }


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return fmean(values) if values else None


def grid(
    learners: list[int], records: Iterable[Record], sets: dict[str, ExerciseSet], counts: str, live: bool = False
) -> Grid:
    """Every student's cells on every set, the counted attempt chosen by `counts` ("best" or "latest").

    Live (the dashboard during a lesson), skill standings also read attempts in progress on sets with no finished
    attempt; otherwise (the gradebook) only the attempts that count, like the set scores and the total.
    """
    cells = {learner: {set_id: Cell() for set_id in sets} for learner in learners}
    for (learner, set_id, _number), group in _by_attempt(records).items():
        if learner in cells and set_id in sets:
            cells[learner][set_id].attempts.append(_marks(sets[set_id], group))
    for row in cells.values():
        for cell in row.values():
            cell.counted = _counted(cell.attempts, counts)
    skills = sorted({item.skill for exercise_set in sets.values() for item in exercise_set.items})
    standings = {learner: _skill_standing(row, skills, live) for learner, row in cells.items()}
    return Grid(
        cells=cells,
        set_means={set_id: _mean(_scores_on(cells, set_id)) for set_id in sets},
        skill_standings=standings,
        skill_means={skill: _mean(s[skill] for s in standings.values() if s[skill] is not None) for skill in skills},
    )


def _by_attempt(records: Iterable[Record]) -> dict[tuple[int, str, int], list[Record]]:
    groups: dict[tuple[int, str, int], list[Record]] = {}
    for record in records:
        groups.setdefault((record.learner_id, record.set_id, record.attempt), []).append(record)
    return dict(sorted(groups.items()))


def _marks(exercise_set: ExerciseSet, group: list[Record]) -> AttemptMarks:
    answers = {r.item_id: r for r in group if r.item_id is not None and exercise_set.item(r.item_id)}
    finished = attempt_finished(group[0].finished_at, exercise_set, answers)
    score = attempt_score(exercise_set, {item_id: r.counted for item_id, r in answers.items()}, finished)
    moments = [group[0].started_at] + [r.submitted_at for r in answers.values() if r.submitted_at]
    return AttemptMarks(group[0].attempt, answers, finished, score, max(moments))


def _counted(attempts: list[AttemptMarks], counts: str) -> AttemptMarks | None:
    finished = [attempt for attempt in attempts if attempt.finished]
    if not finished:
        return None
    if counts == "latest":
        return finished[-1]
    # The first of equal best scores: a later attempt that only matches it does not replace it.
    return max(finished, key=lambda attempt: (attempt.score, -attempt.number))


def _scores_on(cells: dict[int, dict[str, Cell]], set_id: str) -> list[float]:
    return [row[set_id].score for row in cells.values() if row[set_id].score is not None]


def _skill_standing(row: dict[str, Cell], skills: list[str], live: bool) -> dict[str, float | None]:
    """Per skill: the mean counted score over the items of the attempts that count (live: or in progress)."""
    scores: dict[str, list[float]] = {skill: [] for skill in skills}
    for cell in row.values():
        attempt = cell.counted or (cell.in_progress if live else None)
        if attempt is None:
            continue
        for record in attempt.answers.values():
            # The skill when answered, as the responses export gives it, even if the author has moved the item.
            scores.setdefault(record.skill, []).append(record.counted)
    return {skill: _mean(values) for skill, values in scores.items()}
