"""The token endpoint, and the access checks that every LTI Advantage service (grades, memberships) shares.

A tool calls a service in two steps (LTI Security Framework 1.0, section 4): it signs a JWT with its own private
key and trades it at POST /token for a short-lived bearer token; then it calls the service with that token.
"""

from __future__ import annotations

import time

from flask import Blueprint, abort, current_app, jsonify, request

from .claims import GRANTABLE_SCOPES
from .keys import InvalidToolJwt

bp = Blueprint("services", __name__)

JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def current_platform():
    return current_app.extensions["lti_platform"]


def refuse_while_down():
    """503 from every service while the test has taken the platform down (before_request of each service); a wait
    first while it is slow."""
    if current_platform().delay:
        time.sleep(current_platform().delay)
    if current_platform().is_down:
        abort(
            json_error(503, "temporarily_unavailable", "The platform is down for maintenance.", {"Retry-After": "60"})
        )


bp.before_request(refuse_while_down)


def json_error(status: int, error: str, description: str, headers: dict | None = None):
    response = jsonify({"error": error, "error_description": description})
    response.status_code = status
    response.headers.update(headers or {})
    return response


@bp.post("/token")
def token():
    """OAuth 2 client credentials with a signed JWT as the client's proof (RFC 7523), as LTI 1.3 requires."""
    platform = current_platform()
    form = request.form
    if form.get("grant_type") != "client_credentials":
        return json_error(400, "unsupported_grant_type", "grant_type must be client_credentials")
    if form.get("client_assertion_type") != JWT_BEARER or not form.get("client_assertion"):
        return json_error(400, "invalid_request", f"send client_assertion_type {JWT_BEARER} and a client_assertion")
    problem = assertion_problem(form["client_assertion"], platform)
    if problem:
        return json_error(401, "invalid_client", problem)
    scopes = form.get("scope", "").split()
    unknown = sorted(set(scopes) - GRANTABLE_SCOPES)
    if not scopes or unknown:
        return json_error(400, "invalid_scope", f"scope must name services of this platform; unknown: {unknown}")
    access_token = platform.grant_access_token(frozenset(scopes))
    return {"access_token": access_token, "token_type": "Bearer", "expires_in": 3600, "scope": " ".join(scopes)}


def assertion_problem(assertion: str, platform) -> str | None:
    """Why the tool's client assertion does not prove it is the registered tool; None when it does."""
    try:
        claims = platform.tool_keys.verify(
            assertion, audience=[platform.token_url, platform.issuer], issuer=platform.client_id
        )
    except InvalidToolJwt as error:
        return str(error)
    if claims.get("sub") != platform.client_id:
        return f"sub must be the client_id {platform.client_id!r}, got {claims.get('sub')!r}"
    jti = claims.get("jti")
    if not jti:
        return "jti is missing: every client assertion needs a unique id, so that it cannot be replayed"
    with platform.lock:
        if jti in platform.used_assertion_ids:
            return f"jti {jti!r} was used before: a client assertion is good for one token only"
        platform.used_assertion_ids.add(jti)
    return None


def require_scope(*any_of: str) -> None:
    """Stop the request unless it carries a live access token granted one of these scopes."""
    platform = current_platform()
    kind, _, access_token = request.headers.get("Authorization", "").partition(" ")
    grant = platform.access_tokens.get(access_token) if kind.lower() == "bearer" else None
    if grant is None or grant.expires_at < time.time():
        challenge = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
        abort(json_error(401, "invalid_token", "send a live access token from /token as 'Bearer <token>'", challenge))
    if not grant.scopes.intersection(any_of):
        abort(
            json_error(403, "insufficient_scope", f"this needs an access token with one of the scopes {list(any_of)}")
        )


def require_content_type(media_type: str) -> None:
    if request.mimetype != media_type:
        abort(json_error(415, "unsupported_media_type", f"Content-Type must be {media_type}, got {request.mimetype!r}"))


def json_body() -> dict:
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        abort(json_error(400, "invalid_request", "the body must be a JSON object"))
    return body


def known_context(context_id: str):
    context = current_platform().contexts.get(context_id)
    if context is None:
        abort(json_error(404, "not_found", f"no course {context_id!r} on this platform"))
    return context
