"""Measure the spreadsheet writers on 100,000 generated rows: time and peak Python memory (tracemalloc).

Run from the repository root: .venv/bin/python bench/export_memory.py
"""

from __future__ import annotations

import os
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quiz.classroom.spreadsheets import Sheet, csv_chunks, write_xlsx  # noqa: E402

ROWS = 100_000
HEADER = ["student", "exercise", "item", "answer", "score", "answered at (UTC)"]
START = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


def generated_rows(count: int) -> Iterator[list]:
    """Rows like a class's responses export, a few of them hostile."""
    for number in range(count):
        answer = (
            '=HYPERLINK("http://x","y")' if number % 1000 == 0 else f"The headline leaves out who said it ({number})"
        )
        yield [
            f"Zoë {number % 30}",
            "loaded-words",
            f"item-{number % 12}",
            answer,
            number % 3 - 1,
            START + timedelta(seconds=number),
        ]


def responses() -> Sheet:
    return Sheet(name="responses", header=HEADER, rows=generated_rows(ROWS))


def write_csv(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        for chunk in csv_chunks(responses()):
            file.write(chunk)


def write_workbook(path: Path) -> None:
    write_xlsx([responses()], path)


def measure(name: str, write: Callable[[Path], None], path: Path) -> None:
    """Run one writer twice: once for the time, once under tracemalloc (which slows it) for the peak."""
    started, cpu_started = time.perf_counter(), time.process_time()
    write(path)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    tracemalloc.start()
    write(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = path.stat().st_size / 2**20
    print(
        f"{name}: {ROWS:,} rows in {elapsed:.2f} s (cpu {cpu:.2f} s), peak {peak / 2**20:.2f} MiB traced, "
        f"file {size:.1f} MiB"
    )


if __name__ == "__main__":
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}")
    measure("csv ", write_csv, Path("/tmp/lens-export-bench.csv"))
    measure("xlsx", write_workbook, Path("/tmp/lens-export-bench.xlsx"))
