"""The authoring guide (docs/authoring.md) as a page of the app, and the editors' schema beside it, for teachers who
work in the browser and never see the project's folder."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from flask import Blueprint, render_template, send_file, url_for
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup, escape

from quiz.web.ownership import for_teachers_only

PROJECT = Path(__file__).resolve().parents[2]
GUIDE = PROJECT / "docs" / "authoring.md"
# The project's own schema, made from the code (`flask --app quiz schema`, kept current by a test), whichever folder
# the app serves exercises from.
SCHEMA = PROJECT / "exercises" / "schema.json"
# The guide's links to files of the project (written relative to docs/, so that they work on GitHub too) and the
# page of the app that serves each; a link to any other file of the project becomes plain text.
APP_PAGES = {"../exercises/schema.json": "guide.schema"}
NOT_IN_A_SLUG = re.compile(r"[^\w\- ]")

bp = Blueprint("guide", __name__, url_prefix="/teacher/guide")


for_teachers_only(bp)


@bp.get("")
def guide():
    """The guide to writing exercise files, drawn from the same Markdown file the project keeps."""
    app_pages = {link: url_for(endpoint) for link, endpoint in APP_PAGES.items()}
    title, body = rendered(GUIDE.read_text(encoding="utf-8"), app_pages)
    return render_template("guide.html", title=title, body=Markup(body))


@bp.get("/schema.json")
def schema():
    """The JSON Schema of exercise files that editors read, as `flask --app quiz schema` writes it."""
    return send_file(SCHEMA, mimetype="application/json")


def rendered(markdown_text: str, app_pages: dict[str, str]) -> tuple[str, str]:
    """The guide's first heading and its HTML, each link to a file of the project pointed at its page in app_pages
    (rendering the whole guide takes about 10 ms: no cache)."""
    markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
    # Raw HTML in the file is shown as text ("html": False), so the page's escaping and CSP hold whatever it holds.
    markdown.core.ruler.push("heading_ids", _heading_ids)
    markdown.core.ruler.push("app_links", _app_links)
    markdown.add_render_rule("table_open", _scrolling_table)
    markdown.add_render_rule("table_close", lambda *_: "</table></div>\n")
    env = {"app_pages": app_pages}
    tokens = markdown.parse(markdown_text, env)
    title = next((tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"), "The guide")
    return title, markdown.renderer.render(tokens, markdown.options, env)


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it, so that the guide's `#links` work on both: "Step 1: the top" gives
    step-1-the-top."""
    return NOT_IN_A_SLUG.sub("", heading.strip().lower()).replace(" ", "-")


def _heading_ids(state: StateCore) -> None:
    """Give each heading its anchor, and each table the name of the heading it is under."""
    taken: Counter[str] = Counter()
    words = "The guide"
    for index, token in enumerate(state.tokens):
        if token.type == "heading_open":
            words = "".join(child.content for child in state.tokens[index + 1].children or [])
            anchor = slug(words)
            token.attrSet("id", anchor if not taken[anchor] else f"{anchor}-{taken[anchor]}")
            taken[anchor] += 1
        elif token.type == "table_open":
            token.meta["heading"] = words


def _scrolling_table(_renderer, tokens: list[Token], index: int, *_) -> str:
    # A wide table scrolls inside its own box on a phone; a box that scrolls must take the keyboard's focus.
    label = escape(f"Table: {tokens[index].meta['heading']}")
    return f'<div class="table-scroll" role="region" aria-label="{label}" tabindex="0"><table>\n'


def _app_links(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "inline" and token.children:
            token.children = list(_relinked(token.children, state.env["app_pages"]))


def _relinked(children: list[Token], app_pages: dict[str, str]):
    """The inline tokens with each link to a file of the project pointed at the app's page for it, or unlinked."""
    unlinked = False
    for child in children:
        if child.type == "link_open":
            href = str(child.attrGet("href") or "")
            if href.startswith(("#", "https://", "http://", "mailto:")):
                yield child
            elif href in app_pages:
                child.attrSet("href", app_pages[href])
                yield child
            else:
                unlinked = True
            continue
        if child.type == "link_close" and unlinked:
            unlinked = False
            continue
        yield child
