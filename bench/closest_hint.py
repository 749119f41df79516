"""Time the "closest text" hint (issue 14, H1): closest() for one missed quote, and checking the attack file.

Run from the repository root: .venv/bin/python bench/closest_hint.py [--repeat 5]

The sources and files are the ones tests/test_hint_budget.py checks: about 100 KB and 1 MB of varied generated
sentences, the report's file of 20 claims that are not in the source, and a worse one of 50 claims made of the
source's own words. "first" is the first check against a source, which also reads it for the search (once per source
and worker); the other figures are the best of --repeat runs after it. For each, the work the budget counted, in its
units of about 0.1 µs, and the time each unit took here: at or under 100 ns, the budget's costs are not too low.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_hint_budget import ATTACK_QUOTE, attack_file, many_items_of_claims, varied_text  # noqa: E402

from quiz.bank.exercises import FILE_HINT_WORK  # noqa: E402
from quiz.bank.loading import check_bytes  # noqa: E402
from quiz.text.closest import HINT_WORK, Closest, closest  # noqa: E402
from quiz.text.sources import Source  # noqa: E402


def best_of(repeat: int, run) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        timings.append(time.perf_counter() - started)
    return min(timings), result


def counting_hints(run) -> int:
    """The work the hints of one check counted, summed from every closest() it made."""
    spent = []
    original = closest

    def counted(*args, **kwargs):
        found = original(*args, **kwargs)
        spent.append(found.work)
        return found

    from quiz.bank import exercises

    exercises.closest = counted
    try:
        run()
    finally:
        exercises.closest = original
    return sum(spent)


def cases(size: int) -> list[tuple[str, Callable[[], object]]]:
    """What is timed against a source of about size bytes, by name."""
    sources = {"big-src": Source("big-src", varied_text(size, seed=size), "Big")}
    text = sources["big-src"].text
    words = text.split()
    rng = random.Random(3)
    worst = [" ".join(rng.choice(words) for _ in range(rng.choice((3, 8, 20, 40)))).strip(".!?") for _ in range(50)]
    slip = next(s for s in text[size // 2 :].split(". ")[1:] if len(s.split()) >= 12).replace(" ", " kilogram ", 1)
    attack = partial(check_bytes, attack_file([ATTACK_QUOTE] * 20), "attack.yaml", "attack", sources)
    return [
        ("check_bytes, attack file (first)", attack),
        ("check_bytes, attack file", attack),
        ("check_bytes, 50 worst claims", partial(check_bytes, attack_file(worst), "worst.yaml", "worst", sources)),
        # Past the hints: 2,000 claims of a common word cost a search each (14.5 s at 1 MB before the search budget).
        (
            "check_bytes, 2,000 claims of 'the'",
            partial(check_bytes, many_items_of_claims(["the"] * 2000), "the.yaml", "the", sources),
        ),
        ("closest(), the attack quote", partial(closest, text, ATTACK_QUOTE)),
        ("closest(), a one-word slip", partial(closest, text, slip)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    print(f"Budget: {HINT_WORK:,} units a quote, {FILE_HINT_WORK:,} a file (a unit is about 0.1 µs)")
    print(f"{'source':>8}  {'what':<36} {'time':>8}  {'work':>11}  {'ns/unit':>7}")
    for size in (100_000, 1_000_000):
        for name, run in cases(size):
            seconds, result = best_of(1 if "(first)" in name else repeat, run)
            work = result.work if isinstance(result, Closest) else counting_hints(run)
            per_unit = f"{seconds / work * 1e9:7.0f}" if work else "      -"
            print(f"{size // 1000:>5} KB  {name:<36} {seconds:7.3f}s  {work:>11,}  {per_unit}")


if __name__ == "__main__":
    main()
