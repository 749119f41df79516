"""A highlight answer's marks: runs of marked words, split where a paragraph ends, and the sentence the page's live
region says of them (highlight.js writes the same sentence as the student marks)."""

from __future__ import annotations

from itertools import pairwise

from quiz.items.base import Passage
from quiz.text.sources import PARAGRAPH
from quiz.text.words import runs

# What the live region says of the marks; the page hands the same wording to highlight.js, which writes it as the
# student marks, so that the sentence is worded in one place.
NO_MARKS = "No words marked."
MARK_SENTENCE = "{words} marked in {marks}."
WORD = ("{n} word", "{n} words")
MARK = ("{n} mark", "{n} marks")
# The attributes highlight.js reads them from: data-none, data-sentence, data-word-one, data-word-other, ...
WORDING_ATTRIBUTES = [f"data-{name}" for name in "none sentence word-one word-other mark-one mark-other".split()]
MARK_COUNT_WORDING = dict(zip(WORDING_ATTRIBUTES, (NO_MARKS, MARK_SENTENCE, *WORD, *MARK), strict=True))


def mark_count(passage: Passage, marked: list[int] | None) -> str:
    """The sentence the live region starts with, as highlight.js would write it for these marks."""
    if not marked:
        return NO_MARKS
    words, how_many = len(set(marked)), len(marks(passage, set(marked)))
    return MARK_SENTENCE.format(words=_counted(WORD, words), marks=_counted(MARK, how_many))


def _counted(forms: tuple[str, str], n: int) -> str:
    return (forms[0] if n == 1 else forms[1]).format(n=n)


def paragraph_starts(passage: Passage) -> frozenset[int]:
    """The words that begin a paragraph, after the first: a mark stops where its paragraph does."""
    words, text = passage.words, passage.text
    return frozenset(
        after.index for before, after in pairwise(words) if PARAGRAPH.search(text, before.end, after.start)
    )


def marks(passage: Passage, marked: frozenset[int] | set[int]) -> list[tuple[int, int]]:
    """The marks as (first, last) words: marked words next to each other make one, unless a paragraph ends between."""
    starts = paragraph_starts(passage)
    result: list[tuple[int, int]] = []
    for first, last in runs(marked):
        for start in sorted(index for index in starts if first < index <= last):
            result.append((first, start - 1))
            first = start
        result.append((first, last))
    return result
