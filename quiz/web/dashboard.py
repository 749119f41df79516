"""What a teacher reads about a class: the grid, one student's answers, how each item worked, and exports."""

from __future__ import annotations

import tempfile
from datetime import datetime
from typing import BinaryIO

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)

from quiz.bank.exercises import ExerciseSet
from quiz.bank.schema import SKILL_NAMES
from quiz.classroom import activity, schedule
from quiz.classroom.gradebook import Cell
from quiz.classroom.item_stats import FEWEST_FOR_DISCRIMINATION, item_statistics
from quiz.items import review, stored_response
from quiz.models import Assignment, Classroom, db, utcnow
from quiz.store import assignments, bank_owners, class_records, classes, export_files, release, score_events
from quiz.store.release import ON_RELEASE
from quiz.web import extensions
from quiz.web.assignment_forms import school_zone
from quiz.web.auth import signed_in_teacher
from quiz.web.forms import ConfirmForm, ExternalIdForm, OverrideForm, StudentNameForm, form_errors
from quiz.web.live_bank import bank
from quiz.web.ownership import answer_of_class, for_teachers_only, member_or_404, owned_class

bp = Blueprint("dashboard", __name__, url_prefix="/teacher/classes")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


for_teachers_only(bp)


def class_set_or_404(classroom: Classroom, set_id: str) -> ExerciseSet:
    """One of the sets the class sees, or a 404 that says the class does not see it."""
    exercise_set = classroom.sets_shown(bank().sets, bank_owners.private_sets()).get(set_id)
    if exercise_set is None:
        abort(404, "This class does not see that exercise set.")
    return exercise_set


def class_grid(classroom: Classroom, learner_id: int | None = None, responses: bool = True):
    """The grid of the whole class (or one student), from two queries whatever the class size."""
    return class_records.class_marks(classroom, bank().sets, learner_id, responses)


@bp.get("/<id:class_id>")
def class_page(class_id: int):
    classroom = owned_class(class_id)
    grid = grid_context(classroom)
    return render_template(
        "teacher/dashboard.html",
        **grid,
        released={r.exercise_id: r.released_at for r in classroom.releases},
        # The sets whose results wait for a release: by the class's choice, or by their assignment's.
        releasable=[set_id for set_id in grid["sets"] if release.results_setting(classroom, set_id) == ON_RELEASE],
        confirm=ConfirmForm(),
        live_every=LIVE_EVERY_SECONDS,
    )


# How often an open dashboard asks for the grid again (live-dashboard.js waits longer in a hidden tab).
LIVE_EVERY_SECONDS = 5


def grid_context(classroom: Classroom) -> dict:
    """What templates/teacher/_class_grid.html draws, for the page and for its live updates (live_dashboard.py)."""
    members, sets, marks = class_grid(classroom, responses=False)
    now = utcnow()
    assigned = assigned_sets(classroom, sets)
    latest = {learner: activity.latest_activity(row) for learner, row in marks.cells.items()}
    return dict(
        classroom=classroom,
        members=members,
        sets=sets,
        marks=marks,
        totals=marks.totals(),
        finished=marks.sets_finished(),
        skill_names=SKILL_NAMES,
        now=now,
        latest={learner: found[0].isoformat() if found else "" for learner, found in latest.items()},
        working={learner: activity.working_on(row, now) for learner, row in marks.cells.items()},
        active_minutes=activity.WORKING_WINDOW.seconds // 60,
        assigned=assigned,
        # The assigned sets not open yet, with their opening times: their columns say when they open.
        not_open={
            set_id: a.opens_at
            for set_id, a in assigned.items()
            if assignments.schedule(a).phase(now) == schedule.NOT_OPEN
        },
        statuses={learner: statuses_of(learner, row, assigned, now) for learner, row in marks.cells.items()},
        # The students given more time than the class, by learner id and set id: their cells say until when.
        own_schedules=assignments.own_schedules(classroom),
    )


def assigned_sets(classroom: Classroom, sets: dict[str, ExerciseSet]) -> dict[str, Assignment]:
    """The class's assignments of the sets it sees, by set id."""
    return {a.exercise_id: a for a in classroom.assignments if a.exercise_id in sets}


def statuses_of(
    learner_id: int, row: dict[str, Cell], assigned: dict[str, Assignment], now: datetime
) -> dict[str, str]:
    """Where one student stands on each assigned set by their own due time, in the words of schedule.STATUSES."""
    return {set_id: row[set_id].status(assignments.schedule(a, learner_id), now) for set_id, a in assigned.items()}


@bp.post("/<id:class_id>/sets/<set_id>/results")
def release_results(class_id: int, set_id: str):
    """Release a set's results to the class, or withhold them again."""
    classroom = owned_class(class_id)
    exercise_set = class_set_or_404(classroom, set_id)
    if ConfirmForm().validate_on_submit():
        released = request.form.get("release") == "yes"
        if released:
            release.release(classroom, set_id)
            flash(f"The results of “{exercise_set.title}” are released: students see their scores and the key now.")
        else:
            release.withhold(classroom, set_id)
            flash(f"The results of “{exercise_set.title}” are withheld again.")
        db.session.commit()
        if released:
            score_events.announce_release(classroom.id, set_id)
    return redirect(url_for(".class_page", class_id=class_id) + "#results-heading")


@bp.get("/<id:class_id>/students/<id:learner_id>")
def student_page(class_id: int, learner_id: int):
    classroom = owned_class(class_id)
    membership = member_or_404(classroom, learner_id)
    _, sets, grid = class_grid(classroom, learner_id)
    marks = grid.of(learner_id)
    assigned = assigned_sets(classroom, sets)
    return render_template(
        "teacher/student.html",
        classroom=classroom,
        membership=membership,
        sets=sets,
        marks=marks,
        assigned=assigned,
        statuses=statuses_of(learner_id, marks.cells, assigned, utcnow()),
        own_times=extensions.own_times(assigned, learner_id),
        zone=school_zone(),
        skill_names=SKILL_NAMES,
        feedback=_feedback_for,
        name_form=StudentNameForm(display_name=membership.display_name),
        id_form=ExternalIdForm(external_id=membership.external_id or ""),
        confirm=ConfirmForm(),
    )


def _feedback_for(exercise_set: ExerciseSet, record):
    """The answer's points and drawing against the key, if the item has not changed since."""
    item = exercise_set.item(record.item_id)
    response = stored_response(item, record.item_version, record.response) if item else None
    return None if response is None else review(item, response)


@bp.get("/<id:class_id>/sets/<set_id>")
def set_statistics(class_id: int, set_id: str):
    classroom = owned_class(class_id)
    exercise_set = class_set_or_404(classroom, set_id)
    members, _, marks = class_grid(classroom)
    counted = [marks.cells[m.learner_id][set_id].counted for m in members]
    return render_template(
        "teacher/set_statistics.html",
        classroom=classroom,
        exercise_set=exercise_set,
        stats=item_statistics(exercise_set, [attempt for attempt in counted if attempt]),
        students=sum(attempt is not None for attempt in counted),
        fewest=FEWEST_FOR_DISCRIMINATION,
        skill_names=SKILL_NAMES,
    )


@bp.route("/<id:class_id>/answers/<id:answer_id>/score", methods=["GET", "POST"])
def override(class_id: int, answer_id: int):
    """Count a score of the teacher's for one answer, with a comment the student sees."""
    classroom = owned_class(class_id)
    answer = answer_of_class(classroom, answer_id)
    learner_id = answer.attempt.learner_id
    form = OverrideForm(
        percent=round(answer.counted * 100, 1), comment=answer.override.comment if answer.override else ""
    )
    if form.validate_on_submit():
        classes.override(answer, signed_in_teacher(), form.percent.data / 100, form.comment.data or "")
        db.session.commit()
        score_events.announce(learner_id, answer.attempt.exercise_id)
        flash("The score is changed; the student sees your comment with the answer.")
        return redirect(url_for(".student_page", class_id=class_id, learner_id=learner_id))
    exercise_set = bank().sets.get(answer.attempt.exercise_id)
    return render_template(
        "teacher/override.html",
        classroom=classroom,
        answer=answer,
        membership=member_or_404(classroom, learner_id),
        exercise_set=exercise_set,
        item=exercise_set.item(answer.item_id) if exercise_set else None,
        # The answer against the key, so the teacher sees what they are re-scoring.
        shown=_feedback_for(exercise_set, answer) if exercise_set else None,
        form=form,
        errors=form_errors(form),
        confirm=ConfirmForm(),
    ), (400 if form.errors else 200)


@bp.post("/<id:class_id>/answers/<id:answer_id>/score/clear")
def clear_override(class_id: int, answer_id: int):
    classroom = owned_class(class_id)
    answer = answer_of_class(classroom, answer_id)
    classes.clear_override(answer)
    db.session.commit()
    score_events.announce(answer.attempt.learner_id, answer.attempt.exercise_id)
    flash("The computed score counts again.")
    return redirect(url_for(".student_page", class_id=class_id, learner_id=answer.attempt.learner_id))


EXPORTS = {
    ("responses", "csv"),
    ("gradebook", "csv"),
    ("workbook", "xlsx"),
    # The gradebook in the import formats of the school's own gradebook (quiz/classroom/gradebook_formats.py).
    ("canvas", "csv"),
    ("google-classroom", "csv"),
}


@bp.get("/<id:class_id>/export/<kind>.<fmt>")
def export(class_id: int, kind: str, fmt: str):
    """Download the responses or the gradebook as CSV, or both as the sheets of one XLSX workbook."""
    classroom = owned_class(class_id)
    if (kind, fmt) not in EXPORTS:
        abort(
            404,
            "There is no such export: choose responses.csv, gradebook.csv, workbook.xlsx, canvas.csv "
            "or google-classroom.csv.",
        )
    download = export_files.file_name(classroom, kind, fmt)
    if fmt == "csv":
        sets = bank().sets
        if kind == "google-classroom" and request.args.get("set"):
            # One set's grades alone, for a Classroom assignment of its own.
            sets = {request.args["set"]: class_set_or_404(classroom, request.args["set"])}
        chunks = export_files.csv_of(classroom, kind, sets)
        response = Response(stream_with_context(chunks), mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="{download}"'
        return response
    # Written to a file without a name, not to memory, so that a big class's download costs disk, never RAM.
    target = tempfile.TemporaryFile()
    try:
        export_files.write_workbook(classroom, bank().sets, target)
        size = target.tell()
        target.seek(0)
    except BaseException:
        target.close()
        raise
    response = send_file(_ClosedAtEnd(target), mimetype=XLSX, as_attachment=True, download_name=download)
    response.content_length = size
    return response


class _ClosedAtEnd:
    """A file that closes itself, and so lets the system free it, once read to the end, as well as when the
    server closes the response: a client that reads the whole download without closing it leaks nothing."""

    def __init__(self, file: BinaryIO):
        self.file = file

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        if not data:
            self.file.close()
        return data

    def close(self) -> None:
        self.file.close()
