"""Codes that people read aloud and type: class join codes and students' personal re-entry codes."""

from __future__ import annotations

import secrets

# No look-alikes: 0/O/D, 1/I/L, 2/Z, 5/S and 8/B are left out, so a code read off a board is typed right.
ALPHABET = "ACEFGHJKMNPQRTUVWXY34679"
# A class code lets someone take a seat in a class, which its teacher sees; 24**8 codes make guessing one take
# months even unthrottled. A personal code opens a student's answers, so it is longer: 24**12 is beyond guessing.
CLASS_CODE_LENGTH = 8
PERSONAL_CODE_LENGTH = 12


def new_code(length: int = CLASS_CODE_LENGTH) -> str:
    """A fresh random code from the secrets module."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def shown(code: str) -> str:
    """The code as people read it: groups of four, like ACEF-3479."""
    return "-".join(code[start : start + 4] for start in range(0, len(code), 4))


def typed(text: str) -> str:
    """What someone typed, in the stored form: case, spaces and dashes do not matter."""
    return "".join(char for char in text.upper() if char.isalnum())
