"""A class's list of names and IDs: importing it (a preview first, nothing deleted), looking after it, and a
student's ID typed on their page."""

from __future__ import annotations

import hashlib

from flask import Blueprint, flash, redirect, render_template, request, url_for

from quiz.classroom.roster_csv import read_roster
from quiz.classroom.uploaded_csv import MOST_BYTES, file_text
from quiz.models import Classroom, db
from quiz.store import classes, roster
from quiz.web.forms import ConfirmForm, ExternalIdForm, RosterForm, form_errors
from quiz.web.ownership import for_teachers_only, member_or_404, owned_class

bp = Blueprint("roster", __name__, url_prefix="/teacher/classes")


for_teachers_only(bp)


@bp.route("/<id:class_id>/roster", methods=["GET", "POST"])
def roster_page(class_id: int):
    """The class list: what it holds, and a file or pasted list to check, then import once the teacher confirms."""
    classroom = owned_class(class_id)
    form = RosterForm()
    if not form.validate_on_submit():
        return _page(classroom, form, errors=form_errors(form))
    text, problems = _given_text(form)
    if text is None:
        return _page(classroom, form, errors=problems)
    form.pasted.data = text
    read = read_roster(text)
    planned = roster.preview(classroom, read.rows) if not read.problems else None
    problems = read.problems + (planned.problems if planned else [])
    # Imported only as checked: a list edited after "Check the list" is shown again before anything is stored.
    as_checked = request.form.get("checked") == _digest(text)
    if request.form.get("confirm") != "yes" or problems or not as_checked:
        return _page(classroom, form, preview=planned, read=read, problems=problems, checked=_digest(text))
    roster.apply(classroom, planned)
    db.session.commit()
    flash(
        f"The class list is imported: {_count(len(planned.added), 'name')} added to the list, "
        f"{_count(len(planned.students), 'student')} already in the class given their ID."
    )
    return redirect(url_for(".roster_page", class_id=class_id))


def _given_text(form: RosterForm) -> tuple[str | None, list[str]]:
    """The list as text, from the file if one was chosen, else as pasted."""
    upload = form.file.data
    if upload and getattr(upload, "filename", ""):
        data = upload.read(MOST_BYTES + 1)
        if not data:
            return None, ["The file is empty. Choose the CSV file with your class list."]
        return file_text(data)
    if not (form.pasted.data or "").strip():
        return None, ["Choose a CSV file or paste the list: a line per student, their name and then their ID."]
    return form.pasted.data, []


def _digest(text: str) -> str:
    """The list as checked; a browser sends a text box back with CRLF line ends, which change nothing in it."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    return hashlib.sha256(lines.encode("utf-8", "surrogatepass")).hexdigest()


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _page(classroom: Classroom, form: RosterForm, errors=(), preview=None, read=None, problems=(), checked=""):
    status = 400 if errors or problems else 200
    return render_template(
        "teacher/roster.html",
        classroom=classroom,
        form=form,
        errors=list(errors),
        preview=preview,
        read=read,
        problems=list(problems),
        checked=checked,
        listed=roster.entries(classroom),
    ), status


@bp.route("/<id:class_id>/roster/entries/<id:entry_id>/remove", methods=["GET", "POST"])
def remove_entry(class_id: int, entry_id: int):
    """Ask before taking a name off the list, saying what becomes of the student who picked it; then take it off."""
    classroom = owned_class(class_id)
    found = roster.listed(classroom, entry_id)
    if found is None:
        # A second click, or a bookmark: the name is gone already, and the list says what is left.
        flash("That name is not on the class list.")
        return redirect(url_for(".roster_page", class_id=class_id))
    if not _confirmed("yes"):
        others_open = any(entry.id != entry_id for entry in roster.open_entries(classroom))
        return render_template(
            "teacher/roster_remove.html", classroom=classroom, found=found, others_open=others_open, form=ConfirmForm()
        )
    stays = f" {found.student.display_name} stays in the class, with their answers." if found.student else ""
    done = f"“{found.entry.display_name}” is off the class list.{stays}"
    roster.remove_entry(found.entry)
    db.session.commit()
    flash(done)
    return redirect(url_for(".roster_page", class_id=class_id))


@bp.route("/<id:class_id>/roster/clear", methods=["GET", "POST"])
def clear(class_id: int):
    """Ask before taking every name off the list, showing them; then clear it, if it is still the list shown."""
    classroom = owned_class(class_id)
    listed = roster.entries(classroom)
    if not listed:
        flash("The class list is empty.")
        return redirect(url_for(".roster_page", class_id=class_id))
    shown = _as_shown(listed)
    if not _confirmed(shown):
        # Names imported since the page asked were never shown: ask again, about the list as it is now.
        changed = request.form.get("confirm") is not None
        page = render_template(
            "teacher/roster_clear.html",
            classroom=classroom,
            listed=listed,
            shown=shown,
            changed=changed,
            form=ConfirmForm(),
        )
        return page, 409 if changed else 200
    removed = roster.clear(classroom)
    db.session.commit()
    flash(
        f"The class list is cleared ({_count(removed, 'name')}). Students who joined stay, with their IDs; "
        "new students type their names again."
    )
    return redirect(url_for(".roster_page", class_id=class_id))


def _confirmed(answer: str) -> bool:
    """Whether the teacher pressed the button of the page that asked. The class list page's own buttons used to post
    straight here: a page still open from then (with its token) gets the question, not the deletion."""
    return ConfirmForm().validate_on_submit() and request.form.get("confirm") == answer


def _as_shown(listed: list[roster.Entry]) -> str:
    """The list as the page asking to clear it shows it."""
    return _digest("\n".join(f"{found.entry.display_name}\t{found.entry.external_id or ''}" for found in listed))


@bp.post("/<id:class_id>/students/<id:learner_id>/external-id")
def external_id(class_id: int, learner_id: int):
    """Set or clear a student's ID in the school's systems, which the gradebook exports carry."""
    membership = member_or_404(owned_class(class_id), learner_id)
    form = ExternalIdForm()
    if form.validate_on_submit():
        try:
            roster.set_external_id(membership, form.external_id.data or "")
        except classes.ClassError as problem:
            flash(str(problem))
        else:
            db.session.commit()
            flash(
                f"{membership.display_name}'s ID is now {membership.external_id}."
                if membership.external_id
                else f"{membership.display_name} has no ID now."
            )
    else:
        flash(" ".join(form_errors(form)))
    return redirect(url_for("dashboard.student_page", class_id=class_id, learner_id=learner_id))
