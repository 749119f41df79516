"""The forms a teacher gives times with: assigning a set (when it opens and is due, what happens after, and its test
settings), and giving one student more time on it. Times are typed on the school's clock and stored in UTC."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, RadioField, SelectChoice
from wtforms.validators import InputRequired, Optional

from quiz.classroom.schedule import CLOSE, LATE, from_local, local
from quiz.models import aware
from quiz.web.forms import ClassForm

# What a browser's date-and-time box sends, and what someone typing a time where there is no such box would write.
TIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
TIME_FORMAT = "Give the date and time as 2026-12-12 15:00 (year-month-day hours:minutes)"
TIME_MESSAGE = f"{TIME_FORMAT}, or leave it empty."
YEARS = range(2000, 2200)


class SchoolTimeField(DateTimeLocalField):
    """A date and time on the school's clock; a wrong one is refused with a message that shows the format, which
    a teacher whose browser has no date box needs to see."""

    format_message = TIME_MESSAGE

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.format_message) from None
        # A year far off is a slip of the keyboard, and near year 1 or 9999 the school's clock has no UTC time.
        if self.data is not None and self.data.year not in YEARS:
            self.data = None
            raise ValueError(f"Give a year from {YEARS.start} to {YEARS.stop - 1}.")


class RequiredSchoolTimeField(SchoolTimeField):
    """A school time that must be given, so its message does not offer to leave it empty."""

    format_message = f"{TIME_FORMAT}."


def school_zone() -> str:
    return current_app.config["DISPLAY_TIMEZONE"]


def on_school_clock(moment: datetime | None) -> datetime | None:
    """A stored time as a time box shows it: on the school's clock, without its zone."""
    return None if moment is None else local(aware(moment), school_zone()).replace(tzinfo=None)


def from_school_clock(typed: datetime | None) -> datetime | None:
    """A time typed in a time box, in UTC to store."""
    return None if typed is None else from_local(typed, school_zone())


class AssignmentForm(FlaskForm):
    opens_at = SchoolTimeField("Opens", format=TIME_FORMATS, validators=[Optional()])
    due_at = SchoolTimeField("Due", format=TIME_FORMATS, validators=[Optional()])
    after_due = RadioField(
        "After the due time",
        choices=[
            SelectChoice(LATE, "Take late answers, marked late"),
            SelectChoice(CLOSE, "Close the set: no more answers"),
        ],
        default=LATE,
    )
    results = RadioField(ClassForm.results.args[0], choices=ClassForm.results.kwargs["choices"], default="each_answer")
    attempts = RadioField(
        ClassForm.attempts.args[0],
        choices=ClassForm.attempts.kwargs["choices"],
        validators=[InputRequired("Choose how many attempts each student has.")],
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and self.opens_at.data and self.due_at.data and self.due_at.data <= self.opens_at.data:
            self.due_at.errors.append("The due time must come after the time the set opens.")
            return False
        return valid


class ExtensionForm(FlaskForm):
    """One student's own due time on an assigned set; the page labels it with the student's name."""

    due_at = RequiredSchoolTimeField(
        "Until",
        format=TIME_FORMATS,
        validators=[InputRequired("Give the date and time the student has until, as 2026-12-12 15:00.")],
    )
