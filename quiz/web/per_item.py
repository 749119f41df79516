"""Work done once per item and reused by every request that shows it: the answer form's class and the passage's markup.

An item is immutable, and a changed exercise file is loaded as new item objects (quiz/web/live_bank.py), so these
caches are keyed by the item object itself, by identity: an edited file can never be served from an older entry,
and the entries of a replaced bank go with its items. Nothing a student does (their marks, their name, their attempt)
is in an entry: what differs per request is put in afterwards.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from markupsafe import Markup, escape

from quiz.items.marks import paragraph_starts
from quiz.text.words import pieces

Value = TypeVar("Value")


def once_per_item(function: Callable[[object], Value]) -> Callable[[object], Value]:
    """function(item), worked out once for each item object and kept exactly as long as the item lives: an entry
    goes when its item is collected (a replaced bank, a builder preview's draft item), never sooner, and no entry
    can outlive its item to be found again under a reused id."""
    kept: dict[int, Value] = {}

    @wraps(function)
    def reused(item: object) -> Value:
        key = id(item)
        if key not in kept:
            kept[key] = function(item)
            weakref.finalize(item, kept.pop, key, None)
        return kept[key]

    return reused


class PassageMarkup:
    """A highlight passage as its words' checkboxes, cut where each box's `checked` goes, so that a student's marks
    are put in by joining strings instead of rendering every word again."""

    def __init__(self, item):
        starts = paragraph_starts(item.passage)
        self.before: list[str] = []  # what comes before each word's `checked`, from the end of the previous box
        self.numbers: list[int] = []
        pending = []
        for piece in pieces(item.passage.text, item.passage.words):
            if piece.word is None:
                pending.append(f'<span class="gap">{escape(piece.text)}</span>')
                continue
            new_paragraph = " data-new-paragraph" if piece.word in starts else ""
            pending.append(
                f'<label class="word"{new_paragraph}><input type="checkbox" name="marked" value="{piece.word}"'
            )
            self.before.append("".join(pending))
            self.numbers.append(piece.word)
            pending = [f"><span>{escape(piece.text)}</span></label>"]
        self.after = "".join(pending)

    def with_marks(self, marked) -> Markup:
        """The passage with these words' boxes ticked."""
        marked = set(marked or ())
        drawn = [
            before + (" checked" if number in marked else "")
            for before, number in zip(self.before, self.numbers, strict=True)
        ]
        return Markup("".join(drawn) + self.after)


@once_per_item
def passage_markup(item) -> PassageMarkup:
    return PassageMarkup(item)


def passage_with_marks(item, marked) -> Markup:
    """A highlight item's passage to mark, these words ticked (templates/items/highlight.html)."""
    return passage_markup(item).with_marks(marked)
