"""The order a learner sees a choice item's options in: shuffled for them, that attempt and that item.

Derived, never stored: the same learner, attempt and item always give the same order, across reloads and
devices, while the answer names options by their place in the file, so scores never depend on the order shown.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from .exercises import ChoiceItem
from .scoring import Result


def option_order(item: ChoiceItem, learner_token: str, set_id: str, attempt: int) -> tuple[int, ...]:
    """The options' places in the file, in the order this learner sees them."""
    places = range(len(item.options))
    if not item.shuffle:
        return tuple(places)
    seed = f"{learner_token}\0{set_id}\0{attempt}\0{item.id}\0"
    # A hash per option rather than random.shuffle: the order must not change with a Python version.
    return tuple(sorted(places, key=lambda place: hashlib.sha256(f"{seed}{place}".encode()).digest()))


def in_order_shown(result: Result, order: tuple[int, ...]) -> Result:
    """A choice item's feedback with its options in the order the learner saw them."""
    return replace(result, points=tuple(result.points[place] for place in order))
