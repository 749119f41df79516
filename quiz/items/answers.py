"""WTForms validators the item types build their answer fields with (WTForms only: no Flask here), and the mark of
a message written for students."""

from __future__ import annotations

from wtforms.validators import DataRequired, ValidationError


class Chosen(DataRequired):
    """At least one box ticked, checked on the server: an HTML `required` on each box would demand them all."""

    def __init__(self, message: str):
        super().__init__(message)
        self.field_flags = {}


def one_value(form, field) -> None:
    """A radio group sends one value; two mean the form was tampered with (WTForms would quietly keep the first)."""
    if field.raw_data and len(field.raw_data) > 1:
        raise ValidationError("more than one value for a single choice")


class ForStudents(str):
    """A validator's message written for a student: the page shows it as it is. Any other message (WTForms' own,
    for developers) means the form was not sent by the page, and the student is told to reload."""
