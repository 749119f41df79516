"""The domain stays pure: loading, checking and scoring exercises never import Flask."""

import subprocess
import sys

from helpers import ROOT

PURE = [
    "yamlsafe", "schema", "validation", "sources", "source_files", "words", "exercises", "bank", "items",
    "items.base", "items.fields", "items.answers", "items.gaming", "items.highlight", "items.classify", "items.choice",
    "gradebook", "item_stats", "exports", "spreadsheets", "codes", "throttle",
]  # fmt: skip


def test_the_domain_modules_import_no_flask():
    # quiz/__init__.py is the Flask factory, so stand up a bare package and import the modules in a clean interpreter.
    code = (
        "import importlib, sys, types\n"
        "package = types.ModuleType('quiz'); package.__path__ = ['quiz']; sys.modules['quiz'] = package\n"
        f"for name in {PURE!r}: importlib.import_module('quiz.' + name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'flask_sqlalchemy', 'flask_wtf', 'werkzeug')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
