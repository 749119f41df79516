"""The exercise bank: every file in the exercises folder, checked, with the problems of those skipped."""

from __future__ import annotations

import gc
import re
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

from quiz.bank.exercises import Checker, ExerciseSet
from quiz.bank.file_kinds import binary_kind, not_text_message
from quiz.bank.schema import ID_MAX_LENGTH, ID_PATTERN, SetSpec
from quiz.bank.source_files import load_sources
from quiz.bank.validation import FIRST_KEYS, check_format, items_that_parse, text_at
from quiz.bank.yamlsafe import Document, Position, Problem, YamlRefused, read_yaml
from quiz.items import item_warnings, set_warnings
from quiz.text.readability import Measure, measure, word_count
from quiz.text.sources import Source

SUFFIXES = (".yaml", ".yml")
# The keys an item or a list's entry starts with, for the hint when the `- ` before one is left out.
ENTRY_KEYS = tuple(dict.fromkeys(FIRST_KEYS.values()))
SET_ID = re.compile(ID_PATTERN)
# Readable at 14 (docs/authoring.md, Readability checks): a prompt fits above the passage on a phone, a `why` is read
# whole, and a set's explanations read at about US grade 8.
MAX_PROMPT_WORDS = 40
MAX_WHY_WORDS = 70
MAX_GRADE = 8.5


@dataclass
class Bank:
    """The sets students can use, the problems that kept other files out, and the loaded sets' warnings."""

    sets: dict[str, ExerciseSet] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    files_checked: int = 0


def exercise_files(paths: list[Path]) -> list[Path]:
    """The YAML files named, and those under the folders named, in a stable order."""
    found = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file()))
        else:
            found.append(path)
    return found


class _CycleCollectorPaused:
    """Pause Python's cycle collector while any thread loads a bank, and resume it when the last one is done.

    Loading makes no reference cycles (gc.collect() finds nothing after a load), so the collector frees nothing
    there; but its passes over every object alive, the growing bank among them, took over a quarter of the time
    of loading 1,000 files (bench/validate_bank.py), and more in an app with more objects alive.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.loading = 0
        self.was_enabled = False

    def __enter__(self) -> None:
        with self.lock:
            if self.loading == 0:
                self.was_enabled = gc.isenabled()
                gc.disable()
            self.loading += 1

    def __exit__(self, *exception) -> None:
        with self.lock:
            self.loading -= 1
            if self.loading == 0 and self.was_enabled:
                gc.enable()


cycle_collector_paused = _CycleCollectorPaused()


def load_bank(exercises_dir: Path, seeds_dir: Path, paths: list[Path] | None = None) -> Bank:
    """Load and check every exercise file; a broken file is reported and left out, never fatal."""
    with cycle_collector_paused:
        return _load_bank(Path(exercises_dir), Path(seeds_dir), paths)


def _load_bank(exercises_dir: Path, seeds_dir: Path, paths: list[Path] | None) -> Bank:
    sources, source_problems = load_sources(Path(seeds_dir))
    bank = Bank(sources=sources, problems=source_problems)
    first_file: dict[str, str] = {}
    for path in exercise_files(paths or [Path(exercises_dir)]):
        bank.files_checked += 1
        name = display_name(path)
        exercise_set, problems = check_file(path, name, bank.sources)
        if (taken := id_taken(path, name, first_file)) is not None:
            problems, exercise_set = [taken, *problems], None
        bank.problems.extend(problems)
        if exercise_set:
            bank.sets[exercise_set.id] = exercise_set
            bank.warnings.extend(exercise_set.warnings)
    return bank


def id_taken(path: Path, name: str, first_file: dict[str, str]) -> Problem | None:
    """The problem when an earlier file has this file's id; else None, and the id is noted as this file's."""
    if path.stem in first_file:
        # Progress is stored against the id, so two files with one id would mix students' answers.
        message = f"another file already has the id `{path.stem}` ({first_file[path.stem]}): rename one of them"
        return Problem(name, 1, 1, message)
    first_file[path.stem] = name
    return None


def check_file(path: Path, name: str, sources: dict[str, Source]) -> tuple[ExerciseSet | None, list[Problem]]:
    """Read, check and build one exercise file."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(name, 1, 1, f"cannot read the file: {error.strerror}")]
    return check_bytes(raw, name, path.stem, sources)


def check_bytes(
    raw: bytes, name: str, set_id: str, sources: dict[str, Source]
) -> tuple[ExerciseSet | None, list[Problem]]:
    """Check an exercise file's contents; the set, with its warnings, when it is sound, else every problem found."""
    if not SET_ID.match(set_id) or len(set_id) > ID_MAX_LENGTH:
        message = (
            f"the file name `{set_id}` cannot be the set's id: rename the file using only letters, digits, - and _"
        )
        return None, [Problem(name, 1, 1, message)]
    kind = binary_kind(raw)
    if kind:
        return None, [Problem(name, 1, 1, not_text_message(kind))]
    try:
        document = read_yaml(raw, ENTRY_KEYS)
    except YamlRefused as refused:
        return None, [Problem(name, refused.position.line, refused.position.column, refused.message)]
    spec, found = check_format(document)
    found = document.problems + found
    exercise_set = None
    if spec is not None:
        checker = Checker(document, sources)
        exercise_set = checker.build(spec, set_id)
        found += checker.problems
    else:
        found += _check_what_parses(document, sources)
    problems = [Problem(name, where.line, where.column, message) for where, message in dict.fromkeys(found)]
    problems.sort(key=lambda problem: (problem.line, problem.column))
    if problems or exercise_set is None:
        return None, problems
    warnings = gaming_warnings(exercise_set, document, name) + readability_warnings(exercise_set, document, name)
    warnings = tuple(sorted(warnings, key=lambda warning: (warning.line, warning.column)))
    return replace(exercise_set, warnings=warnings), problems


def gaming_warnings(exercise_set: ExerciseSet, document: Document, name: str) -> tuple[Problem, ...]:
    """The gaming checks' warnings, each at its item, the set's own at its `items:` key."""
    found = []
    for index, item in enumerate(exercise_set.items):
        where = document.where(("items", index))
        found += [Problem(name, where.line, where.column, message, warning=True) for message in item_warnings(item)]
    where = document.keys.get(("items",)) or document.where(("items",))
    set_wide = set_warnings(exercise_set.items)
    found += [Problem(name, where.line, where.column, message, warning=True) for message in set_wide]
    return tuple(sorted(found, key=lambda problem: (problem.line, problem.column)))


def readability_warnings(exercise_set: ExerciseSet, document: Document, name: str) -> tuple[Problem, ...]:
    """The readability checks' warnings: a long prompt at its prompt, a long `why` at its why, and the set's grade at
    its `items:` key."""
    found = []
    for index, item in enumerate(exercise_set.items):
        if message := long_prompt(item.prompt):
            found.append((document.where(("items", index, "prompt")), message))
    # Every `why` of every item, whatever list it is in, where the file has it.
    paths = [path for path in document.values if path[:1] == ("items",) and path[-1] == "why"]
    whys = [(path, _value_at(document.data, path)) for path in paths]
    for path, why in whys:
        if message := long_why(why):
            found.append((document.where(path), message))
    if message := hard_set([why for _, why in whys]):
        found.append((document.keys.get(("items",)) or document.where(("items",)), message))
    return tuple(Problem(name, where.line, where.column, message, warning=True) for where, message in found)


def hard_set(whys: list[str]) -> str | None:
    """The warning for a set whose explanations, read as one text, are above the grade; or None."""
    grade = sum((measure(why) for why in whys), Measure()).grade
    if grade is None or round(grade, 1) <= MAX_GRADE:
        return None
    return (
        f"the set's explanations read at grade {grade:.1f} (Flesch–Kincaid): aim for {MAX_GRADE} or below — "
        "shorter sentences and shorter words"
    )


def set_wide_warnings(exercise_set: ExerciseSet) -> list[str]:
    """The warnings about the set as a whole, without their places, for the builder: the gaming checks across its
    items and its grade."""
    whys = [why for item in exercise_set.items for why in item.explanations()]
    return set_warnings(exercise_set.items) + [message for message in [hard_set(whys)] if message]


def long_prompt(prompt: str) -> str | None:
    """The warning for a prompt over the limit, or None."""
    if (count := word_count(prompt)) > MAX_PROMPT_WORDS:
        return f"the prompt is {count} words: keep it to {MAX_PROMPT_WORDS} (put a record to read in `evidence:`)"
    return None


def long_why(why: str) -> str | None:
    """The warning for a `why` over the limit, or None."""
    if (count := word_count(why)) > MAX_WHY_WORDS:
        return f"this `why` is {count} words: keep it to {MAX_WHY_WORDS} (move sources into `sources:`)"
    return None


def item_readability_warnings(item) -> list[str]:
    """One item's readability warnings without their places, for the builder, which shows them beside the item."""
    found = [long_prompt(item.prompt)] + [long_why(why) for why in item.explanations()]
    return [message for message in found if message]


def _value_at(data, path: tuple):
    """The value at a key path of a file that has passed the format check."""
    for key in path:
        data = data[key]
    return data


class _SourceAlreadyReported(Checker):
    """A checker that stays quiet about `source` when the format check has already said what is wrong with it."""

    def report(self, path: tuple, message: str) -> None:
        if path != ("source",):
            super().report(path, message)


def _check_what_parses(document: Document, sources: dict[str, Source]) -> list[tuple[Position, str]]:
    """Check the items that match the format against the source too, so that one run shows every problem."""
    if not isinstance(document.data, dict):
        return []
    parsed = items_that_parse(document)
    source = text_at(document, "source")
    # Built without validation: the set is never served, it only carries what parsed to the checker.
    spec = SetSpec.model_construct(
        title="", source=source, skill=document.data.get("skill"), intro=None, items=list(parsed.values())
    )
    checker = (Checker if source else _SourceAlreadyReported)(document.keeping("items", list(parsed)), sources)
    checker.build(spec, "unchecked")
    return checker.problems


def display_name(path: Path) -> str:
    """How messages name a file: relative to the working folder when it is under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
