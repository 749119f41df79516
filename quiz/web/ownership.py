"""The teacher's own rows, found by the ids in their URLs; another teacher's are answered as if they did not exist."""

from __future__ import annotations

from flask import Blueprint, abort
from werkzeug.routing import IntegerConverter

from quiz.models import Answer, Attempt, Classroom, Membership, db
from quiz.web.auth import signed_in_teacher, teacher_required


class RowId(IntegerConverter):
    """A row id in a URL: a whole number an integer column can hold, so a huge one is a 404, not a crash."""

    def __init__(self, url_map, *args, **kwargs):
        super().__init__(url_map, min=1, max=2**63 - 1)


def for_teachers_only(blueprint: Blueprint) -> None:
    """Every page of the blueprint is for a signed-in teacher."""

    @blueprint.before_request
    @teacher_required
    def only_teachers() -> None:
        return None


def owned_class(class_id: int) -> Classroom:
    """One of the signed-in teacher's classes."""
    found = db.session.get(Classroom, class_id)
    if found is None or found.teacher_id != signed_in_teacher().id:
        abort(404, "There is no such class among yours.")
    return found


def member_or_404(classroom: Classroom, learner_id: int) -> Membership:
    found = db.session.get(Membership, learner_id)
    if found is None or found.classroom_id != classroom.id:
        abort(404, "There is no such student in this class.")
    return found


def answer_of_class(classroom: Classroom, answer_id: int) -> Answer:
    answer = db.session.get(Answer, answer_id)
    if answer is None:
        abort(404, "There is no such answer in this class.")
    member_or_404(classroom, db.session.get(Attempt, answer.attempt_id).learner_id)
    return answer
