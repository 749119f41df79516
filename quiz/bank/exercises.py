"""Exercise sets as the app uses them: checked against their source, with the key resolved to words.

Everything a file can get wrong is found here, when the bank loads, never when a student answers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

from quiz.bank.schema import SKILL_NAMES, SKILLS, SetSpec
from quiz.bank.yamlsafe import Document, Position, Problem
from quiz.items import TYPES
from quiz.items.base import Item, Passage
from quiz.text.closest import ALIKE_ENOUGH, HINT_WORK, closest, first_difference
from quiz.text.sources import MOST_LOOKED_AT, Found, Source, Span, cut_word, elided, search
from quiz.text.words import split_words

MAX_PASSAGE_WORDS = 400
# The closest-text hints of one file share this budget of work (quiz/text/closest.py): however many quotes a file
# misses, they add about a second at most to checking it. Past it, the hints are left out.
FILE_HINT_WORK = 10_000_000
# Finding a file's quotes in their texts shares this budget (quiz/text/sources.py's units, about 2 µs): about half a
# second. The shipped bank's largest file spends under 1% of it; a file of thousands of claims looked for in a 1 MB
# source would spend many seconds, holding a server's worker, and is stopped with a message instead.
FILE_SEARCH_WORK = 250_000


@dataclass(frozen=True)
class ExerciseSet:
    """One exercise file: a set of items about one source document."""

    id: str
    title: str
    source: str
    skill: str | None
    intro: str | None
    items: tuple[Item, ...]
    # What the gaming and readability checks found (quiz/bank/loading.py): shown to authors, never a reason to keep
    # the set out.
    warnings: tuple[Problem, ...] = field(default=(), compare=False)

    def item(self, item_id: str) -> Item | None:
        return self._by_id.get(item_id)

    @cached_property
    def _by_id(self) -> dict[str, Item]:
        # A class's grid looks up an item for every stored answer: thousands of times for one page.
        return {item.id: item for item in self.items}

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
        self.hint_work_left = FILE_HINT_WORK
        self.search_work_left = FILE_SEARCH_WORK

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
        # Fields every item has, evidence included, so that a new type gets them without a line of its own.
        common = dict(id=item.id, skill=skill or "", prompt=item.prompt, passage=passage, evidence=item.evidence)
        return TYPES[item.type].build(self, item, common, path, passage, source)

    def _passage(self, item, path: tuple, source: Source) -> Passage | None:
        span = self.locate(source.text, item.passage, item.occurrence, path + ("passage",), f"source `{source.stem}`")
        if span is None:
            return None
        text = source.text[span.start : span.end]
        words = split_words(text)
        if len(words) > MAX_PASSAGE_WORDS:
            self.report(path + ("passage",), f"the passage has {len(words)} words: keep it under {MAX_PASSAGE_WORDS}")
        return Passage(text, span, words, *elided(item.passage))

    def locate(self, haystack: str, needle: str, occurrence: int | None, path: tuple, where: str) -> Span | None:
        """Find needle's one occurrence (or the chosen one) in haystack, or report why not."""
        name = "passage" if path[-1] == "passage" else "quote"
        found = self._search(haystack, needle, path)
        if found is None:
            return None
        spans = found.spans
        if not found.complete and not (occurrence and occurrence <= len(spans)):
            self.report(
                path,
                f"the {name} is found more than {MOST_LOOKED_AT} times in the {where} (inside other words too): "
                "quote more words, so that it points to one place",
            )
            return None
        partial = None if spans else self._search(haystack, needle, path, whole_words=False)
        if partial and partial.spans:
            word = cut_word(haystack, partial.spans[0])
            self.report(path, f'the {name} starts or ends inside a word ("{word}" in the {where}): copy whole words')
        elif not spans:
            if partial is not None:
                self.report(path, f"{name} not found in the {where}; {self._closest_hint(haystack, needle)}")
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

    def _search(self, haystack: str, needle: str, path: tuple, whole_words: bool = True) -> Found | None:
        """Look for needle, paid for from the file's budget; None, said once, when the file has spent it."""
        if self.search_work_left <= 0:
            return None
        found = search(haystack, needle, whole_words, most=MOST_LOOKED_AT)
        self.search_work_left -= found.work
        if self.search_work_left <= 0:
            self.report(
                path,
                "Lens stopped checking this file here: finding its quotes in their texts takes more work than one "
                "file may ask for (it has very many quotes, or quotes of very common words, in a long source). "
                "Split it into smaller files; give classify items a `passage`, so that their claims are looked for "
                "in it rather than in the whole source",
            )
            return None
        return found

    def _closest_hint(self, haystack: str, needle: str) -> str:
        """What to do about a quote not found: most often the closest text, paid for from the file's budget."""
        if needle[:1] in "“‘«" and needle[-1:] in "”’»":
            return f"take away the {needle[0]} {needle[-1]} marks around it: write the words only, as the text has them"
        found = closest(haystack, needle, min(HINT_WORK, self.hint_work_left))
        self.hint_work_left -= found.work
        if found.likeness < ALIKE_ENOUGH:
            return "check that it is copied from the text"
        shown = found.text if len(found.text) <= 120 else found.text[:117] + "…"
        # Rounded down: a one-letter slip in a long passage must not read "100% alike".
        percent = min(math.floor(found.likeness * 100), 99)
        return f'the closest text ({percent}% alike) is: "{shown}" ({first_difference(needle, found.text)})'


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


MIXED = "Mixed skills"


def grouped_by_skill(sets: dict[str, ExerciseSet]) -> list[tuple[str, list[ExerciseSet]]]:
    """The sets under their skill's name, as students and teachers see them listed; a skill with none is left out."""
    # Mixed sets come first: the "start here" set that shows one item of each kind is one of them.
    groups: dict[str, list[ExerciseSet]] = {MIXED: []} | {SKILL_NAMES[skill]: [] for skill in SKILLS}
    for exercise_set in sets.values():
        groups[SKILL_NAMES[exercise_set.skill] if exercise_set.skill else MIXED].append(exercise_set)
    return [(name, members) for name, members in groups.items() if members]
