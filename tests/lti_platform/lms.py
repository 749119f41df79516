"""TestPlatform: a small LMS that speaks LTI 1.3 to one tool, served on loopback for the tests or by hand."""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass

import requests
from flask import Flask
from werkzeug.serving import make_server

from . import browser, deep_linking, grades, login, memberships, pages, services
from .claims import (
    DEEP_LINKING_REQUEST,
    RESOURCE_LINK_REQUEST,
    TAMPERINGS,
    Context,
    LaunchRequest,
    Member,
)
from .keys import SigningKey, ToolKeySet, shared_private_key

ACCESS_TOKEN_LIFETIME = 3600  # seconds


@dataclass
class Grant:
    """An access token the token endpoint issued: what it allows, and until when."""

    scopes: frozenset[str]
    expires_at: float


class TestPlatform:
    """An imitation LMS with one registered tool (client_id) deployed once (deployment_id).

    Tests read what the tool did from plain attributes: scores, line_items, deep_link_responses, last_launch.
    """

    __test__ = False  # its name starts with "Test", but pytest must not collect it

    def __init__(self, tool_login_url, tool_launch_url, tool_jwks_url, tool_deep_link_url=None, *, port=0):
        self.tool_login_url = tool_login_url
        self.tool_launch_url = tool_launch_url
        self.tool_deep_link_url = tool_deep_link_url
        self.tool_keys = ToolKeySet(tool_jwks_url)
        self.port = port
        self.client_id = "lens-test-client"
        self.deployment_id = "deployment-1"
        self.signing_key = SigningKey("platform-key-1", shared_private_key("platform"))
        self.lock = threading.Lock()  # the server answers on many threads at once
        self.launches: dict[str, LaunchRequest] = {}
        self.contexts: dict[str, Context] = {}
        self.resource_links: dict[str, dict[str, dict]] = {}  # context id -> link id -> resource link claim
        self.members: dict[str, list[Member]] = {}
        self.line_items: dict[str, dict] = {}
        self.scores: list[dict] = []
        self.deep_link_responses: list[dict] = []
        self.access_tokens: dict[str, Grant] = {}
        self.used_assertion_ids: set[str] = set()
        self.last_launch: dict | None = None
        self.is_down = False
        self.delay = 0.0  # seconds every service waits before answering (slow())
        self.key_set_fetches = 0  # how many times /jwks was asked for
        self._server = None
        self._thread = None

    # The server.

    def start(self) -> TestPlatform:
        """Serve on 127.0.0.1 (on a free port unless one was given) in a daemon thread."""
        self._server = make_server("127.0.0.1", self.port, self.wsgi_app(), threaded=True)
        self.port = self._server.server_port
        # A short poll interval, so that stop() returns at once rather than after half a second.
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="lti-platform", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    def wsgi_app(self) -> Flask:
        app = Flask(__name__)
        app.extensions["lti_platform"] = self
        for blueprint in (login.bp, services.bp, grades.bp, memberships.bp, deep_linking.bp, pages.bp):
            app.register_blueprint(blueprint)
        return app

    def down(self) -> None:
        """Answer 503 at the token, grade and membership endpoints, as an LMS under maintenance does."""
        self.is_down = True

    def up(self) -> None:
        self.is_down = False
        self.delay = 0.0

    def slow(self, seconds: float) -> None:
        """Make the token, grade and membership endpoints wait this long before answering (a platform that hangs)."""
        self.delay = seconds

    # Where things are.

    @property
    def issuer(self) -> str:
        if not self._server:
            raise RuntimeError("start() the platform first: its address depends on the port it gets")
        return f"http://127.0.0.1:{self.port}"

    @property
    def auth_login_url(self) -> str:
        return self.issuer + "/auth"

    @property
    def token_url(self) -> str:
        return self.issuer + "/token"

    @property
    def key_set_url(self) -> str:
        return self.issuer + "/jwks"

    def line_items_url(self, context_id: str) -> str:
        return f"{self.issuer}/contexts/{context_id}/lineitems"

    def memberships_url(self, context_id: str) -> str:
        return f"{self.issuer}/contexts/{context_id}/memberships"

    def registration(self) -> dict:
        """What the tool must be told about this platform (the options of `flask --app quiz lti-register`)."""
        return {
            "issuer": self.issuer,
            "client_id": self.client_id,
            "deployment_id": self.deployment_id,
            "auth_login_url": self.auth_login_url,
            "token_url": self.token_url,
            "key_set_url": self.key_set_url,
        }

    def registration_options(self, name: str | None = None) -> list[str]:
        """`registration()` as the options of `flask --app quiz lti-register`, with the name Lens shows if given."""
        named = self.registration() | ({"name": name} if name else {})
        return [part for option, value in named.items() for part in (f"--{option.replace('_', '-')}", value)]

    def redirect_uris(self) -> set[str]:
        """Where /auth may send an id_token: only the tool's registered launch URLs, so a token cannot be stolen."""
        return {self.tool_launch_url} | ({self.tool_deep_link_url} if self.tool_deep_link_url else set())

    # Launches.

    def launch_url(
        self,
        user: Member,
        context_id="course-1",
        context_title="Course 1",
        resource_link_id="link-1",
        resource_link_title=None,
        custom=None,
        message_type=RESOURCE_LINK_REQUEST,
        tamper=None,
        line_item=True,
        context_label=None,
    ) -> str:
        """The URL on the platform where a launch starts: it leads through OIDC login to the tool's launch page."""
        if tamper not in (None, *TAMPERINGS):
            raise ValueError(f"tamper must be one of {TAMPERINGS}, not {tamper!r}")
        if message_type not in (RESOURCE_LINK_REQUEST, DEEP_LINKING_REQUEST):
            raise ValueError(f"unknown message_type {message_type!r}")
        deep_linking = message_type == DEEP_LINKING_REQUEST
        with self.lock:
            context = self.contexts.setdefault(
                context_id, Context(context_id, context_title, context_label or context_id)
            )
            self._enrol(context_id, user)
            link = None if deep_linking else self._resource_link(context_id, resource_link_id, resource_link_title)
            custom = self._custom_of_link(context_id, resource_link_id) | (custom or {}) or None
            hint = secrets.token_urlsafe(12)
            self.launches[hint] = LaunchRequest(
                hint=hint,
                user=user,
                context=context,
                message_type=message_type,
                target_link_uri=self._target_link_uri(message_type),
                resource_link=link,
                custom=custom,
                tamper=tamper,
                line_item=line_item,
                deep_linking_data="deep-linking-" + hint if deep_linking else None,
            )
        return f"{self.issuer}/launch/{hint}"

    def _target_link_uri(self, message_type: str) -> str:
        """Where the tool is asked to land: its deep linking page, if it has one of its own, or its launch page."""
        if message_type == DEEP_LINKING_REQUEST and self.tool_deep_link_url:
            return self.tool_deep_link_url
        return self.tool_launch_url

    def _enrol(self, context_id: str, user: Member) -> None:
        """Whoever launches from a course is a member of it, as in any LMS."""
        course = self.members.setdefault(context_id, [])
        if all(member.user_id != user.user_id for member in course):
            course.append(user)

    def _resource_link(self, context_id: str, link_id: str, title: str | None) -> dict:
        """The resource_link claim, for a link the course has (made by deep linking) or now gets."""
        link = self.resource_links.setdefault(context_id, {}).setdefault(link_id, {"id": link_id})
        if title:
            link["title"] = title
        return {name: link[name] for name in ("id", "title", "description") if name in link}

    def _custom_of_link(self, context_id: str, link_id: str) -> dict:
        """The custom parameters a tool set on a link when it was placed by deep linking, sent at every launch."""
        return self.resource_links.get(context_id, {}).get(link_id, {}).get("custom", {})

    def launch_with_requests(self, url: str, session: requests.Session | None = None):
        """Follow a launch URL as a browser would; (the session, with the tool's cookies, and the final response)."""
        session = session or requests.Session()
        response = session.get(url, timeout=browser.TIMEOUT)
        return session, browser.follow_automatic_steps(session, response)

    def follow_automatic_steps(self, session: requests.Session, response: requests.Response) -> requests.Response:
        """Go on from a tool's page that submits itself (a deep linking response) as a browser would."""
        return browser.follow_automatic_steps(session, response)

    def sign_id_token(self, claims: dict, tamper: str | None) -> str:
        """Sign with the platform's key, or for "bad_signature" with another key that claims the platform's kid."""
        if tamper == "bad_signature":
            impostor = SigningKey(self.signing_key.kid, shared_private_key("impostor"))
            return impostor.sign(claims)
        return self.signing_key.sign(claims)

    # Services.

    def grant_access_token(self, scopes: frozenset[str]) -> str:
        token = secrets.token_urlsafe(24)
        with self.lock:
            self.access_tokens[token] = Grant(scopes, time.time() + ACCESS_TOKEN_LIFETIME)
        return token

    def line_item_of_link(self, context_id: str, resource_link_id: str) -> dict | None:
        """The first line item the tool (or deep linking) made for this resource link, if any."""
        prefix = self.line_items_url(context_id) + "/"
        for line_item in list(self.line_items.values()):
            if line_item["id"].startswith(prefix) and line_item.get("resourceLinkId") == resource_link_id:
                return line_item
        return None

    def add_line_item(self, context_id: str, fields: dict) -> dict:
        with self.lock:
            line_item = {"id": f"{self.line_items_url(context_id)}/{len(self.line_items) + 1}", **fields}
            self.line_items[line_item["id"]] = line_item
        return line_item
