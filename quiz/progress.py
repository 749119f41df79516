"""Reading and writing learners' progress: attempts, answers, and scores per set and per skill."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .exercises import ExerciseSet, Item
from .models import Answer, Attempt, Learner, db

INSERTS = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}


def insert_once(model, **values) -> bool:
    """Insert a row unless one with the same unique key exists; one statement, safe under races."""
    insert = INSERTS[db.session.get_bind().dialect.name]
    result = db.session.execute(insert(model).values(**values).on_conflict_do_nothing())
    return result.rowcount == 1


def learner_by_token(token: str | None) -> Learner | None:
    if not token:
        return None
    return db.session.execute(db.select(Learner).filter_by(token=token)).scalar_one_or_none()


def ensure_learner(token: str) -> Learner:
    insert_once(Learner, token=token)
    return db.session.execute(db.select(Learner).filter_by(token=token)).scalar_one()


def latest_attempt(learner: Learner | None, exercise_set: ExerciseSet) -> Attempt | None:
    if learner is None:
        return None
    query = (
        db.select(Attempt)
        .filter_by(learner_id=learner.id, exercise_id=exercise_set.id)
        .order_by(Attempt.number.desc())
        .limit(1)
    )
    return db.session.execute(query).scalar_one_or_none()


def open_attempt(learner: Learner, exercise_set: ExerciseSet, number: int) -> Attempt:
    """The learner's attempt with this number, created if it is not there yet."""
    insert_once(Attempt, learner_id=learner.id, exercise_id=exercise_set.id, number=number)
    query = db.select(Attempt).filter_by(learner_id=learner.id, exercise_id=exercise_set.id, number=number)
    return db.session.execute(query).scalar_one()


def answers_of(attempt: Attempt | None) -> dict[str, Answer]:
    if attempt is None:
        return {}
    query = db.select(Answer).filter_by(attempt_id=attempt.id)
    return {answer.item_id: answer for answer in db.session.execute(query).scalars()}


def record_answer(attempt: Attempt, item: Item, response: dict, score: float) -> bool:
    """Store the answer unless this item already has one in this attempt; True if this one was stored."""
    return insert_once(
        Answer,
        attempt_id=attempt.id,
        item_id=item.id,
        skill=item.skill,
        item_version=item.version,
        response=response,
        score=score,
    )


def is_finished(exercise_set: ExerciseSet, answers: dict[str, Answer]) -> bool:
    return all(item.id in answers for item in exercise_set.items)


def set_score(exercise_set: ExerciseSet, answers: dict[str, Answer]) -> float:
    """The mean item score over the set as it stands; an unanswered item counts 0."""
    return sum(answers[item.id].score for item in exercise_set.items if item.id in answers) / len(exercise_set.items)


@dataclass
class AttemptSummary:
    number: int
    answered: int
    score: float
    finished: bool


@dataclass
class SetProgress:
    """A learner's record on one set."""

    attempts: list[AttemptSummary] = field(default_factory=list)

    @property
    def finished(self) -> list[AttemptSummary]:
        return [attempt for attempt in self.attempts if attempt.finished]

    @property
    def best(self) -> float | None:
        return max((attempt.score for attempt in self.finished), default=None)

    @property
    def latest(self) -> float | None:
        return self.finished[-1].score if self.finished else None

    @property
    def in_progress(self) -> AttemptSummary | None:
        last = self.attempts[-1] if self.attempts else None
        return last if last and not last.finished else None


@dataclass
class SkillStanding:
    """How a learner stands on one skill: latest scores over the items of that skill answered."""

    skill: str
    answered: int = 0
    total: int = 0
    score_sum: float = 0.0

    @property
    def score(self) -> float | None:
        return self.score_sum / self.answered if self.answered else None


def learner_progress(learner: Learner | None, sets: dict[str, ExerciseSet]) -> dict[str, SetProgress]:
    """Every set's attempts for this learner, from one query."""
    progress = {set_id: SetProgress() for set_id in sets}
    for attempt, answers in _attempts_with_answers(learner):
        exercise_set = sets.get(attempt.exercise_id)
        if exercise_set is None:
            continue
        current = {answer.item_id: answer for answer in answers if exercise_set.item(answer.item_id)}
        progress[exercise_set.id].attempts.append(
            AttemptSummary(attempt.number, len(current), set_score(exercise_set, current), is_finished(exercise_set, current))
        )
    return progress


def skill_standings(learner: Learner | None, sets: dict[str, ExerciseSet]) -> dict[str, SkillStanding]:
    """Per skill, the mean of the latest score on each item of that skill the learner has answered."""
    standings: dict[str, SkillStanding] = {}
    for exercise_set in sets.values():
        for item in exercise_set.items:
            standings.setdefault(item.skill, SkillStanding(item.skill)).total += 1
    latest: dict[tuple[str, str], Answer] = {}
    for attempt, answers in _attempts_with_answers(learner):
        exercise_set = sets.get(attempt.exercise_id)
        for answer in answers:
            item = exercise_set.item(answer.item_id) if exercise_set else None
            if item is not None:
                latest[(exercise_set.id, item.id)] = answer
    for (set_id, item_id), answer in latest.items():
        standing = standings[sets[set_id].item(item_id).skill]
        standing.answered += 1
        standing.score_sum += answer.score
    return standings


def _attempts_with_answers(learner: Learner | None) -> list[tuple[Attempt, list[Answer]]]:
    if learner is None:
        return []
    query = (
        db.select(Attempt, Answer)
        .outerjoin(Answer, Answer.attempt_id == Attempt.id)
        .filter(Attempt.learner_id == learner.id)
        .order_by(Attempt.exercise_id, Attempt.number, Answer.submitted_at)
    )
    grouped: dict[int, tuple[Attempt, list[Answer]]] = {}
    for attempt, answer in db.session.execute(query):
        entry = grouped.setdefault(attempt.id, (attempt, []))
        if answer is not None:
            entry[1].append(answer)
    return list(grouped.values())
