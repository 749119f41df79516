"""Deep Linking 2.0: the tool sends back, in a JWT it signed, the links a teacher chose to add to the course.

The platform then does what an LMS does: it adds each link to the course, with its custom parameters (sent again at
every launch of the link) and, when the tool asks for one, a gradebook column (line item) tied to the link.
"""

from __future__ import annotations

from html import escape

from flask import Blueprint, current_app, make_response, request

from .claims import (
    DEEP_LINKING_CONTENT_ITEMS,
    DEEP_LINKING_DATA,
    DEEP_LINKING_RESPONSE,
    DEPLOYMENT_ID,
    MESSAGE_TYPE,
    VERSION,
)
from .grades import is_number
from .keys import InvalidToolJwt
from .pages import link_list, page

bp = Blueprint("deep_linking", __name__)


@bp.post("/deep-link-return")
def deep_link_return():
    """Check the tool's deep linking response, add its links to the course, and show what was added."""
    platform = current_app.extensions["lti_platform"]
    try:
        claims = platform.tool_keys.verify(
            request.form.get("JWT", ""), audience=platform.issuer, issuer=platform.client_id
        )
    except InvalidToolJwt as error:
        return refused(str(error))
    launch = next(
        (launch for launch in platform.launches.values() if launch.deep_linking_data == claims.get(DEEP_LINKING_DATA)),
        None,
    )
    problem = response_problem(claims, platform, launch)
    if problem:
        return refused(problem)
    with platform.lock:
        platform.deep_link_responses.append(claims)
    added = [add_to_course(item, launch.context.id, platform) for item in claims.get(DEEP_LINKING_CONTENT_ITEMS, [])]
    links = [(link.get("title") or link["id"], link.get("url") or platform.tool_launch_url) for link in added]
    return page("Added to the course", link_list(links) if links else "<p>Nothing was added.</p>")


def refused(problem: str):
    return make_response(page("Deep linking response refused", f"<p>{escape(problem)}</p>"), 400)


def response_problem(claims: dict, platform, launch) -> str | None:
    """Why a deep linking response must be refused (Deep Linking 2.0, section 4.2); None when it is sound."""
    if claims.get(MESSAGE_TYPE) != DEEP_LINKING_RESPONSE:
        return f"message_type must be {DEEP_LINKING_RESPONSE}, got {claims.get(MESSAGE_TYPE)!r}"
    if claims.get(VERSION) != "1.3.0":
        return f"version must be 1.3.0, got {claims.get(VERSION)!r}"
    if claims.get(DEPLOYMENT_ID) != platform.deployment_id:
        return f"deployment_id must be {platform.deployment_id!r}, got {claims.get(DEPLOYMENT_ID)!r}"
    if not claims.get("nonce"):
        return "nonce is missing"
    if launch is None:
        return (
            f"data {claims.get(DEEP_LINKING_DATA)!r} is not the data of a deep linking request: send it back as given"
        )
    items = claims.get(DEEP_LINKING_CONTENT_ITEMS, [])
    if not isinstance(items, list):
        return "content_items must be a list"
    for item in items:
        if not isinstance(item, dict) or item.get("type") != "ltiResourceLink":
            return f"only ltiResourceLink items were asked for, got {item!r}"
        line_item = item.get("lineItem")
        if line_item is not None and (not is_number(line_item.get("scoreMaximum")) or line_item["scoreMaximum"] <= 0):
            return f"lineItem.scoreMaximum must be a number above 0, got {line_item.get('scoreMaximum')!r}"
    return None


def add_to_course(item: dict, context_id: str, platform) -> dict:
    """A new resource link in the course for one content item, and its line item if the tool asked for one."""
    with platform.lock:
        links = platform.resource_links.setdefault(context_id, {})
        link = {"id": f"deep-link-{sum(len(course) for course in platform.resource_links.values()) + 1}"}
        link |= {name: item[name] for name in ("title", "url", "custom") if item.get(name) is not None}
        if item.get("text"):
            link["description"] = item["text"]
        links[link["id"]] = link
    if item.get("lineItem"):
        fields = {"label": item.get("title") or link["id"]} | item["lineItem"] | {"resourceLinkId": link["id"]}
        platform.add_line_item(context_id, fields)
    return link
