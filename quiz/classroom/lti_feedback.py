"""What Lens tells a learning platform about a student's work, and when it tries again: the comment that goes with a
score (a summary of the per-point feedback, nothing else about the student), the wait before a failed send is
retried, and the username a platform's instructor gets. Plain Python, for the LTI grade passback."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

# Platforms keep comments short (Canvas shows a few lines); a long set is cut with an ellipsis.
LONGEST_COMMENT = 1000


@dataclass(frozen=True)
class ItemFeedback:
    """One answered item of the attempt that counts, as the comment summarises it: a label such as "Loaded wording
    1", how many of its points were right, partly right or wrong, stray marks, and whether a teacher set its score."""

    label: str
    right: int = 0
    partly: int = 0
    wrong: int = 0
    stray: int = 0
    overridden: bool = False


def comment(items: list[ItemFeedback], score_percent: float) -> str:
    """ "Loaded wording 1: 7 of 9 points right, 2 partly; Missing context 1: 1 of 1 points right." Only figures about
    the answers: no name, no answer text, nothing the platform does not already know."""
    parts = [_item_summary(item) for item in items]
    text = f"Lens: {round(score_percent)}%. " + "; ".join(parts) + ("." if parts else "")
    return text if len(text) <= LONGEST_COMMENT else text[: LONGEST_COMMENT - 1].rstrip() + "…"


def _item_summary(item: ItemFeedback) -> str:
    points = item.right + item.partly + item.wrong
    words = [f"{item.right} of {points} point{'' if points == 1 else 's'} right"]
    if item.partly:
        words.append(f"{item.partly} partly")
    if item.stray:
        words.append(f"{item.stray} mark{'' if item.stray == 1 else 's'} outside the key")
    if item.overridden:
        words.append("score set by the teacher")
    return f"{item.label}: " + ", ".join(words)


TONES = {"good": "right", "partial": "partly", "bad": "wrong", "stray": "stray"}


def feedback_of(label: str, tones: list[str], overridden: bool) -> ItemFeedback:
    """An item's feedback from the tones of its points (items.base.Point.tone)."""
    counts = {name: 0 for name in TONES.values()}
    for tone in tones:
        if tone in TONES:
            counts[TONES[tone]] += 1
    return ItemFeedback(label=label, overridden=overridden, **counts)


# A platform that is down gets the score again after 1, 2, 4 ... minutes, then every 6 hours: never given up on.
FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)


def next_try(tries: int, now: datetime, first_wait: timedelta = FIRST_WAIT) -> datetime:
    """When to send again after `tries` failed sends: the first wait, doubled after each failure, at most 6 hours."""
    wait = first_wait * (2 ** min(max(tries - 1, 0), 16))
    return now + min(wait, LONGEST_WAIT)


def username_base(name: str, fallback: str) -> str:
    """A Lens username for a platform's instructor, from their name ("Ana María Ruiz" -> "lti.ana.maria.ruiz"): lower-
    case letters, digits and dots only, short enough to take a number after it when it is taken."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    base = ".".join(words)[:28].strip(".") or re.sub(r"[^a-z0-9]", "", fallback.lower())[:12] or "teacher"
    return f"lti.{base}"
