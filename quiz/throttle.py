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
# Codes are guessed per browser, with a lenient ceiling per address on top. A whole class types codes from one
# school router and makes typos, so a strict limit per address would let one bored student lock everyone out;
# a browser that clears its cookies to start afresh still meets the address's ceiling. With 24**8 possible codes,
# even the ceiling's few hundred guesses an hour leave a guesser a chance in hundreds of millions.
CODES_PER_BROWSER = Policy(free=10)
CODES_PER_ADDRESS = Policy(free=300)


def wait_in_words(until: datetime, now: datetime) -> str:
    """How long to wait, as a person would say it."""
    seconds = max(1, int((until - now).total_seconds() + 0.999))
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = (seconds + 59) // 60
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
