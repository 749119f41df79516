"""Splitting a passage into the words a student can mark.

The server splits once and the browser only ever sends word numbers back, so curly quotes, emoji
or combining characters can never shift a mark between what the student saw and what is scored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from quiz.text.sources import Span, is_punctuation

TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class Word:
    """A markable word: its number in the passage and where it sits, punctuation trimmed off."""

    index: int
    start: int
    end: int
    text: str


def split_words(passage: str) -> tuple[Word, ...]:
    """The passage's words in order; leading and trailing punctuation stays outside each word."""
    words: list[Word] = []
    for token in TOKEN.finditer(passage):
        start, end = token.start(), token.end()
        while start < end and is_punctuation(passage[start]):
            start += 1
        while end > start and is_punctuation(passage[end - 1]):
            end -= 1
        if start < end:
            words.append(Word(len(words), start, end, passage[start:end]))
    return tuple(words)


def words_in(words: tuple[Word, ...], span: Span) -> frozenset[int]:
    """The numbers of the words that overlap span: a quote snaps out to whole words."""
    return frozenset(word.index for word in words if word.start < span.end and span.start < word.end)


@dataclass(frozen=True)
class Piece:
    """Passage text between or inside words, for drawing the passage in a page."""

    text: str
    word: int | None  # None for the spaces and punctuation between words


def pieces(passage: str, words: tuple[Word, ...]) -> list[Piece]:
    """The whole passage as alternating gaps and words, so every character is drawn exactly once."""
    result, at = [], 0
    for word in words:
        if word.start > at:
            result.append(Piece(passage[at : word.start], None))
        result.append(Piece(word.text, word.index))
        at = word.end
    if at < len(passage):
        result.append(Piece(passage[at:], None))
    return result


def runs(indexes: frozenset[int] | set[int]) -> list[tuple[int, int]]:
    """Consecutive word numbers grouped into (first, last) runs: touching marks merge into one."""
    result: list[tuple[int, int]] = []
    for index in sorted(indexes):
        if result and result[-1][1] == index - 1:
            result[-1] = (result[-1][0], index)
        else:
            result.append((index, index))
    return result


@dataclass(frozen=True)
class Stretch:
    """A run of passage text whose words share one state, for drawing marks as whole phrases."""

    text: str
    state: str | None


def stretches(passage: str, words: tuple[Word, ...], state_of) -> list[Stretch]:
    """The passage cut where the state of its words changes; a gap inside a run takes the run's state."""
    result: list[Stretch] = []
    previous: int | None = None  # the number of the last word drawn
    for piece in pieces(passage, words):
        if piece.word is not None:
            state, previous = state_of(piece.word), piece.word
        else:
            following = 0 if previous is None else previous + 1
            before = None if previous is None else state_of(previous)
            after = state_of(following) if following < len(words) else None
            state = before if before == after else None
        if result and result[-1].state == state:
            result[-1] = Stretch(result[-1].text + piece.text, state)
        else:
            result.append(Stretch(piece.text, state))
    return result


def printable(text: str) -> str:
    """The text without control or direction characters, which could garble a page or hide what a name says."""
    return "".join(char for char in text if unicodedata.category(char)[0] != "C")
