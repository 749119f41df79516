"""Command-line tools for teachers, registered on the app's `flask` command."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from .bank import load_bank
from .schema import json_schema


def init_app(app: Flask) -> None:
    app.cli.add_command(validate)
    app.cli.add_command(schema)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--strict", is_flag=True, help="Exit with status 1 on warnings too, not only on problems.")
@with_appcontext
def validate(paths: tuple[Path, ...], strict: bool) -> None:
    """Check exercise files (default: the exercises folder) and print every problem as FILE:LINE:COL: message.

    Warnings (FILE:LINE:COL: warning: message) say where a lazy strategy would score over 34%; they never keep a
    file out, and exit with status 0 unless --strict is given.
    """
    config = current_app.config
    bank = load_bank(Path(config["EXERCISES_DIR"]), Path(config["SEEDS_DIR"]), list(paths) or None)
    for problem in [*bank.problems, *bank.warnings]:
        click.echo(str(problem))
    warned = f" {len(bank.warnings)} warning(s): see above." if bank.warnings else ""
    if bank.problems:
        broken = len({problem.file for problem in bank.problems})
        click.echo(f"{len(bank.problems)} problem(s) in {broken} file(s).{warned}", err=True)
        click.get_current_context().exit(1)
    skills = Counter(item.skill for exercise_set in bank.sets.values() for item in exercise_set.items)
    per_skill = ", ".join(f"{skill} {count}" for skill, count in sorted(skills.items()))
    items = sum(skills.values())
    click.echo(f"OK: {bank.files_checked} file(s), {items} item(s) ({per_skill or 'none'}).{warned}")
    if strict and bank.warnings:
        raise click.ClickException(f"--strict: the {len(bank.warnings)} warning(s) count as failures.")


def schema_text() -> str:
    """The JSON Schema as it is written to exercises/schema.json: stable order, one trailing newline."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


@click.command()
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Where to write it (default: schema.json in the exercises folder).",
)
@with_appcontext
def schema(output: Path | None) -> None:
    """Write the exercise format as JSON Schema, so editors can complete and check exercise files."""
    target = output or Path(current_app.config["EXERCISES_DIR"]) / "schema.json"
    target.write_text(schema_text(), encoding="utf-8")
    click.echo(f"Wrote {target}.")
