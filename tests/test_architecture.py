"""The layout is the architecture: the domain packages never import Flask, and every module has its place."""

import subprocess
import sys

from helpers import ROOT

QUIZ = ROOT / "quiz"
# Reading and checking exercise files, the item types, and a class's marks: plain Python, unit-tested directly.
DOMAIN = ("bank", "items", "classroom")
# Beside them: the database's rules (store/), the pages (web/), and the few modules that wire the app together.
TOP_LEVEL = {"__init__", "models", "database", "cli", "wsgi"}
FLASK = ("flask", "flask_sqlalchemy", "flask_wtf", "flask_login", "flask_migrate", "werkzeug")


def domain_modules() -> list[str]:
    names = []
    for package in DOMAIN:
        for path in sorted((QUIZ / package).rglob("*.py")):
            parts = path.relative_to(QUIZ).with_suffix("").parts
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_the_domain_packages_import_no_flask():
    modules = domain_modules()
    assert len(modules) > 20
    # quiz/__init__.py is the Flask factory, so stand up a bare package and import the modules in a clean interpreter.
    code = (
        "import importlib, sys, types\n"
        "package = types.ModuleType('quiz'); package.__path__ = ['quiz']; sys.modules['quiz'] = package\n"
        f"for name in {modules!r}: importlib.import_module('quiz.' + name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FLASK!r}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_every_module_has_its_place_in_the_layout():
    loose = {path.stem for path in QUIZ.glob("*.py")} - TOP_LEVEL
    assert loose == set(), "put a new module in bank/, items/, classroom/, store/ or web/ (docs/architecture.md)"
    packages = {path.name for path in QUIZ.iterdir() if path.is_dir() and (path / "__init__.py").exists()}
    assert packages == {*DOMAIN, "store", "web"}
