"""Names that look the same: the skeleton of Unicode's UTS #39, so that a Cyrillic "Аnna" cannot sit beside a Latin
"Anna" in a class and pass for her on the teacher's dashboard."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from quiz.text.words import printable

# Unicode's own table of look-alike characters (UTS #39, "confusables.txt"), each mapped to its prototype.
CONFUSABLES = Path(__file__).with_name("confusables.txt")


@cache
def _prototypes() -> dict[str, str]:
    """Each confusable character and the characters it is read as; read once, on the first name compared."""
    prototypes = {}
    for line in CONFUSABLES.read_text(encoding="utf-8-sig").splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) < 2:
            continue
        source, prototype = (field.split() for field in fields[:2])
        prototypes[chr(int(source[0], 16))] = "".join(chr(int(point, 16)) for point in prototype)
    return prototypes


def clean_name(name: str) -> str:
    """A display name as shown: no control or direction characters, single spaces."""
    return " ".join(printable(name).split())


def name_key(name: str) -> str:
    """Names that read the same are the same name: case and spacing do not matter."""
    return unicodedata.normalize("NFKC", clean_name(name)).casefold()


def skeleton(text: str) -> str:
    """UTS #39's skeleton: two strings that look the same have the same skeleton (NFD, prototypes, NFD again)."""
    prototypes = _prototypes()
    mapped = "".join(prototypes.get(char, char) for char in unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", mapped)


def looks_like_any(name: str, others: Iterable[str]) -> bool:
    """Whether the name would be mistaken for one of the others when read."""
    mine = skeleton(name)
    return any(skeleton(other) == mine for other in others)
