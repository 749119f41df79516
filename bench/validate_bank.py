"""Time checking a bank of 1,000 generated exercise files: the loader, `flask validate`, and app start-up.

Run from the repository root: .venv/bin/python bench/validate_bank.py [--files 1000] [--broken 0] [--repeat 3]

The files are shaped like the shipped ones (exercises/*.yaml): a title, an intro and about six items of the three
kinds, quoting passages and sentences of seeds/mko-article.txt in folded (`>`) and quoted text, with an explanation
of a few lines for every answer, claim and option. `--broken N` misquotes one passage in N of them, so that the
"closest text" search runs as it does for a teacher's typo.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.bank.loading import load_bank  # noqa: E402
from quiz.text.sources import find_all  # noqa: E402

SEEDS = ROOT / "seeds"
ARTICLE = (SEEDS / "mko-article.txt").read_text(encoding="utf-8")
SKILLS = ("unsourced_claims", "loaded_wording", "missing_context")
LABELS = ("named source", "vague source", "no source", "opinion")
FILLER = (
    "The sentence gives the reader a conclusion without the facts that would let them reach it on their own. "
    "Ask who says so, how they could know, and what a neutral writer would have put instead. A source that "
    "can be checked names a person, a document or a date; this one names none of them, so the reader has to "
    "take it on trust. Compare it with a report from the time, which says what happened and who saw it."
).split()
SENTENCE = re.compile(r"[^.!?…]+[.!?…]+[’”'\"]*")


def unique_sentences() -> list[str]:
    """Sentences of the article that occur once in it, long enough to ask about."""
    sentences = (match.group().strip() for match in SENTENCE.finditer(ARTICLE))
    return [sentence for sentence in sentences if len(sentence.split()) >= 8 and once_in(ARTICLE, sentence)]


def once_in(text: str, quote: str) -> bool:
    return len(find_all(text, quote)) == 1


def phrases(passage: str, rng: random.Random, count: int) -> list[str]:
    """Runs of two to four words that occur once in the passage, as a teacher would quote them."""
    words = [word.strip(".,;:!?’‘“”'\"()") for word in passage.split()]
    chosen: list[str] = []
    for _ in range(50):
        size = rng.randint(2, 4)
        start = rng.randrange(0, max(1, len(words) - size))
        phrase = " ".join(words[start : start + size]).strip()
        if phrase and phrase not in chosen and once_in(passage, phrase):
            chosen.append(phrase)
        if len(chosen) == count:
            break
    return chosen


def folded(key: str, text: str, indent: int) -> str:
    """A `key: >` block, wrapped as a teacher's editor would."""
    pad = " " * indent
    body = textwrap.fill(
        text, width=78, initial_indent=pad + "  ", subsequent_indent=pad + "  ", break_on_hyphens=False
    )
    return f"{pad}{key}: >\n{body}\n"


def explanation(rng: random.Random) -> str:
    start = rng.randrange(len(FILLER) - 45)
    return " ".join(FILLER[start : start + rng.randint(35, 45)])


def highlight(number: int, sentences: list[str], rng: random.Random) -> str:
    at = rng.randrange(len(sentences) - 1)
    passage = " ".join(sentences[at : at + 2])
    if not once_in(ARTICLE, passage):  # the two sentences are not neighbours in the article
        passage = sentences[at]
    text = f"  - id: mark-{number}\n    type: highlight\n"
    text += folded("prompt", "Mark the words that pass judgement instead of describing what happened.", 4)
    text += folded("passage", passage, 4) + "    answers:\n"
    for phrase in phrases(passage, rng, rng.randint(2, 3)):
        text += f"      - quote: {json.dumps(phrase, ensure_ascii=False)}\n" + folded("why", explanation(rng), 8)
    return text


def classify(number: int, sentences: list[str], rng: random.Random) -> str:
    text = f"  - id: label-{number}\n    type: classify\n"
    text += folded("prompt", "Where does each sentence say its information comes from?", 4) + "    claims:\n"
    for sentence in rng.sample(sentences, rng.randint(3, 4)):
        text += f"      - quote: {json.dumps(sentence, ensure_ascii=False)}\n"
        text += f"        label: {rng.choice(LABELS)}\n" + folded("why", explanation(rng), 8)
    return text


def choice(number: int, sentences: list[str], rng: random.Random) -> str:
    text = f"  - id: pick-{number}\n    type: choice\n"
    text += folded("prompt", "What does the wording of this sentence do to the reader?", 4)
    text += folded("passage", rng.choice(sentences), 4) + "    options:\n"
    right = rng.randrange(3)
    for option in range(rng.randint(3, 4)):
        wrapped = textwrap.fill(explanation(rng)[:160], 70, break_on_hyphens=False)
        text += "      - text: >\n" + textwrap.indent(wrapped, " " * 10) + "\n"
        text += "        correct: true\n" if option == right else ""
        text += folded("why", explanation(rng), 8)
    return text


def exercise_file(number: int, sentences: list[str], broken: bool) -> str:
    rng = random.Random(number)
    text = (
        "# yaml-language-server: $schema=./schema.json\n"
        f"# Generated set {number}, shaped like the shipped exercises.\n"
        f'title: "Generated set {number}: how the article argues"\n'
        f"source: mko-article\nskill: {SKILLS[number % 3]}\n"
        "intro: |\n  Read each passage closely and ask what it tells you, and what it leaves out.\n"
        "  Judge how the words argue, not whether you agree with them.\n\nitems:\n"
    )
    makers = [highlight, classify, choice, highlight, choice, rng.choice((classify, choice))]
    for index, make in enumerate(makers):
        text += "\n" + make(index, sentences, rng)
    if broken:
        # A teacher's slip in one word of a passage: the file is reported with the closest text.
        text = text.replace("    passage: >\n      ", "    passage: >\n      Meanwhile ", 1)
    return text


def write_bank(folder: Path, files: int, broken: int) -> int:
    """Write the files; the total size in bytes."""
    sentences = unique_sentences()
    size = 0
    for number in range(files):
        text = exercise_file(number, sentences, number < broken)
        (folder / f"set-{number:04d}.yaml").write_text(text, encoding="utf-8")
        size += len(text.encode())
    return size


@dataclass
class Timing:
    """Wall-clock seconds, and the processor seconds of this process and its children (steadier on a busy machine)."""

    wall: float
    cpu: float

    def __str__(self) -> str:
        return f"{self.wall:.2f} s (cpu {self.cpu:.2f} s)"


def timed(run) -> tuple[Timing, object]:
    started, cpu_started = time.perf_counter(), cpu_seconds()
    result = run()
    return Timing(time.perf_counter() - started, cpu_seconds() - cpu_started), result


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def app_environment(folder: Path, scratch: Path) -> dict[str, str]:
    """An environment whose app keeps its database and secret in the scratch folder, not in instance/."""
    return {
        **os.environ,
        "FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{scratch / 'bench.sqlite'}",
        "FLASK_SECRET_KEY": "bench",
        "FLASK_EXERCISES_DIR": str(folder),
    }


def run_validate(folder: Path, environment: dict[str, str]) -> tuple[Timing, str]:
    """`flask --app quiz validate FOLDER` as a teacher runs it, the shipped exercises loaded by the app as usual."""
    command = [str(Path(sys.executable).parent / "flask"), "--app", "quiz", "validate", str(folder)]
    shipped = {**environment, "FLASK_EXERCISES_DIR": str(ROOT / "exercises")}
    elapsed, done = timed(lambda: subprocess.run(command, cwd=ROOT, env=shipped, capture_output=True, text=True))
    # Its closing line ("OK: ..." or "N problem(s) in N file(s).") follows the app's own log lines.
    return elapsed, next(line for line in reversed((done.stdout + done.stderr).splitlines()) if "file(s)" in line)


STARTUP = """
import time; started = time.perf_counter()
from quiz import create_app
imported = time.perf_counter()
app = create_app()
print(f"{imported - started:.2f} {time.perf_counter() - imported:.2f} {len(app.extensions['lens_bank'].sets)}")
"""


def run_startup(environment: dict[str, str]) -> tuple[Timing, str]:
    """A fresh interpreter creating the app with the bank as its exercises folder."""
    command = [sys.executable, "-c", STARTUP]
    elapsed, done = timed(lambda: subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True))
    if done.returncode:
        raise SystemExit(done.stderr)
    imports, create, sets = done.stdout.split()
    return elapsed, f"imports {imports} s, create_app {create} s, {sets} sets served"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--broken", type=int, default=0, help="how many files misquote a passage")
    parser.add_argument("--keep", type=Path, help="write the bank here and keep it (default: a temporary folder)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the fastest is shown")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lens-bench-") as scratch:
        folder = arguments.keep or Path(scratch) / "exercises"
        folder.mkdir(parents=True, exist_ok=True)
        size = write_bank(folder, arguments.files, arguments.broken)
        print(f"bank: {arguments.files:,} files, {size / 2**20:.1f} MiB, {arguments.broken} broken, in {folder}")
        print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}")
        environment = app_environment(folder, Path(scratch))
        repeat = arguments.repeat
        elapsed, bank = best_of(repeat, lambda: timed(lambda: load_bank(folder, SEEDS)))
        items = sum(len(exercise_set.items) for exercise_set in bank.sets.values())
        print(f"load_bank: {elapsed} ({len(bank.sets):,} sets, {items:,} items, {len(bank.problems)} problems)")
        elapsed, last_line = best_of(repeat, lambda: run_validate(folder, environment))
        print(f"flask validate: {elapsed} ({last_line})")
        elapsed, detail = best_of(repeat, lambda: run_startup(environment))
        print(f"app start-up: {elapsed} ({detail})")


def best_of(repeat: int, run) -> tuple[Timing, object]:
    """The fastest of a few runs, and its result: other work on the machine only ever slows a run down."""
    return min((run() for _ in range(repeat)), key=lambda outcome: outcome[0].wall)


if __name__ == "__main__":
    main()
