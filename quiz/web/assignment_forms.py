"""The form a teacher assigns a set with: when it opens and is due, what happens after, and its test settings."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, RadioField, SelectChoice
from wtforms.validators import InputRequired, Optional

from quiz.classroom.schedule import CLOSE, LATE
from quiz.web.forms import ClassForm

# What a browser's date-and-time box sends, and what someone typing a time where there is no such box would write.
TIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
TIME_MESSAGE = "Give the date and time as 2026-12-12 15:00 (year-month-day hours:minutes), or leave it empty."


class SchoolTimeField(DateTimeLocalField):
    """A date and time on the school's clock; a wrong one is refused with a message that shows the format, which
    a teacher whose browser has no date box needs to see."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(TIME_MESSAGE) from None


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
