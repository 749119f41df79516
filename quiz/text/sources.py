"""Source documents, and finding a teacher's quote in them (reading them from seeds/ is source_files.py).

A teacher types quotes with straight quotes and their own line breaks; the seed uses curly quotes
and long lines. Matching forgives exactly those differences and nothing else: a quote must still
start and end on whole words.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

QUOTE_EQUIVALENTS = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"'})
WHITESPACE = re.compile(r"\s+")
# A quote may open or close with an ellipsis to show it is cut from a longer sentence; it is not text to match.
CUT_START = re.compile(r"^\s*(?:\.\.\.|…)")
CUT_END = re.compile(r"(?:\.\.\.|…)\s*$")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n\s*\n")
SHORT_QUOTE = 8  # words
TRAILING = ".,;:!?"


@dataclass(frozen=True)
class Span:
    """A half-open range of character offsets [start, end) in some text."""

    start: int
    end: int


@dataclass(frozen=True)
class Source:
    """A document students read, with what is known about where it comes from."""

    stem: str
    text: str
    title: str
    author: str = "unknown"
    publisher: str = "unknown"
    date: str = "unknown"


class Normalized:
    """A text with whitespace runs collapsed and quotes straightened, mapped back to the original."""

    def __init__(self, original: str):
        pieces: list[str] = []
        origin: list[int] = []
        # Run by run rather than character by character: every passage of every file is normalized once.
        at = 0
        for space in WHITESPACE.finditer(original):
            pieces += (original[at : space.start()], " ")
            origin += range(at, space.start() + 1)
            at = space.end()
        pieces.append(original[at:])
        origin += range(at, len(original))
        self.text = "".join(pieces).translate(QUOTE_EQUIVALENTS)
        self._origin = origin

    def original_span(self, start: int, end: int) -> Span:
        """Map a normalized range that starts and ends on a non-space back to the original."""
        return Span(self._origin[start], self._origin[end - 1] + 1)

    def cuts_a_word(self, start: int, end: int) -> bool:
        """Whether the range starts or ends inside a word, as the passage splitter sees words."""
        return cut_word(self.text, Span(start, end)) is not None


@lru_cache(maxsize=256)
def _normalized(text: str) -> Normalized:
    return Normalized(text)


@lru_cache(maxsize=4096)  # asked for both ends of every word of every passage; a text uses few characters
def is_punctuation(char: str) -> bool:
    """Punctuation, which never belongs to the start or end of a markable word."""
    return unicodedata.category(char).startswith("P")


def elided(quote: str) -> tuple[bool, bool]:
    """Whether the teacher marked the quote as cut at its start and at its end."""
    return bool(CUT_START.search(quote)), bool(CUT_END.search(quote))


def normalize(text: str) -> str:
    """Collapse whitespace runs, straighten quotes and trim: the form quotes are compared in."""
    return " ".join(text.split()).translate(QUOTE_EQUIVALENTS)


def quote_text(quote: str) -> str:
    """A teacher's quote as it is matched: normalized, without an ellipsis marking where it was cut."""
    if "..." in quote or "…" in quote:
        quote = CUT_END.sub("", CUT_START.sub("", quote))
    return normalize(quote)


def find_all(haystack: str, needle: str, whole_words: bool = True) -> list[Span]:
    """Every occurrence of needle in haystack, forgiving whitespace and quote style."""
    target = quote_text(needle)
    if not target:
        return []
    normalized = _normalized(haystack)
    spans = []
    at = normalized.text.find(target)
    while at != -1:
        if not (whole_words and normalized.cuts_a_word(at, at + len(target))):
            spans.append(normalized.original_span(at, at + len(target)))
        at = normalized.text.find(target, at + 1)
    return spans


def cut_word(text: str, span: Span) -> str | None:
    """The word of text that the span starts or ends inside, if it cuts one."""
    for boundary, at in ((span.start, span.start), (span.end, span.end - 1)):
        start, end = _word_core(text, at)
        if start < boundary < end:
            return text[start:end]
    return None


def _word_core(text: str, at: int) -> tuple[int, int]:
    """The word around position at: its run of non-spaces, less leading and trailing punctuation."""
    start, end = at, at + 1
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    while start < end and is_punctuation(text[start]):
        start += 1
    while end > start and is_punctuation(text[end - 1]):
        end -= 1
    return start, end


def closest(haystack: str, needle: str) -> tuple[str, float]:
    """The stretch of haystack most like needle, and how alike they are (0 to 1)."""
    target = quote_text(needle)
    likeness = _Likeness(target)
    windows = list(_sentence_windows(haystack))
    if len(target.split()) <= SHORT_QUOTE:
        # A short quote is lost in whole sentences: compare it with every run of words of about its length.
        windows += _word_runs(_words(haystack), len(target.split()))
    best, best_ratio = likeness.best(windows)
    if best:
        # Then runs of words inside the best sentences only: a quote is often part of a sentence.
        run, ratio = likeness.best(_word_runs(best.split(), len(target.split())))
        if ratio > best_ratio:
            best, best_ratio = run, ratio
    return _trimmed_like(best, target), best_ratio


@lru_cache(maxsize=64)
def _sentence_windows(haystack: str) -> tuple[str, ...]:
    """Runs of one to three sentences of the text, normalized: made once per source, not once per quote."""
    sentences = [normalize(part) for part in SENTENCE_END.split(haystack) if part.strip()]
    return tuple(" ".join(sentences[start : start + size]) for start in range(len(sentences)) for size in (1, 2, 3))


@lru_cache(maxsize=64)
def _words(haystack: str) -> tuple[str, ...]:
    return tuple(normalize(haystack).split())


class _Likeness:
    """How alike candidates are to one target, by difflib's ratio."""

    def __init__(self, target: str):
        self.target = target
        self.matcher = difflib.SequenceMatcher(None, autojunk=False)
        self.matcher.set_seq2(target)  # the matcher caches what it learns about seq2, so the quote goes there

    def best(self, candidates: list[str]) -> tuple[str, float]:
        """The first candidate most like the target and its ratio, or ("", 0.0) when none is alike at all.

        ratio() is slow and quick_ratio() a cheap upper bound of it, so candidates are tried from the highest
        bound down, stopping where no bound can reach the best ratio found: the answer is the one that trying
        every candidate in order would give.
        """
        trimmed = [_trimmed_like(candidate, self.target) for candidate in candidates]
        bounds = [self._measure(text, difflib.SequenceMatcher.quick_ratio) for text in trimmed]
        best_index, best_ratio = None, 0.0
        for index in sorted(range(len(candidates)), key=lambda index: -bounds[index]):
            if bounds[index] <= 0 or bounds[index] < best_ratio:
                break
            ratio = self._measure(trimmed[index], difflib.SequenceMatcher.ratio)
            if ratio > best_ratio or (ratio == best_ratio and best_index is not None and index < best_index):
                best_index, best_ratio = index, ratio
        return ("", 0.0) if best_index is None else (candidates[best_index], best_ratio)

    def _measure(self, text: str, measure) -> float:
        self.matcher.set_seq1(text)
        return measure(self.matcher)


def _trimmed_like(candidate: str, target: str) -> str:
    """The candidate without the closing comma or full stop a quote seldom copies, unless the quote has one."""
    return candidate if target[-1:] in TRAILING else candidate.rstrip(TRAILING)


def _word_runs(words: Sequence[str], size: int) -> list[str]:
    lengths = [length for length in (size - 1, size, size + 1) if 0 < length <= len(words)]
    return [" ".join(words[start : start + length]) for length in lengths for start in range(len(words) - length + 1)]


def first_difference(quote: str, text: str) -> str:
    """Where a quote first differs from the text it was meant to copy, word by word."""
    wrote, found = quote_text(quote).split(), text.split()
    for kind, a0, a1, b0, b1 in difflib.SequenceMatcher(None, wrote, found, autojunk=False).get_opcodes():
        if kind == "replace":
            return f'you wrote "{" ".join(wrote[a0:a1])}", the text has "{" ".join(found[b0:b1])}"'
        if kind == "delete":
            return f'"{" ".join(wrote[a0:a1])}" is not in the text'
        if kind == "insert":
            return f'the text has "{" ".join(found[b0:b1])}" here'
    return "they differ only in spacing or quote marks"


@dataclass(frozen=True)
class Segment:
    """A run of a paragraph's text, marked or not."""

    text: str
    marked: bool


def paragraphs(text: str, marks: list[Span]) -> list[list[Segment]]:
    """Split text into paragraphs (at blank lines), each as segments marked where marks cover it."""
    bounds, start = [], 0
    for blank in re.finditer(r"\n\s*\n", text):
        bounds.append((start, blank.start()))
        start = blank.end()
    bounds.append((start, len(text)))
    return [_segments(a, a + len(text[a:b].rstrip()), text, marks) for a, b in bounds if text[a:b].strip()]


def _segments(start: int, end: int, text: str, marks: list[Span]) -> list[Segment]:
    cuts = {start, end}
    for mark in marks:
        cuts.update(point for point in (mark.start, mark.end) if start < point < end)
    ordered = sorted(cuts)
    return [
        Segment(text[a:b], any(m.start <= a and b <= m.end for m in marks))
        for a, b in zip(ordered, ordered[1:], strict=False)
    ]
