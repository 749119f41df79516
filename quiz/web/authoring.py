"""The teacher's exercise pages: every file in the bank with its problems, a preview of each set with its key,
and uploads of exercise files and source documents, checked with the validator's own messages."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from quiz.bank import uploads
from quiz.bank.exercises import ExerciseSet
from quiz.bank.file_kinds import binary_kind
from quiz.bank.loading import check_bytes, display_name, exercise_files
from quiz.bank.schema import SKILL_NAMES
from quiz.items import kind, perfect_response, review, strategies
from quiz.items.base import Seat
from quiz.items.gaming import THRESHOLD
from quiz.models import db
from quiz.store import bank_owners
from quiz.web.answer_forms import answer_form
from quiz.web.auth import signed_in_teacher
from quiz.web.forms import ConfirmForm, ExerciseUploadForm, SourceForm, SourceUploadForm, form_errors
from quiz.web.live_bank import bank, exercise_set_or_404, reload_bank
from quiz.web.ownership import for_teachers_only

bp = Blueprint("authoring", __name__, url_prefix="/teacher/exercises")
# The source form's fields that say where a document comes from, named as in its meta file.
SOURCE_FACTS = tuple(fact.name for fact in fields(uploads.SourceFacts))


for_teachers_only(bp)


def _folders() -> tuple[Path, Path]:
    return Path(current_app.config["EXERCISES_DIR"]), Path(current_app.config["SEEDS_DIR"])


def _kept_dir(name: str) -> Path:
    return Path(current_app.config[name])


def _files() -> list[dict]:
    """Every exercise file: where it is, whose it is, its set if it loaded (with its warnings), and its problems if
    it did not."""
    exercises_dir, _ = _folders()
    problems = bank().problems
    owners = bank_owners.owners(bank_owners.EXERCISE)
    listed = []
    for path in exercise_files([exercises_dir]):
        name = display_name(path)
        listed.append(
            {
                "relative": path.relative_to(exercises_dir).as_posix(),
                "name": name,
                "set": bank().sets.get(path.stem),
                "problems": [problem for problem in problems if problem.file == name],
                "owner": bank_owners.described(owners.get(path.stem), signed_in_teacher()),
                "owner_in_short": bank_owners.in_short(owners.get(path.stem), signed_in_teacher()),
            }
        )
    return listed


@bp.get("/")
def files():
    listed = _files()
    known = {entry["name"] for entry in listed}
    return render_template(
        "teacher/exercises.html",
        files=listed,
        source_problems=[problem for problem in bank().problems if problem.file not in known],
        sources=bank().sources,
        source_owners={
            stem: bank_owners.described(owner, signed_in_teacher())
            for stem, owner in bank_owners.owners(bank_owners.SOURCE).items()
        },
        largest_source_kib=uploads.LARGEST_SOURCE // 1024,
        upload_form=ExerciseUploadForm(),
        source_form=SourceUploadForm(),
        skill_names=SKILL_NAMES,
    )


@bp.get("/file/<path:relative>")
def file_page(relative: str):
    """One file: the preview of its set when it is sound, else its problems beside its numbered lines."""
    exercises_dir, _ = _folders()
    path = (exercises_dir / relative).resolve()
    if not path.is_relative_to(exercises_dir.resolve()) or not path.is_file() or path.suffix not in (".yaml", ".yml"):
        abort(404, "There is no such exercise file.")
    entry = next((e for e in _files() if e["relative"] == relative), None)
    if entry is None:
        abort(404, "There is no such exercise file.")
    if entry["set"] is not None and not entry["problems"]:
        return _preview(entry["set"], relative, entry["owner"])
    return _problems_page(relative, path.read_bytes(), entry["problems"], owner=entry["owner"])


def _preview(exercise_set: ExerciseSet, name: str, owner: str):
    previews = [(review(item, perfect_response(item)), strategies(item)) for item in exercise_set.items]
    return render_template(
        "teacher/preview.html",
        exercise_set=exercise_set,
        name=name,
        owner=owner,
        previews=previews,
        skill_names=SKILL_NAMES,
        threshold=round(THRESHOLD * 100),
    )


@bp.get("/worksheet/<set_id>")
def worksheet(set_id: str):
    """A set laid out for paper, for the browser's Print: the items to answer with a pen, then the key."""
    exercise_set = exercise_set_or_404(set_id)
    # One order for every printed copy: a choice item's options shuffled as for a student, not the file's order,
    # where the right option is often first.
    seat = Seat("worksheet", set_id, 1)
    forms = {}
    for item in exercise_set.items:
        forms[item.id] = answer_form(item, meta={"csrf": False})
        kind(item).arrange(forms[item.id], item, seat)
    return render_template("teacher/worksheet.html", exercise_set=exercise_set, forms=forms)


def _problems_page(name: str, raw: bytes, problems, status: int = 200, uploaded: bool = False, owner: str = ""):
    # A binary file's "lines" are mojibake that would only bury its one message.
    binary = binary_kind(raw) is not None
    lines = raw.decode("utf-8", errors="replace").splitlines() if len(raw) <= 256 * 1024 and not binary else []
    flagged = {problem.line for problem in problems}
    return render_template(
        "teacher/file_problems.html",
        name=name,
        lines=lines,
        binary=binary,
        flagged=flagged,
        problems=problems,
        uploaded=uploaded,
        owner=owner,
    ), status


@bp.post("/upload")
def upload():
    """Check an uploaded exercise file; save it if it is sound, asking first before it replaces one."""
    form = ExerciseUploadForm()
    if not form.validate_on_submit():
        flash(" ".join(form_errors(form)) or "Choose a file to upload.")
        return redirect(url_for(".files"))
    try:
        stem = uploads.stem_of(form.file.data.filename or "", uploads.EXERCISE_SUFFIXES)
    except uploads.UploadRefused as refused:
        flash(str(refused))
        return redirect(url_for(".files"))
    raw = _read_and_close(form.file.data)
    return check_and_save(stem, raw, replace=False)


def _read_and_close(upload) -> bytes:
    """The uploaded file's bytes; a large one waits in a temporary file, given back at once rather than left open."""
    try:
        return upload.read()
    finally:
        upload.close()


def check_and_save(stem: str, raw: bytes, replace: bool):
    exercises_dir, _ = _folders()
    name = f"{stem}.yaml (uploaded)"
    # Loaded again first: a source just added through another app server must be known here already.
    exercise_set, problems = check_bytes(raw, name, stem, reload_bank().sources)
    if problems:
        return _problems_page(name, raw, problems, status=400, uploaded=True)
    refusal = _not_yours_to_replace(stem)
    if refusal:
        return refusal
    try:
        saved = uploads.save_exercise_file(exercises_dir, _kept_dir("EXERCISE_HISTORY_DIR"), stem, raw, replace)
    except FileExistsError as existing:
        token = uploads.hold_for_confirmation(_kept_dir("PENDING_UPLOADS_DIR"), stem, raw)
        current = bank().sets.get(stem)
        return render_template(
            "teacher/confirm_replace.html",
            stem=stem,
            existing=Path(str(existing)).relative_to(exercises_dir).as_posix(),
            current=current,
            new=exercise_set,
            kept_ids=[item.id for item in exercise_set.items if current and current.item(item.id)],
            owner=bank_owners.described(bank_owners.owners(bank_owners.EXERCISE).get(stem), signed_in_teacher()),
            token=token,
            form=ConfirmForm(),
        )
    if saved.previous is None:
        # A new file is its uploader's. A replaced one keeps its owner, or stays in the shared bank: an admin who
        # fixes a shipped set must not take it out of every class if they stop being an admin.
        bank_owners.record_upload(bank_owners.EXERCISE, stem, signed_in_teacher())
        db.session.commit()
        bank_owners.forget_remembered()
    reload_bank()
    kept = f" The previous version is kept as {saved.previous}." if saved.previous else ""
    count = len(exercise_set.warnings)
    warned = f" {count} warning{'' if count == 1 else 's'}: see the preview." if count else ""
    flash(f"“{exercise_set.title}” is saved and students see it now.{kept}{warned}")
    return redirect(url_for("authoring.file_page", relative=saved.path.relative_to(exercises_dir).as_posix()))


def _not_yours_to_replace(stem: str):
    """The page refusing to replace a file the teacher may not replace, or None if they may (or it is new)."""
    exercises_dir, _ = _folders()
    existing = uploads.existing_exercise_file(exercises_dir, stem)
    owner = bank_owners.owners(bank_owners.EXERCISE).get(stem)
    if existing is None or bank_owners.may_replace(signed_in_teacher(), owner):
        return None
    return render_template(
        "teacher/not_yours.html",
        stem=stem,
        owner=bank_owners.described(owner, signed_in_teacher()),
        owner_name=owner.username if owner else None,
        existing=existing.relative_to(exercises_dir).as_posix(),
    ), 403


@bp.post("/upload/confirm")
def confirm_replace():
    """Replace an existing file with the upload the teacher has just seen compared with it."""
    pending = uploads.pending_upload(_kept_dir("PENDING_UPLOADS_DIR"), request.form.get("token", ""))
    if pending is None:
        flash("That upload is no longer waiting: upload the file again.")
        return redirect(url_for(".files"))
    stem, raw = pending
    return check_and_save(stem, raw, replace=True)


@bp.post("/sources")
def upload_source():
    """Add a new source document (plain UTF-8 text) for exercises to quote."""
    form = SourceUploadForm()
    _, seeds_dir = _folders()
    if not form.validate_on_submit():
        flash(" ".join(form_errors(form)) or "Choose a .txt file to upload.")
        return redirect(url_for(".files"))
    try:
        stem = uploads.stem_of(form.file.data.filename or "", uploads.SOURCE_SUFFIXES)
        uploads.save_source(seeds_dir, stem, _read_and_close(form.file.data))
    except uploads.UploadRefused as refused:
        flash(str(refused))
        return redirect(url_for(".files"))
    return _source_added(stem)


@bp.route("/sources/new", methods=["GET", "POST"])
def new_source():
    """Add a source document, pasted or chosen as a file, with what is known of where it comes from."""
    form = SourceForm()
    if not form.validate_on_submit():
        return _source_page(form, form_errors(form))
    facts = uploads.SourceFacts(**{name: _typed(form[name].data) for name in SOURCE_FACTS})
    problems = uploads.facts_problems(facts)
    try:
        raw = _document_given(form)
    except uploads.UploadRefused as refused:
        problems.append(str(refused))
    if problems:
        return _source_page(form, problems)
    try:
        stem = uploads.source_name(form.name.data or uploads.suggested_name(facts.title))
        uploads.save_source(_folders()[1], stem, raw, facts)
    except uploads.UploadRefused as refused:
        return _source_page(form, [str(refused)])
    return _source_added(stem)


def _typed(value: str | None) -> str:
    # Browsers send a text box's line breaks as CRLF: the teacher typed plain line breaks.
    return (value or "").replace("\r\n", "\n").strip()


def _document_given(form: SourceForm) -> bytes:
    """The chosen file's bytes as they are, or the pasted text; UploadRefused if there is neither, or both."""
    chosen = form.file.data if form.file.data and form.file.data.filename else None
    pasted = (form.pasted.data or "").replace("\r\n", "\n")
    if chosen and pasted.strip():
        raise uploads.UploadRefused("Paste the text or choose a file, not both: empty the text box, or choose no file.")
    if chosen:
        uploads.name_with_suffix(chosen.filename, uploads.SOURCE_SUFFIXES)
        return _read_and_close(chosen)
    if not pasted.strip():
        raise uploads.UploadRefused("Paste the document's text into the box, or choose its .txt file.")
    return pasted.encode("utf-8")


def _source_page(form: SourceForm, errors: list[str]):
    if errors and not form.name.data and form.title.data:
        # The name the document would get, for the teacher to keep or change when they send the form again.
        form.name.data = uploads.suggested_name(form.title.data)
    return render_template(
        "teacher/source_new.html", form=form, errors=errors, largest_source_kib=uploads.LARGEST_SOURCE // 1024
    ), (400 if errors else 200)


def _source_added(stem: str):
    """Record who added the document, let every page quote it at once, and say how exercise files do."""
    bank_owners.record_upload(bank_owners.SOURCE, stem, signed_in_teacher())
    db.session.commit()
    bank_owners.forget_remembered()
    reload_bank()
    flash(f"The source document “{stem}” is added. Exercise files quote it with `source: {stem}`.")
    return redirect(url_for(".files"))
