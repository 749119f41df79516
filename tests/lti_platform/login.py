"""The launch: OIDC third-party initiated login, the authorisation request, and the platform's public keys.

1. GET /launch/<hint>: the LMS sends the browser to the tool's login URL with who and what (iss, login_hint, ...).
2. The tool remembers a state and a nonce and sends the browser to GET /auth with them.
3. /auth checks the request and posts a signed id_token and the state to the tool's launch URL.
4. The tool verifies the id_token with the keys at GET /jwks.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, make_response, request

from .claims import id_token_claims
from .pages import auto_submit_form

bp = Blueprint("login", __name__)


def current_platform():
    return current_app.extensions["lti_platform"]


@bp.get("/launch/<hint>")
def start_launch(hint: str):
    """Third-party initiated login (LTI 1.3 Core 5.1.1): a self-submitting form to the tool's login URL."""
    platform = current_platform()
    launch = platform.launches.get(hint) or abort(404, f"No launch {hint!r}: make one with launch_url().")
    fields = {
        "iss": platform.issuer,
        "login_hint": launch.user.user_id,
        "target_link_uri": launch.target_link_uri,
        "lti_message_hint": hint,
        "client_id": platform.client_id,
        "lti_deployment_id": platform.deployment_id,
    }
    return auto_submit_form(platform.tool_login_url, fields, "Opening the tool")


@bp.route("/auth", methods=["GET", "POST"])
def authorise():
    """The OIDC authentication request (Core 5.1.1.2): check it as a platform must, then post the id_token."""
    platform = current_platform()
    params = request.values
    launch = platform.launches.get(params.get("lti_message_hint", ""))
    problem = authorisation_problem(params, platform, launch)
    if problem:
        return make_response(problem, 400, {"Content-Type": "text/plain; charset=utf-8"})
    id_token = platform.sign_id_token(id_token_claims(launch, params["nonce"], platform), launch.tamper)
    fields = {"id_token": id_token, "state": params["state"]}
    platform.last_launch = dict(fields)
    return auto_submit_form(params["redirect_uri"], fields, "Opening the tool")


def authorisation_problem(params, platform, launch) -> str | None:
    """Why this authentication request must be refused, in one sentence; None when it is sound."""
    expected = {"scope": "openid", "response_type": "id_token", "response_mode": "form_post", "prompt": "none"}
    for name, value in expected.items():
        if params.get(name) != value:
            return f"{name} must be {value!r}, got {params.get(name)!r}"
    if params.get("client_id") != platform.client_id:
        return f"unknown client_id {params.get('client_id')!r}: this platform knows only {platform.client_id!r}"
    if params.get("redirect_uri") not in platform.redirect_uris():
        return f"redirect_uri {params.get('redirect_uri')!r} is not one of the tool's registered launch URLs"
    for name in ("nonce", "state"):
        if not params.get(name):
            return f"{name} is missing: the tool must send one to tie the id_token to this browser"
    if launch is None:
        return f"unknown lti_message_hint {params.get('lti_message_hint')!r}"
    if params.get("login_hint") != launch.user.user_id:
        return f"login_hint {params.get('login_hint')!r} is not the user of this launch"
    return None


@bp.get("/jwks")
def key_set():
    """The platform's public keys; the tool picks the one named by the kid in the id_token's header."""
    current_platform().key_set_fetches += 1
    return {"keys": [current_platform().signing_key.public_jwk()]}
