"""A student's data on request: everything stored about one student of the teacher's class, as JSON or CSV."""

from __future__ import annotations

import json

from flask import Blueprint, Response

from quiz.classroom.spreadsheets import csv_chunks
from quiz.store import student_data
from quiz.web.live_bank import bank
from quiz.web.ownership import for_teachers_only, member_or_404, owned_class

bp = Blueprint("student_data", __name__, url_prefix="/teacher/classes")


for_teachers_only(bp)


@bp.get("/<id:class_id>/students/<id:learner_id>/data.json")
def as_json(class_id: int, learner_id: int):
    membership = member_or_404(owned_class(class_id), learner_id)
    data = student_data.everything_about(membership, bank().sets)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return _download(text, "application/json", student_data.file_name(membership, "json"))


@bp.get("/<id:class_id>/students/<id:learner_id>/data.csv")
def as_csv(class_id: int, learner_id: int):
    membership = member_or_404(owned_class(class_id), learner_id)
    sheet = student_data.as_sheet(student_data.everything_about(membership, bank().sets))
    return _download("".join(csv_chunks(sheet)), "text/csv", student_data.file_name(membership, "csv"))


def _download(text: str, mimetype: str, name: str) -> Response:
    response = Response(text, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    # A child's data: never kept by the browser or by a cache on the way.
    response.headers["Cache-Control"] = "no-store"
    return response
