"""Headers on every response: no inline script, no framing, no sniffing, no referrer leaks."""

from __future__ import annotations

from flask import Flask, Response, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
HSTS = "max-age=31536000"


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, marked Secure whenever the page came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or (has_request_context() and request.is_secure))


def init_app(app: Flask) -> None:
    """Add the headers to every response the app sends; trust the configured proxies' headers only."""
    app.after_request(add_security_headers)
    app.session_interface = SessionCookies()
    hops = int(app.config["PROXY_HOPS"])
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def add_security_headers(response: Response) -> Response:
    """Headers a browser enforces: scripts and styles from this app only, never framed, sniffed or cached; HTTPS."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if request.endpoint != "static":
        # Pages and downloads hold one learner's answers or a class's marks: never keep them in any cache.
        # Replaces send_file's "no-cache", which still lets a shared computer keep an export on disk.
        response.headers["Cache-Control"] = "no-store"
    if request.is_secure:
        # A browser that once came over HTTPS never tries plain HTTP here again for a year. Never sent over HTTP:
        # RFC 6797 forbids it, as anyone on the way could have added it.
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response
