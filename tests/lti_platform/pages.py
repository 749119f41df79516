"""The platform's HTML: the self-submitting forms of the launch, and the pages a developer uses by hand."""

from __future__ import annotations

from html import escape

from flask import Blueprint, current_app, redirect

from .claims import DEEP_LINKING_REQUEST, Member

bp = Blueprint("pages", __name__)

STUDENT = Member(
    user_id="stu-1",
    name="Ana Silva",
    given_name="Ana",
    family_name="Silva",
    email="ana@example.org",
    roles=["Learner"],
    lis_person_sourcedid="S1001",
)
TEACHER = Member(
    user_id="tea-1",
    name="Teresa Costa",
    given_name="Teresa",
    family_name="Costa",
    email="teresa@example.org",
    roles=["Instructor"],
)
COURSE = {"context_id": "course-1", "context_title": "Year 10 English"}


def page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
        f"<body><h1>{escape(title)}</h1>{body}</body></html>"
    )


def auto_submit_form(action: str, fields: dict, title: str) -> str:
    """A form that a script posts as soon as the page loads, with a button for browsers without scripts."""
    inputs = "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(str(value))}">' for name, value in fields.items()
    )
    form = (
        f'<form id="auto-submit" method="post" action="{escape(action)}">{inputs}<button>Continue</button></form>'
        "<script>document.getElementById('auto-submit').submit();</script>"
    )
    return page(title, form)


def link_list(links: list[tuple[str, str]]) -> str:
    items = "".join(f'<li><a href="{escape(url)}">{escape(text)}</a></li>' for text, url in links)
    return f"<ul>{items}</ul>"


@bp.get("/")
def index():
    """What a developer sees at the platform's address: launches to try, and what the tool sent back."""
    links = [
        ("Launch as student Ana", "/start/student"),
        ("Launch as teacher", "/start/teacher"),
        ("Add Lens to the course (deep linking)", "/start/deep-linking"),
        ("Scores received", "/scores"),
        ("The platform's public keys (JWKS)", "/jwks"),
    ]
    return page("LTI 1.3 test platform", link_list(links))


@bp.get("/start/<who>")
def start(who: str):
    """Make a fresh launch and go to it, so that every click is a new login with a new nonce."""
    platform = current_app.extensions["lti_platform"]
    if who == "deep-linking":
        url = platform.launch_url(user=TEACHER, message_type=DEEP_LINKING_REQUEST, **COURSE)
    else:
        user = TEACHER if who == "teacher" else STUDENT
        url = platform.launch_url(user=user, resource_link_title="Lens", **COURSE)
    return redirect(url)


@bp.get("/scores")
def scores():
    """Every score the tool posted, newest last, as the gradebook would record them."""
    platform = current_app.extensions["lti_platform"]
    columns = ["lineitem", "userId", "scoreGiven", "scoreMaximum", "activityProgress", "gradingProgress", "timestamp"]
    head = "".join(f"<th>{name}</th>" for name in columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(str(score.get(name, '')))}</td>" for name in columns) + "</tr>"
        for score in platform.scores
    )
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>" if rows else "<p>None yet.</p>"
    return page("Scores received", table + link_list([("Back", "/")]))
