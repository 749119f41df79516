"""The "closest text" hint for a quote that is not in its text (issue 14, H1): the stretch of the text most like the
quote, and how alike. difflib's work grows with the text it reads, so the hint is looked for where the quote's words
are, within a budget of work: past it, it is left out.
"""

from __future__ import annotations

import difflib
import math
import string
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate

from quiz.text.sources import SENTENCE_END, normalize, quote_text

SHORT_QUOTE = 8  # words
TRAILING = ".,;:!?"
STRIPPED = string.punctuation + "…«»–—"  # around a word, not part of it for the search
ALIKE_ENOUGH = 0.3  # a closest text less alike is no help: the teacher is asked to check the copy instead
HINT_WORK = 3_000_000  # a quote's budget, in units of about 0.1 µs (see _Work): 0.3 s
LONGEST_HINTED = 400  # words: a longer quote gets no closest text (a longer passage is refused anyway)
WHOLE_SEARCH_WORK = HINT_WORK // 6  # a text whose every window costs at most this to weigh is searched everywhere
PLACES = 8  # a longer text is searched around the places that share most words with the quote
PROPOSALS = 200  # the word positions weighed to find them, taken from the quote's rarest words,
SCANNED_WORDS = 20_000  # and at most this many words of the text read to weigh them
CLEARLY = 0.02  # more alike by this, a run of words around a longer quote's best place is shown instead of sentences
MISSPELT_WORDS = 4  # of a quote's words not in the text, these are looked up among the text's words
LIKE_CANDIDATES = 50  # that have the same first or last letter, and about the same length: so many of each


@dataclass(frozen=True)
class Closest:
    """The stretch of a text most like a quote, how alike they are (0 to 1), and the work it took to find."""

    text: str
    likeness: float
    work: int


def closest(haystack: str, needle: str, budget: int = HINT_WORK) -> Closest:
    """The stretch of haystack most like needle; no text when none is ALIKE_ENOUGH or the budget ran out first."""
    target = quote_text(needle)
    size = len(target.split())
    if not target or size > LONGEST_HINTED or budget <= 0:
        return Closest("", 0.0, 0)
    text, work = _searchable(haystack), _Work(budget)
    likeness = _Likeness(target, work)
    short = size <= SHORT_QUOTE
    run, run_ratio, best, best_ratio = "", 0.0, "", 0.0
    with suppress(_OutOfWork):  # the best found before the budget ran out, if any
        # A short text is searched everywhere; a long one around the places with most of the quote's words only.
        everywhere = text.cheap_to_search(target, short)
        places = None if everywhere and short else text.places(target, size, work)
        if not short and places:
            # A longer quote may run from one sentence into the next: the runs of words around its best place.
            run, run_ratio = likeness.best(text.runs(places[:1], size, target))
        windows = text.sentence_windows(None if everywhere else places, target)
        if short:
            # A short quote is lost in whole sentences: compare it with runs of words of about its length too.
            windows += text.runs(None if everywhere else places, size, target)
        # Sentences are what a quote most often copies; that run replaces them only if CLEARLY more alike.
        best, best_ratio = likeness.best(windows, max(ALIKE_ENOUGH, run_ratio - CLEARLY))
        if best:
            # Then runs of words inside the best sentences only: a quote is often part of a sentence.
            refined, ratio = likeness.best(_word_runs(best.split(), size))
            if ratio > best_ratio:
                best, best_ratio = refined, ratio
    if run_ratio >= best_ratio + CLEARLY:
        best, best_ratio = run, run_ratio
    return Closest(_trimmed_like(best, target), best_ratio, work.spent)


class _OutOfWork(Exception):
    """The hint's budget of work is spent."""


class _Work:
    """A budget of work, in units of about 0.1 µs of one processor, and what was spent of it.

    The costs are rounded up from measurements: difflib's ratio() takes up to 10 µs, plus 15 to 25 ns for each pair
    of characters on prose (counted as 50 ns, which noise of two letters reaches); quick_ratio() up to 2 µs, plus
    0.1 to 0.2 µs a character. bench/closest_hint.py prints what a unit took: 30 to 60 ns on the machine it was
    written on.
    """

    def __init__(self, budget: int):
        self.budget = budget
        self.spent = 0

    def spend(self, amount: int) -> None:
        """Count the work about to be done; _OutOfWork, and nothing counted, if the budget cannot pay for it."""
        if self.spent + amount > self.budget:
            raise _OutOfWork
        self.spent += amount

    def ratio(self, a: int, b: int) -> None:
        self.spend(100 + a * b // 2)

    def quick_ratio(self, a: int) -> None:
        self.spend(20 + 2 * a)


class _Likeness:
    """How alike candidates are to one target, by difflib's ratio, paid for from a budget of work."""

    def __init__(self, target: str, work: _Work):
        self.target = target
        self.matcher = difflib.SequenceMatcher(None, autojunk=False)
        self.matcher.set_seq2(target)  # the matcher caches what it learns about seq2, so the quote goes there
        self.work = work

    def best(self, candidates: list[str], at_least: float = ALIKE_ENOUGH) -> tuple[str, float]:
        """The first candidate most like the target and its ratio, or ("", 0.0) when none is alike at_least.

        ratio() is slow and quick_ratio() a cheap upper bound of it, so candidates are tried from the highest
        bound down, stopping where no bound can reach the best ratio found: the answer is the one that trying
        every candidate in order would give.
        """
        trimmed = [_trimmed_like(candidate, self.target) for candidate in candidates]
        bounds = [self._bound(text, at_least) for text in trimmed]
        best_index, best_ratio = None, at_least
        for index in sorted(range(len(candidates)), key=lambda index: -bounds[index]):
            if bounds[index] < best_ratio:
                break
            self.work.ratio(len(trimmed[index]), len(self.target))
            self.matcher.set_seq1(trimmed[index])
            ratio = self.matcher.ratio()
            if ratio > best_ratio or (ratio == best_ratio and (best_index is None or index < best_index)):
                best_index, best_ratio = index, ratio
        return ("", 0.0) if best_index is None else (candidates[best_index], best_ratio)

    def _bound(self, text: str, at_least: float) -> float:
        """quick_ratio(), or 0 when the lengths alone say the text cannot be alike at_least."""
        if 2 * min(len(text), len(self.target)) < at_least * (len(text) + len(self.target)):
            return 0.0
        self.work.quick_ratio(len(text))
        self.matcher.set_seq1(text)
        return self.matcher.quick_ratio()


class _Searchable:
    """A text ready for the closest-text search: its words, where its sentences start, and where each word is."""

    def __init__(self, haystack: str):
        self.text = normalize(haystack)  # single spaces, so the words from a to b are text[ends[a] + 1 : ends[b]]
        lengths = (len(word) + 1 for word in self.text.split(" ")) if self.text else ()
        self.ends = array("q", accumulate(lengths, initial=-1))  # ends[i + 1] is where word i ends
        counts = (len(part.split()) for part in SENTENCE_END.split(haystack))
        self.sentences = list(accumulate((count for count in counts if count), initial=0))  # where each starts
        self.count = len(self.ends) - 1

    def words(self, start: int, end: int) -> str:
        return self.text[self.ends[start] + 1 : self.ends[end]]

    def cheap_to_search(self, target: str, short: bool) -> bool:
        """Whether weighing every window of the text costs little: at most WHOLE_SEARCH_WORK."""
        return 6 * len(self.text) + (3 * self.count * (len(target) + 1) if short else 0) <= WHOLE_SEARCH_WORK

    def sentence_windows(self, places: list[int] | None, target: str) -> list[str]:
        """Runs of one to three sentences: every one, or those a quote at the places would be in."""
        last = len(self.sentences) - 1
        if places is None:
            sentences: Iterable[int] = range(last)
        else:
            # The sentences the quote would be in, and the two before: a window of three that ends in the first.
            size = len(target.split())
            around = (range(self._sentence(place) - 2, self._sentence(place + size) + 1) for place in places)
            sentences = sorted({sentence for sentences in around for sentence in sentences if sentence >= 0})
        return self._cut(
            [(self.sentences[s], self.sentences[min(s + n, last)]) for s in sentences for n in (1, 2, 3)], target
        )

    def runs(self, places: list[int] | None, size: int, target: str) -> list[str]:
        """Runs of one word fewer than the quote to one more: every one, or those that start near the places."""
        if places is None:
            starts: Iterable[int] = range(self.count)
        else:
            slack = _slack(size)
            starts = sorted({start for place in places for start in range(max(place - slack, 0), place + slack + 1)})
        lengths = [length for length in (size - 1, size, size + 1) if length > 0]
        return self._cut([(start, start + n) for n in lengths for start in starts if start + n <= self.count], target)

    def _cut(self, ranges: list[tuple[int, int]], target: str) -> list[str]:
        """The ranges of words, as text; not one far longer than the quote, which cannot be ALIKE_ENOUGH."""
        longest = 6 * len(target) + 8
        return [self.words(a, b) for a, b in ranges if self.ends[b] - self.ends[a] <= longest]

    def _sentence(self, word: int) -> int:
        """The sentence the word is in (the last one for a word past the end)."""
        return bisect_right(self.sentences, min(word, self.count - 1)) - 1

    @cached_property
    def where(self) -> dict[str, list[int]]:
        """Each word's key, with the positions of the words that have it: made the first time a hint needs it."""
        where: dict[str, list[int]] = {}
        for position, word in enumerate(self.text.split(" ") if self.text else ()):
            where.setdefault(_key(word), []).append(position)
        return where

    @cached_property
    def shapes(self) -> dict[tuple[str, int], list[str]]:
        """The text's word keys by first letter and length, and by last letter and length: to find a misspelt one."""
        shapes: dict[tuple[str, int], list[str]] = {}
        for key in self.where:
            for shape in _shapes(key, len(key)) if key else ():
                shapes.setdefault(shape, []).append(key)
        return shapes

    def places(self, target: str, size: int, work: _Work) -> list[int]:
        """Where the quote may start: the few places with most of its words, a rarer word counting more."""
        sought: dict[str, int] = {}  # the words the quote has or may have meant, each with its offset in the quote
        misspelt = 0
        for offset, word in enumerate(target.split(" ")):
            key = _key(word)
            if key in self.where:
                sought.setdefault(key, offset)
            elif key and misspelt < MISSPELT_WORDS:
                misspelt += 1
                for alike in self._like(key, work):
                    sought.setdefault(alike, offset)
        weight = {key: math.log(1 + self.count / len(self.where[key])) for key in sought}
        proposals: dict[int, None] = {}  # where the quote would start, in the order found: from its rarest words
        most = min(PROPOSALS, max(PLACES, SCANNED_WORDS // size))
        for key in sorted(sought, key=lambda key: (len(self.where[key]), sought[key])):
            for position in self.where[key][: most - len(proposals)]:
                proposals[max(position - sought[key], 0)] = None
        work.spend(len(proposals) * (1 + 3 * size))
        score = {start: sum(weight.get(key, 0) for key in self._keys(start, start + size)) for start in proposals}
        places: list[int] = []
        for start in sorted(score, key=lambda start: (-score[start], start)):
            if len(places) < PLACES and all(abs(start - place) > _slack(size) for place in places):
                places.append(start)
        return places

    def _keys(self, start: int, end: int) -> set[str]:
        return {_key(word) for word in self.words(max(start, 0), min(end, self.count)).split(" ")}

    def _like(self, key: str, work: _Work) -> list[str]:
        """The text's words most like a word it does not have, among those of its first or last letter and length."""
        shapes = (shape for length in (len(key) - 1, len(key), len(key) + 1) for shape in _shapes(key, length))
        candidates = [word for shape in shapes for word in self.shapes.get(shape, [])[:LIKE_CANDIDATES]]
        # Paid for as though every candidate went through ratio(), which few do.
        work.spend(sum(120 + 2 * len(word) + len(key) * len(word) // 2 for word in candidates))
        return difflib.get_close_matches(key, candidates, 3, 0.6)


def _slack(size: int) -> int:
    """How far from where its words put it a quote of size words may start: words can be left out or added."""
    return 2 + min(size, 16) // 4


def _shapes(key: str, length: int) -> tuple[tuple[str, int], tuple[str, int]]:
    return (key[0] + "-", length), ("-" + key[-1], length)


def _key(word: str) -> str:
    """A word as the search looks it up: without the punctuation around it, in lower case."""
    return word.strip(STRIPPED).casefold()


@lru_cache(maxsize=32)
def _searchable(haystack: str) -> _Searchable:
    return _Searchable(haystack)


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
