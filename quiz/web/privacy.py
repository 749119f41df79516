"""The "What Lens keeps" page: every stored field about students and teachers, why it is kept, and for how long."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, render_template

from quiz.classroom.throttle import MEMORY
from quiz.store.accounts import SESSION_LIFETIME
from quiz.store.retention import THROTTLE_RECORDS_KEPT
from quiz.web.auth import DEVICE_COOKIE, DEVICE_LIFETIME

bp = Blueprint("privacy", __name__)


@bp.get("/privacy")
def what_lens_keeps():
    """Read by parents and schools: the lifetimes come from the settings the app runs with, so they stay true."""
    return render_template(
        "privacy.html",
        session_cookie=current_app.config["SESSION_COOKIE_NAME"],
        session_cookie_lasts=in_words(current_app.config["PERMANENT_SESSION_LIFETIME"]),
        device_cookie=DEVICE_COOKIE,
        device_cookie_lasts=in_words(DEVICE_LIFETIME),
        teacher_session_lasts=in_words(SESSION_LIFETIME),
        throttle_memory=in_words(MEMORY),
        throttle_records_kept=in_words(THROTTLE_RECORDS_KEPT),
    )


def in_words(span: timedelta) -> str:
    """A span as a parent would say it: "12 hours", "1 day", "365 days"."""
    if span % timedelta(days=1) == timedelta(0):
        return _many(span.days, "day")
    return _many(round(span / timedelta(hours=1)), "hour")


def _many(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"
