"""Who is working right now: the set each student last answered or started, when that was a moment ago."""

from __future__ import annotations

from datetime import datetime, timedelta

from quiz.classroom.gradebook import Cell
from quiz.classroom.schedule import in_utc

# An answer, or a new attempt, this recent means the student is at work on the set. Reading an item and marking it
# takes a minute or two, so a shorter window would blink on and off between one student's answers.
WORKING_WINDOW = timedelta(minutes=3)


def latest_activity(row: dict[str, Cell]) -> tuple[datetime, str] | None:
    """A student's latest answer or new attempt, in UTC, and the set it was on; None before they start any."""
    moments = [(in_utc(cell.last_activity), set_id) for set_id, cell in row.items() if cell.last_activity is not None]
    return max(moments, default=None)


def working_on(row: dict[str, Cell], now: datetime) -> str | None:
    """The set a student answered or started within the window before `now`, or None."""
    latest = latest_activity(row)
    return latest[1] if latest is not None and now - latest[0] <= WORKING_WINDOW else None
