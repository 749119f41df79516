"""The class's grid drawn again for the dashboard's script, which swaps in what changed during a lesson."""

from __future__ import annotations

import hashlib

from flask import Blueprint, make_response, render_template, request

from quiz.web.dashboard import grid_context
from quiz.web.ownership import for_teachers_only, owned_class

bp = Blueprint("live_dashboard", __name__, url_prefix="/teacher/classes")
for_teachers_only(bp)


@bp.get("/<id:class_id>/live")
def grid(class_id: int):
    """The grid's fragment (templates/teacher/_class_grid.html) with its digest as the ETag: a poll that sends the
    digest it has gets an empty 304 while nothing on the grid changed."""
    fragment = render_template("teacher/_class_grid.html", **grid_context(owned_class(class_id)))
    response = make_response(fragment)
    # A digest of what is drawn, not a stamp of the database: nothing can show an old mark, whichever write
    # (an answer, an override, a re-score, an erasure) changed it, and the "Now" column moves on by itself.
    response.set_etag(hashlib.sha256(fragment.encode()).hexdigest()[:32])
    return response.make_conditional(request)
