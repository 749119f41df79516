"""Forms for signing in, running classes and joining them; CSRF on every one (Flask-WTF)."""

from __future__ import annotations

import math

from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    FloatField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from quiz.store.accounts import LONGEST_PASSWORD

NAME_LENGTH = 30


csrf = CSRFProtect()


class SignInForm(FlaskForm):
    username = StringField("Username", validators=[InputRequired("Type your username."), Length(max=40)])
    password = PasswordField(
        "Password", validators=[InputRequired("Type your password."), Length(max=LONGEST_PASSWORD)]
    )


class PasswordChangeForm(FlaskForm):
    current = PasswordField("Current password", validators=[InputRequired("Type your current password.")])
    new = PasswordField("New password", validators=[InputRequired("Type a new password.")])
    again = PasswordField("New password again", validators=[InputRequired("Type the new password again.")])


class ClassForm(FlaskForm):
    name = StringField(
        "Class name",
        validators=[InputRequired("Give the class a name."), Length(max=80, message="Keep the name to 80 characters.")],
    )
    all_sets = BooleanField("All exercise sets of the shared bank and my own, including sets added later", default=True)
    set_ids = SelectMultipleField(
        "Or only these sets", option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False)
    )
    counts = RadioField(
        "Which attempt counts",
        choices=[SelectChoice("best", "The best attempt"), SelectChoice("latest", "The latest attempt")],
        default="best",
    )
    show_key = BooleanField("Show students the answer key and explanations after each answer", default=True)
    results = RadioField(
        "When students see their results",
        choices=[
            SelectChoice("each_answer", "After each answer: the score at once, for practice"),
            SelectChoice("on_release", "When I release them, set by set: for a test"),
        ],
        default="each_answer",
    )
    # Left unticked on a new class: the number then follows the results setting (release.default_attempts).
    attempts = RadioField(
        "Attempts at each set",
        choices=[SelectChoice("1", "1"), SelectChoice("2", "2"), SelectChoice("3", "3"), SelectChoice("unlimited")],
        validators=[Optional()],
    )
    joining_open = BooleanField("Students can join with the class code", default=True)


class StudentNameForm(FlaskForm):
    display_name = StringField(
        "Name",
        validators=[
            InputRequired("Type a name."),
            Length(max=NAME_LENGTH, message=f"Keep the name to {NAME_LENGTH} characters."),
        ],
    )


class JoinForm(FlaskForm):
    # Not required here: in a class with a class list the student picks their name on the next page instead, and a
    # class without one asks for it (joining.py).
    display_name = StringField(
        "Name", validators=[Length(max=NAME_LENGTH, message=f"Keep the name to {NAME_LENGTH} characters.")]
    )
    code = StringField("Class code", validators=[InputRequired("Type the class code your teacher gave you.")])


def _entry_id(value) -> int | None:
    """A picked name's id; anything else (a form sent by hand) is no name, which the page says."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class PickNameForm(FlaskForm):
    """A joining student's own name, picked from the class list; the choices are the names nobody has yet, checked
    by the page, which can say that a name was taken since the list was shown."""

    entry = RadioField(
        "Your name", coerce=_entry_id, validate_choice=False, validators=[InputRequired("Pick your name.")]
    )


class ExternalIdForm(FlaskForm):
    # Room for characters the cleaning drops; the store checks the length that is kept (roster.set_external_id).
    external_id = StringField(
        "Student ID (from your school's systems)",
        validators=[Length(max=400, message="Keep the ID to 100 characters.")],
    )


class RosterForm(FlaskForm):
    """A class list, as a file or pasted; the text comes back in `pasted` with the preview, to fix or confirm."""

    file = FileField("A CSV file (from Excel, Google Sheets or your school's systems)")
    pasted = TextAreaField("Or paste the list: a line per student, their name and then their ID")


class ReentryForm(FlaskForm):
    code = StringField("Your personal code", validators=[InputRequired("Type your personal code.")])


def finite(form, field) -> None:
    """NaN passes every comparison NumberRange makes; a score must be a real number."""
    if field.data is not None and not math.isfinite(field.data):
        raise StopValidation("Give the score as a percentage from 0 to 100.")


class OverrideForm(FlaskForm):
    percent = FloatField(
        "Score to count (%)",
        validators=[
            InputRequired("Give the score as a percentage from 0 to 100."),
            finite,
            NumberRange(0, 100, "Give the score as a percentage from 0 to 100."),
        ],
    )
    comment = TextAreaField("Comment for the student", validators=[Length(max=1000)])


class ConfirmForm(FlaskForm):
    """A button whose only job is to carry the CSRF token of a confirmed action."""


class DeleteClassForm(FlaskForm):
    typed_name = StringField("Type the class name to confirm", validators=[InputRequired("Type the class name.")])


class ExerciseUploadForm(FlaskForm):
    file = FileField("Exercise file (.yaml)", validators=[FileRequired("Choose an exercise file to upload.")])


class SourceUploadForm(FlaskForm):
    file = FileField("Source document (.txt, UTF-8)", validators=[FileRequired("Choose a .txt file to upload.")])


class SourceForm(FlaskForm):
    """A new source document, pasted or chosen as a file, with what is known of where it comes from. The facts are
    checked by quiz.bank.uploads (facts_problems), the one place that knows their rules."""

    pasted = TextAreaField("Paste the text")
    file = FileField("Or choose a .txt file (UTF-8)")
    title = StringField("Title")
    author = StringField("Author")
    publisher = StringField("Publisher")
    date = StringField("Date")
    address = StringField("Web address it was found at")
    note = TextAreaField("Note for teachers")
    name = StringField("File name")


def form_errors(form: FlaskForm) -> list[str]:
    """The form's messages, once each, in field order."""
    return list(dict.fromkeys(message for messages in form.errors.values() for message in messages))
