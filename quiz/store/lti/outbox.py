"""Scores on their way to the platforms' gradebooks (LTI Assignment and Grade Services). Every score is written to
the outbox and committed first, then sent; a send that fails is tried again later, with a growing wait, until the
platform takes it. A newer score for the same student and link replaces an unsent older one. Nothing is lost."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import requests
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException, LtiServiceException
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from pylti1p3.service_connector import ServiceConnector

from quiz.bank.exercises import ExerciseSet
from quiz.bank.schema import SKILL_NAMES
from quiz.classroom.lti_feedback import FIRST_WAIT, comment, feedback_of, next_try
from quiz.items import score as score_item
from quiz.items import stored_response
from quiz.models import (
    Classroom,
    Learner,
    LtiContext,
    LtiLearner,
    LtiPlatform,
    LtiResourceLink,
    LtiScore,
    aware,
    db,
    utcnow,
)
from quiz.store import class_records, release
from quiz.store.lti import launches, registry
from quiz.store.rows import dialect_insert

log = logging.getLogger(__name__)

SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LINE_ITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
LINE_ITEM_READ = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
# A platform that does not answer within this long is tried again later: a student's page must not wait on it.
TIMEOUT = (3.05, 6)
# How long a newly queued score is left to the sender it was handed to before a sweep may send it too.
SENDER_HAS_IT_FIRST = timedelta(seconds=30)
# A course's line items are read this many pages at most when looking for a link's column.
MAX_PAGES = 10
WAITING_FOR_RELEASE = "Waiting until you release this set's results."


class ShortTimeoutSession(requests.Session):
    """requests, giving up on a platform that does not answer within TIMEOUT, or once a deadline has passed."""

    def __init__(self, deadline: float | None = None):
        super().__init__()
        self.deadline = deadline

    def request(self, *args, **kwargs):
        connect, read = kwargs.setdefault("timeout", TIMEOUT)
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise requests.Timeout("the time for sending scores ran out")
            kwargs["timeout"] = (min(connect, left), min(read, left))
        return super().request(*args, **kwargs)


@dataclass(frozen=True)
class Figured:
    percent: float
    comment: str


def figure(learner: Learner, exercise_set: ExerciseSet) -> Figured | None:
    """The learner's counted score on the set, as the gradebook counts it, with the comment summarising the
    feedback of the attempt that counts; None until an attempt is finished."""
    classroom = learner.membership.classroom if learner.membership else None
    marks = class_records.learner_marks(learner, classroom, {exercise_set.id: exercise_set}, set())
    cell = marks.cells[exercise_set.id]
    if cell.score is None or cell.counted is None:
        return None
    numbers: dict[str, int] = {}
    summaries = []
    for item in exercise_set.items:
        record = cell.counted.answers.get(item.id)
        if record is None:
            continue
        numbers[item.skill] = numbers.get(item.skill, 0) + 1
        label = f"{SKILL_NAMES.get(item.skill, item.skill)} {numbers[item.skill]}"
        response = stored_response(item, record.item_version, record.response) if record.response else None
        tones = [point.tone for point in score_item(item, response).points] if response is not None else []
        summaries.append(feedback_of(label, tones, record.override is not None))
    percent = round(cell.score * 100, 2)
    return Figured(percent, comment(summaries, percent))


def queue(learner: Learner, exercise_set: ExerciseSet) -> list[int]:
    """Put the learner's counted score on the set in the outbox for every link to it in their courses (not yet
    committed); the rows' ids."""
    links = launches.links_of(learner.id, exercise_set.id)
    if not links:
        return []
    figured = figure(learner, exercise_set)
    if figured is None:
        return []
    now = utcnow()
    ids = []
    for link in links:
        present = db.session.execute(
            db.select(LtiScore).filter_by(learner_id=learner.id, link_id=link.id)
        ).scalar_one_or_none()
        if present is not None and present.score == figured.percent and present.comment == figured.comment:
            if present.sent_at is None:
                ids.append(present.id)
            continue  # the platform has this score already, or it is on its way
        values = dict(
            exercise_id=exercise_set.id,
            line_item_url=link.line_item_url,
            score=figured.percent,
            comment=figured.comment,
            queued_at=now,
            tries=0,
            last_error=None,
            # The web side's sender has it first; the sweep takes it only if that never happened.
            next_try_at=now + SENDER_HAS_IT_FIRST,
            sent_at=None,
        )
        statement = dialect_insert(LtiScore).values(learner_id=learner.id, link_id=link.id, **values)
        statement = statement.on_conflict_do_update(index_elements=["learner_id", "link_id"], set_=values)
        ids.append(db.session.execute(statement.returning(LtiScore.id)).scalar_one())
    return ids


def waiting_in(classroom_id: int, set_id: str) -> list[int]:
    """The class's unsent scores on the set: those withheld until its results were released, and any failed."""
    query = (
        db.select(LtiScore.id)
        .join(LtiResourceLink, LtiResourceLink.id == LtiScore.link_id)
        .join(LtiContext, LtiContext.id == LtiResourceLink.lti_context_id)
        .filter(LtiContext.classroom_id == classroom_id, LtiScore.exercise_id == set_id, LtiScore.sent_at.is_(None))
        .order_by(LtiScore.queued_at)
    )
    return list(db.session.execute(query).scalars())


def due(now: datetime | None = None, ids: list[int] | None = None, limit: int = 200, ignore_wait=False) -> list[int]:
    """The unsent scores whose next try has come (or these ones, or every unsent one)."""
    query = db.select(LtiScore.id).filter(LtiScore.sent_at.is_(None))
    if ids is not None:
        query = query.filter(LtiScore.id.in_(ids))
    elif not ignore_wait:
        query = query.filter(LtiScore.next_try_at <= (now or utcnow()))
    return list(db.session.execute(query.order_by(LtiScore.next_try_at).limit(limit)).scalars())


def send_due(ids: list[int] | None = None, ignore_wait: bool = False, deadline: float | None = None) -> tuple[int, int]:
    """Send the scores that are due (or these ones, or every unsent one), until the deadline (time.monotonic()) if
    one is given; how many were sent and how many failed. One row that fails never stops the others."""
    sent = failed = 0
    for score_id in due(ids=ids, ignore_wait=ignore_wait):
        if deadline is not None and time.monotonic() >= deadline:
            break  # the rest wait for the next sweep
        if send(score_id, deadline):
            sent += 1
        else:
            failed += 1
    return sent, failed


# The web layer tells how a set's title is found (the live bank); a line item is labelled with it.
title_of: Callable[[str], str] = str
# The wait before the first retry (the app's LTI_RETRY_SECONDS); it doubles after each failure.
first_wait = FIRST_WAIT


def send(score_id: int, deadline: float | None = None) -> bool:
    """Send one score; the row records the outcome, whatever goes wrong. No transaction is open while the platform
    is asked."""
    try:
        return _send(score_id, deadline)
    except Exception as error:  # a bad row (a link or platform gone, data Lens cannot send) waits with its reason
        db.session.rollback()
        log.exception("LTI score %s not sent", score_id)
        try:
            return _failed(db.session.get(LtiScore, score_id), None, _in_words(error))
        except Exception:
            db.session.rollback()
            log.exception("LTI score %s: its failure could not be recorded either", score_id)
            return False


def _send(score_id: int, deadline: float | None) -> bool:
    row = db.session.get(LtiScore, score_id)
    if row is None or row.sent_at is not None:
        return True
    link = db.session.get(LtiResourceLink, row.link_id)
    context = link.context
    classroom = db.session.get(Classroom, context.classroom_id)
    queued_at = row.queued_at
    if classroom is not None and release.withheld(classroom, row.exercise_id):
        return _failed(row, queued_at, WAITING_FOR_RELEASE, count=False)
    grade = (
        Grade()
        .set_score_given(row.score)
        .set_score_maximum(100)
        .set_activity_progress("Completed")
        .set_grading_progress("FullyGraded")
        .set_timestamp(aware(queued_at).isoformat())
        .set_user_id(_sub_of(row.learner_id))
        .set_comment(row.comment)
    )
    line_item_url = row.line_item_url or link.line_item_url
    service_data = {
        "scope": context.ags_scopes or [SCORE, LINE_ITEM],
        "lineitems": context.lineitems_url or "",
        "lineitem": line_item_url or "",
    }
    wanted = (
        LineItem()
        .set_label(title_of(link.exercise_id))
        .set_score_maximum(100)
        .set_resource_id(link.exercise_id)
        .set_resource_link_id(link.resource_link_id)
    )
    link_id, registration = link.id, registry.registration_of(context.platform)
    db.session.commit()  # nothing held open while the platform answers
    try:
        service = PagedGrades(ServiceConnector(registration, ShortTimeoutSession(deadline)), service_data)
        if not line_item_url:
            line_item_url = _find_or_create_line_item(service, service_data["lineitems"], wanted)
        service.put_grade(grade, LineItem({"id": line_item_url}))
    except LtiServiceException as error:
        if getattr(getattr(error, "response", None), "status_code", None) != 409:
            return _failed(db.session.get(LtiScore, score_id), queued_at, _in_words(error))
        # 409: the platform holds this score, or a newer one, already (an earlier send it took but we did not hear).
    except (requests.RequestException, LtiException, ValueError, KeyError) as error:
        return _failed(db.session.get(LtiScore, score_id), queued_at, _in_words(error))
    db.session.execute(
        db.update(LtiResourceLink)
        .where(LtiResourceLink.id == link_id, LtiResourceLink.line_item_url.is_(None))
        .values(line_item_url=line_item_url)
    )
    db.session.execute(
        db.update(LtiScore)
        .where(LtiScore.id == score_id, LtiScore.queued_at == queued_at)
        .values(sent_at=utcnow(), last_error=None, line_item_url=line_item_url)
    )
    db.session.commit()
    return True


def _sub_of(learner_id: int) -> str:
    found = db.session.execute(db.select(LtiLearner.sub).filter_by(learner_id=learner_id)).scalar_one_or_none()
    return found or ""


class PagedGrades(AssignmentsGradesService):
    """pylti1p3's grade service, reading at most MAX_PAGES pages of a course's line items."""

    def find_lineitem(self, prop_name: str, prop_value) -> LineItem | None:
        url = self._service_data["lineitems"]
        for _page in range(MAX_PAGES):
            if not url:
                return None
            items, url = self.get_lineitems_page(url)
            for item in items:
                if isinstance(item, dict) and item.get(prop_name) == prop_value:
                    return LineItem(item)
        raise LtiException(f"the platform's gradebook has more than {MAX_PAGES} pages of columns; Lens read no more")


def _find_or_create_line_item(service: AssignmentsGradesService, lineitems_url: str, wanted: LineItem) -> str:
    """The platform's gradebook column for the link: found by the link or by the set, else made."""
    if not lineitems_url:
        raise LtiException("the platform gave no gradebook address (line items) for this course")
    found = service.find_lineitem_by_resource_link_id(wanted.get_resource_link_id())
    found = found or service.find_lineitem_by_resource_id(wanted.get_resource_id())
    if found is None:
        found = service.find_or_create_lineitem(wanted, find_by="resource_link_id")
    return found.get_id()


def _failed(row: LtiScore | None, queued_at, message: str, count: bool = True) -> bool:
    """Record a failed try (unless a newer score replaced the row meanwhile: queued_at None means whatever)."""
    if row is None:
        return False
    now = utcnow()
    statement = (
        db.update(LtiScore)
        .where(LtiScore.id == row.id, LtiScore.queued_at == (queued_at or row.queued_at))
        .values(
            tries=row.tries + (1 if count else 0),
            last_error=message[:500],
            next_try_at=next_try(row.tries + 1, now, first_wait) if count else next_try(1, now, first_wait),
        )
    )
    db.session.execute(statement)
    db.session.commit()
    if count:
        log.warning("LTI score %s not sent (try %s): %s", row.id, row.tries + 1, message[:200])
    return False


def _in_words(error: Exception) -> str:
    """What went wrong, for the teacher: the platform's status and a little of what it said."""
    if isinstance(error, LtiServiceException):
        response = getattr(error, "response", None)
        status = getattr(response, "status_code", None)
        return f"The platform refused the score (HTTP {status})." if status else f"The platform refused: {error}"
    if isinstance(error, requests.Timeout):
        return "The platform did not answer in time."
    if isinstance(error, requests.ConnectionError):
        return "The platform could not be reached."
    return f"The score could not be sent: {str(error)[:200]}"


def unsent_to(found: LtiPlatform) -> int:
    """How many scores wait for this platform."""
    query = (
        db.select(db.func.count())
        .select_from(LtiScore)
        .join(LtiResourceLink, LtiResourceLink.id == LtiScore.link_id)
        .join(LtiContext, LtiContext.id == LtiResourceLink.lti_context_id)
        .filter(LtiContext.platform_id == found.id, LtiScore.sent_at.is_(None))
    )
    return db.session.execute(query).scalar_one()


@dataclass(frozen=True)
class Unsent:
    count: int
    last_error: str | None
    oldest: datetime | None


def unsent(classroom: Classroom) -> Unsent:
    """The class's scores the platform has not taken yet, and what went wrong last."""
    query = (
        db.select(LtiScore.last_error, LtiScore.queued_at)
        .join(LtiResourceLink, LtiResourceLink.id == LtiScore.link_id)
        .join(LtiContext, LtiContext.id == LtiResourceLink.lti_context_id)
        .filter(LtiContext.classroom_id == classroom.id, LtiScore.sent_at.is_(None))
        .order_by(LtiScore.queued_at.desc())
    )
    rows = db.session.execute(query).all()
    errors = [error for error, _ in rows if error]
    return Unsent(len(rows), errors[0] if errors else None, aware(rows[-1][1]) if rows else None)
