"""Source documents, and finding a teacher's quote in them (reading them from seeds/ is source_files.py; the text
most like a quote that is not found is closest.py's).

A teacher types quotes with straight quotes and their own line breaks; the seed uses curly quotes
and long lines. Matching forgives exactly those differences and nothing else: a quote must still
start and end on whole words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

QUOTE_EQUIVALENTS = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"'})
WHITESPACE = re.compile(r"\s+")
# A quote may open or close with an ellipsis to show it is cut from a longer sentence; it is not text to match.
CUT_START = re.compile(r"^\s*(?:\.\.\.|…)")
CUT_END = re.compile(r"(?:\.\.\.|…)\s*$")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n\s*\n")
# A blank line between two paragraphs; and the marks that may open a sentence before its first letter.
PARAGRAPH = re.compile(r"\n\s*\n")
OPENING = "\"'“‘«(["


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
    address: str = ""  # the web address it was found at, if known


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
    return search(haystack, needle, whole_words).spans


# A string found this often is no one place in a text ("the", "e"): looking at more of them is work for nothing.
MOST_LOOKED_AT = 500
# The work of a search, in units of about 2 µs (measured on a 2-core machine, with room to spare): five for each place
# the string is found (each is checked for cut words, in Python), and one for each SCANNED_PER_UNIT characters of
# text read (in C: about a millisecond a megabyte for a common string).
SCANNED_PER_UNIT = 2_000
LOOKING_AT_ONE = 5


@dataclass(frozen=True)
class Found:
    """The occurrences of a string that a search found, whether it looked at them all, and what it cost."""

    spans: list[Span]
    complete: bool
    work: int


def search(haystack: str, needle: str, whole_words: bool = True, most: int | None = None) -> Found:
    """The occurrences of needle in haystack (whole words only, unless told), looking at no more than `most` places
    where the string is found; forgiving whitespace and quote style."""
    target = quote_text(needle)
    if not target:
        return Found([], True, 0)
    normalized = _normalized(haystack)
    spans, looked_at = [], 0
    at = normalized.text.find(target)
    while at != -1 and (most is None or looked_at < most):
        looked_at += 1
        if not (whole_words and normalized.cuts_a_word(at, at + len(target))):
            spans.append(normalized.original_span(at, at + len(target)))
        at = normalized.text.find(target, at + 1)
    return Found(spans, at == -1, LOOKING_AT_ONE * looked_at + len(normalized.text) // SCANNED_PER_UNIT + 1)


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


@dataclass(frozen=True)
class Segment:
    """A run of a paragraph's text, marked or not."""

    text: str
    marked: bool


def paragraphs(text: str, marks: list[Span]) -> list[list[Segment]]:
    """Split text into paragraphs (at blank lines), each as segments marked where marks cover it."""
    bounds, start = [], 0
    for blank in PARAGRAPH.finditer(text):
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
