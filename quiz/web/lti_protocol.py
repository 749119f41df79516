"""The pages that refuse a launch, and what a session inside a platform's frame needs: the HTTPS rule, SameSite=None
cookies and the frame-ancestors its platform may use. (pylti1p3 as Lens configures it is in lti_launch.py.)"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask, current_app, g, has_request_context, render_template, request, session
from pylti1p3.exception import LtiException

from quiz.web.lti_claims import Refusal
from quiz.web.security import CONTENT_SECURITY_POLICY, SessionCookies

log = logging.getLogger(__name__)

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"


# --- Refusals: a page saying what was wrong and what to tell whoever runs the platform


REFUSALS = [
    # (what pylti1p3 says, status, what the person reads)
    (
        "not yet valid",
        403,
        "The launch is dated more than a minute in the future: the clocks of the platform and of Lens's server "
        "disagree. Tell whoever runs them to set both by network time (NTP); then launch again.",
    ),
    (
        "Signature has expired",
        403,
        "The launch had expired before it reached Lens. Launch again from the course; if it keeps happening, the "
        "clocks of the platform and of Lens's server disagree.",
    ),
    (
        "Can't decode id_token",
        403,
        "The launch's signature does not match the platform's keys. Tell whoever runs the platform: the key set "
        "address registered in Lens may be wrong, or the launch did not come from the platform.",
    ),
    (
        "Error during fetch URL",
        502,
        "Lens could not reach the platform's key set to check the launch's signature. Launch again in a minute; if "
        "it keeps happening, tell whoever runs the platform.",
    ),
    (
        "Unable to find public key",
        403,
        "The launch was signed with a key the platform's key set does not list. Tell whoever runs the platform to "
        "check the key set address registered in Lens.",
    ),
    (
        "Invalid Nonce",
        403,
        "This launch has been used already, or came too late. Go back to the course and follow the link again.",
    ),
    (
        "State not found",
        403,
        "Lens could not match this launch to the sign-in that started it: the browser did not send back Lens's "
        "cookie. It may block cookies inside the course page; open Lens in a new window, or allow cookies for it.",
    ),
    (
        "Missing state",
        400,
        "The launch came without its sign-in state. Go back to the course and follow the link again.",
    ),
    (
        "Unable to find deployment",
        403,
        "Lens does not know this deployment of the platform. Tell whoever runs Lens to add its deployment id "
        "(flask --app quiz lti-register … --deployment-id …, or the LTI page for admins).",
    ),
    (
        "Registration not found",
        403,
        "Lens is not registered with this platform and client id (the token's issuer and audience). Tell whoever "
        "runs Lens to register it, with the values from the platform's developer key.",
    ),
    (
        "Could not find registration",
        403,
        "Lens is not registered with this platform and client id. Tell whoever runs Lens to register it, with the "
        "values from the platform's developer key.",
    ),
    (
        "Client id not registered",
        403,
        "The launch is meant for another tool (its audience is not Lens's client id). Tell whoever runs the "
        "platform to check the client id registered in Lens.",
    ),
]


def refused(message: str, status: int = 400, detail: str | None = None):
    """The refusal page. It shows inside whatever platform framed the launch (it holds nothing and does nothing)."""
    framed_by_anyone()
    return render_template("lti/refused.html", message=message, detail=detail), status


def framed_by_anyone() -> None:
    """Let any page frame this response: before a launch is checked Lens cannot know which platform frames it."""
    g.lti_framed_by_anyone = True


def refusal(error: Exception):
    """The refusal page for an error: Lens's own sentence, pylti1p3's check explained (with what it said), or a
    generic sentence for anything else (logged, never shown: it may hold internals)."""
    if isinstance(error, Refusal):
        log.info("LTI launch refused: %s", error)
        return refused(str(error), error.status)
    if not isinstance(error, LtiException):
        log.warning("LTI launch refused, unreadable: %r", error)
        return refused(
            "Lens could not read this launch. Go back to the course and follow the link again; if it keeps "
            "happening, tell whoever runs the platform.",
            400,
        )
    said = str(error)
    log.info("LTI launch refused: %s", said[:300])
    for phrase, status, message in REFUSALS:
        if phrase.lower() in said.lower():
            return refused(message, status, said[:300])
    return refused(
        "Lens could not accept this launch. Go back to the course and follow the link again; if it keeps "
        "happening, tell whoever runs the platform what it says below.",
        400,
        said[:300],
    )


def https_problem() -> str | None:
    """Launches come over HTTPS, except while developing: debug, tests, or LTI_ALLOW_HTTP set (the Host header is
    the client's to choose, so it is no reason)."""
    if request.is_secure or current_app.debug or current_app.testing or current_app.config.get("LTI_ALLOW_HTTP"):
        return None
    return (
        "Launches from a learning platform must come over HTTPS. Tell whoever runs Lens to serve it over HTTPS "
        "(behind a proxy, set FLASK_PROXY_HOPS so Lens sees that the page came over HTTPS)."
    )


def _object(value) -> dict:
    return value if isinstance(value, dict) else {}


def frame_origins(found, claims: dict) -> list[str]:
    """Where the platform may frame Lens's pages from: its own addresses, as the registration and launch give them."""
    addresses = [
        found.issuer,
        found.auth_login_url,
        _object(claims.get(CLAIM + "launch_presentation")).get("return_url") or "",
        _object(claims.get(CLAIM + "tool_platform")).get("url") or "",
    ]
    origins = []
    for address in addresses:
        parts = urlsplit(str(address))
        if parts.scheme in ("http", "https") and parts.netloc and all(c not in parts.netloc for c in " ;'\""):
            origins.append(f"{parts.scheme}://{parts.netloc}")
    return list(dict.fromkeys(origins))


# --- Frames and cookies: an LTI session lives in the platform's frame


class LtiSessionCookies(SessionCookies):
    """Inside an LMS's frame the session cookie is a third-party cookie: SameSite=None (with Secure) over HTTPS."""

    def get_cookie_samesite(self, app: Flask):
        if has_request_context() and request.is_secure and session.get("lti_frame"):
            return "None"
        return super().get_cookie_samesite(app)


def frame_headers(response):
    """Run after the security headers: an LTI session's pages may be framed by its platform, and the deep-linking
    page may post to it."""
    origins = session.get("lti_frame") if has_request_context() else None
    if g.get("lti_framed_by_anyone"):
        origins = ["*"]
    form_action = g.get("lti_form_action")
    if not origins and not form_action:
        return response
    policy = response.headers.get("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    if origins:
        ancestors = "*" if origins == ["*"] else "'self' " + " ".join(origins)
        policy = policy.replace("frame-ancestors 'none'", f"frame-ancestors {ancestors}")
        response.headers.pop("X-Frame-Options", None)
    if form_action:
        policy = policy.replace("form-action 'self'", f"form-action 'self' {form_action}")
    response.headers["Content-Security-Policy"] = policy
    return response
