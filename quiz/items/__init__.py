"""The item types, one module each, and the registry that maps an exercise file's `type` to its module.

Code outside this package never asks an item's type: it asks the registry, here, what the type does.
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz.items.base import Item, ItemType, Result, Seat
from quiz.items.choice import Choice
from quiz.items.classify import Classify
from quiz.items.highlight import Highlight

TYPES: dict[str, ItemType] = {kind.name: kind for kind in (Highlight(), Classify(), Choice())}


def kind(item: Item) -> ItemType:
    """The type of the item, with everything it knows."""
    return TYPES[item.type]


def score(item: Item, response) -> Result:
    """Score a response to any kind of item."""
    return kind(item).score(item, response)


def encode_response(item: Item, response) -> dict:
    """A response as plain JSON data, for storing."""
    return kind(item).encode(item, response)


def decode_response(item: Item, data: dict):
    """A stored response back in the form its scorer takes."""
    return kind(item).decode(item, data)


def stored_response(item: Item, item_version: str, data: dict):
    """A stored answer's response, if it was given to the item as it is now; None for an earlier version, whose
    word numbers, labels or option numbers may mean something else now."""
    return decode_response(item, data) if item_version == item.version else None


def described(item: Item, response) -> str:
    """A response in words a teacher reads in a spreadsheet: the marked text, the labels, the options picked."""
    return kind(item).describe(item, response)


def perfect_response(item: Item):
    """The answer that scores full marks: for previewing an item with its whole key."""
    return kind(item).perfect(item)


@dataclass(frozen=True)
class Review:
    """An answer against the item's key, as the feedback, the teacher's student page and the preview draw it."""

    item: Item
    result: Result
    drawing: list


def review(item: Item, response, seat: Seat | None = None) -> Review:
    """The answer scored against the key and drawn; for a learner's seat, in the order they saw the question."""
    result = score(item, response)
    if seat is not None:
        result = kind(item).as_seen(result, item, seat)
    return Review(item, result, kind(item).drawing(item, response))


def strategies(item: Item) -> list:
    """What every lazy strategy scores on the item (quiz/items/gaming.py)."""
    return kind(item).strategies(item)


def item_warnings(item: Item) -> list[str]:
    """The warnings of the lazy strategies that score too much on this item."""
    return [strategy.warning for strategy in strategies(item) if strategy.warning]


def set_warnings(items: tuple[Item, ...]) -> list[str]:
    """The warnings of lazy strategies that work across a set's items of one type."""
    found = []
    for item_type in TYPES.values():
        found += item_type.set_warnings([item for item in items if kind(item) is item_type])
    return found


def class_view(item: Item, responses: list):
    """What the class answered, as the item's type draws it for the teacher; None where it draws nothing."""
    return kind(item).class_view(item, responses)
