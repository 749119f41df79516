"""Command-line tools for teachers, registered on the app's `flask` command."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from .bank import load_bank


def init_app(app: Flask) -> None:
    app.cli.add_command(validate)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@with_appcontext
def validate(paths: tuple[Path, ...]) -> None:
    """Check exercise files (default: the exercises folder) and print every problem as FILE:LINE:COL: message."""
    config = current_app.config
    bank = load_bank(Path(config["EXERCISES_DIR"]), Path(config["SEEDS_DIR"]), list(paths) or None)
    for problem in bank.problems:
        click.echo(str(problem))
    if bank.problems:
        broken = len({problem.file for problem in bank.problems})
        click.echo(f"{len(bank.problems)} problem(s) in {broken} file(s).", err=True)
        click.get_current_context().exit(1)
    skills = Counter(item.skill for exercise_set in bank.sets.values() for item in exercise_set.items)
    per_skill = ", ".join(f"{skill} {count}" for skill, count in sorted(skills.items()))
    items = sum(skills.values())
    click.echo(f"OK: {bank.files_checked} file(s), {items} item(s) ({per_skill or 'none'}).")
