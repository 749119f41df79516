"""How long someone who keeps guessing wrong must wait: the policy only, with no storage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

# A failure older than this is forgotten, so a teacher who mistyped yesterday starts afresh.
MEMORY = timedelta(hours=1)
LONGEST_WAIT = timedelta(minutes=30)


@dataclass(frozen=True)
class Policy:
    """Failures allowed freely under one key, then a wait that doubles with each further failure."""

    free: int
    first_wait: timedelta = timedelta(minutes=1)

    def wait_after(self, failures: int) -> timedelta:
        if failures < self.free:
            return timedelta(0)
        return min(self.first_wait * 2 ** (failures - self.free), LONGEST_WAIT)

    def locked_until(self, failures: int, last_failure: datetime | None, now: datetime) -> datetime | None:
        """When guessing may go on, or None if it may go on now."""
        if last_failure is None or now - last_failure > MEMORY:
            return None
        until = last_failure + self.wait_after(failures)
        return until if until > now else None


# Per username and address together: a class behind one school router cannot lock a teacher out by address alone.
SIGN_IN = Policy(free=5)
# Per browser: see joining.py for why not per address.
CODES = Policy(free=10)


def wait_in_words(until: datetime, now: datetime) -> str:
    """How long to wait, as a person would say it."""
    seconds = max(1, int((until - now).total_seconds() + 0.999))
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = (seconds + 59) // 60
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
