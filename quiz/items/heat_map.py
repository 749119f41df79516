"""A highlight item's passage as the class marked it: every word with how many students marked it, the key apart.

Pure: counts come from the responses the item statistics read (one per student, from the attempt that counts); the
highlight type's class view (quiz/items/highlight.py), drawn by its template's `class_view` macro.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quiz.items.base import whole_percent
from quiz.text.words import pieces

if TYPE_CHECKING:  # highlight.py draws its class view with this module
    from quiz.items.highlight import HighlightItem

# Shades from "nobody" (0) to "most of the class" (5): few enough to tell apart in grey-scale on a projector.
STEPS = 5


@dataclass(frozen=True)
class Shade:
    """Passage text whose words were marked by the same number of students (0 for spaces between two counts)."""

    text: str
    count: int
    step: int
    has_word: bool  # False for the spaces and punctuation alone between two shades


@dataclass(frozen=True)
class Stretch:
    """A run of the passage inside the key or outside it, cut into shades."""

    in_key: bool
    shades: tuple[Shade, ...]


@dataclass(frozen=True)
class HeatMap:
    students: int
    stretches: tuple[Stretch, ...]
    counts: tuple[int, ...]  # by word number


def word_counts(item: HighlightItem, responses: Iterable[frozenset[int]]) -> tuple[int, ...]:
    """How many of the responses marked each word of the passage, by word number; a number not in it is ignored."""
    tally: Counter = Counter()
    for marked in responses:
        tally.update(set(marked))
    return tuple(tally[word.index] for word in item.passage.words)


def step(count: int, students: int) -> int:
    """The shade of a word marked by count of the students: 0 for nobody, else 1 (up to 20%) to 5 (81–100%)."""
    if count == 0 or students == 0:
        return 0
    return max(1, math.ceil(whole_percent(count / students) / (100 / STEPS)))


def heat_map(item: HighlightItem, responses: list[frozenset[int]]) -> HeatMap:
    """The passage cut where the key starts or ends and where the number of students who marked a word changes."""
    counts = word_counts(item, responses)
    students = len(responses)
    key = item.key_words
    found: list[tuple[bool, Shade]] = []
    for piece in _pieces(item):
        in_key, count = piece.state(key, counts)
        found.append((in_key, Shade(piece.text, count, step(count, students), piece.is_word)))
    return HeatMap(students, _grouped(found), counts)


@dataclass(frozen=True)
class _Piece:
    """A word (before and after are its own number) or the gap between two words (either None at an end)."""

    text: str
    before: int | None
    after: int | None

    @property
    def is_word(self) -> bool:
        return self.before == self.after

    def state(self, key: frozenset[int], counts: tuple[int, ...]) -> tuple[bool, int]:
        """In the key or not, and marked by how many: a gap takes its neighbours' when they agree, so that a
        phrase reads as one block, else none."""
        if self.before is None or self.after is None:
            return False, 0
        in_key = self.before in key and self.after in key
        return in_key, counts[self.before] if counts[self.before] == counts[self.after] else 0


def _pieces(item: HighlightItem) -> list[_Piece]:
    """The passage's words and gaps, each with the words on either side."""
    result, previous = [], None
    last = len(item.passage.words) - 1
    for piece in pieces(item.passage.text, item.passage.words):
        if piece.word is not None:
            result.append(_Piece(piece.text, piece.word, piece.word))
            previous = piece.word
        else:
            following = 0 if previous is None else previous + 1
            result.append(_Piece(piece.text, previous, following if following <= last else None))
    return result


def _grouped(found: list[tuple[bool, Shade]]) -> tuple[Stretch, ...]:
    """Neighbouring pieces merged: into one stretch while in or out of the key, into one shade while the count holds."""
    stretches: list[tuple[bool, list[Shade]]] = []
    for in_key, shade in found:
        if not stretches or stretches[-1][0] != in_key:
            stretches.append((in_key, [shade]))
            continue
        shades = stretches[-1][1]
        if shades[-1].count == shade.count:
            last = shades[-1]
            shades[-1] = Shade(last.text + shade.text, shade.count, shade.step, last.has_word or shade.has_word)
        else:
            shades.append(shade)
    return tuple(Stretch(in_key, tuple(shades)) for in_key, shades in stretches)
