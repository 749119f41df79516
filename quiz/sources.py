"""Source documents in seeds/, and finding a teacher's quote in them.

A teacher types quotes with straight quotes and their own line breaks; the seed uses curly quotes
and long lines. Matching forgives exactly those differences and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

QUOTE_EQUIVALENTS = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"'})
WHITESPACE = re.compile(r"\s+")
UNKNOWN = "unknown"


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
    author: str = UNKNOWN
    publisher: str = UNKNOWN
    date: str = UNKNOWN
    note: str = ""


class Normalized:
    """A text with whitespace runs collapsed and quotes straightened, mapped back to the original."""

    def __init__(self, original: str):
        chars: list[str] = []
        origin: list[int] = []
        for match in re.finditer(r"\s+|\S", original):
            chars.append(" " if match.group().isspace() else match.group())
            origin.append(match.start())
        self.text = "".join(chars).translate(QUOTE_EQUIVALENTS)
        self._origin = origin

    def original_span(self, start: int, end: int) -> Span:
        """Map a normalized range that starts and ends on a non-space back to the original."""
        return Span(self._origin[start], self._origin[end - 1] + 1)


@lru_cache(maxsize=256)
def _normalized(text: str) -> Normalized:
    return Normalized(text)


def normalize(text: str) -> str:
    """Collapse whitespace runs, straighten quotes and trim: the form quotes are compared in."""
    return WHITESPACE.sub(" ", text).translate(QUOTE_EQUIVALENTS).strip()


def find_all(haystack: str, needle: str) -> list[Span]:
    """Every occurrence of needle in haystack, forgiving whitespace and quote style."""
    target = normalize(needle)
    if not target:
        return []
    normalized = _normalized(haystack)
    spans = []
    at = normalized.text.find(target)
    while at != -1:
        spans.append(normalized.original_span(at, at + len(target)))
        at = normalized.text.find(target, at + 1)
    return spans


def load_sources(seeds_dir: Path) -> dict[str, Source]:
    """Read every .txt document in seeds_dir, with its optional .meta.yaml beside it."""
    sources = {}
    for path in sorted(Path(seeds_dir).glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        meta = _read_meta(path.with_suffix(".meta.yaml"))
        title = str(meta.get("title") or _first_line(text) or path.stem)
        sources[path.stem] = Source(
            stem=path.stem,
            text=text,
            title=title,
            author=str(meta.get("author") or UNKNOWN),
            publisher=str(meta.get("publisher") or UNKNOWN),
            date=str(meta.get("date") or UNKNOWN),
            note=str(meta.get("note") or ""),
        )
    return sources


def _read_meta(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


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
        for a, b in zip(ordered, ordered[1:])
    ]
