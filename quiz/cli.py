"""The app's `flask` commands: checking exercise files, the editors' schema, teacher accounts, class exports,
re-scoring and purging old data, registered in one place."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from quiz.bank.reports import processes_available, report_bank
from quiz.bank.schema import json_schema
from quiz.models import Classroom, db, utcnow
from quiz.store import accounts, bank_owners, classes, erasure, export_files, rescoring, retention


def init_app(app: Flask) -> None:
    for command in (
        validate,
        schema,
        create_teacher,
        set_teacher_admin,
        set_teacher_password,
        disable_teacher,
        enable_teacher,
        export,
        rescore,
        purge,
        teacher_sign_in_link,
    ):
        app.cli.add_command(command)


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
    exercises, seeds = Path(config["EXERCISES_DIR"]), Path(config["SEEDS_DIR"])
    # No checking process may inherit a connection the app opened at start-up (it would close it on its way out).
    db.engine.dispose()
    report = report_bank(exercises, seeds, list(paths) or None, processes=processes_available())
    for problem in [*report.problems, *report.warnings]:
        click.echo(str(problem))
    warned = f" {len(report.warnings)} warning(s): see above." if report.warnings else ""
    if report.problems:
        broken = len({problem.file for problem in report.problems})
        click.echo(f"{len(report.problems)} problem(s) in {broken} file(s).{warned}", err=True)
        click.get_current_context().exit(1)
    per_skill = ", ".join(f"{skill} {count}" for skill, count in sorted(report.skills.items()))
    items = sum(report.skills.values())
    click.echo(f"OK: {report.files_checked} file(s), {items} item(s) ({per_skill or 'none'}).{warned}")
    if strict and report.warnings:
        raise click.ClickException(f"--strict: the {len(report.warnings)} warning(s) count as failures.")


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


def _teacher(username: str):
    teacher = accounts.find_teacher(username)
    if teacher is None:
        raise click.ClickException(f"There is no teacher called {username.strip().lower()}.")
    return teacher


def _class(code: str) -> Classroom:
    classroom = classes.class_by_code(code)
    if classroom is None:
        raise click.ClickException(f"There is no class with the code {code}.")
    return classroom


@contextmanager
def _refusals_as_errors() -> Iterator[None]:
    """A refused name or password as click's `Error: ...` and exit status 1, never a traceback."""
    try:
        yield
    except accounts.AccountError as problem:
        raise click.ClickException(str(problem)) from None


PASSWORD = click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    envvar="LENS_TEACHER_PASSWORD",
    help="The password (asked for if not given; scripts may set LENS_TEACHER_PASSWORD instead).",
)


@click.command("create-teacher")
@click.argument("username")
@PASSWORD
@click.option("--admin", is_flag=True, help="May replace any exercise file; their sets join the shared bank.")
@with_appcontext
def create_teacher(username: str, password: str, admin: bool) -> None:
    """Create a teacher account that signs in at /teacher/sign-in."""
    with _refusals_as_errors():
        teacher = accounts.create_teacher(username, password, admin=admin)
    db.session.commit()
    role = "Admin teacher" if admin else "Teacher"
    click.echo(f"{role} {teacher.username} created. Sign in at /teacher/sign-in.")


@click.command("set-teacher-admin")
@click.argument("username")
@click.option("--no", "revoke", is_flag=True, help="Take the admin role away instead.")
@with_appcontext
def set_teacher_admin(username: str, revoke: bool) -> None:
    """Make a teacher an admin, who may replace any exercise file and whose sets join the shared bank."""
    teacher = _teacher(username)
    teacher.is_admin = not revoke
    db.session.commit()
    bank_owners.forget_remembered()
    sets = sorted(
        stem for stem, owner in bank_owners.owners(bank_owners.EXERCISE).items() if owner.teacher_id == teacher.id
    )
    if revoke:
        click.echo(f"{teacher.username} is no longer an admin; the sets they uploaded are now theirs alone.")
        moved = "Out of the shared bank (other teachers' classes that see all sets stop showing them; answers are kept)"
    else:
        click.echo(
            f"{teacher.username} is an admin: they may replace any exercise file, and their sets join the shared bank."
        )
        moved = "Into the shared bank (every class that sees all sets shows them now)"
    if sets:
        click.echo(f"{moved}: {', '.join(sets)}.")


@click.command("set-teacher-password")
@click.argument("username")
@PASSWORD
@with_appcontext
def set_teacher_password(username: str, password: str) -> None:
    """Give a teacher a new password (a forgotten one); every browser signed in as them is signed out."""
    teacher = _teacher(username)
    with _refusals_as_errors():
        accounts.change_password(teacher, password)
    db.session.commit()
    click.echo(f"New password set for {teacher.username}; their other sessions are ended.")


@click.command("disable-teacher")
@click.argument("username")
@with_appcontext
def disable_teacher(username: str) -> None:
    """Stop a teacher signing in, and sign them out everywhere; their classes stay."""
    _set_disabled(username, True, "is disabled and signed out everywhere")


@click.command("enable-teacher")
@click.argument("username")
@with_appcontext
def enable_teacher(username: str) -> None:
    """Let a disabled teacher sign in again."""
    _set_disabled(username, False, "can sign in again")


def _set_disabled(username: str, disabled: bool, done: str) -> None:
    teacher = _teacher(username)
    accounts.set_disabled(teacher, disabled)
    db.session.commit()
    click.echo(f"{teacher.username} {done}.")


@click.command()
@click.argument("class_code")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), required=True, help="csv or xlsx.")
@click.option(
    "--what",
    type=click.Choice(list(export_files.SHEETS)),
    default="responses",
    show_default=True,
    help="For CSV: one row per answer, one row per student, or the gradebook as Canvas or Google Classroom import it. "
    "XLSX holds the first two.",
)
@click.option("--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True)
@with_appcontext
def export(class_code: str, fmt: str, what: str, output: Path) -> None:
    """Export a class's progress (CLASS_CODE is its join code) to a CSV or XLSX file."""
    classroom = _class(class_code)
    sets = current_app.extensions["lens_bank"].sets
    if fmt == "xlsx":
        export_files.write_workbook(classroom, sets, str(output))
    else:
        with output.open("w", encoding="utf-8", newline="") as file:
            for chunk in export_files.csv_of(classroom, what, sets):
                file.write(chunk)
    click.echo(f"Wrote {output}.")


@click.command()
@click.option("--class", "class_code", metavar="CODE", help="Only this class's students (CODE is its join code).")
@click.option("--set", "set_id", metavar="ID", help="Only this exercise set (its file name without .yaml).")
@click.option("--apply", "apply_changes", is_flag=True, help="Change the stored scores; without it, only report.")
@with_appcontext
def rescore(class_code: str | None, set_id: str | None, apply_changes: bool) -> None:
    """Re-score stored answers under the current rules and keys: a dry run unless --apply; overrides stay."""
    sets = current_app.extensions["lens_bank"].sets
    class_id = _class(class_code).id if class_code is not None else None
    if set_id is not None and set_id not in sets:
        raise click.ClickException(f"There is no exercise set {set_id}. The sets are: {', '.join(sets) or 'none'}.")
    planned = rescoring.plan(rescoring.stored_answers(class_id, set_id), sets)
    if apply_changes:
        # Read and written in the one transaction this commit ends: every change the report lists, or none.
        rescoring.apply(planned.changes)
        db.session.commit()
    for line in rescoring.report_lines(planned, sets, applied=apply_changes):
        click.echo(line)


@click.command()
@click.option(
    "--anonymous-older-than",
    "anonymous_days",
    type=click.IntRange(min=1),
    metavar="DAYS",
    help="Delete learners in no class whose last answer (or first visit) is older than DAYS days.",
)
@click.option(
    "--archived-classes-older-than",
    "archived_days",
    type=click.IntRange(min=1),
    metavar="DAYS",
    help="Delete classes archived more than DAYS days ago, with their students and answers.",
)
@click.option("--apply", "apply_changes", is_flag=True, help="Delete them; without it, only report.")
@with_appcontext
def purge(anonymous_days: int | None, archived_days: int | None, apply_changes: bool) -> None:
    """Delete data Lens no longer needs: a dry run unless --apply. Sign-in and code-guessing records over a day
    old go too. Run it every night (README: "Privacy and retention")."""
    if anonymous_days is None and archived_days is None:
        raise click.UsageError(
            "Say what to purge: --anonymous-older-than DAYS, --archived-classes-older-than DAYS, or both."
        )
    if apply_changes:
        # One transaction: everything the report lists is deleted, or nothing is.
        planned = retention.apply(utcnow(), anonymous_days, archived_days)
        db.session.commit()
        erasure.forget_on_disk()
    else:
        planned = retention.plan(utcnow(), anonymous_days, archived_days)
    for line in retention.report_lines(planned, apply_changes):
        click.echo(line)


@click.command("teacher-sign-in-link")
@click.argument("username")
@click.option("--base-url", metavar="URL", default="", help="Lens's address, to print the whole link.")
@with_appcontext
def teacher_sign_in_link(username: str, base_url: str) -> None:
    """Print a one-time sign-in link for a teacher locked out of a new browser: it works once, within 15 minutes,
    and makes that browser one the teacher has signed in on before."""
    from quiz.web.auth import LINK_LIFETIME, sign_in_link_token

    teacher = _teacher(username)
    if teacher.disabled:
        raise click.ClickException(f"{teacher.username} is disabled; enable-teacher {teacher.username} first.")
    token = sign_in_link_token(teacher)
    path = current_app.url_map.bind("").build("auth.sign_in_with_link", {"token": token})
    minutes = int(LINK_LIFETIME.total_seconds() // 60)
    click.echo(f"A one-time sign-in link for {teacher.username}, for one use within {minutes} minutes:")
    click.echo(base_url.rstrip("/") + path)
    if not base_url:
        click.echo("Open it after Lens's address, like https://lens.example" + path[:30] + "…")
