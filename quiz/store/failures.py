"""The record of guesses behind throttling: each check and count is one statement, rows are kept only as long as the
throttle needs them, and keys are keyed hashes, so the table never holds a readable address, name or cookie."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from quiz.classroom.throttle import LONGEST_WAIT, MEMORY, Ceiling, Policy
from quiz.models import Failure, aware, db, utcnow
from quiz.store.rows import insert_once

# Old rows go at most this often per process: a DELETE in every attempt cost a guess's time for the whole class.
SWEEP_EVERY = timedelta(minutes=1)
_next_sweep: datetime | None = None


def keyed(kind: str, *parts: str, secret: str) -> str:
    """A row's key: the kind, then an HMAC of the parts, which nobody without the app's secret can turn back into
    an address or a username (a plain hash of an IPv4 address is undone in minutes)."""
    message = "\0".join((kind, *parts)).encode()
    return f"{kind}:{hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:48]}"


def sweep_if_due(now: datetime) -> None:
    """Delete the rows no throttle needs any more, found by the index on last_at; at most every SWEEP_EVERY."""
    global _next_sweep
    if _next_sweep is not None and now < _next_sweep:
        return
    _next_sweep = now + SWEEP_EVERY
    db.session.execute(db.delete(Failure).filter(Failure.last_at < now - MEMORY))


def try_attempt(key: str, policy: Policy) -> datetime | None:
    """Count an attempt under the key if the policy allows one now, and commit; else say when it will.

    Every attempt counts as a failure until it proves right (forget_failures or take_back), and the check and the
    count are one statement, so a burst of parallel guesses cannot all slip through before any is counted.
    """
    now = utcnow()
    sweep_if_due(now)
    insert_once(Failure, key=key, count=0, first_at=now, last_at=now)
    stale = Failure.last_at < now - MEMORY
    waited = Failure.last_at <= db.case(_wait_thresholds(policy, now), value=Failure.count, else_=now - LONGEST_WAIT)
    counted = db.session.execute(
        db.update(Failure)
        .filter(Failure.key == key, db.or_(stale, Failure.count < policy.free, waited))
        .values(count=db.case((stale, 1), else_=Failure.count + 1), last_at=now)
    )
    count, last_at = _as_counted(key)
    db.session.commit()
    if counted.rowcount == 1:
        return None
    return policy.locked_until(count, aware(last_at), now) or now


def _wait_thresholds(policy: Policy, now: datetime) -> dict[int, datetime]:
    """For each failure count short of the longest wait: the latest last failure that has been waited out."""
    counts = range(policy.free, policy.free + 12)
    return {count: now - policy.wait_after(count) for count in counts if policy.wait_after(count) < LONGEST_WAIT}


def count_against(key: str, ceiling: Ceiling) -> datetime | None:
    """Count a guess under the key's ceiling and commit; when the ceiling lifts if this guess is over it, else None.

    Counted first and checked after, one statement each: of a parallel burst, only `limit` guesses see a count
    within the ceiling.
    """
    now = utcnow()
    sweep_if_due(now)
    insert_once(Failure, key=key, count=0, first_at=now, last_at=now)
    new_window = Failure.first_at < now - ceiling.window
    db.session.execute(
        db.update(Failure)
        .filter_by(key=key)
        .values(
            count=db.case((new_window, 1), else_=Failure.count + 1),
            first_at=db.case((new_window, now), else_=Failure.first_at),
            last_at=now,
        )
    )
    count, first_at = _as_counted(key, Failure.first_at)
    db.session.commit()
    return ceiling.reopens(aware(first_at)) if ceiling.over(count) else None


def _as_counted(key: str, when=Failure.last_at) -> tuple[int, datetime]:
    """The key's count and a time as this transaction's own update left them: read before the commit, since a row
    read after it may already hold other requests' counts (on PostgreSQL, a burst's third guess saw the fourth's)."""
    return db.session.execute(db.select(Failure.count, when).filter_by(key=key)).one()


def take_back(key: str) -> None:
    """Uncount one attempt that proved right (or was never checked): the wrong ones before it still count."""
    db.session.execute(db.update(Failure).filter(Failure.key == key, Failure.count > 0).values(count=Failure.count - 1))


def forget_failures(key: str) -> None:
    """Forget every failure under the key: for a browser that has just proved it knows the password."""
    db.session.execute(db.delete(Failure).filter_by(key=key))


def claim_once(key: str) -> bool:
    """Remember the key for as long as failures are kept (MEMORY); False if it was remembered already."""
    now = utcnow()
    sweep_if_due(now)
    return insert_once(Failure, key=key, count=1, first_at=now, last_at=now)


def was_claimed(key: str) -> bool:
    return db.session.get(Failure, key) is not None
