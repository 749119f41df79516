"""Exercise sets as the app uses them: checked against their source, with the key resolved to words.

Everything a file can get wrong is found here, when the bank loads, never when a student answers.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field

from .schema import ChoiceSpec, ClassifySpec, HighlightSpec, SetSpec
from .sources import Source, Span, closest, cut_word, elided, find_all, first_difference
from .words import Word, split_words, words_in
from .yamlsafe import Document, Position, Problem

MAX_PASSAGE_WORDS = 400


@dataclass(frozen=True)
class Passage:
    """The words of the source an item is about, exactly as the source has them."""

    text: str
    span: Span
    words: tuple[Word, ...]
    cut_before: bool = False  # the author marked it with "..." as starting mid-sentence
    cut_after: bool = False


@dataclass(frozen=True)
class KeyPoint:
    quote: str
    why: str
    words: frozenset[int]


@dataclass(frozen=True)
class ClaimKey:
    quote: str
    label: str
    why: str
    span: Span


@dataclass(frozen=True)
class OptionKey:
    text: str
    correct: bool
    why: str


@dataclass(frozen=True)
class Item:
    """Fields every item has."""

    id: str
    skill: str
    prompt: str
    passage: Passage | None

    @property
    def version(self) -> str:
        """A fingerprint of what scoring depends on: a stored answer is only re-read against the same."""
        return hashlib.sha256(repr(self._scored_parts()).encode()).hexdigest()[:16]

    def _scored_parts(self) -> tuple:
        return (self.type, self.passage.text if self.passage else None)


@dataclass(frozen=True)
class HighlightItem(Item):
    key: tuple[KeyPoint, ...] = ()
    type: str = "highlight"

    def _scored_parts(self) -> tuple:
        return (self.type, self.passage.text, tuple(sorted(point.words) for point in self.key))


@dataclass(frozen=True)
class ClassifyItem(Item):
    labels: tuple[str, ...] = ()
    claims: tuple[ClaimKey, ...] = ()
    type: str = "classify"

    def _scored_parts(self) -> tuple:
        return (self.type, self.labels, tuple((claim.quote, claim.label) for claim in self.claims))


@dataclass(frozen=True)
class ChoiceItem(Item):
    multiple: bool = False
    options: tuple[OptionKey, ...] = ()
    # Display only: responses name options by their place in the file, so the order shown never affects scores.
    shuffle: bool = True
    type: str = "choice"

    def _scored_parts(self) -> tuple:
        return (self.type, self.multiple, tuple((option.text, option.correct) for option in self.options))


@dataclass(frozen=True)
class ExerciseSet:
    """One exercise file: a set of items about one source document."""

    id: str
    title: str
    source: str
    skill: str | None
    intro: str | None
    items: tuple[Item, ...]
    # What the gaming checks found (quiz/gaming.py): shown to authors, never a reason to keep the set out.
    warnings: tuple[Problem, ...] = field(default=(), compare=False)

    def item(self, item_id: str) -> Item | None:
        return next((item for item in self.items if item.id == item_id), None)

    def position(self, item_id: str) -> int:
        """The item's 1-based place in the set."""
        return next(number for number, item in enumerate(self.items, 1) if item.id == item_id)

    @property
    def skills(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(item.skill for item in self.items))


class Checker:
    """Checks one parsed file against its source and builds the set, collecting every problem."""

    def __init__(self, document: Document, sources: dict[str, Source]):
        self.document = document
        self.sources = sources
        self.problems: list[tuple[Position, str]] = []

    def report(self, path: tuple, message: str) -> None:
        self.problems.append((self.document.where(path), message))

    def build(self, spec: SetSpec, set_id: str) -> ExerciseSet | None:
        source = self.sources.get(spec.source)
        if source is None:
            known = ", ".join(sorted(self.sources)) or "none"
            self.report(("source",), f"unknown source `{spec.source}`; the documents in seeds/ are: {known}")
        self._check_ids(spec)
        items = [self._item(spec, index, source) for index in range(len(spec.items))]
        if self.problems:
            return None
        return ExerciseSet(set_id, spec.title, spec.source, spec.skill, spec.intro, tuple(items))

    def _check_ids(self, spec: SetSpec) -> None:
        first_seen: dict[str, int] = {}
        for index, item in enumerate(spec.items):
            if item.id in first_seen:
                line = self.document.where(("items", first_seen[item.id], "id")).line
                self.report(
                    ("items", index, "id"),
                    f"duplicate item id `{item.id}` (first used at line {line}): ids must be unique",
                )
            first_seen.setdefault(item.id, index)

    def _item(self, spec: SetSpec, index: int, source: Source | None) -> Item | None:
        item, path = spec.items[index], ("items", index)
        skill = item.skill or spec.skill
        if skill is None:
            self.report(
                path,
                f"item `{item.id}` has no `skill`: add `skill:` to the item, or at the top of the file for all items",
            )
        passage = self._passage(item, path, source) if source and item.passage else None
        common = dict(id=item.id, skill=skill or "", prompt=item.prompt, passage=passage)
        if isinstance(item, HighlightSpec):
            return HighlightItem(**common, key=self._key(item, path, passage, source))
        if isinstance(item, ClassifySpec):
            return ClassifyItem(**common, labels=tuple(item.labels), claims=self._claims(item, path, source))
        return ChoiceItem(**common, multiple=item.multiple, options=self._options(item, path), shuffle=item.shuffle)

    def _passage(self, item, path: tuple, source: Source) -> Passage | None:
        span = self._locate(source.text, item.passage, item.occurrence, path + ("passage",), f"source `{source.stem}`")
        if span is None:
            return None
        text = source.text[span.start : span.end]
        words = split_words(text)
        if len(words) > MAX_PASSAGE_WORDS:
            self.report(path + ("passage",), f"the passage has {len(words)} words: keep it under {MAX_PASSAGE_WORDS}")
        return Passage(text, span, words, *elided(item.passage))

    def _locate(self, haystack: str, needle: str, occurrence: int | None, path: tuple, where: str) -> Span | None:
        """Find needle's one occurrence (or the chosen one) in haystack, or report why not."""
        spans = find_all(haystack, needle)
        name = "passage" if path[-1] == "passage" else "quote"
        partial = [] if spans else find_all(haystack, needle, whole_words=False)
        if partial:
            word = cut_word(haystack, partial[0])
            self.report(path, f'the {name} starts or ends inside a word ("{word}" in the {where}): copy whole words')
        elif not spans:
            self.report(path, f"{name} not found in the {where}; {_closest_hint(haystack, needle)}")
        elif occurrence and occurrence > len(spans):
            self.report(
                path, f"`occurrence: {occurrence}` but the {name} occurs only {_times(len(spans))} in the {where}"
            )
        elif occurrence is None and len(spans) > 1:
            self.report(
                path,
                f"the {name} occurs {_times(len(spans))} in the {where}: "
                f"add `occurrence:` (1 to {len(spans)}) beside it to say which one",
            )
        else:
            return spans[(occurrence or 1) - 1]
        return None

    def _key(
        self, item: HighlightSpec, path: tuple, passage: Passage | None, source: Source | None
    ) -> tuple[KeyPoint, ...]:
        key = []
        for index, answer in enumerate(item.answers):
            answer_path = path + ("answers", index, "quote")
            if passage is None:
                continue
            in_passage = find_all(passage.text, answer.quote, whole_words=False)
            if not in_passage and find_all(source.text, answer.quote):
                self.report(
                    answer_path,
                    "the quote is in the source but outside this item's passage: "
                    "widen the passage, or quote words inside it",
                )
                continue
            span = self._locate(passage.text, answer.quote, answer.occurrence, answer_path, "passage")
            if span is None:
                continue
            words = words_in(passage.words, span)
            if not words:
                self.report(answer_path, "the quote holds no words, only spaces or punctuation")
            key.append(KeyPoint(passage.text[span.start : span.end], answer.why, words))
        return tuple(key)

    def _claims(self, item: ClassifySpec, path: tuple, source: Source | None) -> tuple[ClaimKey, ...]:
        if len(set(item.labels)) < len(item.labels):
            self.report(path + ("labels",), "the same label is listed twice: keep each label once")
        claims = []
        for index, claim in enumerate(item.claims):
            claim_path = path + ("claims", index)
            if claim.label not in item.labels:
                listed = ", ".join(f"`{label}`" for label in item.labels)
                self.report(
                    claim_path + ("label",), f"label `{claim.label}` is not one of the item's labels ({listed})"
                )
            if source is None:
                continue
            span = self._locate(
                source.text, claim.quote, claim.occurrence, claim_path + ("quote",), f"source `{source.stem}`"
            )
            if span is not None:
                claims.append(ClaimKey(source.text[span.start : span.end], claim.label, claim.why, span))
        return tuple(claims)

    def _options(self, item: ChoiceSpec, path: tuple) -> tuple[OptionKey, ...]:
        correct = sum(option.correct for option in item.options)
        if correct == 0:
            self.report(path + ("options",), "no option has `correct: true`: mark the right option")
        elif correct > 1 and not item.multiple:
            self.report(
                path + ("options",),
                f"{correct} options have `correct: true`: keep one, or add `multiple: true` to the item",
            )
        return tuple(OptionKey(option.text, option.correct, option.why) for option in item.options)


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _closest_hint(haystack: str, needle: str) -> str:
    if needle[:1] in "“‘«" and needle[-1:] in "”’»":
        return f"take away the {needle[0]} {needle[-1]} marks around it: write the words only, as the text has them"
    text, likeness = closest(haystack, needle)
    if likeness < 0.3:
        return "check that it is copied from the text"
    shown = text if len(text) <= 120 else text[:117] + "…"
    # Rounded down: a one-letter slip in a long passage must not read "100% alike".
    percent = min(math.floor(likeness * 100), 99)
    return f'the closest text ({percent}% alike) is: "{shown}" ({first_difference(needle, text)})'
