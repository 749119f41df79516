"""Error pages that say what happened in plain words and never show a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, current_app, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError

from quiz import database

TITLES = {
    400: "That did not work",
    403: "Not allowed",
    404: "Not found",
    405: "Not possible here",
    413: "Too much was sent",
}
MESSAGES = {
    400: "The browser sent something the app could not understand. Go back and try again.",
    403: "You are not allowed to open this page or do this.",
    404: "There is nothing at this address.",
    405: "This page cannot be used that way.",
    413: "What was sent is too large: Lens takes files of up to 1 MiB. Send a smaller file.",
}
DATABASE_DOWN = "Lens cannot reach its database. Your answers so far are saved; try again in a minute."
# What a 503 tells browsers and proxies: when trying again is worth it.
RETRY_AFTER_SECONDS = 60


def init_app(app: Flask) -> None:
    """Answer every error with a page in plain words."""
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(InternalServerError, unexpected_error)
    app.register_error_handler(DBAPIError, database_error)
    app.register_error_handler(HTTPException, http_error)
    app.logger.addFilter(WithoutDatabaseValues())


class WithoutDatabaseValues(logging.Filter):
    """Keep the values of a refused row out of the log: the engine hides a statement's parameters, but PostgreSQL's
    own message repeats them on its DETAIL line ("Key (username)=(ana) already exists.")."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], DBAPIError):
            lines = logging.Formatter().formatException(record.exc_info).splitlines()
            record.exc_text = "\n".join(line for line in lines if not line.lstrip().startswith("DETAIL:"))
        return True


def csrf_error(error: CSRFError):
    """The form's token did not match the session: say how to get the answer through."""
    message = (
        "What you sent could not be accepted because the page's security check failed "
        "(this happens when cookies are blocked or the app was reset). "
        "Go back, reload the page and send it again. Students: your marks are kept on this device."
    )
    return error_page("Please submit again", message, 400)


def http_error(error: HTTPException):
    """Not found, not allowed, too large...: the reason in plain words."""
    # Werkzeug's stock descriptions are for developers; ours, given to abort(), are for the reader.
    custom = error.description and error.description != type(error).description
    message = error.description if custom else MESSAGES.get(error.code or 500, "Something went wrong.")
    title = TITLES.get(error.code or 500, "Something went wrong")
    return error_page(title, message, error.code or 500)


def unexpected_error(error: InternalServerError):
    """A bug of ours: logged in full for us by Flask before this runs, a calm sentence for the student."""
    original = error.original_exception or error
    if database.unreachable(original):
        return database_down(original)
    message = "Something went wrong on our side. Your earlier answers are safe; please try again."
    return error_page("Sorry", message, InternalServerError.code)


def error_page(title: str, message: str, status: int):
    """error.html, or the 503 page if drawing it meets a database that is down: its menu looks the teacher up."""
    try:
        return render_template("error.html", title=title, message=message), status
    except DBAPIError as error:
        if not database.unreachable(error):
            raise
        return database_down(error)


def database_error(error: DBAPIError):
    """The database is down or restarting: a calm 503 for every page. Any other database error is a bug of ours."""
    if not database.unreachable(error):
        # Flask answers it as any unexpected error: unexpected_error, or the test client in tests.
        raise error
    return database_down(error)


def database_down(error: DBAPIError):
    """The 503 page, drawn without touching the database, which would only fail again."""
    # One line, not a stack trace: an outage answers many requests, and its cause is the same for each.
    reason = next(iter(str(error.orig).strip().splitlines()), "") or type(error.orig).__name__
    current_app.logger.warning("the database cannot be reached: %s", reason)
    # Not render_template: its context processors include Flask-Login's, which looks the teacher up in the database.
    page = current_app.jinja_env.get_template("error.html").render(
        title="Try again in a minute", message=DATABASE_DOWN, database_down=True
    )
    return page, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}
