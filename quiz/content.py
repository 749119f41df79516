"""The exercise bank as the running app holds it."""

from __future__ import annotations

from flask import Flask, abort, current_app

from .bank import Bank, load_bank
from .exercises import ExerciseSet, Item
from .sources import Source


def init_app(app: Flask) -> None:
    """Load the bank once at start-up and say which files were left out and why."""
    bank = load_bank(app.config["EXERCISES_DIR"], app.config["SEEDS_DIR"])
    for problem in bank.problems:
        app.logger.warning("skipped exercise file: %s", problem)
    app.extensions["lens_bank"] = bank


def bank() -> Bank:
    return current_app.extensions["lens_bank"]


def exercise_set_or_404(set_id: str) -> ExerciseSet:
    found = bank().sets.get(set_id)
    if found is None:
        abort(404, f"There is no exercise set called “{set_id}”.")
    return found


def item_or_404(exercise_set: ExerciseSet, item_id: str) -> Item:
    found = exercise_set.item(item_id)
    if found is None:
        abort(404, f"The set “{exercise_set.title}” has no item called “{item_id}”.")
    return found


def source_or_404(stem: str) -> Source:
    found = bank().sources.get(stem)
    if found is None:
        abort(404, f"There is no source document called “{stem}”.")
    return found
