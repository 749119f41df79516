"""Names and Role Provisioning Services 2.0: who is in the course, with their roles."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from .claims import MEMBERSHIP_CONTAINER_TYPE, SCOPE_MEMBERSHIPS_READ, role_uri
from .services import current_platform, known_context, refuse_while_down, require_scope

bp = Blueprint("memberships", __name__)
bp.before_request(refuse_while_down)


@bp.get("/contexts/<context_id>/memberships")
def list_members(context_id: str):
    """The membership container of a course; ?role=Learner (or a role URI) keeps only those with that role."""
    require_scope(SCOPE_MEMBERSHIPS_READ)
    platform = current_platform()
    context = known_context(context_id)
    members = [member.nrps_entry() for member in platform.members.get(context_id, [])]
    if "role" in request.args:
        members = [entry for entry in members if role_uri(request.args["role"]) in entry["roles"]]
    container = {
        "id": request.url,
        "context": {"id": context.id, "label": context.label, "title": context.title},
        "members": members,
    }
    response = jsonify(container)
    response.mimetype = MEMBERSHIP_CONTAINER_TYPE
    return response
