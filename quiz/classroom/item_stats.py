"""Which items work: facility, discrimination and what students marked, after Moodle's quiz statistics report.

Pure functions of the attempts that count, one per student.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from statistics import fmean

from quiz.bank.exercises import ExerciseSet
from quiz.classroom.gradebook import AttemptMarks
from quiz.items import Item, class_view, kind, score, stored_response

# Below this many students a correlation says more about chance than about the item.
FEWEST_FOR_DISCRIMINATION = 5
STRAYS_SHOWN = 8


@dataclass
class PointTally:
    """How often students got one point of an item's key (or one option, one claim) each way."""

    text: str
    verdicts: Counter = field(default_factory=Counter)


@dataclass
class ItemStats:
    item: Item
    answered: int
    facility: float | None
    discrimination: float | None
    points: list[PointTally]
    strays: list[tuple[str, int]]
    # Answers given to an earlier version of the item: their scores count, their marks cannot be read against this key.
    earlier_versions: int = 0
    # What the class answered, drawn for the projector by the type's `class_view` macro (a highlight item's passage
    # shaded by who marked each word, a choice or classify item's bars); None where the type draws nothing.
    class_view: object = None
    read: int = 0  # the answers read against the key: those given to this version of the item

    @property
    def point_name(self) -> str:
        """What each tallied point is: a key quote, a claim, an option."""
        return kind(self.item).point_name


def item_statistics(exercise_set: ExerciseSet, attempts: list[AttemptMarks]) -> list[ItemStats]:
    """One entry per item of the set, from each student's counted attempt."""
    return [_statistics(item, attempts) for item in exercise_set.items]


def _statistics(item: Item, attempts: list[AttemptMarks]) -> ItemStats:
    answered = [attempt for attempt in attempts if item.id in attempt.answers]
    scores = [attempt.answers[item.id].counted for attempt in answered]
    rests = [sum(r.counted for key, r in attempt.answers.items() if key != item.id) for attempt in answered]
    points: dict[str, PointTally] = {}
    strays: Counter = Counter()
    responses = []
    for attempt in answered:
        record = attempt.answers[item.id]
        response = stored_response(item, record.item_version, record.response)
        if response is None:
            continue
        responses.append(response)
        for point in score(item, response).points:
            if point.outside_key:
                strays[point.text] += 1
            else:
                points.setdefault(point.text, PointTally(point.text)).verdicts[point.verdict] += 1
    return ItemStats(
        item=item,
        answered=len(answered),
        facility=fmean(scores) if scores else None,
        discrimination=correlation(scores, rests) if len(scores) >= FEWEST_FOR_DISCRIMINATION else None,
        points=list(points.values()),
        strays=strays.most_common(STRAYS_SHOWN),
        earlier_versions=len(answered) - len(responses),
        class_view=class_view(item, responses),
        read=len(responses),
    )


def correlation(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r, or None when either side does not vary (every student scored the same)."""
    mean_x, mean_y = fmean(xs), fmean(ys)
    spread_x = sum((x - mean_x) ** 2 for x in xs)
    spread_y = sum((y - mean_y) ** 2 for y in ys)
    if spread_x == 0 or spread_y == 0:
        return None
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return covariance / (spread_x * spread_y) ** 0.5
