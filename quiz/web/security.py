"""Headers on every response: no inline script, no framing, no sniffing, no referrer leaks; and whose forwarded
headers are believed."""

from __future__ import annotations

import ipaddress

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
        _trust_only_the_proxies(app)


def _trust_only_the_proxies(app: Flask) -> None:
    """Drop X-Forwarded-* headers that do not come from a trusted proxy, before ProxyFix reads them: the throttles
    count guesses per address, and a header anyone can write would give a guesser any address."""
    trusted, believed = app.config["TRUSTED_PROXIES"], app.wsgi_app
    warned = False

    def forwarded_headers_only_from_proxies(environ, start_response):
        nonlocal warned
        forwarded = [name for name in environ if name.startswith("HTTP_X_FORWARDED_")]
        if forwarded and not _is_trusted(environ.get("REMOTE_ADDR", ""), trusted):
            for name in forwarded:
                del environ[name]
            if not warned:
                warned = True
                app.logger.warning(
                    "Ignored X-Forwarded headers from %s, which is not in FLASK_TRUSTED_PROXIES; if it is your proxy, "
                    "add it there.",
                    environ.get("REMOTE_ADDR"),
                )
        return believed(environ, start_response)

    app.wsgi_app = forwarded_headers_only_from_proxies


def _is_trusted(peer: str, trusted: tuple) -> bool:
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        # Not an IP address: a Unix socket, which only processes on this machine can reach.
        return True
    address = getattr(address, "ipv4_mapped", None) or address
    return any(address in network for network in trusted)


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
