"""Error pages that say what happened in plain words and never show a stack trace."""

from __future__ import annotations

from flask import Flask, current_app, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

TITLES = {400: "That did not work", 404: "Not found", 405: "Not possible here", 413: "Too much was sent"}
MESSAGES = {
    400: "The browser sent something the app could not understand. Go back and try again.",
    404: "There is nothing at this address.",
    405: "This page cannot be used that way.",
    413: "What was sent is too large.",
}


def init_app(app: Flask) -> None:
    """Answer every error with a page in plain words."""
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(InternalServerError, unexpected_error)
    app.register_error_handler(HTTPException, http_error)


def csrf_error(error: CSRFError):
    """The form's token did not match the session: say how to get the answer through."""
    message = (
        "What you sent could not be accepted because the page's security check failed "
        "(this happens when cookies are blocked or the app was reset). "
        "Go back, reload the page and send it again. Students: your marks are kept on this device."
    )
    return render_template("error.html", title="Please submit again", message=message), 400


def http_error(error: HTTPException):
    """Not found, not allowed, too large...: the reason in plain words."""
    # Werkzeug's stock descriptions are for developers; ours, given to abort(), are for the reader.
    custom = error.description and error.description != type(error).description
    message = error.description if custom else MESSAGES.get(error.code or 500, "Something went wrong.")
    title = TITLES.get(error.code or 500, "Something went wrong")
    return render_template("error.html", title=title, message=message), error.code or 500


def unexpected_error(error: InternalServerError):
    """A bug of ours: logged in full for us, a calm sentence for the student."""
    original = error.original_exception or error
    current_app.logger.error("unexpected error", exc_info=(type(original), original, original.__traceback__))
    message = "Something went wrong on our side. Your earlier answers are safe; please try again."
    return render_template("error.html", title="Sorry", message=message), InternalServerError.code
