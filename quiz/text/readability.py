"""How hard a text is to read: its words as a reader counts them, its sentences, its syllables, and its
Flesch–Kincaid grade, for the readability checks of exercise files.

Syllables come from an English hyphenation dictionary (pyphen's, shipped inside its package: nothing is downloaded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pyphen

from quiz.text.sources import OPENING, PARAGRAPH

# Where a sentence may end: a stop, then any closing quote marks or brackets, at the end of a word.
STOP = re.compile(r"[.!?…][\"'”’»)\]]*$")
# Words whose stop rarely ends a sentence: initials ("U.S.", "J.", "e.g.") and a few titles and abbreviations.
ABBREVIATION = re.compile(r"^[\"'“‘«(\[]*(?:(?:\w\.)+|(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Sen|Rep|No|vol|doc|pp|vs|Jr|Sr)\.)$")
# The last characters a word that ends a sentence may have, to skip the STOP search for most words.
STOP_ENDINGS = frozenset(".!?…\"'”’»)]")
# A word as a reader counts one: a run of non-spaces holding a letter or a digit (what str.isalnum() finds). Each
# try starts at the beginning of a run, so a long run of dashes is passed over once, not once per dash.
WORD = re.compile(r"(?<!\S)\S*[^\W_]\S*")
# The runs of letters in a word, an apostrophe kept inside ("Rajavi's"); digits, hyphens and slashes part them.
LETTERS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
VOWEL_GROUP = re.compile(r"[aeiouy]+")
# Endings whose vowel is not said: "made", "whole", "walked", "takes" (but "table", "wanted", "places" keep theirs).
SILENT_ENDING = re.compile(r"(?:[^aeiouyl]e|[aeiouy]le|[^aeiouytd]ed|[^aeiouycgszxh]es)$")


@dataclass(frozen=True)
class Measure:
    """A text's counts, which add up over several texts (a set's explanations) before the grade is worked out."""

    words: int = 0
    sentences: int = 0
    syllables: int = 0

    def __add__(self, other: Measure) -> Measure:
        return Measure(self.words + other.words, self.sentences + other.sentences, self.syllables + other.syllables)

    @property
    def grade(self) -> float | None:
        """The Flesch–Kincaid grade (a US school year); None for a text without words."""
        if not self.words:
            return None
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59


def words(text: str) -> list[str]:
    """The words as a reader counts them: split at spaces, leaving out marks that stand alone ("—", "...")."""
    return WORD.findall(text)


def word_count(text: str) -> int:
    return len(words(text))


def sentence_count(text: str) -> int:
    """How many sentences: a stop ends one when the next word starts with a capital, a digit or a quote mark (not
    after "U.S." or "Dr."); a blank line and the end of the text end one too."""
    count = 0
    for paragraph in PARAGRAPH.split(text):
        found = words(paragraph)
        count += 1 if found else 0
        # Most words end without a stop: those are passed over before anything else is asked of them.
        for place in (place for place, word in enumerate(found[:-1]) if word[-1] in STOP_ENDINGS):
            word, first = found[place], found[place + 1][0]
            starts_sentence = first.isupper() or first.isdigit() or first in OPENING
            if starts_sentence and STOP.search(word) and not ABBREVIATION.match(word.rstrip("\"'”’»)]")):
                count += 1
    return count


@lru_cache(maxsize=16384)
def syllable_count(word: str) -> int:
    """The syllables of a word; at least one, so that a number such as 1981 counts as one (it is read at a glance)."""
    return max(1, sum(_syllables(letters.lower().replace("’", "'")) for letters in LETTERS.findall(word)))


@lru_cache(maxsize=8192)
def _syllables(letters: str) -> int:
    # Hyphenation never breaks a word's first or last two letters, nor some pairs of vowels ("a-bout", "i-de-a"), so
    # it misses syllables; counting the groups of vowels, less a silent ending, catches most of those.
    hyphenated = len(_dictionary().positions(letters.replace("'", ""))) + 1
    groups = len(VOWEL_GROUP.findall(letters))
    if groups > 1 and SILENT_ENDING.search(letters):
        groups -= 1
    return max(hyphenated, groups)


@lru_cache(maxsize=1)
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def measure(text: str) -> Measure:
    """A text's words, sentences and syllables."""
    found = words(text)
    return Measure(len(found), sentence_count(text), sum(map(syllable_count, found)))


def grade(text: str) -> float | None:
    """The text's Flesch–Kincaid grade: 0.39 × words per sentence + 11.8 × syllables per word − 15.59."""
    return measure(text).grade
