"""Play every shipped set through in Chromium (issue 16): once with the key, once as a careful but imperfect student.

Run from the repository root:

    .venv/bin/python bench/play_through.py                      # every set of exercises/
    .venv/bin/python bench/play_through.py compare-the-sides    # only the sets named

It serves a copy of exercises/ with `flask run` on a free port and a fresh SQLite database, answers each item in
Debian's Chromium by clicking words, labels and options as a student does, reads the score from the feedback page,
and prints, per set, each student's mean score and each item's scores.

The careful but imperfect student is scripted, so that the figures can be compared between editions of the bank:
- highlight: marks every key phrase but the last when there are three or more, and one word too many after its
  first mark (a boundary drawn a little wide);
- classify: labels every claim right but the last, which gets the next label of the item's list;
- choice: picks the right option, but the first wrong one in every third single-answer item it meets (sets in
  alphabetical order); of several right options, all but the last.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import free_port, server_environment, wait_until_serving  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCORE = re.compile(r"Your score: (\d+)%")


# -------------------------------------------------------------------------------------------------- answers


def key_answer(item):
    """What the key asks for: every key word, every right label, every right option."""
    if item.type == "highlight":
        return frozenset(item.key_words)
    if item.type == "classify":
        return {index: claim.label for index, claim in enumerate(item.claims)}
    return frozenset(index for index, option in enumerate(item.options) if option.correct)


class CarefulStudent:
    """A careful student's slips, the same on every run (see the module's docstring)."""

    def __init__(self):
        self.single_choices = 0

    def __call__(self, item):
        if item.type == "highlight":
            return _careful_marks(item)
        if item.type == "classify":
            labels = key_answer(item)
            last = len(item.claims) - 1
            labels[last] = item.labels[(item.labels.index(labels[last]) + 1) % len(item.labels)]
            return labels
        right = [index for index, option in enumerate(item.options) if option.correct]
        if item.multiple:
            return frozenset(right[:-1] or right)
        self.single_choices += 1
        if self.single_choices % 3 == 0:
            return frozenset({next(index for index, option in enumerate(item.options) if not option.correct)})
        return frozenset(right)


def _careful_marks(item) -> frozenset[int]:
    points = sorted(item.key, key=lambda point: min(point.words))
    found = points[:-1] if len(points) >= 3 else points
    marks = set().union(*(point.words for point in found))
    one_more = max(points[0].words) + 1
    if one_more < len(item.passage.words):
        marks.add(one_more)
    return frozenset(marks)


# -------------------------------------------------------------------------------------------------- playing


def play_item(page, base_url: str, set_id: str, item, answer) -> int:
    """Answer one item in the browser as a student does and return the score its feedback page shows."""
    page.goto(f"{base_url}/sets/{set_id}/items/{item.id}")
    if item.type == "highlight":
        for index in sorted(answer):
            page.locator(f'label.word:has(input[name="marked"][value="{index}"])').click()
    elif item.type == "classify":
        for index, label in answer.items():
            page.locator(f'input[name="claim_{index}"][value="{_css_string(label)}"]').check()
    else:
        for place in answer:
            page.locator(f'input[name="picked"][value="{place}"]').check()
    page.get_by_role("button", name="Submit answer").click()
    heading = page.get_by_role("heading", name=SCORE)
    heading.wait_for()
    return int(SCORE.search(heading.inner_text()).group(1))


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def play_set(page, base_url: str, exercise_set, answering: Callable) -> list[int]:
    """Every item of a set, in order, answered as `answering` says; the scores the pages showed."""
    return [play_item(page, base_url, exercise_set.id, item, answering(item)) for item in exercise_set.items]


# -------------------------------------------------------------------------------------------------- the run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="*", help="set ids to play (default: every set of exercises/)")
    arguments = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from quiz.bank.loading import load_bank

    bank = load_bank(ROOT / "exercises", ROOT / "seeds")
    chosen = [bank.sets[set_id] for set_id in (arguments.sets or sorted(bank.sets))]
    with tempfile.TemporaryDirectory() as folder, serving(Path(folder)) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        results = {}
        for student, answering in (("key", key_answer), ("careful", CarefulStudent())):
            context = browser.new_context()
            page = context.new_page()
            results[student] = {each.id: play_set(page, base_url, each, answering) for each in chosen}
            context.close()
        browser.close()
    print(table(chosen, results))


def table(chosen, results: dict) -> str:
    lines = [
        "| set | items | with the key | careful but imperfect (each item) |",
        "| --- | --- | --- | --- |",
    ]
    for exercise_set in chosen:
        key, careful = results["key"][exercise_set.id], results["careful"][exercise_set.id]
        each = ", ".join(f"{score}%" for score in careful)
        lines.append(f"| `{exercise_set.id}` | {len(key)} | {_mean(key)}% | **{_mean(careful)}%** ({each}) |")
    everything = [score for scores in results["careful"].values() for score in scores]
    keyed = [score for scores in results["key"].values() for score in scores]
    lines.append(f"| all | {len(keyed)} | {_mean(keyed)}% | **{_mean(everything)}%** |")
    return "\n".join(lines)


def _mean(scores: list[int]) -> int:
    return round(sum(scores) / len(scores)) if scores else 0


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """`flask run` serving a copy of the bank on a fresh SQLite database; yields its address."""
    port = free_port()
    env = server_environment(folder, {"FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'lens.sqlite'}"})
    log = folder / "server.log"
    command = [sys.executable, "-m", "flask", "--app", "quiz", "run", "--port", str(port)]
    with open(log, "w") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            wait_until_serving(port, "/", server, log)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
