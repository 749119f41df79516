"""How long someone who keeps guessing wrong must wait, and how many guesses an account or a network may have in a
while: the policy only, with no storage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

# A failure older than this is forgotten, so a teacher who mistyped yesterday starts afresh. Rows are deleted once
# this old (store/failures.py), so no window below may be longer.
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


@dataclass(frozen=True)
class Ceiling:
    """At most `limit` guesses in a window that opens with the first of them: what bounds a guesser who throws
    their cookies away, which a per-browser Policy cannot."""

    limit: int
    window: timedelta

    def window_open(self, first_guess: datetime, now: datetime) -> bool:
        """Whether guesses since first_guess still count, or a new window begins now."""
        return now - first_guess <= self.window

    def over(self, guesses: int) -> bool:
        return guesses > self.limit

    def reopens(self, first_guess: datetime) -> datetime:
        return first_guess + self.window


# Per account and browser: a student guessing from the classroom holds up their own browser only.
SIGN_IN = Policy(free=5)
# Per account, over every browser and address: past this the account is under a broad attack, and only browsers the
# teacher signed in on before (or a one-time sign-in link) get in. Nobody mistypes 50 times in an hour.
SIGN_IN_ACCOUNT = Ceiling(limit=50, window=timedelta(hours=1))
# Per address, over every account: twice the account's ceiling, so guesses at one account meet that first; this one
# bounds a guesser who goes through many accounts from one network.
SIGN_IN_ADDRESS = Ceiling(limit=100, window=timedelta(hours=1))
# Per browser: a class types codes behind one router, and one student must not lock the others out.
CODES = Policy(free=10)
# Per address, over every browser: a class of thirty making a typo each stays far below it, a guesser dropping
# cookies gets one code a second instead of 150.
CODES_ADDRESS = Ceiling(limit=60, window=timedelta(minutes=1))


def wait_in_words(until: datetime, now: datetime) -> str:
    """How long to wait, as a person would say it."""
    seconds = max(1, int((until - now).total_seconds() + 0.999))
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = (seconds + 59) // 60
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
