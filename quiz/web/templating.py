"""What every template may use, whichever blueprint draws it: percentages, times, codes, and item types."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from markupsafe import Markup, escape

from quiz.classroom.codes import shown
from quiz.classroom.schedule import short_time
from quiz.items import kind
from quiz.items.base import whole_percent
from quiz.models import aware, utcnow
from quiz.web.per_item import passage_with_marks


def init_app(app: Flask) -> None:
    app.add_template_filter(percent)
    app.add_template_filter(when)
    app.add_template_filter(on_the_clock)
    app.add_template_filter(shown, "code")
    app.add_template_filter(ticks)
    app.add_template_filter(band)
    # Templates draw an item through its type's macros (templates/items/), never by asking which type it is.
    app.add_template_global(kind, "kind_of")
    app.add_template_global(passage_with_marks)


# A code span as Markdown writes it: a run of backticks, the code, the same run again (`` ` `` holds a backtick).
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def ticks(message: str) -> Markup:
    """A validator's message with its `code` marks drawn as code. Escaped first, so that only the <code> tags are
    markup, whatever the file it quotes holds."""
    return Markup(CODE_SPAN.sub(_code, str(escape(message))))


def _code(span: re.Match) -> str:
    code = span.group(2)
    # As in Markdown, one space just inside each mark lets a code span start or end with a backtick.
    if code.startswith(" ") and code.endswith(" ") and code.strip():
        code = code[1:-1]
    return f"<code>{code}</code>"


def band(score: float | None) -> str:
    """The shade of a score's cell in the teacher's grid: a filter, not a macro, as a big class draws thousands."""
    if score is None:
        return "none"
    return "high" if score >= 0.8 else "mid" if score >= 0.5 else "low"


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


def on_the_clock(moment) -> str:
    """A due or opening time as students and teachers read it: "Fri 12 Dec, 15:00", on the school's clock."""
    moment = aware(moment)
    return "–" if moment is None else short_time(moment, current_app.config["DISPLAY_TIMEZONE"], utcnow())
