"""Codes that people read aloud and type: class join codes and students' re-entry codes."""

from __future__ import annotations

import secrets

# No look-alikes: 0/O/D, 1/I/L, 2/Z, 5/S and 8/B are left out, so a code read off a board is typed right.
ALPHABET = "ACEFGHJKMNPQRTUVWXY34679"
LENGTH = 8


def new_code() -> str:
    """A fresh random code (about 36 bits; guessing is throttled besides)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def shown(code: str) -> str:
    """The code as people read it: two groups of four."""
    return f"{code[:4]}-{code[4:]}"


def typed(text: str) -> str:
    """What someone typed, in the stored form: case, spaces and dashes do not matter."""
    return "".join(char for char in text.upper() if char.isalnum())
