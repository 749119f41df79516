"""A report on a whole bank, for `flask validate`: every problem and warning, and the items by skill, checked in
one process per core when there are many files (quiz/bank/loading.py checks each file)."""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from quiz.bank.loading import check_file, cycle_collector_paused, display_name, exercise_files, id_taken
from quiz.bank.source_files import load_sources
from quiz.bank.yamlsafe import Problem
from quiz.text.sources import Source


@dataclass
class Report:
    """What `flask validate` prints: every problem and warning, and the items of the sound files by skill."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    skills: Counter = field(default_factory=Counter)
    files_checked: int = 0


# Below this many files, starting processes costs more than it saves.
FILES_WORTH_PROCESSES = 50
# A container may see the host's cores: more processes than this only use more memory.
MOST_PROCESSES = 8


def processes_available() -> int:
    """How many checking processes to start: one per core this process may run on, where a process can be forked
    cheaply (Linux); elsewhere one, which checks in this process."""
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, MOST_PROCESSES))


def report_bank(exercises_dir: Path, seeds_dir: Path, paths: list[Path] | None = None, processes: int = 1) -> Report:
    """Check every exercise file as load_bank does, in several processes when there are many files, keeping only
    what a report needs (the sets themselves would cost more to send back than to build)."""
    sources, source_problems = load_sources(Path(seeds_dir))
    report = Report(problems=source_problems)
    files = exercise_files(paths or [Path(exercises_dir)])
    names = [display_name(path) for path in files]
    if processes > 1 and len(files) >= FILES_WORTH_PROCESSES:
        context = multiprocessing.get_context("fork")
        pool = ProcessPoolExecutor(processes, mp_context=context, initializer=_share_sources, initargs=(sources,))
        with pool:
            verdicts = list(pool.map(_shared_verdict, files, names, chunksize=max(1, len(files) // (processes * 8))))
    else:
        with cycle_collector_paused:
            verdicts = [_verdict(path, name, sources) for path, name in zip(files, names, strict=True)]
    first_file: dict[str, str] = {}
    for path, name, (problems, warnings, skills) in zip(files, names, verdicts, strict=True):
        report.files_checked += 1
        if (taken := id_taken(path, name, first_file)) is not None:
            problems, warnings, skills = [taken, *problems], [], Counter()
        report.problems.extend(problems)
        report.warnings.extend(warnings)
        report.skills.update(skills)
    return report


def _verdict(path: Path, name: str, sources: dict[str, Source]) -> tuple[list[Problem], list[Problem], Counter]:
    exercise_set, problems = check_file(path, name, sources)
    if exercise_set is None:
        return problems, [], Counter()
    return problems, list(exercise_set.warnings), Counter(item.skill for item in exercise_set.items)


_worker_sources: dict[str, Source] = {}


def _share_sources(sources: dict[str, Source]) -> None:
    """In each worker: the documents to check quotes against, and no cycle collector (see _CycleCollectorPaused)."""
    _worker_sources.update(sources)
    gc.disable()


def _shared_verdict(path: Path, name: str) -> tuple[list[Problem], list[Problem], Counter]:
    return _verdict(path, name, _worker_sources)
