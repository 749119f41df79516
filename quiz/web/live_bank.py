"""The exercise bank as the running app holds it."""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path

from flask import Flask, abort, current_app

from quiz.bank.exercises import ExerciseSet
from quiz.bank.loading import Bank, load_bank
from quiz.items import Item
from quiz.text.sources import Source
from quiz.text.words import printable


class LiveBank:
    """The bank as the files on disk have it: loaded again when an exercise file or a source changes, so an
    upload, an edit in an editor, or a file copied in by another app server is served without a restart."""

    def __init__(self, app: Flask):
        self.app = app
        self.folders = [Path(app.config["EXERCISES_DIR"]), Path(app.config["SEEDS_DIR"])]
        self.every = float(app.config["BANK_CHECK_SECONDS"])
        self.lock = threading.Lock()
        self.checked_at = time.monotonic()
        self.signature = self._signature()
        app.extensions["lens_bank"] = load_bank(*self.folders)

    def _signature(self) -> tuple:
        """What changes when a file is added, removed or edited: names, sizes and modification times."""
        found = []
        for folder in self.folders:
            for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
                with contextlib.suppress(OSError):
                    stat = path.stat()
                    found.append((str(path), stat.st_mtime_ns, stat.st_size))
        return tuple(found)

    def current(self) -> Bank:
        if time.monotonic() - self.checked_at >= self.every and self.lock.acquire(blocking=False):
            try:
                self.checked_at = time.monotonic()
                self.reload_if_changed()
            finally:
                self.lock.release()
        return self.app.extensions["lens_bank"]

    def reload_if_changed(self) -> bool:
        signature = self._signature()
        if signature == self.signature:
            return False
        self.app.extensions["lens_bank"] = load_bank(*self.folders)
        self.signature = signature
        log_skipped_files(self.app)
        return True


def init_app(app: Flask) -> None:
    """Load the bank at start-up; the files left out are named in the log when the first page is served."""
    app.extensions["lens_live_bank"] = LiveBank(app)
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
    shown = printable(name)
    return shown if len(shown) <= 60 else shown[:57] + "…"


def bank() -> Bank:
    """The bank the running app serves, as the files are now."""
    return current_app.extensions["lens_live_bank"].current()


def reload_bank() -> Bank:
    """Load the bank again at once (after an upload), without waiting for the next check."""
    live = current_app.extensions["lens_live_bank"]
    with live.lock:
        live.reload_if_changed()
    return bank()


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
