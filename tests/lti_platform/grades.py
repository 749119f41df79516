"""Assignment and Grade Services 2.0: the course's line items (gradebook columns), and the scores posted to them."""

from __future__ import annotations

from datetime import datetime
from numbers import Real
from urllib.parse import urlencode

from flask import Blueprint, abort, jsonify, request

from .claims import (
    LINE_ITEM_CONTAINER_TYPE,
    LINE_ITEM_TYPE,
    RESULT_CONTAINER_TYPE,
    SCOPE_LINE_ITEM,
    SCOPE_LINE_ITEM_READ,
    SCOPE_RESULT_READ,
    SCOPE_SCORE,
    SCORE_TYPE,
)
from .services import (
    current_platform,
    json_body,
    json_error,
    known_context,
    refuse_while_down,
    require_content_type,
    require_scope,
)

bp = Blueprint("grades", __name__)
bp.before_request(refuse_while_down)

ACTIVITY_PROGRESS = {"Initialized", "Started", "InProgress", "Submitted", "Completed"}
GRADING_PROGRESS = {"FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"}
SCORE_FIELDS = ("userId", "scoreGiven", "scoreMaximum", "comment", "activityProgress", "gradingProgress", "timestamp")
LINE_ITEM_FIELDS = (
    "label",
    "scoreMaximum",
    "resourceId",
    "resourceLinkId",
    "tag",
    "startDateTime",
    "endDateTime",
    "submissionReview",
)
FILTERS = {"resource_link_id": "resourceLinkId", "resource_id": "resourceId", "tag": "tag"}


def typed_json(body, media_type: str, status: int = 200):
    response = jsonify(body)
    response.status_code = status
    response.mimetype = media_type
    return response


@bp.get("/contexts/<context_id>/lineitems")
def list_line_items(context_id: str):
    """The course's line items, filtered and paged as AGS 2.0 allows (a Link header points to the next page)."""
    require_scope(SCOPE_LINE_ITEM, SCOPE_LINE_ITEM_READ)
    platform = current_platform()
    prefix = platform.line_items_url(known_context(context_id).id) + "/"
    line_items = [item for item in platform.line_items.values() if item["id"].startswith(prefix)]
    for parameter, field in FILTERS.items():
        if parameter in request.args:
            line_items = [item for item in line_items if item.get(field) == request.args[parameter]]
    page, next_url = one_page(line_items)
    response = typed_json(page, LINE_ITEM_CONTAINER_TYPE)
    if next_url:
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    return response


def one_page(line_items: list[dict]) -> tuple[list[dict], str | None]:
    """The page asked for with ?limit=&page=, and the URL of the next page if there is one."""
    limit = request.args.get("limit", type=int)
    if not limit or limit < 1:
        return line_items, None
    page = request.args.get("page", default=1, type=int)
    start = (page - 1) * limit
    has_more = len(line_items) > start + limit
    next_url = request.base_url + "?" + urlencode_args(page=page + 1) if has_more else None
    return line_items[start : start + limit], next_url


def urlencode_args(**changes) -> str:
    return urlencode(request.args.to_dict() | {name: str(value) for name, value in changes.items()})


@bp.post("/contexts/<context_id>/lineitems")
def create_line_item(context_id: str):
    """A new gradebook column made by the tool; answered with the line item and its id (its URL)."""
    require_scope(SCOPE_LINE_ITEM)
    require_content_type(LINE_ITEM_TYPE)
    context = known_context(context_id)
    body = json_body()
    problem = line_item_problem(body, context_id)
    if problem:
        return json_error(400, "invalid_request", problem)
    fields = {name: body[name] for name in LINE_ITEM_FIELDS if name in body}
    return typed_json(current_platform().add_line_item(context.id, fields), LINE_ITEM_TYPE, 201)


def line_item_problem(body: dict, context_id: str) -> str | None:
    if not isinstance(body.get("label"), str) or not body["label"].strip():
        return "label is required: the gradebook column needs a name"
    if not is_number(body.get("scoreMaximum")) or body["scoreMaximum"] <= 0:
        return f"scoreMaximum must be a number above 0, got {body.get('scoreMaximum')!r}"
    link_id = body.get("resourceLinkId")
    if link_id is not None and link_id not in current_platform().resource_links.get(context_id, {}):
        return f"resourceLinkId {link_id!r} is not a link in course {context_id!r}"
    return None


def is_number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def known_line_item(context_id: str, number: int) -> dict:
    platform = current_platform()
    url = f"{platform.line_items_url(context_id)}/{number}"
    if url not in platform.line_items:
        abort(json_error(404, "not_found", f"no line item {url}"))
    return platform.line_items[url]


@bp.get("/contexts/<context_id>/lineitems/<int:number>")
def show_line_item(context_id: str, number: int):
    require_scope(SCOPE_LINE_ITEM, SCOPE_LINE_ITEM_READ)
    return typed_json(known_line_item(context_id, number), LINE_ITEM_TYPE)


@bp.post("/contexts/<context_id>/lineitems/<int:number>/scores")
def post_score(context_id: str, number: int):
    """A learner's score on a line item (AGS 2.0 Score service); recorded in platform.scores."""
    require_scope(SCOPE_SCORE)
    require_content_type(SCORE_TYPE)
    line_item = known_line_item(context_id, number)
    body = json_body()
    problem = score_problem(body, context_id)
    if problem:
        return json_error(400, "invalid_request", problem)
    platform = current_platform()
    with platform.lock:
        previous = latest_score(platform.scores, line_item["id"], body["userId"])
        if previous and parse_timestamp(previous["timestamp"]) >= parse_timestamp(body["timestamp"]):
            # AGS 2.0: a platform must not let an older (or same-time) score replace a newer one.
            return json_error(409, "conflict", f"a score with timestamp {previous['timestamp']} is already recorded")
        platform.scores.append({"lineitem": line_item["id"], **dict.fromkeys(SCORE_FIELDS), **body})
    return "", 204


def score_problem(body: dict, context_id: str) -> str | None:
    """Why a score must be refused, checked as AGS 2.0 describes each field; None when it is sound."""
    user_id = body.get("userId")
    if not isinstance(user_id, str) or not user_id:
        return "userId is required"
    if all(member.user_id != user_id for member in current_platform().members.get(context_id, [])):
        return f"userId {user_id!r} is not a member of course {context_id!r}"
    if body.get("activityProgress") not in ACTIVITY_PROGRESS:
        return f"activityProgress must be one of {sorted(ACTIVITY_PROGRESS)}, got {body.get('activityProgress')!r}"
    if body.get("gradingProgress") not in GRADING_PROGRESS:
        return f"gradingProgress must be one of {sorted(GRADING_PROGRESS)}, got {body.get('gradingProgress')!r}"
    if parse_timestamp(body.get("timestamp")) is None:
        return f"timestamp must be ISO 8601 with a time zone, got {body.get('timestamp')!r}"
    if "scoreGiven" in body:
        if not is_number(body["scoreGiven"]) or body["scoreGiven"] < 0:
            return f"scoreGiven must be a number of at least 0, got {body['scoreGiven']!r}"
        if not is_number(body.get("scoreMaximum")) or body["scoreMaximum"] <= 0:
            return f"scoreMaximum must be a number above 0 when scoreGiven is sent, got {body.get('scoreMaximum')!r}"
    return None


def parse_timestamp(value) -> datetime | None:
    """The moment a timestamp names; None unless it is ISO 8601 with a time zone (a bare time is ambiguous)."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else None


def latest_score(scores: list[dict], line_item_id: str, user_id: str) -> dict | None:
    return next((s for s in reversed(scores) if s["lineitem"] == line_item_id and s["userId"] == user_id), None)


@bp.get("/contexts/<context_id>/lineitems/<int:number>/results")
def list_results(context_id: str, number: int):
    """The current result of each learner on a line item: their latest score (AGS 2.0 Result service)."""
    require_scope(SCOPE_RESULT_READ)
    line_item = known_line_item(context_id, number)
    platform = current_platform()
    user_ids = dict.fromkeys(s["userId"] for s in platform.scores if s["lineitem"] == line_item["id"])
    wanted = request.args.get("user_id")
    results = [
        result_of(latest_score(platform.scores, line_item["id"], user_id), line_item)
        for user_id in user_ids
        if wanted in (None, user_id)
    ]
    return typed_json(results, RESULT_CONTAINER_TYPE)


def result_of(score: dict, line_item: dict) -> dict:
    result = {
        "id": f"{line_item['id']}/results/{score['userId']}",
        "scoreOf": line_item["id"],
        "userId": score["userId"],
    }
    if score.get("scoreGiven") is not None:
        # Results are on the line item's scale, as a gradebook shows them.
        result["resultScore"] = score["scoreGiven"] * line_item["scoreMaximum"] / score["scoreMaximum"]
        result["resultMaximum"] = line_item["scoreMaximum"]
    if score.get("comment"):
        result["comment"] = score["comment"]
    return result
