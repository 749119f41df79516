"""When an assigned set takes answers, and each student's status on it: plain functions of times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quiz.classroom.schedule import (
    CLOSE,
    CLOSED,
    DONE,
    DONE_LATE,
    IN_PROGRESS,
    MISSING,
    NOT_OPEN,
    NOT_STARTED,
    OPEN,
    PAST_DUE,
    Schedule,
    from_local,
    short_time,
    status,
    to_do_first,
)

OPENS = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)
DUE = datetime(2026, 12, 12, 14, 0, tzinfo=UTC)
BEFORE, BETWEEN, AFTER = OPENS - timedelta(minutes=1), DUE - timedelta(minutes=1), DUE + timedelta(minutes=1)


@pytest.mark.parametrize(
    ("after_due", "now", "phase"),
    [
        ("late", BEFORE, NOT_OPEN),
        ("late", OPENS, OPEN),
        ("late", DUE, OPEN),
        ("late", AFTER, PAST_DUE),
        (CLOSE, BETWEEN, OPEN),
        (CLOSE, AFTER, CLOSED),
    ],
)
def test_the_phase_follows_the_times(after_due, now, phase):
    assert Schedule(OPENS, DUE, after_due).phase(now) == phase


def test_a_set_with_no_times_is_always_open():
    assert Schedule().phase(datetime(1990, 1, 1, tzinfo=UTC)) == OPEN
    assert Schedule(due_at=DUE, after_due=CLOSE).takes_answers(BETWEEN)
    assert not Schedule(due_at=DUE, after_due=CLOSE).takes_answers(AFTER)


@pytest.mark.parametrize(
    ("started", "counted_finished_at", "now", "expected"),
    [
        (False, None, BETWEEN, NOT_STARTED),
        (True, None, BETWEEN, IN_PROGRESS),
        (True, BETWEEN, AFTER, DONE),
        (True, AFTER, AFTER, DONE_LATE),
        (False, None, AFTER, MISSING),
        (True, None, AFTER, MISSING),
    ],
)
def test_a_student_s_status_follows_the_attempt_that_counts(started, counted_finished_at, now, expected):
    assert status(Schedule(OPENS, DUE), started, counted_finished_at, now) == expected


def test_without_a_due_time_nothing_is_late_or_missing():
    far = DUE + timedelta(days=400)
    assert status(Schedule(), False, None, far) == NOT_STARTED
    assert status(Schedule(), True, far, far) == DONE


def test_a_stored_time_without_its_zone_is_read_as_utc():
    assert Schedule(due_at=DUE).is_late(AFTER.replace(tzinfo=None))
    assert not Schedule(due_at=DUE).is_late(BETWEEN.replace(tzinfo=None))


def test_times_are_typed_and_read_on_the_school_clock():
    typed = datetime(2026, 12, 12, 15, 0)
    assert from_local(typed, "Europe/Paris") == DUE
    assert short_time(DUE, "Europe/Paris", now=DUE) == "Sat 12 Dec, 15:00"
    assert short_time(DUE, "America/New_York", now=DUE) == "Sat 12 Dec, 09:00"
    assert short_time(DUE, "Europe/Paris", now=DUE + timedelta(days=30)) == "Sat 12 Dec 2026, 15:00"


def test_on_the_hour_the_clocks_go_back_the_first_reading_is_meant():
    # 02:30 happens twice in Paris on 25 October 2026: first in summer time (UTC+2).
    assert from_local(datetime(2026, 10, 25, 2, 30), "Europe/Paris") == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("phase", "status", "place"),
    [
        (OPEN, NOT_STARTED, 0),
        (OPEN, IN_PROGRESS, 0),
        (PAST_DUE, MISSING, 0),
        (NOT_OPEN, NOT_STARTED, 1),
        (OPEN, DONE, 2),
        (PAST_DUE, DONE_LATE, 2),
        (CLOSED, MISSING, 2),
        (CLOSED, IN_PROGRESS, 2),
    ],
)
def test_a_student_s_list_puts_what_they_can_work_on_first(phase, status, place):
    assert to_do_first(phase, status) == place


LATER = DUE + timedelta(days=3)


def test_an_extension_moves_one_student_s_due_time_and_reopens_a_closed_set_until_then():
    theirs = Schedule(OPENS, DUE, CLOSE).extended_to(LATER)
    assert theirs == Schedule(OPENS, LATER, CLOSE)
    assert theirs.phase(AFTER) == OPEN
    assert theirs.phase(LATER + timedelta(minutes=1)) == CLOSED
    assert status(theirs, True, AFTER, LATER) == DONE


@pytest.mark.parametrize("given", [DUE, BETWEEN, BETWEEN.replace(tzinfo=None)])
def test_an_extension_never_takes_time_away(given):
    assert Schedule(OPENS, DUE).extended_to(given) == Schedule(OPENS, DUE)


def test_a_set_due_at_no_time_has_no_time_to_extend():
    assert Schedule(OPENS).extended_to(LATER) == Schedule(OPENS)


def test_an_extension_stored_without_its_zone_is_read_as_utc():
    assert Schedule(due_at=DUE).extended_to(LATER.replace(tzinfo=None)).due_at == LATER
