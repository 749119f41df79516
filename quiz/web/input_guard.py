"""Refusing, before any view runs, characters that neither the database nor the file system can store."""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask import Flask, abort, request

# NUL, which PostgreSQL text and file names cannot hold, and lone surrogates, which no UTF-8 text can. Werkzeug
# decodes what it is sent with replacement characters, so only NUL arrives in practice; both are refused.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

FORM_MESSAGE = (
    "Your form contained a character that cannot be stored (an invisible “NUL” character, often from copying out "
    "of another program): retype the text and send it again."
)
ADDRESS_MESSAGE = (
    "The address contained a character that cannot be stored (an invisible “NUL” character, often from copying "
    "out of another program): retype the address and try again."
)


def init_app(app: Flask) -> None:
    app.before_request(refuse_unstorable_characters)


def refuse_unstorable_characters() -> None:
    """Answer 400 with what to change, once for every page: a view would fail on such text deep in the database or
    the file system, with a 500 and a stack trace in the log."""
    if _any_unstorable([request.path]) or _any_unstorable(_texts(request.args)):
        abort(400, ADDRESS_MESSAGE)
    if _any_unstorable(_texts(request.form)):
        abort(400, FORM_MESSAGE)


def _texts(fields) -> Iterable[str]:
    """Every name and value of a MultiDict of fields."""
    for name, value in fields.items(multi=True):
        yield name
        yield value


def _any_unstorable(texts: Iterable[str]) -> bool:
    return any(UNSTORABLE.search(text) for text in texts)
