"""Answer forms: one builder for every kind of item, the fields of each given by its type."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import InputRequired
from wtforms.widgets import HiddenInput

from quiz.items import Item, kind
from quiz.items.answers import ForStudents
from quiz.web.per_item import once_per_item


class AnswerForm(FlaskForm):
    # Which attempt the page was drawn for, so a stale tab cannot answer into a newer attempt.
    attempt = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class StartAgainForm(FlaskForm):
    after = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


def answer_form(item: Item, **kwargs) -> AnswerForm:
    """The form for answering item, with the fields its type asks the student to fill in."""
    return _form_class(item)(**kwargs)


@once_per_item
def _form_class(item: Item) -> type[AnswerForm]:
    # A class per item, made once: making one runs WTForms' metaclass over every field, on every request otherwise.
    return type("ItemForm", (AnswerForm,), kind(item).answer_fields(item))


def response_from(form: AnswerForm, item: Item):
    """The student's answer in the form its scorer takes."""
    return kind(item).response_from(form, item)


TAMPERED = "Part of what was sent does not belong to this item. Reload the page and answer again."


def messages_for_student(form: AnswerForm) -> list[str]:
    """The form's errors in words a student understands; WTForms' own wording is for developers."""
    messages = [message for errors in form.errors.values() for message in errors]
    return list(dict.fromkeys(m if isinstance(m, ForStudents) else TAMPERED for m in messages))
