"""The student's pages: pick a set, answer its items one at a time, read the feedback, see progress."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from quiz.bank.exercises import ExerciseSet, grouped_by_skill
from quiz.bank.schema import SKILL_NAMES
from quiz.classroom.gradebook import AttemptMarks
from quiz.items import TYPES, Item, described, encode_response, kind, review, score, stored_response
from quiz.models import Answer, Attempt, Classroom, db, utcnow
from quiz.store import assignments, bank_owners, class_records, progress, release, score_events
from quiz.text.sources import paragraphs
from quiz.web import learners, student_times
from quiz.web.answer_forms import StartAgainForm, answer_form, messages_for_student, response_from
from quiz.web.live_bank import bank, exercise_set_or_404, item_or_404, source_or_404

bp = Blueprint("student", __name__)
bp.before_request(learners.give_the_browser_a_learner_id)


def visible_sets(classroom: Classroom | None) -> dict[str, ExerciseSet]:
    """The sets this learner sees: all of them, or those their teacher chose for the class."""
    return bank().sets if classroom is None else classroom.sets_shown(bank().sets, bank_owners.private_sets())


def visible_set_or_404(set_id: str) -> ExerciseSet:
    exercise_set = exercise_set_or_404(set_id)
    classroom = learners.current_class()
    if classroom is not None and not classroom.shows(set_id, bank_owners.private_sets()):
        abort(404, "Your teacher has not chosen this exercise set for your class.")
    return exercise_set


@bp.get("/")
def home():
    """The sets, grouped by skill, with the learner's progress on each and their standing."""
    learner = learners.current()
    membership = learner.membership if learner else None
    classroom = membership.classroom if membership else None
    sets = visible_sets(classroom)
    withheld = _withheld(classroom, list(sets))
    mine = class_records.learner_marks(learner, classroom, sets, withheld)
    return render_template(
        "home.html",
        assigned=student_times.assigned(membership, sets, mine.cells),
        groups=grouped_by_skill(sets),
        mine=mine,
        has_standing=any(standing.answered for standing in mine.standings.values()),
        counts=class_records.counts_for(classroom),
        withheld=withheld,
        skill_names=SKILL_NAMES,
        membership=membership,
    )


def _withheld(classroom: Classroom | None, set_ids: list[str]) -> set[str]:
    """The sets whose results this learner may not see yet."""
    return {set_id for set_id, shown in release.showing(classroom, set_ids).items() if not shown.results}


@bp.get("/sets/<set_id>")
def exercise_set(set_id: str):
    """A set's introduction, its items with the learner's answers, and their attempts."""
    exercise_set = visible_set_or_404(set_id)
    classroom = learners.current_class()
    withheld = _withheld(classroom, [set_id])
    assignment = assignments.assignment_of(classroom, set_id)
    times, now = student_times.my_schedule(set_id), utcnow()
    cell = class_records.learner_marks(learners.current(), classroom, {set_id: exercise_set}, withheld).cells[set_id]
    attempt = cell.attempts[-1] if cell.attempts else None
    answers = attempt.answers if attempt else {}
    finished = attempt is not None and attempt.finished
    next_item = next((item for item in exercise_set.items if item.id not in answers), exercise_set.items[0])
    return render_template(
        "set.html",
        exercise_set=exercise_set,
        attempt=attempt,
        answers=answers,
        finished=finished,
        results_shown=not withheld,
        in_class=classroom is not None,
        next_item=next_item,
        cell=cell,
        counts=class_records.counts_for(classroom),
        attempts_allowed=release.attempts_allowed(classroom, set_id),
        assignment=assignment,
        times=times,
        phase=times.phase(now),
        status=cell.status(times, now),
        again_form=_again_form(set_id, attempt) if finished else None,
        skill_names=SKILL_NAMES,
    )


def _again_form(set_id: str, attempt: Attempt | AttemptMarks) -> StartAgainForm | None:
    """The button that starts the next attempt, if the learner's class allows another now."""
    classroom = learners.current_class()
    if release.attempts_left(classroom, set_id, attempt.number) == 0:
        return None
    if not student_times.my_schedule(set_id).takes_answers(utcnow()):
        return None
    return StartAgainForm(after=attempt.number)


@bp.post("/sets/<set_id>/again")
def start_again(set_id: str):
    """Start the next attempt at a finished set; a double click starts one."""
    exercise_set = visible_set_or_404(set_id)
    closed = student_times.closed(exercise_set)
    if closed:
        return closed
    form = StartAgainForm()
    if form.validate_on_submit():
        started = progress.start_next(learners.to_record(), exercise_set, form.after.data, learners.current_class())
        if started == progress.NONE_LEFT:
            return _no_attempts_left(exercise_set)
        db.session.commit()
    return redirect(url_for(".item", set_id=set_id, item_id=exercise_set.items[0].id))


def _no_attempts_left(exercise_set: ExerciseSet):
    allowed = release.attempts_allowed(learners.current_class(), exercise_set.id)
    flash(
        f"Your teacher allows {allowed} attempt{'s' if allowed != 1 else ''} at this set, and you have used "
        f"{'it' if allowed == 1 else 'them all'}, so no new attempt was started."
    )
    return redirect(url_for(".exercise_set", set_id=exercise_set.id))


@bp.route("/sets/<set_id>/items/<item_id>", methods=["GET", "POST"])
def item(set_id: str, item_id: str):
    """One item: its question until it is answered in the current attempt, then its feedback."""
    exercise_set = visible_set_or_404(set_id)
    item = item_or_404(exercise_set, item_id)
    if request.method == "POST":
        return _submit(exercise_set, item)
    attempt = progress.latest_attempt(learners.current(), exercise_set)
    answers = progress.answers_of(attempt)
    if item.id in answers:
        return _feedback(exercise_set, item, attempt, answers)
    if student_times.say_when_closed(student_times.my_schedule(exercise_set.id)):
        return redirect(url_for(".exercise_set", set_id=exercise_set.id))
    return _question(exercise_set, item, answer_form(item, attempt=attempt.number if attempt else 1), attempt)


def _question(exercise_set: ExerciseSet, item: Item, form, attempt: Attempt | None, status: int = 200):
    number = attempt.number if attempt else 1
    kind(item).arrange(form, item, learners.seat(exercise_set, number))
    return (
        render_template(
            "item.html",
            exercise_set=exercise_set,
            item=item,
            form=form,
            parts=kind(item).question_parts(item, form),
            messages=messages_for_student(form),
            draft_key=learners.draft_key(exercise_set, number, item),
            nav=_navigation(exercise_set, item),
            overdue_since=student_times.overdue_since(exercise_set.id),
        ),
        status,
    )


def _submit(exercise_set: ExerciseSet, item: Item):
    closed = student_times.closed(exercise_set, item)
    if closed:
        return closed
    form = answer_form(item)
    if not form.validate_on_submit():
        attempt = progress.latest_attempt(learners.current(), exercise_set)
        return _question(exercise_set, item, form, attempt, status=400)
    # Scored before anything is written, so that SQLite's write lock is held for the writes alone.
    response = response_from(form, item)
    result = score(item, response)
    learner = learners.to_record()
    outcome = progress.submit(
        learner, exercise_set, item, form.attempt.data, encode_response(item, response), result.score
    )
    if outcome == progress.STALE:
        db.session.rollback()
        flash("That page was out of date, so nothing was changed. Here is the item as it stands now.")
        return redirect(url_for(".item", set_id=exercise_set.id, item_id=item.id))
    learner_id = learner.id  # read before the commit, which would have it loaded again
    db.session.commit()
    if outcome == progress.STORED:
        score_events.announce(learner_id, exercise_set.id)
    if outcome == progress.ALREADY_ANSWERED:
        flash("You had already answered this item in this attempt, so your first answer was kept.")
    return redirect(url_for(".item", set_id=exercise_set.id, item_id=item.id))


def _feedback(exercise_set: ExerciseSet, item: Item, attempt: Attempt, answers: dict[str, Answer]):
    answer = answers[item.id]
    response = stored_response(item, answer.item_version, answer.response)
    changed = response is None
    finished = changed and progress.is_finished(attempt, exercise_set, answers)
    classroom = learners.current_class()
    shown = release.showing(classroom, [exercise_set.id])[exercise_set.id]
    reviewed = None if changed else review(item, response, learners.seat(exercise_set, attempt.number))
    return render_template(
        "feedback.html",
        exercise_set=exercise_set,
        item=item,
        answer=answer,
        changed=changed,
        again_form=_again_form(exercise_set.id, attempt) if finished else None,
        result=reviewed.result if reviewed else None,
        drawing=reviewed.drawing if reviewed else [],
        shown=shown,
        in_class=classroom is not None,
        your_answer=None if changed else described(item, response),
        nav=_navigation(exercise_set, item, results_shown=shown.results),
        draft_key=learners.draft_key(exercise_set, attempt.number, item),
    )


def _results_shown(exercise_set: ExerciseSet, known: bool | None) -> bool:
    """Whether this learner sees the set's results: as the page already knows, or asked (it may take a query)."""
    return known if known is not None else not _withheld(learners.current_class(), [exercise_set.id])


def _navigation(exercise_set: ExerciseSet, item: Item, results_shown: bool | None = None) -> dict:
    position = exercise_set.position(item.id)
    items = exercise_set.items
    return {
        "position": position,
        "count": len(items),
        "previous": items[position - 2] if position > 1 else None,
        "next": items[position] if position < len(items) else None,
        # Only the last item links to the results; asked there alone, since it may take a query.
        "results": position < len(items) or _results_shown(exercise_set, results_shown),
    }


@bp.get("/scoring")
def scoring():
    """How every kind of item is scored, with a worked example."""
    return render_template("scoring.html", item_types=TYPES.values())


@bp.get("/sources/<stem>")
def source(stem: str):
    """The whole source document, with the passage of the item the student came from marked."""
    document = source_or_404(stem)
    exercise_set = visible_sets(learners.current_class()).get(request.args.get("set", ""))
    item = exercise_set.item(request.args.get("item", "")) if exercise_set else None
    if item is None or exercise_set.source != stem:
        item = None
    marks = []
    if item is not None:
        marks = list(item.spans)
    return render_template(
        "source.html",
        source=document,
        paragraphs=paragraphs(document.text, marks),
        exercise_set=exercise_set if item else None,
        item=item,
        marked=bool(marks),
    )
