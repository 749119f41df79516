"""When an assigned set may be answered, and where each student stands on it: plain functions of times.

An assignment may open at a time, be due at a time, and after that either take late answers (marked late) or
close. Times are stored in UTC and read in the school's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LATE, CLOSE = "late", "close"
AFTER_DUE = (LATE, CLOSE)

# Where a set stands for everyone in the class at a moment.
NOT_OPEN, OPEN, PAST_DUE, CLOSED = "not open", "open", "past due", "closed"

# Where one student stands on an assigned set, as the dashboard and exports say it.
NOT_STARTED, IN_PROGRESS, DONE, DONE_LATE, MISSING = "not started", "in progress", "done", "late", "missing"
STATUSES = (NOT_STARTED, IN_PROGRESS, DONE, DONE_LATE, MISSING)


@dataclass(frozen=True)
class Schedule:
    """An assignment's times and what happens after the due time (None: no such time)."""

    opens_at: datetime | None = None
    due_at: datetime | None = None
    after_due: str = LATE

    def phase(self, now: datetime) -> str:
        """NOT_OPEN, OPEN, PAST_DUE (late answers taken) or CLOSED."""
        if self.opens_at is not None and in_utc(now) < self.opens_at:
            return NOT_OPEN
        if not self.is_late(now):
            return OPEN
        return CLOSED if self.after_due == CLOSE else PAST_DUE

    def takes_answers(self, now: datetime) -> bool:
        return self.phase(now) in (OPEN, PAST_DUE)

    def is_late(self, moment: datetime) -> bool:
        """Whether something done at this moment was done after the due time."""
        return self.due_at is not None and in_utc(moment) > self.due_at

    def extended_to(self, due_at: datetime) -> Schedule:
        """One student's times, given until due_at: a later due time stands in for this one (and keeps a closed
        set open for them until then); an earlier one, or one on a set due at no time, changes nothing, since an
        extension never takes time away."""
        if self.due_at is None or in_utc(due_at) <= self.due_at:
            return self
        return replace(self, due_at=in_utc(due_at))


ALWAYS_OPEN = Schedule()


def status(schedule: Schedule, started: bool, counted_finished_at: datetime | None, now: datetime) -> str:
    """A student's status on a set: done if the attempt that counts was finished by the due time, late if it was
    finished after it (a better score after the due time is late work, even if an earlier attempt was on time),
    missing once the due time has passed with no finished attempt, else in progress or not started."""
    if counted_finished_at is not None:
        return DONE_LATE if schedule.is_late(counted_finished_at) else DONE
    if schedule.is_late(now):
        return MISSING
    return IN_PROGRESS if started else NOT_STARTED


def to_do_first(phase: str, status: str) -> int:
    """Where an assigned set goes in a student's list: first what they can still work on (overdue work that is
    taken late among it), then what has not opened yet, last what is finished or closed, with nothing left to do."""
    if status in (DONE, DONE_LATE) or phase == CLOSED:
        return 2
    return 1 if phase == NOT_OPEN else 0


def in_utc(moment: datetime) -> datetime:
    """A stored time with its zone: SQLite hands times back without it, and they are all UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def local(moment: datetime, zone: str) -> datetime:
    """A stored UTC time as the school's clock shows it."""
    return in_utc(moment).astimezone(ZoneInfo(zone))


def from_local(moment: datetime, zone: str) -> datetime:
    """A time a teacher typed on the school's clock (no zone given), in UTC. On the hour the clocks go back, the
    first of the two readings is meant."""
    return moment.replace(tzinfo=ZoneInfo(zone), fold=0).astimezone(UTC)


def short_time(moment: datetime, zone: str, now: datetime | None = None) -> str:
    """A time as "Fri 12 Dec, 15:00" on the school's clock, with the year when it is not this year's."""
    shown = local(moment, zone)
    year = f" {shown.year}" if now is not None and local(now, zone).year != shown.year else ""
    return f"{shown:%a} {shown.day} {shown:%b}{year}, {shown:%H:%M}"
