"""The exercise builder: a teacher writes a set, or an item of a set of theirs, by selecting words in the source.

The draft lives in the page's own form fields (word numbers, never typed quotes) and is sent back with every button;
each redraw writes the file with quiz.bank.writing and checks it with the validator itself, so what the page says is
what an upload of that file would be told. Saving goes through the uploads' own check-and-save.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for

from quiz.bank import selection, uploads, writing
from quiz.bank.loading import check_bytes, item_readability_warnings, set_wide_warnings
from quiz.bank.schema import SKILL_NAMES
from quiz.items import item_warnings, kind, review, strategies
from quiz.items.base import Seat
from quiz.items.gaming import THRESHOLD
from quiz.store import bank_owners
from quiz.text.sources import Source
from quiz.text.words import Piece, pieces, split_words
from quiz.web.answer_forms import answer_form, messages_for_student
from quiz.web.auth import signed_in_teacher
from quiz.web.authoring import check_and_save
from quiz.web.builder_drafts import ITEM_TYPES, PART_NAMES, Target, apply_action, draft_from_form, empty_draft, typed
from quiz.web.live_bank import bank, exercise_set_or_404
from quiz.web.ownership import for_teachers_only

bp = Blueprint("builder", __name__, url_prefix="/teacher/exercises/build")
for_teachers_only(bp)

SET_FIELDS = ("set_id", "title", "source", "set_skill", "intro")


# ---- A new set: its fields first, then its first item.


@bp.route("/new", methods=["GET", "POST"])
def new_set():
    """The set's fields; once they are sound, the page for building its first item."""
    fields = {name: typed(request.form.get(name, "")) for name in SET_FIELDS}
    errors = {}
    if request.method == "POST":
        errors = _set_errors(fields)
        if not errors:
            target = _new_target(fields)
            return _item_page(target, empty_draft(request.form.get("type", "highlight")))
    return _new_set_page(fields, errors)


@bp.post("/new/item")
@bp.post("/new/item/check.json", endpoint="new_item_checks")
def new_item():
    fields = {name: typed(request.form.get(name, "")) for name in SET_FIELDS}
    errors = _set_errors(fields)
    if errors and _live_check():
        return {"fields": {"set": list(errors.values())}, "warnings": [], "count": len(errors)}, 400
    if errors:
        return _new_set_page(fields, errors, status=400)
    return _act(_new_target(fields))


def _new_set_page(fields: dict, errors: dict, status: int = 200):
    return render_template(
        "teacher/builder/new_set.html",
        fields=fields,
        errors=errors,
        sources=bank().sources,
        skill_names=SKILL_NAMES,
        item_types=ITEM_TYPES,
    ), status


def _set_errors(fields: dict) -> dict:
    """What is wrong with a new set's fields, by field; its file name is suggested from the title when left empty."""
    errors = {}
    if not fields["title"]:
        errors["title"] = "Give the set a title: students see it in the list of sets."
    if fields["source"] not in bank().sources:
        errors["source"] = "Choose the source document the set quotes."
    if fields["set_skill"] and fields["set_skill"] not in SKILL_NAMES:
        errors["set_skill"] = "Choose one of the skills, or leave the skill empty."
    if not fields["set_id"] and fields["title"]:
        fields["set_id"] = selection.suggested_id(fields["title"], set(bank().sets), fallback="set")
    refusal = _set_id_refusal(fields["set_id"])
    if refusal:
        errors["set_id"] = refusal
    return errors


def _set_id_refusal(set_id: str) -> str | None:
    """Why the file name cannot be used (the uploads' own rules, and no clash with a set already there)."""
    if not uploads.NAME.fullmatch(set_id):
        return (
            f"The file name “{set_id}” cannot be used: name it with letters, digits, - and _ only (no spaces or "
            "slashes), like unsourced-claims-2. The name becomes the set's id."
        )
    try:
        uploads.stem_of(f"{set_id}.yaml", uploads.EXERCISE_SUFFIXES)
    except uploads.UploadRefused as refused:
        return str(refused)
    if set_id in bank().sets or uploads.existing_exercise_file(_exercises_dir(), set_id):
        return f"There is already a set called “{set_id}”: choose another name, or add an item to that set."
    return None


def _new_target(fields: dict) -> Target:
    written = {"title": fields["title"], "source": fields["source"]}
    written |= {"skill": fields["set_skill"]} if fields["set_skill"] else {}
    written |= {"intro": fields["intro"]} if fields["intro"] else {}
    source = bank().sources[fields["source"]]
    return Target(fields["set_id"], fields["title"], source, url_for(".new_item"), fields=written)


# ---- An item added to, or edited in, a set of the teacher's.


@bp.route("/<set_id>/add", methods=["GET", "POST"])
def add_item(set_id: str):
    target = _own_set(set_id)
    if request.method == "POST":
        return _act(target)
    return _item_page(target, empty_draft(request.args.get("type", "highlight")))


@bp.route("/<set_id>/edit/<item_id>", methods=["GET", "POST"])
def edit_item(set_id: str, item_id: str):
    target = _own_set(set_id, item_id)
    if request.method == "POST":
        return _act(target)
    return _item_page(target, selection.draft_from_item(target.original, target.source.text, _words(target.source)))


@bp.post("/<set_id>/add/check.json")
@bp.post("/<set_id>/edit/<item_id>/check.json")
def item_checks(set_id: str, item_id: str | None = None):
    """The live checks: what "Check and preview" would say of the form as it stands, by field, as JSON."""
    return _act(_own_set(set_id, item_id))


def _own_set(set_id: str, item_id: str | None = None) -> Target:
    """A set on disk the signed-in teacher may replace; 404 for no such set or item, 403 for another's."""
    exercise_set = exercise_set_or_404(set_id)
    owner = bank_owners.owners(bank_owners.EXERCISE).get(set_id)
    if not bank_owners.may_replace(signed_in_teacher(), owner):
        abort(403, "This set is not yours to change: only its owner, or an admin, may. Upload a copy under a new name.")
    path = uploads.existing_exercise_file(_exercises_dir(), set_id)
    if path is None or (item_id is not None and exercise_set.item(item_id) is None):
        abort(404, "There is no such item in this set.")
    if item_id is None:
        url = url_for(".add_item", set_id=set_id)
    else:
        url = url_for(".edit_item", set_id=set_id, item_id=item_id)
    taken = frozenset(item.id for item in exercise_set.items) - {item_id}
    index = len(exercise_set.items) if item_id is None else exercise_set.position(item_id) - 1
    source = bank().sources[exercise_set.source]
    text = path.read_text(encoding="utf-8")
    original = writing.item_of(text, item_id) if item_id else None
    title = exercise_set.title
    return Target(set_id, title, source, url, text=text, replacing=item_id, taken=taken, index=index, original=original)


# ---- The item page and its buttons.


def _act(target: Target):
    """Apply the button pressed to the draft sent back, then save, download, or draw the page again; to a live
    check's request (check.json), the checks "Check and preview" would show, without the page."""
    item_type = request.form.get("type", "highlight")
    draft = draft_from_form(request.form, item_type if item_type in ITEM_TYPES else "highlight")
    if not draft["id"] and draft["prompt"]:
        draft["id"] = selection.suggested_id(draft["prompt"], target.taken)
    if _live_check():
        verdict = _check(target, draft)
        return {"fields": verdict.problems, "warnings": verdict.warnings, "count": verdict.count}
    action = request.form.get("action", "check")
    told = apply_action(action, draft, request.form)
    if action == "download":
        text = _file_text(target, _item(draft, target))
        disposition = f'attachment; filename="{target.set_id}.yaml"'
        return Response(text, mimetype="application/yaml", headers={"Content-Disposition": disposition})
    if action == "save":
        verdict = _check(target, draft)
        if not verdict.count:
            return check_and_save(target.set_id, verdict.text.encode("utf-8"), replace=False)
    return _item_page(target, draft, told, checked=action in ("check", "save", "try"), trying=action == "try")


def _live_check() -> bool:
    """Whether the request is the page's live check (its form sent to check.json as the teacher works)."""
    return request.endpoint in ("builder.new_item_checks", "builder.item_checks")


def _item(draft: dict, target: Target) -> dict:
    """The item the file will hold; options left wholly blank are not written. An id left empty before there is a
    prompt to make one from is "item" for now: the hint promises one, and `` is not a usable id would puzzle."""
    kept = dict(draft, options=[option for option in draft["options"] if option["text"] or option["why"]])
    kept["id"] = kept["id"] or selection.suggested_id(kept["prompt"], target.taken)
    return selection.item_from_draft(kept, target.source.text, _words(target.source))


def _words(source: Source):
    return selection.source_words(source.text)


def _exercises_dir() -> Path:
    return Path(current_app.config["EXERCISES_DIR"])


@dataclass
class Checked:
    """The file the draft makes, the validator's verdict on it, and the built item when it is sound."""

    text: str
    problems: dict[str, list[str]]
    warnings: list[str]
    item: object | None
    count: int


def _file_text(target: Target, item: dict) -> str:
    """The file with this item in it, or the page that says why it cannot be written."""
    try:
        return target.file_text(item)
    except KeyError:
        abort(404, "That item is no longer in the file: someone changed it meanwhile. Open the set again.")
    except ValueError:
        abort(
            400,
            "Lens could not write this item so that the file reads back exactly as you typed it. Look for unusual "
            "invisible characters pasted into a text (for example from a PDF), remove them, and try again.",
        )


def _check(target: Target, draft: dict) -> Checked:
    item = _item(draft, target)
    text = _file_text(target, item)
    exercise_set, problems = check_bytes(text.encode("utf-8"), f"{target.set_id}.yaml", target.set_id, bank().sources)
    kept = [index for index, option in enumerate(draft["options"]) if option["text"] or option["why"]]
    placed = selection.problems_by_field(text, problems, target.index, kept)
    built = exercise_set.item(item["id"]) if exercise_set else None
    warnings = item_warnings(built) + item_readability_warnings(built) if built else []
    warnings += set_wide_warnings(exercise_set) if exercise_set else []
    return Checked(text, placed, warnings, built, len(problems))


def _item_page(target: Target, draft: dict, told: str = "", checked: bool = False, trying: bool = False):
    """The builder's page: the fields, the document and passage as words, the checks, the preview."""
    verdict = _check(target, draft)
    words = _words(target.source)
    passage = selection.selected(target.source.text, words, *draft["passage"]) if draft["passage"] else None
    preview = _preview(target, verdict.item, trying) if verdict.item is not None else None
    return render_template(
        "teacher/builder/item.html",
        target=target,
        draft=draft,
        told=told,
        checked=checked,
        verdict=verdict,
        problems=verdict.problems if checked else {},
        document=pieces(target.source.text, words),
        passage=passage,
        passage_pieces=_passage_pieces(target.source.text, passage) if passage else [],
        parts=[selection.selected(target.source.text, words, part["from"], part["to"]) for part in draft["parts"]],
        part_name=PART_NAMES.get(draft["type"], ""),
        preview=preview,
        skill_names=SKILL_NAMES,
        set_fields={name: request.form.get(name, "") for name in SET_FIELDS} if target.fields is not None else {},
        threshold=round(THRESHOLD * 100),
    )


def _passage_pieces(text: str, passage: selection.Selection) -> list[Piece]:
    """The passage as words to tick, numbered as the whole source's words are."""
    inside = text[passage.span.start : passage.span.end]
    return [
        Piece(piece.text, None if piece.word is None else piece.word + passage.first)
        for piece in pieces(inside, split_words(inside))
    ]


def _preview(target: Target, item, trying: bool) -> dict:
    """The item as a student sees it, with an answer form; scored and explained when the teacher tried it."""
    seat = Seat("builder", target.set_id, 1)
    form = answer_form(item, meta={"csrf": False}, attempt=1)
    kind(item).arrange(form, item, seat)
    tried, messages = None, []
    if trying and form.validate():
        tried = review(item, kind(item).response_from(form, item), seat)
    elif trying:
        messages = messages_for_student(form)
    return {
        "item": item,
        "form": form,
        "parts": kind(item).question_parts(item, form),
        "tried": tried,
        "messages": messages,
        "strategies": strategies(item),
    }


@bp.app_context_processor
def builder_links() -> dict:
    """may_build(set_id): whether the set's preview offers the signed-in teacher the builder's Add and Edit links."""

    def may_build(set_id: str) -> bool:
        owner = bank_owners.owners(bank_owners.EXERCISE).get(set_id)
        return bank_owners.may_replace(signed_in_teacher(), owner)

    return {"may_build": may_build}
