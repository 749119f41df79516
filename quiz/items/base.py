"""What every item type shares: the item's common fields, its passage, and the feedback a scorer returns."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from quiz.items.fields import Citation, Evidence
from quiz.text.sources import Span
from quiz.text.words import Word


@dataclass(frozen=True)
class Passage:
    """The words of the source an item is about, exactly as the source has them."""

    text: str
    span: Span
    words: tuple[Word, ...]
    cut_before: bool = False  # the author marked it with "..." as starting mid-sentence
    cut_after: bool = False


@dataclass(frozen=True)
class Item:
    """Fields every item has; each type's module adds its own and says what scoring depends on."""

    id: str
    skill: str
    prompt: str
    passage: Passage | None
    # Shown above the question; not scored, so not in _scored_parts: adding a record keeps stored answers' version.
    evidence: Evidence | None = None

    @property
    def version(self) -> str:
        """A fingerprint of what scoring depends on: a stored answer is only re-read against the same."""
        return hashlib.sha256(repr(self._scored_parts()).encode()).hexdigest()[:16]

    def _scored_parts(self) -> tuple:
        return (self.type, self.passage.text if self.passage else None)

    @property
    def spans(self) -> tuple[Span, ...]:
        """Where in the source the item quotes: drawn when the student opens the whole document."""
        return (self.passage.span,) if self.passage else ()

    def explanations(self) -> list[str]:
        """Every explanation only the feedback may show."""
        raise NotImplementedError

    def quoted(self) -> tuple[Span, ...]:
        """Every place in the source the item quotes, for checking that a bank covers its document."""
        return self.spans


@dataclass(frozen=True)
class Seat:
    """Who is answering which attempt: what a type may vary its presentation by (the order of options, say)."""

    learner: str
    set_id: str
    attempt: int


@dataclass(frozen=True)
class Point:
    """One line of feedback: what the point is, how the student did on it, why, and how pages draw it."""

    verdict: str
    text: str
    why: str = ""
    detail: str = ""
    credit: float | None = None
    # How pages style the point ("good", "partial", "bad", "stray", "neutral"); never read from the wording.
    tone: str = "neutral"
    sources: tuple[Citation, ...] = ()  # where the facts in why come from, drawn in small print under it

    @property
    def outside_key(self) -> bool:
        """Marked by the student, but in no part of the key: a stray mark."""
        return self.tone == "stray"


@dataclass(frozen=True)
class Result:
    score: float
    points: tuple[Point, ...]
    summary: str = ""


def clamp(score: float) -> float:
    return min(1.0, max(0.0, score))


def whole_percent(share: float) -> int:
    """A share as a whole percentage, halves rounded up (Python's round() would send 62.5 down and 37.5 up)."""
    return math.floor(share * 100 + 0.5)


class ItemType:
    """Everything about one type of item, for the registry in quiz/items/__init__.py: its part of the file format,
    its checks against the source, its scorer, how an answer is stored and told, its answer form and its lazy
    strategies. The defaults suit a type that draws nothing and shows every student the same page."""

    name = ""
    spec: type = object  # the pydantic model of an item of this type in an exercise file
    lists: dict[str, type] = {}  # the models of its lists (key: the list's field), for the validator's hints
    # What one entry of each list is called in a message ("answer 2"), and a short hint for each of its own fields.
    entry_names: dict[str, str] = {}
    hints: dict[str, str] = {}
    point_name = "Point"  # what one line of its feedback is about, as a teacher's table heads it
    # The scripts in quiz/static/ its question page loads (its widget), in order.
    scripts: tuple[str, ...] = ()
    # One item of this type as a file holds it (on seeds/mko-article), for the guide and the tests of every type.
    example = ""

    @property
    def template(self) -> str:
        """The template of its macros: question, review (the answer against the key), key, about."""
        return f"items/{self.name}.html"

    def build(self, checker, spec, common: dict, path: tuple, passage: Passage | None, source) -> Item:
        raise NotImplementedError

    def score(self, item: Item, response) -> Result:
        raise NotImplementedError

    def encode(self, item: Item, response) -> dict:
        raise NotImplementedError

    def decode(self, item: Item, data: dict):
        raise NotImplementedError

    def describe(self, item: Item, response) -> str:
        raise NotImplementedError

    def perfect(self, item: Item):
        raise NotImplementedError

    def answer_fields(self, item: Item) -> dict:
        """The WTForms fields the student answers with, by name."""
        raise NotImplementedError

    def response_from(self, form, item: Item):
        raise NotImplementedError

    def form_data(self, item: Item, response) -> dict:
        """A response as its answer form sends it, field by field."""
        raise NotImplementedError

    def strategies(self, item: Item) -> list:
        raise NotImplementedError

    def drawing(self, item: Item, response) -> list:
        """The passage drawn as the answer's marks against the key, where the type draws one."""
        return []

    def question_parts(self, item: Item, form) -> dict:
        """What its question macro needs besides the item and the form."""
        return {}

    def arrange(self, form, item: Item, seat: Seat) -> None:
        """Lay the answer form out for this learner and attempt."""

    def as_seen(self, result: Result, item: Item, seat: Seat) -> Result:
        """The feedback in the order this learner saw the question."""
        return result

    def set_warnings(self, items: list[Item]) -> list[str]:
        """Lazy strategies that work across the set's items of this type."""
        return []

    def class_view(self, item: Item, responses: list):
        """What a class answered (one response per student), for the teacher to project: drawn by the `class_view`
        macro of the type's template. None: the item statistics show their table of points only."""
        return None


@dataclass(frozen=True)
class Bar:
    """How many students gave one answer: picked an option, or put a label on a claim."""

    label: str
    count: int
    right: bool


@dataclass(frozen=True)
class BarRow:
    """An option with its one bar, or a claim with a bar per label."""

    text: str
    bars: tuple[Bar, ...]
