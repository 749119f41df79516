"""Reading and writing learners' progress: attempts, answers, and scores per set, per skill and overall."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import joinedload

from . import gradebook
from .exercises import ExerciseSet, Item
from .models import Answer, Attempt, Classroom, Learner, Membership, db, utcnow

INSERTS = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}


def insert_once(model, **values) -> bool:
    """Insert a row unless one with the same unique key exists; one statement, safe under races."""
    insert = INSERTS[db.session.get_bind().dialect.name]
    # RETURNING tells whether the row went in; rowcount does not on every driver (psycopg's is -1 here).
    statement = insert(model).values(**values).on_conflict_do_nothing().returning(db.literal(1))
    return db.session.execute(statement).first() is not None


def learner_by_token(token: str | None) -> Learner | None:
    """The learner whose cookie holds this token, if they have answered anything yet, with their class: every
    student page needs both, so they come in one query."""
    if not token:
        return None
    query = (
        db.select(Learner)
        .filter_by(token=token)
        .options(joinedload(Learner.membership).joinedload(Membership.classroom).joinedload(Classroom.releases))
    )
    return db.session.execute(query).unique().scalar_one_or_none()


def ensure_learner(token: str) -> Learner:
    """The learner with this token, created if this is their first answer."""
    insert_once(Learner, token=token)
    return db.session.execute(db.select(Learner).filter_by(token=token)).scalar_one()


def latest_attempt(learner: Learner | None, exercise_set: ExerciseSet) -> Attempt | None:
    """The learner's newest attempt at the set, finished or not."""
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
    """The attempt's answers by item id."""
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


def finish_if_complete(attempt: Attempt, exercise_set: ExerciseSet) -> None:
    """Note when the last item of the set is answered, so that an item added later cannot reopen the attempt."""
    if attempt.finished_at is None and is_finished(attempt, exercise_set, answers_of(attempt)):
        query = db.update(Attempt).where(Attempt.id == attempt.id, Attempt.finished_at.is_(None))
        db.session.execute(query.values(finished_at=utcnow()))


def is_finished(attempt: Attempt | None, exercise_set: ExerciseSet, answers: dict[str, Answer]) -> bool:
    return attempt is not None and gradebook.attempt_finished(attempt.finished_at, exercise_set, answers)


def attempt_score(exercise_set: ExerciseSet, answers: dict[str, Answer], finished: bool) -> float:
    """The attempt's score, counting a teacher's override where there is one."""
    scores = {item_id: answer.counted for item_id, answer in answers.items()}
    return gradebook.attempt_score(exercise_set, scores, finished)


def skill_scores(exercise_set: ExerciseSet, answers: dict[str, Answer]) -> list[tuple[str, float, int]]:
    """Per skill in the set: the mean score over its items (unanswered count 0) and how many items it has."""
    result = []
    for skill in exercise_set.skills:
        items = [item for item in exercise_set.items if item.skill == skill]
        total = sum(answers[item.id].counted for item in items if item.id in answers)
        result.append((skill, total / len(items), len(items)))
    return result


@dataclass
class AttemptSummary:
    number: int
    answered: int
    score: float | None  # None while the learner's class withholds the set's results
    finished: bool


@dataclass
class SetProgress:
    """A learner's record on one set."""

    attempts: list[AttemptSummary] = field(default_factory=list)
    withheld: bool = False  # the class has not released the set's results yet

    @property
    def finished(self) -> list[AttemptSummary]:
        return [attempt for attempt in self.attempts if attempt.finished]

    @property
    def best(self) -> float | None:
        return max((attempt.score for attempt in self.finished if attempt.score is not None), default=None)

    @property
    def latest(self) -> float | None:
        return self.finished[-1].score if self.finished else None

    @property
    def in_progress(self) -> AttemptSummary | None:
        last = self.attempts[-1] if self.attempts else None
        return last if last and not last.finished else None


@dataclass
class Standing:
    """Latest scores over the items answered, out of the items there are: for one skill, or overall."""

    answered: int = 0
    total: int = 0
    score_sum: float = 0.0

    @property
    def score(self) -> float | None:
        return self.score_sum / self.answered if self.answered else None

    def add(self, score: float) -> None:
        self.answered += 1
        self.score_sum += score


@dataclass
class Overview:
    """Everything the home page shows of one learner."""

    sets: dict[str, SetProgress]
    skills: dict[str, Standing]
    overall: Standing


def overview(learner: Learner | None, sets: dict[str, ExerciseSet], withheld: set[str] = frozenset()) -> Overview:
    """A learner's progress on every set, per skill and overall, from one query; the scores of withheld sets are
    left out, of the standings too."""
    result = Overview({set_id: SetProgress(withheld=set_id in withheld) for set_id in sets}, {}, Standing())
    for exercise_set in sets.values():
        for item in exercise_set.items:
            result.skills.setdefault(item.skill, Standing()).total += 1
            result.overall.total += 1
    latest: dict[tuple[str, str], float] = {}
    for attempt, answers in _attempts_with_answers(learner, set(sets)):
        exercise_set = sets[attempt.exercise_id]
        current = {answer.item_id: answer for answer in answers if exercise_set.item(answer.item_id)}
        finished = is_finished(attempt, exercise_set, current)
        score = None if exercise_set.id in withheld else attempt_score(exercise_set, current, finished)
        result.sets[exercise_set.id].attempts.append(AttemptSummary(attempt.number, len(current), score, finished))
        if exercise_set.id not in withheld:
            latest.update({(exercise_set.id, item_id): answer.counted for item_id, answer in current.items()})
    for (set_id, item_id), score in latest.items():
        result.skills[sets[set_id].item(item_id).skill].add(score)
        result.overall.add(score)
    return result


def _attempts_with_answers(learner: Learner | None, set_ids: set[str]) -> list[tuple[Attempt, list[Answer]]]:
    if learner is None or not set_ids:
        return []
    query = (
        db.select(Attempt, Answer)
        .outerjoin(Answer, Answer.attempt_id == Attempt.id)
        .filter(Attempt.learner_id == learner.id, Attempt.exercise_id.in_(set_ids))
        .order_by(Attempt.exercise_id, Attempt.number, Answer.submitted_at)
    )
    grouped: dict[int, tuple[Attempt, list[Answer]]] = {}
    for attempt, answer in db.session.execute(query):
        entry = grouped.setdefault(attempt.id, (attempt, []))
        if answer is not None:
            entry[1].append(answer)
    return list(grouped.values())
