"""A browser's part in an LTI launch, done with requests: follow redirects and submit the self-submitting forms.

An LTI 1.3 launch is a chain of front-channel hops (platform -> tool login -> platform /auth -> tool launch), each a
redirect or an HTML form that a script submits on load. A browser runs the script; here we recognise it instead.
"""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin

import requests

TIMEOUT = 10  # seconds; a hop that takes longer than this is a hung server, not a slow one
MAX_HOPS = 10
SUBMIT_BY_ID = re.compile(r"""getElementById\(\s*["']([^"']+)["']\s*\)\s*\.submit\(\)""")
SUBMIT_FIRST = re.compile(r"""forms\[0\]\.submit\(\)""")
SCRIPT_REDIRECT = re.compile(r"""window\.location(?:\.href)?\s*=\s*["']([^"']+)["']""")
# pylti1p3's login page that first checks that the browser keeps cookies (OIDCLogin.enable_check_cookies), then
# reloads itself with these parameters added to its address.
COOKIE_CHECK_PARAMS = re.compile(r"var urlParams = (\{.*?\});")


class FormReader(HTMLParser):
    """Collects each form's id, action, method and the name and value of its fields, and the page's script text."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({"id": attributes.get("id"), **form_target(attributes), "fields": {}})
        elif tag in ("input", "textarea") and self.forms and attributes.get("name"):
            self.forms[-1]["fields"][attributes["name"]] = attributes.get("value") or ""
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def form_target(attributes: dict) -> dict:
    return {"action": attributes.get("action") or "", "method": (attributes.get("method") or "get").lower()}


def next_hop(html: str) -> dict | str | None:
    """The form a script on this page submits by itself, or the URL it sends the window to, or None."""
    reader = FormReader()
    reader.feed(html)
    script = "\n".join(reader.scripts)
    by_id = SUBMIT_BY_ID.search(script)
    if by_id:
        return next((form for form in reader.forms if form["id"] == by_id.group(1)), None)
    if reader.forms and SUBMIT_FIRST.search(script):
        return reader.forms[0]
    redirect = SCRIPT_REDIRECT.search(script)
    if redirect:
        return redirect.group(1)
    cookie_check = COOKIE_CHECK_PARAMS.search(script)
    return (
        "?" + urlencode({n: unescape(v) for n, v in json.loads(cookie_check.group(1)).items()})
        if cookie_check
        else None
    )


def follow_automatic_steps(session: requests.Session, response: requests.Response) -> requests.Response:
    """Go on from a response as a browser would by itself, until a page waits for a person."""
    for _ in range(MAX_HOPS):
        hop = next_hop(response.text) if "html" in response.headers.get("Content-Type", "") else None
        if hop is None:
            return response
        if isinstance(hop, str):
            response = session.get(urljoin(response.url, hop), timeout=TIMEOUT)
        else:
            response = submit(session, response.url, hop)
    raise RuntimeError(f"still going after {MAX_HOPS} automatic steps, at {response.url}: a redirect loop?")


def submit(session: requests.Session, page_url: str, form: dict) -> requests.Response:
    url = urljoin(page_url, form["action"])
    if form["method"] == "post":
        return session.post(url, data=form["fields"], timeout=TIMEOUT)
    return session.get(url, params=form["fields"], timeout=TIMEOUT)
