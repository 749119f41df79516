"""The layout is the architecture: the domain packages import neither Flask nor the database, each layer imports
only the layers below it, and every module has its place."""

import ast
import subprocess
import sys

from helpers import ROOT

QUIZ = ROOT / "quiz"
# The pure domain, lowest layer first; each may import only itself and the packages before it (docs/architecture.md).
DOMAIN = ("text", "items", "bank", "classroom")
# Beside them: the database's rules (store/), the pages (web/), and the few modules that wire the app together.
TOP_LEVEL = {"__init__", "models", "database", "cli", "wsgi"}
NOT_PURE = (
    "flask",
    "flask_sqlalchemy",
    "flask_wtf",
    "flask_login",
    "flask_migrate",
    "werkzeug",
    "sqlalchemy",
    "alembic",
)
NOT_PURE_OF_OURS = ("quiz.models", "quiz.database", "quiz.store", "quiz.web")


def modules_of(package: str) -> list[str]:
    names = []
    for path in sorted((QUIZ / package).rglob("*.py")):
        parts = path.relative_to(QUIZ).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_the_domain_packages_import_neither_flask_nor_the_database():
    modules = [name for package in DOMAIN for name in modules_of(package)]
    assert len(modules) > 20
    # quiz/__init__.py is the Flask factory, so stand up a bare package and import the modules in a clean interpreter.
    code = (
        "import importlib, sys, types\n"
        "package = types.ModuleType('quiz'); package.__path__ = ['quiz']; sys.modules['quiz'] = package\n"
        f"for name in {modules!r}: importlib.import_module('quiz.' + name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {NOT_PURE!r} or m.startswith({NOT_PURE_OF_OURS!r})))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_each_domain_layer_imports_only_the_layers_below_it():
    for place, package in enumerate(DOMAIN):
        allowed = tuple(f"quiz.{below}" for below in DOMAIN[: place + 1])
        for path in sorted((QUIZ / package).rglob("*.py")):
            for imported in _quiz_imports(path):
                assert imported in allowed or imported.startswith(tuple(a + "." for a in allowed)), (path, imported)


def _quiz_imports(path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    return {module for module in found if module == "quiz" or module.startswith("quiz.")}


def test_every_module_has_its_place_in_the_layout():
    loose = {path.stem for path in QUIZ.glob("*.py")} - TOP_LEVEL
    assert loose == set(), "put a new module in one of the packages (docs/architecture.md)"
    packages = {path.name for path in QUIZ.iterdir() if path.is_dir() and (path / "__init__.py").exists()}
    assert packages == {*DOMAIN, "store", "web"}
