"""Grade passback from the web side: a student's counted score that may have changed goes into the outbox and is
sent at once from a thread (never in the student's request); what failed is sent again by a sweep now and then as
requests come in; the dashboard's LTI notice."""

from __future__ import annotations

import logging
import queue
import threading
import time
from datetime import timedelta

from flask import Flask, current_app, has_request_context, session
from flask_login import current_user

from quiz.models import Classroom, Learner, db
from quiz.store import score_events
from quiz.store.lti import launches, outbox
from quiz.web.live_bank import bank

log = logging.getLogger(__name__)


def score_changed(_sender, learner_id: int, set_id: str) -> None:
    """A student's counted score may have changed: put it in the outbox and commit; a thread sends it. Never
    breaks, nor waits on the platform in, the page that changed it."""
    if has_request_context() and not session.get("lti_frame") and not current_user.is_authenticated:
        # A student who did not come from a platform: nothing to send, and their answer costs no query more. (One
        # who did and came back another way is caught up on their next launch.)
        return
    try:
        if not launches.links_of(learner_id, set_id):
            return  # not a student who came from a platform's link to this set: one query, nothing sent
        learner = db.session.get(Learner, learner_id)
        exercise_set = bank().sets.get(set_id)
        if learner is None or exercise_set is None:
            return
        ids = outbox.queue(learner, exercise_set)
        db.session.commit()
        if ids:
            in_use.set()
            send_in_background(ids)
    except Exception:  # a score that cannot be sent now waits in the outbox; the student's page goes on
        db.session.rollback()
        log.exception("LTI score for learner %s on %s not queued or sent", learner_id, set_id)


def results_released(_sender, classroom_id: int, set_id: str) -> None:
    """Scores withheld until the class's results on the set were released go out now, not at the next sweep."""
    try:
        ids = outbox.waiting_in(classroom_id, set_id)
    except Exception:  # the sweep sends them later; the teacher's page goes on
        db.session.rollback()
        log.exception("LTI scores of class %s on %s not sent on release", classroom_id, set_id)
        return
    if ids:
        in_use.set()
        send_in_background(ids)


# The longest a background send may take, all its scores' requests together (seconds).
SEND_DEADLINE = 20


_to_send: queue.Queue = queue.Queue()
_sender_started = threading.Lock()
_sender: list[threading.Thread] = []


def send_in_background(ids: list[int]) -> None:
    """Hand these (committed) scores to the sending thread: one thread, in order, so that a newer score never
    overtakes an older one; each hand-over gets SEND_DEADLINE."""
    _to_send.put((current_app._get_current_object(), ids))
    with _sender_started:
        if not _sender or not _sender[0].is_alive():
            _sender[:] = [threading.Thread(target=_send_forever, name="lti-send", daemon=True)]
            _sender[0].start()


def _send_forever() -> None:
    while True:
        app, ids = _to_send.get()
        try:
            with app.app_context():
                outbox.send_due(ids, deadline=time.monotonic() + SEND_DEADLINE)
        except Exception:
            log.exception("LTI scores %s not sent", ids)
        finally:
            _to_send.task_done()


def sends_finished(timeout: float = 30) -> bool:
    """Wait until every score handed to the sending thread has been dealt with; whether that happened in time. An
    app's database may be closed after this without a send still holding one of its connections."""
    deadline = time.monotonic() + timeout
    with _to_send.all_tasks_done:
        while _to_send.unfinished_tasks:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            _to_send.all_tasks_done.wait(left)
    return True


def _title_of(set_id: str) -> str:
    found = bank().sets.get(set_id)
    return found.title if found else set_id


_sweeping = threading.Lock()
_last_sweep = [0.0]
# Set once this process has seen LTI at work (a launch, a queued score, a dashboard with unsent scores): until then
# no request pays for a sweep, and an app that never meets a platform never starts one.
in_use = threading.Event()


def sweep_now_and_then() -> None:
    """Send the scores whose next try is due, at most every LTI_SWEEP_SECONDS, in the background of a request."""
    every = current_app.config.get("LTI_SWEEP_SECONDS")
    if not every or not in_use.is_set():
        return
    now = time.monotonic()
    if now - _last_sweep[0] < float(every) or not _sweeping.acquire(blocking=False):
        return
    _last_sweep[0] = now
    app = current_app._get_current_object()

    def sweep():
        try:
            with app.app_context():
                outbox.send_due(deadline=time.monotonic() + SEND_DEADLINE)
        except Exception:
            log.exception("LTI score sweep failed")
        finally:
            _sweeping.release()

    threading.Thread(target=sweep, daemon=True).start()


def notice(classroom: Classroom):
    """The dashboard's LTI notice: the courses the class is, and its unsent scores."""
    courses = launches.courses_of(classroom)
    if not courses:
        return None
    unsent = outbox.unsent(classroom)
    if unsent.count:
        in_use.set()
    return {"courses": courses, "unsent": unsent}


def init_app(app: Flask) -> None:
    # Connecting the same function again is a no-op: every app made in one process shares the one receiver.
    score_events.score_changed.connect(score_changed, weak=False)
    score_events.results_released.connect(results_released, weak=False)
    outbox.title_of = _title_of
    app.before_request(sweep_now_and_then)
    app.context_processor(lambda: {"lti_notice": notice})
    # Tests' apps send nothing in the background unless they ask to (a thread would count in their statements).
    app.config.setdefault("LTI_SWEEP_SECONDS", None if app.testing else 60)
    # The wait before a failed score is first sent again; it doubles after each failure, up to 6 hours.
    app.config.setdefault("LTI_RETRY_SECONDS", 60)
    outbox.first_wait = timedelta(seconds=float(app.config["LTI_RETRY_SECONDS"]))
