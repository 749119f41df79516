"""What every template may use, whichever blueprint draws it: percentages, times, codes, and item types."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Flask, current_app

from quiz.classroom.codes import shown
from quiz.items import kind
from quiz.items.base import whole_percent
from quiz.models import aware


def init_app(app: Flask) -> None:
    app.add_template_filter(percent)
    app.add_template_filter(when)
    app.add_template_filter(shown, "code")
    # Templates draw an item through its type's macros (templates/items/), never by asking which type it is.
    app.add_template_global(kind, "kind_of")


def percent(score: float | None) -> str:
    """A score as a whole percentage, halves rounded up, or a dash for no score."""
    return "–" if score is None else f"{whole_percent(score)}%"


def when(moment) -> str:
    """A stored time as a teacher reads it, in the school's time zone (stored times are UTC)."""
    moment = aware(moment)
    if moment is None:
        return "–"
    zone = ZoneInfo(current_app.config["DISPLAY_TIMEZONE"])
    return f"{moment.astimezone(zone):%d %b %Y, %H:%M} {zone.key}"
