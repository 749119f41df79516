"""A new item type needs its own module and template, and nothing else: a toy type registered by the tests goes
through every test of every item type (tests/test_every_item_type.py) like the types Lens ships."""

from __future__ import annotations

import os
import subprocess
import sys

from helpers import ROOT


def test_a_toy_type_passes_every_test_of_every_item_type():
    environment = {**os.environ, "LENS_TEST_TOY_TYPE": "1"}
    command = [sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider", "tests/test_every_item_type.py"]
    run = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    lines = run.stdout.splitlines()
    toy = [line for line in lines if "[truefalse]" in line]
    shipped = [line for line in lines if "[choice]" in line]
    assert len(toy) == len(shipped) > 0 and all("PASSED" in line for line in toy), run.stdout
