"""The one model of a student's marks: attempt scores, the attempt that counts, standings per skill, totals.

The student's home and set pages, the teacher's dashboard and student page, and the exports all read their
figures from `grid`, so that the same student's figure for a set or a skill is the same number on each of them.
Pure functions of plain records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from statistics import fmean
from typing import NamedTuple

from quiz.bank.exercises import ExerciseSet
from quiz.classroom.schedule import Schedule, status

# Outside any class the best finished attempt counts; a class's teacher chooses "best" or "latest".
COUNTS_OUTSIDE_CLASSES = "best"


def attempt_finished(finished_at: datetime | None, exercise_set: ExerciseSet, answered: Iterable[str]) -> bool:
    """Finished when the last item was answered; an item added to the set later does not reopen it."""
    return finished_at is not None or {item.id for item in exercise_set.items} <= set(answered)


class Record(NamedTuple):
    """One stored answer of a student, with its attempt (or an attempt with no answer yet, item_id None). A named
    tuple, not a dataclass: a big class's page makes thousands, and a tuple is made several times faster."""

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
class Standing:
    """A standing on one skill: the mean counted score over the answers it rests on."""

    scores: list[float] = field(default_factory=list)
    in_progress: bool = False  # some of those answers are in an attempt still in progress

    @property
    def score(self) -> float | None:
        return _mean(self.scores)

    @property
    def answered(self) -> int:
        return len(self.scores)

    def add(self, score: float, in_progress: bool) -> None:
        self.scores.append(score)
        self.in_progress |= in_progress


@dataclass
class AttemptMarks:
    """One attempt of one student at one set."""

    number: int
    answers: dict[str, Record]
    finished: bool
    # A finished attempt's score: the mean counted score over the items it answered that the set still has. An
    # attempt in progress has none, only its `answered_mean`.
    score: float | None
    last_activity: datetime
    # When it was finished: as stored, or (an attempt finished before that was kept) its last answer.
    finished_at: datetime | None = None

    @property
    def answered_mean(self) -> float | None:
        """The mean over the items answered so far: what an attempt in progress says about the student."""
        return _mean(record.counted for record in self.answers.values())

    def by_skill(self) -> dict[str, Standing]:
        """The attempt's answers per skill (the skill when answered), the skill's share of the attempt's score."""
        skills: dict[str, Standing] = {}
        for record in self.answers.values():
            skills.setdefault(record.skill, Standing()).add(record.counted, not self.finished)
        return skills


@dataclass
class Cell:
    """One student's record on one set: every attempt, and the one that counts."""

    attempts: list[AttemptMarks] = field(default_factory=list)
    counted: AttemptMarks | None = None
    # The student may not see this set's results yet (a test): the cell gives no score, and the set is left out of
    # the student's standings and total. Only the student's own pages withhold; the teacher sees everything.
    withheld: bool = False

    @property
    def score(self) -> float | None:
        """The score that counts: that of the counted attempt, a finished one."""
        return None if self.withheld or self.counted is None else self.counted.score

    @property
    def finished(self) -> list[AttemptMarks]:
        return [attempt for attempt in self.attempts if attempt.finished]

    @property
    def best(self) -> float | None:
        return None if self.withheld else max((attempt.score for attempt in self.finished), default=None)

    @property
    def latest(self) -> float | None:
        return None if self.withheld or not self.finished else self.finished[-1].score

    @property
    def last_activity(self) -> datetime | None:
        return max((attempt.last_activity for attempt in self.attempts), default=None)

    def status(self, schedule: Schedule, now: datetime) -> str:
        """Where the student stands on the set, against its assignment's times (schedule.STATUSES)."""
        return status(schedule, bool(self.attempts), self.counted.finished_at if self.counted else None, now)

    @property
    def in_progress(self) -> AttemptMarks | None:
        last = self.attempts[-1] if self.attempts else None
        return last if last and not last.finished else None


@dataclass
class Grid:
    """Students by sets, with each student's standings and the class's averages."""

    cells: dict[int, dict[str, Cell]]
    set_means: dict[str, float | None]
    skill_standings: dict[int, dict[str, Standing]]
    skill_means: dict[str, float | None]
    # How many items each skill has over the sets the standings and totals read (every set not withheld).
    skill_items: dict[str, int] = field(default_factory=dict)

    def totals(self) -> dict[int, float | None]:
        """Each student's mean over every set, a set with no finished attempt counting 0, as a gradebook counts
        missing work: one set finished at 100% must not outrank eight finished at 90%."""
        return {
            learner: _mean(cell.score or 0.0 for cell in cells.values() if not cell.withheld)
            for learner, cells in self.cells.items()
        }

    def sets_finished(self) -> dict[int, int]:
        return {
            learner: sum(cell.score is not None for cell in cells.values()) for learner, cells in self.cells.items()
        }

    def sets_in_total(self) -> int:
        """How many sets each total is over: every set but those withheld."""
        row = next(iter(self.cells.values()), {})
        return sum(not cell.withheld for cell in row.values())

    def of(self, learner: int) -> StudentMarks:
        """One student's row: what their own pages and their teacher's page about them show."""
        return StudentMarks(
            cells=self.cells[learner],
            standings=self.skill_standings[learner],
            skill_items=self.skill_items,
            total=self.totals()[learner],
            sets_finished=self.sets_finished()[learner],
            sets_in_total=self.sets_in_total(),
        )


@dataclass(frozen=True)
class StudentMarks:
    """One student's marks: each set's cell, each skill's standing, and the total over the sets."""

    cells: dict[str, Cell]
    standings: dict[str, Standing]
    skill_items: dict[str, int]
    total: float | None
    sets_finished: int
    sets_in_total: int


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return fmean(values) if values else None


def grid(
    learners: list[int],
    records: Iterable[Record],
    sets: dict[str, ExerciseSet],
    counts: str,
    withheld: Collection[str] = frozenset(),
) -> Grid:
    """Every student's cells on every set, the counted attempt chosen by `counts` ("best" or "latest").

    A skill's standing is the mean counted score over the items of the attempts that count; a set with no finished
    attempt yet contributes its attempt in progress, and the standing says so. Sets in `withheld` keep their
    attempts but give no score and are left out of the standings and totals.
    """
    cells = {learner: {set_id: Cell(withheld=set_id in withheld) for set_id in sets} for learner in learners}
    for (learner, set_id, _number), group in _by_attempt(records).items():
        if learner in cells and set_id in sets:
            cells[learner][set_id].attempts.append(_marks(sets[set_id], group))
    for row in cells.values():
        for cell in row.values():
            cell.counted = _counted(cell.attempts, counts)
    shown = [exercise_set for set_id, exercise_set in sets.items() if set_id not in withheld]
    skill_items = Counter(item.skill for exercise_set in shown for item in exercise_set.items)
    skills = sorted({item.skill for exercise_set in sets.values() for item in exercise_set.items})
    standings = {learner: _skill_standing(row, skills) for learner, row in cells.items()}
    return Grid(
        cells=cells,
        set_means={set_id: _mean(_scores_on(cells, set_id)) for set_id in sets},
        skill_standings=standings,
        skill_means={skill: _mean(_standing_scores(standings, skill)) for skill in skills},
        skill_items=dict(skill_items),
    )


def _by_attempt(records: Iterable[Record]) -> dict[tuple[int, str, int], list[Record]]:
    groups: dict[tuple[int, str, int], list[Record]] = {}
    for record in records:
        groups.setdefault((record.learner_id, record.set_id, record.attempt), []).append(record)
    return dict(sorted(groups.items()))


def _marks(exercise_set: ExerciseSet, group: list[Record]) -> AttemptMarks:
    answers = {r.item_id: r for r in group if r.item_id is not None and exercise_set.item(r.item_id)}
    finished = attempt_finished(group[0].finished_at, exercise_set, answers)
    score = (_mean(r.counted for r in answers.values()) or 0.0) if finished else None
    moments = [group[0].started_at] + [r.submitted_at for r in answers.values() if r.submitted_at]
    finished_at = (group[0].finished_at or max(moments)) if finished else None
    return AttemptMarks(group[0].attempt, answers, finished, score, max(moments), finished_at)


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


def _standing_scores(standings: dict[int, dict[str, Standing]], skill: str) -> list[float]:
    return [row[skill].score for row in standings.values() if row[skill].score is not None]


def _skill_standing(row: dict[str, Cell], skills: list[str]) -> dict[str, Standing]:
    """Per skill: the mean counted score over the items of the attempts that count, or of the attempt in progress
    on a set with no finished attempt yet."""
    standings = {skill: Standing() for skill in skills}
    for cell in row.values():
        attempt = None if cell.withheld else cell.counted or cell.in_progress
        if attempt is None:
            continue
        for record in attempt.answers.values():
            # The skill when answered, as the responses export gives it, even if the author has moved the item.
            standings.setdefault(record.skill, Standing()).add(record.counted, not attempt.finished)
    return standings
