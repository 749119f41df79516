"""Highlight items: the student marks the words of the passage that answer the prompt.

Scored found minus stray, in letters: the share of the key found, less the share of the rest of the passage marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import ConfigDict, Field
from wtforms import SelectChoice, SelectMultipleField

from quiz.items.answers import Chosen, ForStudents
from quiz.items.base import Item, ItemType, Point, Result, clamp, whole_percent
from quiz.items.fields import (
    OCCURRENCE,
    SOURCES,
    WHY,
    Citation,
    ItemFields,
    Occurrence,
    Sources,
    Strict,
    Text,
    described,
)
from quiz.items.gaming import one_line, strategy
from quiz.items.gaming import sentences as sentences_of
from quiz.items.heat_map import HeatMap, heat_map
from quiz.items.marks import MARK_COUNT_WORDING, mark_count, marks
from quiz.text.sources import find_all
from quiz.text.words import Stretch, stretches, words_in

FOUND, PARTLY, MISSED, STRAY = "found", "partly found", "missed", "not in the key"
TONES = {FOUND: "good", PARTLY: "partial", MISSED: "bad", STRAY: "stray"}


class KeyQuote(Strict):
    """Words a student should mark in a highlight item."""

    model_config = ConfigDict(title="Answer (words to mark)")
    quote: Text = described("Required. Words that occur inside the item's passage, copied exactly.")
    why: Text = described(WHY)
    sources: Sources | None = described(SOURCES, default=None)
    occurrence: Occurrence | None = described(OCCURRENCE + " Counted in the passage.", default=None)


class HighlightSpec(ItemFields):
    """The student marks words in the passage."""

    model_config = ConfigDict(title="Highlight item")
    type: Literal["highlight"] = described("Required. highlight: the student marks words in the passage.")
    passage: Text = described(
        "Required for highlight. Words copied from the source document, which the student marks words in. "
        "They must occur there exactly, starting and ending on whole words."
    )
    answers: Annotated[list[KeyQuote], Field(min_length=1, max_length=50)] = described(
        "Required, at least one. The key: the words the student should mark."
    )


@dataclass(frozen=True)
class KeyPoint:
    quote: str
    why: str
    words: frozenset[int]
    sources: tuple[Citation, ...] = ()  # the why's, kept beside it


@dataclass(frozen=True)
class HighlightItem(Item):
    key: tuple[KeyPoint, ...] = ()
    type: str = "highlight"

    def _scored_parts(self) -> tuple:
        return (self.type, self.passage.text, tuple(sorted(point.words) for point in self.key))

    def explanations(self) -> list[str]:
        return [point.why for point in self.key]

    @property
    def key_words(self) -> frozenset[int]:
        return frozenset().union(*(point.words for point in self.key))


class Highlight(ItemType):
    name = "highlight"
    spec = HighlightSpec
    lists = {"answers": KeyQuote}
    entry_names = {"answers": "answer"}
    hints = {"answers": "the list of quotes the student should mark", "quote": "the exact words from the text"}
    point_name = "Key quote"
    scripts = ("highlight.js", "highlight-pointer.js", "highlight-touch.js")
    example = """\
  - id: leopard
    type: highlight
    prompt: Mark the words that judge instead of inform.
    passage: >
      A leopard cannot change its spots. After settling in Albania,
      Mojahedin-e Khalq resorted to the United States ...
    answers:
      - quote: A leopard cannot change its spots
        why: An idiom that declares the group unable to change, by metaphor rather than evidence.
"""

    def build(self, checker, spec: HighlightSpec, common: dict, path: tuple, passage, source) -> HighlightItem:
        return HighlightItem(**common, key=_key(checker, spec, path, passage, source))

    def score(self, item: HighlightItem, marked: frozenset[int]) -> Result:
        return score_highlight(item, marked)

    def drawing(self, item: HighlightItem, marked: frozenset[int]) -> list[Stretch]:
        """The passage as phrases found, missed, or marked outside the key, for drawing the key over the marks."""
        key_words = item.key_words

        def state_of(index: int) -> str | None:
            if index in key_words:
                return "hit" if index in marked else "missed"
            return "stray" if index in marked else None

        return stretches(item.passage.text, item.passage.words, state_of)

    def encode(self, item: HighlightItem, marked: frozenset[int]) -> dict:
        return {"picked": sorted(marked)}

    def decode(self, item: HighlightItem, data: dict) -> frozenset[int]:
        return frozenset(int(index) for index in data.get("picked", []))

    def describe(self, item: HighlightItem, marked: frozenset[int]) -> str:
        """The marked text, mark by mark."""
        words, text = item.passage.words, item.passage.text
        return " … ".join(text[words[first].start : words[last].end] for first, last in marks(item.passage, marked))

    def perfect(self, item: HighlightItem) -> frozenset[int]:
        return item.key_words

    def answer_fields(self, item: HighlightItem) -> dict:
        choices = [SelectChoice(word.index, word.text) for word in item.passage.words]
        marked = SelectMultipleField(
            choices=choices, coerce=int, validators=[Chosen(ForStudents("Mark at least one word before you submit."))]
        )
        return {"marked": marked}

    def response_from(self, form, item: HighlightItem) -> frozenset[int]:
        return frozenset(form.marked.data)

    def form_data(self, item: HighlightItem, marked: frozenset[int]) -> dict:
        return {"marked": [str(index) for index in sorted(marked)]}

    def question_parts(self, item: HighlightItem, form) -> dict:
        return {"mark_count": mark_count(item.passage, form.marked.data), "mark_wording": MARK_COUNT_WORDING}

    def class_view(self, item: HighlightItem, responses: list[frozenset[int]]) -> HeatMap:
        return heat_map(item, responses)

    def strategies(self, item: HighlightItem) -> list:
        """Mark every word; every word but one; the one sentence that scores best."""
        everything = frozenset(word.index for word in item.passage.words)
        found = [
            strategy(
                "mark-all",
                "mark every word of the passage",
                _score_only(item, everything),
                "marking every word of the passage",
                ", because the key is the whole passage; "
                "widen the passage, so that a careful reader leaves some unmarked",
            )
        ]
        return found + self._all_but_one(item, everything) + self._best_sentence(item, everything)

    def _all_but_one(self, item: HighlightItem, everything: frozenset[int]) -> list:
        """Every word but the one that best spares the score: the longest outside the key (none if the key is all)."""
        outside = [word for word in item.passage.words if word.index not in item.key_words]
        if not outside:
            return []
        spared = max(outside, key=lambda word: len(word.text))
        return [
            strategy(
                "all-but-one",
                f"mark every word but one (“{spared.text}”)",
                _score_only(item, everything - {spared.index}),
                f'marking every word but "{spared.text}"',
                ", because the key is most of the passage; "
                "widen the passage, so that a careful reader leaves more unmarked",
            )
        ]

    def _best_sentence(self, item: HighlightItem, everything: frozenset[int]) -> list:
        """The sentence that scores best alone; none for a one-sentence passage, where it is the whole passage."""
        # A sentence without a word of the key finds nothing, so it never beats one with some: no need to score it.
        candidates = [s for s in sentences_of(item.passage) if s.words & item.key_words and s.words != everything]
        if not candidates:
            return []
        scores = {candidate.words: _score_only(item, candidate.words) for candidate in candidates}
        best = max(candidates, key=lambda candidate: scores[candidate.words])  # the first of any that tie
        shown = one_line(best.text)
        return [
            strategy(
                "best-sentence",
                f"mark the best single sentence alone: “{shown}”",
                scores[best.words],
                f'marking the sentence "{shown}" alone',
                "; make the passage longer or the key more precise",
            )
        ]


def _key(checker, spec: HighlightSpec, path: tuple, passage, source) -> tuple[KeyPoint, ...]:
    """The key quotes found in the passage, as word numbers; each one not found is reported."""
    key = []
    for index, answer in enumerate(spec.answers):
        answer_path = path + ("answers", index, "quote")
        if passage is None:
            continue
        in_passage = find_all(passage.text, answer.quote, whole_words=False)
        if not in_passage and find_all(source.text, answer.quote):
            checker.report(
                answer_path,
                "the quote is in the source but outside this item's passage: "
                "widen the passage, or quote words inside it",
            )
            continue
        span = checker.locate(passage.text, answer.quote, answer.occurrence, answer_path, "passage")
        if span is None:
            continue
        words = words_in(passage.words, span)
        if not words:
            checker.report(answer_path, "the quote holds no words, only spaces or punctuation")
        key.append(KeyPoint(passage.text[span.start : span.end], answer.why, words, tuple(answer.sources or ())))
    return tuple(key)


def score_highlight(item: HighlightItem, marked: frozenset[int]) -> Result:
    """Found minus stray: the share of the key found, less the share of the rest of the passage marked.

    Marking everything, or marking at random, so scores about 0 (a hit rate less its false-alarm rate), while a
    few extra words cost only their share of the rest of the passage.
    """
    words = item.passage.words
    marked = frozenset(index for index in marked if 0 <= index < len(words))
    shares, found, stray, score = _found_and_stray(item, marked)
    key_words = item.key_words
    points = [
        _point(_found_verdict(share), point.quote, point.why, credit=share, sources=point.sources)
        for point, share in zip(item.key, shares, strict=True)
    ]
    for first, last in marks(item.passage, marked - key_words):
        text = item.passage.text[words[first].start : words[last].end]
        points.append(_point(STRAY, text, detail="You marked this, but it is not in the key."))
    return Result(clamp(score), tuple(points), highlight_summary(found, stray, score))


def _score_only(item: HighlightItem, marked: frozenset[int]) -> float:
    """The score score_highlight gives these marks (clamped alike), without building its feedback."""
    return clamp(_found_and_stray(item, marked)[3])


def _found_and_stray(item: HighlightItem, marked: frozenset[int]) -> tuple[list[float], float, float, float]:
    """Each key quote's share found, their mean, the share of the rest marked, and the score: the numbers alone,
    which the gaming checks need without the feedback."""
    weight = [len(word.text) for word in item.passage.words]

    def letters(indexes) -> int:
        return sum(weight[index] for index in indexes)

    key_words = item.key_words
    shares = [letters(point.words & marked) / letters(point.words) for point in item.key]
    found = sum(shares) / len(shares)
    rest = sum(weight) - letters(key_words)
    stray = letters(marked - key_words) / rest if rest else 0.0
    return shares, found, stray, max(0.0, found - stray)


def _point(
    verdict: str, text: str, why: str = "", detail: str = "", credit: float | None = None, sources: tuple = ()
) -> Point:
    return Point(verdict, text, why, detail, credit, TONES[verdict], sources)


def _found_verdict(share: float) -> str:
    if share >= 1:
        return FOUND
    return PARTLY if share > 0 else MISSED


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
