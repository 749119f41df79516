"""Gaming checks: what lazy strategies would score on an item under the real scorer, for authors to see.

The pieces every item type builds its strategies from (each type's module says which strategies it has); the loader
turns their messages into warnings with a line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from quiz.items.base import Passage, whole_percent
from quiz.text.sources import OPENING, PARAGRAPH

# Above a third, so that one right option in three, shuffled, passes; two options in a shuffled item do not.
THRESHOLD = 0.34
# A stop, then closing quote marks or brackets, then spaces: a sentence may end there.
STOP = re.compile(r"[.!?][\"'”’»)\]]*\s+")
# Words whose stop rarely ends a sentence: one-letter initials ("U.S.", "J.") and a few titles.
ABBREVIATION = re.compile(r"(?:\b\w\.)+$|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Sen|Rep|No)\.$")


@dataclass(frozen=True)
class Strategy:
    """One lazy way to answer an item, what it scores, and the warning when that is too much."""

    name: str
    description: str
    score: float
    warning: str | None = None
    # A habit judged over a set's items, not one item: it never warns alone (see the type's set_warnings).
    across_set: bool = False

    @property
    def percent(self) -> int:
        return whole_percent(self.score)

    @property
    def too_high(self) -> bool:
        return self.score > THRESHOLD

    @property
    def warns(self) -> bool:
        return self.warning is not None


@dataclass(frozen=True)
class Sentence:
    """A sentence of a passage and the numbers of its words."""

    text: str
    words: frozenset[int]


def strategy(name: str, description: str, share: float, doing: str, advice: str) -> Strategy:
    """A strategy that warns "DOING scores N%ADVICE" only when it scores above the threshold."""
    warned = f"{doing} scores {whole_percent(share)}%{advice}" if share > THRESHOLD else None
    return Strategy(name, description, share, warned)


def sentences(passage: Passage) -> list[Sentence]:
    """The passage cut into sentences, each with the words inside it; abbreviations are handled only cheaply."""
    text, cuts = passage.text, [0]
    for stop in STOP.finditer(text):
        after = text[stop.end() : stop.end() + 1]
        # "U.S. officials" or "e.g. this" go on; a capital, a digit or an opening quote starts a new sentence.
        starts_sentence = after.isupper() or after.isdigit() or (after != "" and after in OPENING)
        if starts_sentence and not ABBREVIATION.search(text, 0, stop.start() + 1):
            cuts.append(stop.end())
    cuts.extend(paragraph.end() for paragraph in PARAGRAPH.finditer(text))
    cuts = sorted(set(cuts)) + [len(text)]
    found = []
    for start, end in pairwise(cuts):
        words = frozenset(word.index for word in passage.words if start <= word.start and word.end <= end)
        if words:
            found.append(Sentence(text[start:end].strip(), words))
    return found


def one_line(text: str, letters: int = 80) -> str:
    """A sentence short enough for a one-line message."""
    text = " ".join(text.split())
    return text if len(text) <= letters else text[: letters - 1].rstrip() + "…"
