"""Re-scoring stored answers under the current rules and keys, on purpose: planned and reported, then applied.

A stored answer keeps the score the student was shown until `flask --app quiz rescore --apply`. Planning and
reporting are pure functions of plain records and the bank; reading is one query and writing one UPDATE.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from statistics import fmean

from sqlalchemy import bindparam

from quiz.bank.exercises import ExerciseSet
from quiz.classroom.codes import shown
from quiz.items import score, stored_response
from quiz.models import Answer, Attempt, Classroom, Membership, Override, db

# Scoring the same response twice may differ in the last bits of a float; that is not a change.
TOLERANCE = 1e-9
NO_CLASS = "Not in a class"
DRY_RUN = "Dry run: nothing is changed. Under the current rules and keys these scores would change (percentage points):"
APPLIED = "Re-scored under the current rules and keys (changes in percentage points):"


@dataclass(frozen=True)
class StoredAnswer:
    """One stored answer as re-scoring reads it, with its learner's class (None for a learner in no class)."""

    answer_id: int
    class_name: str | None
    class_code: str | None
    set_id: str
    item_id: str
    item_version: str
    response: dict
    score: float
    overridden: bool = False


@dataclass(frozen=True)
class Change:
    """A stored score and the score the current rules and key give the same response."""

    answer_id: int
    old: float
    new: float
    overridden: bool = False

    @property
    def points(self) -> float:
        """The change in percentage points."""
        return (self.new - self.old) * 100


@dataclass
class Group:
    """The changes to one class's answers (or those of learners in no class) in one set."""

    class_name: str | None
    class_code: str | None
    set_id: str
    changes: list[Change] = field(default_factory=list)

    @property
    def mean_points(self) -> float:
        return fmean(change.points for change in self.changes)

    @property
    def span(self) -> str:
        """How far the changes go, both ways: a drop for one student must not hide behind a rise for another."""
        points = [change.points for change in self.changes]
        if len(points) == 1:
            return f"change {points[0]:+.1f} points"
        return f"mean change {self.mean_points:+.1f} points, from {min(points):+.1f} to {max(points):+.1f}"


@dataclass
class Plan:
    """Every change re-scoring would make, grouped by class and set, and how many answers it must leave alone."""

    groups: list[Group]
    earlier_version: int = 0
    gone: int = 0

    @property
    def changes(self) -> list[Change]:
        return [change for group in self.groups for change in group.changes]


def plan(records: Iterable[StoredAnswer], sets: dict[str, ExerciseSet]) -> Plan:
    """The scores the current rules and keys would change, grouped by class and set."""
    groups: dict[tuple[str | None, str], Group] = {}
    earlier_version = gone = 0
    for record in records:
        exercise_set = sets.get(record.set_id)
        item = exercise_set.item(record.item_id) if exercise_set else None
        response = stored_response(item, record.item_version, record.response) if item else None
        if item is None:
            gone += 1
        elif response is None:
            earlier_version += 1
        else:
            new = score(item, response).score
            if abs(new - record.score) > TOLERANCE:
                key = (record.class_code, record.set_id)
                group = groups.setdefault(key, Group(record.class_name, record.class_code, record.set_id))
                group.changes.append(Change(record.answer_id, record.score, new, record.overridden))
    order = {set_id: place for place, set_id in enumerate(sets)}
    return Plan(sorted(groups.values(), key=lambda group: _place(group, order)), earlier_version, gone)


def _place(group: Group, order: dict[str, int]) -> tuple:
    # Classes by name, then learners in no class; within each, the sets in the bank's order.
    name = (group.class_name or "").casefold()
    return (group.class_code is None, name, group.class_code or "", order[group.set_id])


def report_lines(planned: Plan, sets: dict[str, ExerciseSet], applied: bool) -> list[str]:
    """The plan for the terminal: per class and set, how many scores change and by how much."""
    lines = []
    if planned.groups:
        lines.append(APPLIED if applied else DRY_RUN)
    heading = None
    for group in planned.groups:
        if _heading(group) != heading:
            heading = _heading(group)
            lines.append(heading)
        lines.append(f"  {_group_line(group, sets[group.set_id])}")
    lines += _left_alone(planned)
    lines.append(_summary(planned, applied))
    return lines


def _heading(group: Group) -> str:
    return NO_CLASS if group.class_code is None else f"{group.class_name} (class code {shown(group.class_code)})"


def _group_line(group: Group, exercise_set: ExerciseSet) -> str:
    line = f"{exercise_set.title} ({exercise_set.id}): {_count(len(group.changes), 'answer')}, {group.span}"
    overridden = sum(change.overridden for change in group.changes)
    if overridden:
        verb = "has" if overridden == 1 else "have"
        line += f"; {overridden} {verb} a teacher's override, which still counts"
    return line


def _summary(planned: Plan, applied: bool) -> str:
    changes = len(planned.changes)
    if not changes:
        return "No score changes: every answer that can be re-scored already has its score under the current rules."
    classes = len({group.class_code for group in planned.groups if group.class_code is not None})
    where = [f"in {_count(classes, 'class', 'classes')}"] if classes else []
    if any(group.class_code is None for group in planned.groups):
        where.append("among learners in no class")
    sets = _count(len({group.set_id for group in planned.groups}), "set")
    if applied:
        return f"Re-scored {_count(changes, 'answer')} {' and '.join(where)}, over {sets}."
    return f"{_count(changes, 'answer')} would change {' and '.join(where)}, over {sets}. Add --apply to re-score them."


def _left_alone(planned: Plan) -> list[str]:
    lines = []
    for count, what in (
        (planned.earlier_version, "to an earlier version of an item"),
        (planned.gone, "to an item the exercise bank no longer has (removed, or in a file with problems)"),
    ):
        if count:
            lines.append(
                f"{_count(count, 'answer')} {what} {'is left as it is' if count == 1 else 'are left as they are'}."
            )
    return lines


def _count(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def stored_answers(class_id: int | None = None, set_id: str | None = None, batch: int = 2000) -> Iterator[StoredAnswer]:
    """Every stored answer with its learner's class, from one query; only one class's or one set's when given."""
    query = (
        db.select(
            Answer.id,
            Classroom.name,
            Classroom.join_code,
            Attempt.exercise_id,
            Answer.item_id,
            Answer.item_version,
            Answer.response,
            Answer.score,
            Override.answer_id.is_not(None),
        )
        .select_from(Answer)
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .outerjoin(Membership, Membership.learner_id == Attempt.learner_id)
        .outerjoin(Classroom, Classroom.id == Membership.classroom_id)
        .outerjoin(Override, Override.answer_id == Answer.id)
        .order_by(Answer.id)
    )
    if class_id is not None:
        query = query.filter(Membership.classroom_id == class_id)
    if set_id is not None:
        query = query.filter(Attempt.exercise_id == set_id)
    for *row, overridden in db.session.execute(query.execution_options(yield_per=batch)):
        yield StoredAnswer(*row, overridden=bool(overridden))


def apply(changes: Iterable[Change]) -> int:
    """Store the new scores in one executemany UPDATE; the caller commits, so all of them or none take effect."""
    table = Answer.__table__
    # Only the computed score: an Override row is the teacher's and stays, counting over the new score.
    statement = table.update().where(table.c.id == bindparam("answer_id")).values(score=bindparam("new_score"))
    parameters = [{"answer_id": change.answer_id, "new_score": change.new} for change in changes]
    if parameters:
        db.session.execute(statement, parameters)
    return len(parameters)
