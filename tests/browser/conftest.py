"""Browser fixtures: the app served by a real server process, driven in Debian's Chromium by Playwright."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from databases import ON_POSTGRESQL, fresh_postgresql_database
from helpers import FIXTURE_EXERCISES, ROOT, free_port, wait_until_serving

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Pages may load from the test server only: no CDN, no web fonts, nothing sent elsewhere.
LOCAL = ("http://127.0.0.1:", "data:", "about:", "blob:")
PHONE = {"viewport": {"width": 375, "height": 740}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}


def _require_browser() -> None:
    missing = "Debian's chromium is not installed (apt-get install chromium)" if not Path(CHROMIUM).exists() else ""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = missing or "playwright is not installed (pip install -r requirements-dev.txt)"
    if missing and os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {missing}")
    if missing:
        pytest.skip(f"browser tests skipped: {missing}")


class LiveServer:
    """`flask --app quiz run` in its own process, on a temporary database; can be stopped and started again."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = os.environ | {
            # A database of the server's own, which it migrates at start-up as in production.
            "FLASK_SQLALCHEMY_DATABASE_URI": (
                fresh_postgresql_database("lens_browser")
                if ON_POSTGRESQL
                else f"sqlite:///{workdir / 'browser.sqlite'}"
            ),
            "FLASK_EXERCISES_DIR": str(FIXTURE_EXERCISES),
            "FLASK_SEEDS_DIR": str(ROOT / "seeds"),
            "FLASK_SECRET_KEY": "browser-tests",
            # Served over plain http://127.0.0.1: LTI launches must be allowed over HTTP here.
            "FLASK_LTI_ALLOW_HTTP": "1",
        }
        self.log = open(workdir / "server.log", "w")
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "flask", "--app", "quiz", "run", "--port", str(self.port)]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        self.log.flush()
        wait_until_serving(self.url, Path(self.log.name), seconds=20)

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    _require_browser()
    server = LiveServer(tmp_path_factory.mktemp("live"))
    server.start()
    yield server
    server.stop()
    server.log.close()


TEACHER = ("browser-teacher", "a long browser password")


@pytest.fixture(scope="session")
def teacher_account(live_server):
    """A teacher account on the live server, made the way README says: with the create-teacher command."""
    command = [sys.executable, "-m", "flask", "--app", "quiz", "create-teacher", TEACHER[0], "--password", TEACHER[1]]
    subprocess.run(command, cwd=ROOT, env=live_server.env, check=True, capture_output=True)
    return TEACHER


@pytest.fixture(scope="session")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextmanager
def open_context(browser, **options):
    """A browser context that fails the test if a page in it asks for anything from outside the test server."""
    context = browser.new_context(**options)
    elsewhere: list[str] = []
    context.on("request", lambda request: None if request.url.startswith(LOCAL) else elsewhere.append(request.url))
    try:
        yield context
    finally:
        context.close()
    assert elsewhere == [], f"the pages asked for something from elsewhere: {elsewhere}"


@pytest.fixture
def context(browser):
    with open_context(browser) as context:
        yield context


@pytest.fixture
def page(context, live_server):
    yield from _watched_page(context)


@pytest.fixture
def phone(browser, live_server):
    with open_context(browser, **PHONE) as context:
        yield from _watched_page(context)


def _watched_page(context):
    """A new page that fails the test on a script error or an unexpected console error."""
    page = context.new_page()
    page.set_default_timeout(5000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if _unexpected(message) else None)
    yield page
    assert errors == [], errors


def _unexpected(message) -> bool:
    """A console error that is a bug; a form sent back with a 4xx status (a refused upload, say) is not one."""
    refused_form = "the server responded with a status of 4" in message.text
    return message.type == "error" and not refused_form
