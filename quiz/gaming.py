"""Gaming checks: what lazy strategies would score on an item under the real scorer, for authors to see.

Pure functions of a built item or set; the loader turns their messages into warnings with a line and column.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from .exercises import ChoiceItem, ClassifyItem, ExerciseSet, HighlightItem, Item, Passage
from .scoring import score, whole_percent

# Above a third, so that one right option in three, shuffled, passes; two options in a shuffled item do not.
THRESHOLD = 0.34
# A stop, then closing quote marks or brackets, then spaces: a sentence may end there.
STOP = re.compile(r"[.!?][\"'”’»)\]]*\s+")
OPENING = "\"'“‘«(["
# Words whose stop rarely ends a sentence: one-letter initials ("U.S.", "J.") and a few titles.
ABBREVIATION = re.compile(r"(?:\b\w\.)+$|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Sen|Rep|No)\.$")
PARAGRAPH = re.compile(r"\n\s*\n")
SHOWN_LETTERS = 80


@dataclass(frozen=True)
class Strategy:
    """One lazy way to answer an item, what it scores, and the warning when that is too much."""

    name: str
    description: str
    score: float
    warning: str | None = None

    @property
    def percent(self) -> int:
        return whole_percent(self.score)

    @property
    def too_high(self) -> bool:
        return self.score > THRESHOLD


@dataclass(frozen=True)
class Sentence:
    """A sentence of a passage and the numbers of its words."""

    text: str
    words: frozenset[int]


def _strategy(name: str, description: str, share: float, doing: str, advice: str) -> Strategy:
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


def _shown(text: str) -> str:
    """A sentence short enough for a one-line message."""
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_LETTERS else text[: SHOWN_LETTERS - 1].rstrip() + "…"


def highlight_strategies(item: HighlightItem) -> list[Strategy]:
    """Mark every word; every word but one; the one sentence that scores best."""
    everything = frozenset(word.index for word in item.passage.words)
    found = [
        _strategy(
            "mark-all",
            "mark every word of the passage",
            score(item, everything).score,
            "marking every word of the passage",
            ", because the key is the whole passage; widen the passage, so that a careful reader leaves some unmarked",
        )
    ]
    found += _all_but_one(item, everything) + _best_sentence(item, everything)
    return found


def _all_but_one(item: HighlightItem, everything: frozenset[int]) -> list[Strategy]:
    """Every word but the one that best spares the score: the longest outside the key (none if the key is all)."""
    key_words = frozenset().union(*(point.words for point in item.key))
    outside = [word for word in item.passage.words if word.index not in key_words]
    if not outside:
        return []
    spared = max(outside, key=lambda word: len(word.text))
    return [
        _strategy(
            "all-but-one",
            f"mark every word but one (“{spared.text}”)",
            score(item, everything - {spared.index}).score,
            f'marking every word but "{spared.text}"',
            ", because the key is most of the passage; "
            "widen the passage, so that a careful reader leaves more unmarked",
        )
    ]


def _best_sentence(item: HighlightItem, everything: frozenset[int]) -> list[Strategy]:
    """The sentence that scores best alone; none for a one-sentence passage, where it is the whole passage."""
    key_words = frozenset().union(*(point.words for point in item.key))
    # A sentence without a word of the key finds nothing, so it never beats one with some: no need to score it.
    candidates = [s for s in sentences(item.passage) if s.words & key_words and s.words != everything]
    if not candidates:
        return []
    scores = {candidate.words: score(item, candidate.words).score for candidate in candidates}
    best = max(candidates, key=lambda candidate: scores[candidate.words])  # the first of any that tie
    shown = _shown(best.text)
    return [
        _strategy(
            "best-sentence",
            f"mark the best single sentence alone: “{shown}”",
            scores[best.words],
            f'marking the sentence "{shown}" alone',
            "; make the passage longer or the key more precise",
        )
    ]


def _mean(scores: list[float]) -> float:
    """The expected score of picking one of these, each as likely as the others."""
    return sum(scores) / len(scores)


def longest_options(item: ChoiceItem) -> list[int]:
    """The options with the most characters (more than one when they tie)."""
    most = max(len(option.text) for option in item.options)
    return [index for index, option in enumerate(item.options) if len(option.text) == most]


def choice_strategies(item: ChoiceItem) -> list[Strategy]:
    """Always the first option shown; always the longest; for multiple answers, tick them all."""
    alone = [score(item, frozenset({index})).score for index in range(len(item.options))]
    if item.shuffle:
        first = _strategy(
            "first-option",
            "always the first option shown (shuffled: the mean over options)",
            _mean(alone),
            "picking whichever option is shown first",
            " on average, as options are shuffled; add wrong options, so that a guess scores less",
        )
    else:
        first = _strategy(
            "first-option",
            "always the first option shown (not shuffled: the file's first)",
            alone[0],
            "always picking the first option",
            ", as `shuffle: false` shows the file's order; move the right option down, or remove `shuffle: false`",
        )
    found = [
        first,
        _strategy(
            "longest-option",
            "always the longest option (the mean over any that tie)",
            _mean([alone[index] for index in longest_options(item)]),
            "always picking the longest option",
            "; make the wrong options as long and as detailed as the right one",
        ),
    ]
    if item.multiple:
        everything = score(item, frozenset(range(len(item.options)))).score
        advice = "; add wrong options, so that ticking them all costs more"
        found.append(_strategy("tick-all", "tick every option", everything, "ticking every option", advice))
    return found


def classify_strategies(item: ClassifyItem) -> list[Strategy]:
    """Give every claim the label most often right in the item."""
    counts = Counter(claim.label for claim in item.claims)
    label = max(item.labels, key=lambda each: counts[each])  # the first of the labels on a tie
    share = score(item, {index: label for index in range(len(item.claims))}).score
    return [
        _strategy(
            "one-label",
            f"label every claim “{label}”",
            share,
            f'labelling every claim "{label}"',
            "; add claims with other labels, so that no label is right for most of them",
        )
    ]


STRATEGIES = {"highlight": highlight_strategies, "choice": choice_strategies, "classify": classify_strategies}


def strategies(item: Item) -> list[Strategy]:
    """Every lazy strategy for any kind of item, with its score."""
    return STRATEGIES[item.type](item)


def item_warnings(item: Item) -> list[str]:
    """The warnings of the strategies that score too much on this item."""
    return [strategy.warning for strategy in strategies(item) if strategy.warning]


def set_warning(exercise_set: ExerciseSet) -> str | None:
    """A warning when the right option is the longest in more than half of the set's choice items (from two)."""
    choices = [item for item in exercise_set.items if item.type == "choice"]
    # For several right options, the longest counts when it is one of them; a tie with a wrong one gives nothing away.
    longest_right = sum(all(item.options[index].correct for index in longest_options(item)) for item in choices)
    if len(choices) < 2 or longest_right * 2 <= len(choices):
        return None
    return (
        f"the right option is the longest in {longest_right} of the set's {len(choices)} choice items; "
        "make the wrong options as long as the right ones, so that length gives nothing away"
    )
