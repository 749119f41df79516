"""The exercise bank as the running app holds it."""

from __future__ import annotations

import unicodedata

from flask import Flask, abort, current_app

from .bank import Bank, load_bank
from .exercises import ExerciseSet, Item
from .sources import Source


def init_app(app: Flask) -> None:
    """Load the bank once at start-up; the files left out are named in the log when the first page is served."""
    app.extensions["lens_bank"] = load_bank(app.config["EXERCISES_DIR"], app.config["SEEDS_DIR"])
    unreported = [True]

    # Not at start-up: `flask validate` loads the app too, and would print every problem twice.
    @app.before_request
    def report_skipped_files() -> None:
        if unreported:
            unreported.clear()
            log_skipped_files(app)


def log_skipped_files(app: Flask) -> None:
    """One warning per file left out of the bank, with its first problem."""
    by_file: dict[str, list] = {}
    for problem in app.extensions["lens_bank"].problems:
        by_file.setdefault(problem.file, []).append(problem)
    for problems in by_file.values():
        more = (
            f" (and {len(problems) - 1} more; `flask --app quiz validate` lists them all)" if len(problems) > 1 else ""
        )
        app.logger.warning("skipped %s%s", problems[0], more)


def _shown(name: str) -> str:
    """A name from the address, safe to repeat on the page: no control or direction characters, not too long."""
    printable = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    return printable if len(printable) <= 60 else printable[:57] + "…"


def bank() -> Bank:
    """The bank the running app serves."""
    return current_app.extensions["lens_bank"]


def exercise_set_or_404(set_id: str) -> ExerciseSet:
    """The set with this id, or a 404 that names it."""
    found = bank().sets.get(set_id)
    if found is None:
        abort(404, f"There is no exercise set called “{_shown(set_id)}”.")
    return found


def item_or_404(exercise_set: ExerciseSet, item_id: str) -> Item:
    """The item with this id in the set, or a 404 that names both."""
    found = exercise_set.item(item_id)
    if found is None:
        abort(404, f"The set “{exercise_set.title}” has no item called “{_shown(item_id)}”.")
    return found


def source_or_404(stem: str) -> Source:
    """The source document with this name, or a 404 that names it."""
    found = bank().sources.get(stem)
    if found is None:
        abort(404, f"There is no source document called “{_shown(stem)}”.")
    return found
