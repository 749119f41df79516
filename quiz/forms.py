"""Answer forms: one builder for every kind of item, with CSRF on every form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from wtforms import IntegerField, RadioField, SelectChoice, SelectMultipleField
from wtforms.validators import DataRequired, InputRequired, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput

from .exercises import Item

csrf = CSRFProtect()


class Chosen(DataRequired):
    """At least one box ticked, checked on the server: an HTML `required` on each box would demand them all."""

    def __init__(self, message: str):
        super().__init__(message)
        self.field_flags = {}


def one_value(form, field) -> None:
    """A radio group sends one value; two mean the form was tampered with (WTForms would quietly keep the first)."""
    if field.raw_data and len(field.raw_data) > 1:
        raise ValidationError("more than one value for a single choice")


class AnswerForm(FlaskForm):
    # Which attempt the page was drawn for, so a stale tab cannot answer into a newer attempt.
    attempt = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class StartAgainForm(FlaskForm):
    after = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


def answer_form(item: Item, **kwargs) -> AnswerForm:
    """The form for answering item, with a field per thing the student chooses."""

    class ItemForm(AnswerForm):
        pass

    if item.type == "highlight":
        choices = [SelectChoice(word.index, word.text) for word in item.passage.words]
        ItemForm.marked = SelectMultipleField(
            choices=choices, coerce=int, validators=[Chosen("Mark at least one word before you submit.")]
        )
    elif item.type == "classify":
        for index in range(len(item.claims)):
            field = RadioField(
                choices=[SelectChoice(label) for label in item.labels],
                validators=[InputRequired(f"Choose a label for claim {index + 1}."), one_value],
            )
            setattr(ItemForm, f"claim_{index}", field)
    elif item.multiple:
        ItemForm.picked = SelectMultipleField(
            choices=_option_choices(item),
            coerce=int,
            option_widget=CheckboxInput(),
            validators=[Chosen("Pick at least one option.")],
        )
    else:
        ItemForm.picked = RadioField(
            choices=_option_choices(item), coerce=int, validators=[InputRequired("Pick an option."), one_value]
        )
    return ItemForm(**kwargs)


def _option_choices(item: Item) -> list[SelectChoice]:
    return [SelectChoice(index, option.text) for index, option in enumerate(item.options)]


def show_options_in(form: AnswerForm, item: Item, order: tuple[int, ...]) -> None:
    """List a choice item's options in this order; their values stay their places in the file."""
    form.picked.choices = [SelectChoice(place, item.options[place].text) for place in order]


OUR_MESSAGES = ("Mark at least one word", "Choose a label", "Pick an option", "Pick at least one option")
TAMPERED = "Part of what was sent does not belong to this item. Reload the page and answer again."


def messages_for_student(form: AnswerForm) -> list[str]:
    """The form's errors in words a student understands; WTForms' own wording is for developers."""
    messages = [message for errors in form.errors.values() for message in errors]
    return list(dict.fromkeys(m if m.startswith(OUR_MESSAGES) else TAMPERED for m in messages))


def response_from(form: AnswerForm, item: Item):
    """The student's answer in the form its scorer takes."""
    if item.type == "highlight":
        return frozenset(form.marked.data)
    if item.type == "classify":
        return {index: form[f"claim_{index}"].data for index in range(len(item.claims))}
    data = form.picked.data
    return frozenset(data if isinstance(data, list) else [data])


def claim_fields(form: AnswerForm, item: Item) -> list:
    """The classify fields in claim order, for the template."""
    return [form[f"claim_{index}"] for index in range(len(item.claims))]


def form_errors(form: FlaskForm) -> list[str]:
    """The form's messages, once each, in field order."""
    return list(dict.fromkeys(message for messages in form.errors.values() for message in messages))
