"""Scoring an answer: a score in [0, 1] and a verdict with an explanation for every point.

Pure functions of an item and a response; nothing here knows about requests or the database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .exercises import ChoiceItem, ClassifyItem, HighlightItem, Item
from .words import Stretch, runs, stretches

FOUND, PARTLY, MISSED, STRAY = "found", "partly found", "missed", "not in the key"
RIGHT, WRONG = "right", "wrong"
PICKED_RIGHT, PICKED_WRONG = "right pick", "wrong pick"
MISSED_OPTION, LEFT_OUT = "right option you missed", "rightly left out"
# How each verdict is drawn: pages style the tone, never the wording, which may change.
TONES = {
    FOUND: "good",
    RIGHT: "good",
    PICKED_RIGHT: "good",
    PARTLY: "partial",
    MISSED: "bad",
    WRONG: "bad",
    PICKED_WRONG: "bad",
    MISSED_OPTION: "bad",
    STRAY: "stray",
    LEFT_OUT: "neutral",
}


@dataclass(frozen=True)
class Point:
    """One line of feedback: what the point is, how the student did on it, and why."""

    verdict: str
    text: str
    why: str = ""
    detail: str = ""
    credit: float | None = None

    @property
    def tone(self) -> str:
        return TONES[self.verdict]


@dataclass(frozen=True)
class Result:
    score: float
    points: tuple[Point, ...]
    summary: str = ""


def score_highlight(item: HighlightItem, marked: frozenset[int]) -> Result:
    """Found minus stray: the share of the key found, less the share of the rest of the passage marked.

    Marking everything, or marking at random, so scores about 0 (a hit rate less its false-alarm rate), while a
    few extra words cost only their share of the rest of the passage.
    """
    words = item.passage.words
    weight = {word.index: len(word.text) for word in words}
    marked = frozenset(index for index in marked if index in weight)

    def letters(indexes) -> int:
        return sum(weight[index] for index in indexes)

    key_words = frozenset().union(*(point.words for point in item.key))
    shares = [letters(point.words & marked) / letters(point.words) for point in item.key]
    found = sum(shares) / len(shares)
    rest = letters(weight.keys() - key_words)
    stray = letters(marked - key_words) / rest if rest else 0.0
    score = max(0.0, found - stray)
    points = [
        Point(_found_verdict(share), point.quote, point.why, credit=share)
        for point, share in zip(item.key, shares, strict=True)
    ]
    for first, last in runs(marked - key_words):
        text = item.passage.text[words[first].start : words[last].end]
        points.append(Point(STRAY, text, detail="You marked this, but it is not in the key."))
    return Result(_clamp(score), tuple(points), highlight_summary(found, stray, score))


def highlight_summary(found: float, stray: float, score: float) -> str:
    """The arithmetic of a highlight score in a student's words, in whole percents that add up."""
    if found < stray:
        shown_found, shown_stray = whole_percent(found), whole_percent(stray)
        return (
            f"You found {shown_found}% of the key and marked {shown_stray}% of the rest of the passage: "
            f"{shown_found}% − {shown_stray}% is below zero, so the score is 0%."
        )
    shown_found, shown_score = whole_percent(found), whole_percent(score)
    # Rounded on its own, stray could make the written sum a point off (86.7 − 7.4 = 79.3 shows as 87 − 7 = 79);
    # this is always stray rounded down or up, whichever makes the sum add up.
    shown_stray = shown_found - shown_score
    return (
        f"You found {shown_found}% of the key and marked {shown_stray}% of the rest of the passage: "
        f"{shown_found}% − {shown_stray}% = {shown_score}%."
    )


def whole_percent(share: float) -> int:
    """A share as a whole percentage, halves rounded up (Python's round() would send 62.5 down and 37.5 up)."""
    return math.floor(share * 100 + 0.5)


def highlight_drawing(item: HighlightItem, marked: frozenset[int]) -> list[Stretch]:
    """The passage as phrases found, missed, or marked outside the key, for drawing the key over the marks."""
    key_words = frozenset().union(*(point.words for point in item.key))

    def state_of(index: int) -> str | None:
        if index in key_words:
            return "hit" if index in marked else "missed"
        return "stray" if index in marked else None

    return stretches(item.passage.text, item.passage.words, state_of)


def _found_verdict(share: float) -> str:
    if share >= 1:
        return FOUND
    return PARTLY if share > 0 else MISSED


def score_classify(item: ClassifyItem, labels: dict[int, str]) -> Result:
    """The share of claims given the right label."""
    points = []
    for index, claim in enumerate(item.claims):
        chosen = labels.get(index)
        verdict = RIGHT if chosen == claim.label else WRONG
        answered = f"You chose “{chosen}”." if chosen else "You gave no label."
        points.append(Point(verdict, claim.quote, claim.why, f"{answered} The label is “{claim.label}”."))
    right = sum(point.verdict == RIGHT for point in points)
    return Result(
        _clamp(right / len(item.claims)), tuple(points), f"{right} of {len(item.claims)} claims labelled right."
    )


def score_choice(item: ChoiceItem, picked: frozenset[int]) -> Result:
    """1 or 0 for one answer; for several, right picks minus wrong picks over the right options, at least 0."""
    correct = frozenset(index for index, option in enumerate(item.options) if option.correct)
    picked = frozenset(index for index in picked if 0 <= index < len(item.options))
    if item.multiple:
        score = max(0.0, (len(picked & correct) - len(picked - correct)) / len(correct))
    else:
        score = 1.0 if picked == correct else 0.0
    points = tuple(
        Point(_choice_verdict(index in picked, option.correct), option.text, option.why)
        for index, option in enumerate(item.options)
    )
    return Result(
        _clamp(score), points, _choice_summary(item, len(picked & correct), len(picked - correct), len(correct))
    )


def _choice_summary(item: ChoiceItem, right: int, wrong: int, correct: int) -> str:
    if not item.multiple:
        return "You picked the right option." if right else "You picked an option that is not the best answer."
    wrong_part = f" and {wrong} wrong one{'s' if wrong != 1 else ''}" if wrong else ""
    return f"You picked {right} of the {correct} right options{wrong_part}."


def _choice_verdict(picked: bool, correct: bool) -> str:
    if picked:
        return PICKED_RIGHT if correct else PICKED_WRONG
    return MISSED_OPTION if correct else LEFT_OUT


def _clamp(score: float) -> float:
    return min(1.0, max(0.0, score))


SCORERS = {"highlight": score_highlight, "classify": score_classify, "choice": score_choice}


def score(item: Item, response) -> Result:
    """Score a response to any kind of item."""
    return SCORERS[item.type](item, response)


def encode_response(item: Item, response) -> dict:
    """A response as plain JSON data, for storing."""
    if item.type == "classify":
        return {"labels": {str(index): label for index, label in sorted(response.items())}}
    return {"picked": sorted(response)}


def decode_response(item: Item, data: dict):
    """A stored response back in the form its scorer takes."""
    if item.type == "classify":
        return {int(index): label for index, label in data.get("labels", {}).items()}
    return frozenset(int(index) for index in data.get("picked", []))


def described(item: Item, response) -> str:
    """A response in words a teacher reads in a spreadsheet: the marked text, the labels, the options picked."""
    if item.type == "highlight":
        words = item.passage.words
        text = item.passage.text
        return " … ".join(text[words[first].start : words[last].end] for first, last in runs(response))
    if item.type == "classify":
        return "; ".join(
            f"“{claim.quote}”: {response.get(index, '(no label)')}" for index, claim in enumerate(item.claims)
        )
    # Stripped: a folded YAML value (`>`) ends with a line break, which a spreadsheet cell would keep.
    return "; ".join(option.text.strip() for index, option in enumerate(item.options) if index in response)


def perfect_response(item: Item):
    """The answer that scores full marks: for previewing an item with its whole key."""
    if item.type == "highlight":
        return frozenset().union(*(point.words for point in item.key))
    if item.type == "classify":
        return {index: claim.label for index, claim in enumerate(item.claims)}
    return frozenset(index for index, option in enumerate(item.options) if option.correct)
