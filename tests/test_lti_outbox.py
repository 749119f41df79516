"""The grade passback's outbox, in the app without a platform: a score is kept, not sent, while the class withholds
the set's results; once released it is sent, and a platform that cannot be reached gets it again later, each wait
longer than the last. Nothing is dropped."""

from __future__ import annotations

from datetime import timedelta

from helpers import DEMO_ANSWERS, Student, text_of
from quiz.models import (
    Classroom,
    Learner,
    LtiContext,
    LtiLearner,
    LtiPlatform,
    LtiResourceLink,
    LtiScore,
    Membership,
    Teacher,
    aware,
    db,
    utcnow,
)
from quiz.store import release
from quiz.store.lti import launches, outbox

NOBODY = "http://127.0.0.1:9"  # the discard port: nothing listens, a connection is refused at once


def student_from_a_platform(app, teacher, results: str = "on_release") -> int:
    """A class that withholds results, a student in it who finished the demo set, and the rows a launch makes."""
    class_id, code = teacher.create_class("8C", results=results)
    student = Student(app.test_client())
    student.join(code, "Ana")
    for item_id, fields in DEMO_ANSWERS.items():
        student.answer("demo", item_id, **fields)
    with app.app_context():
        learner_id = db.session.execute(db.select(Membership.learner_id)).scalar_one()
        platform = LtiPlatform(
            issuer=NOBODY,
            client_id="c",
            name="Nowhere",
            auth_login_url=f"{NOBODY}/auth",
            token_url=f"{NOBODY}/token",
            key_set_url=f"{NOBODY}/jwks",
        )
        db.session.add(platform)
        db.session.flush()
        context = LtiContext(
            platform_id=platform.id, context_id="c1", classroom_id=class_id, lineitems_url=f"{NOBODY}/lineitems"
        )
        db.session.add(context)
        db.session.flush()
        db.session.add(LtiLearner(lti_context_id=context.id, sub="ana-sub", learner_id=learner_id))
        db.session.add(LtiResourceLink(lti_context_id=context.id, resource_link_id="l1", exercise_id="demo"))
        db.session.commit()
    return learner_id


def test_a_withheld_score_waits_for_the_release_then_is_retried_until_the_platform_takes_it(app, teacher, demo):
    learner_id = student_from_a_platform(app, teacher)
    with app.app_context():
        ids = outbox.queue(db.session.get(Learner, learner_id), demo)
        db.session.commit()
        assert outbox.send_due(ids) == (0, 1)
        row = db.session.get(LtiScore, ids[0])
        assert (row.score, row.sent_at, row.tries, row.last_error) == (87.5, None, 0, outbox.WAITING_FOR_RELEASE)
        assert row.comment.startswith("Lens: 88%. Loaded wording 1: 1 of 2 points right")

        release.release(db.session.get(Classroom, _class_of(row)), "demo")
        db.session.commit()
        assert outbox.send_due(ids) == (0, 1)
        row = db.session.get(LtiScore, ids[0])
        assert (row.tries, row.last_error) == (1, "The platform could not be reached.")
        first_wait = aware(row.next_try_at) - utcnow()
        assert timedelta(seconds=50) < first_wait <= timedelta(minutes=1)

        assert outbox.due() == []  # not before its time
        assert outbox.send_due(ignore_wait=True) == (0, 1)  # the command sends at once
        row = db.session.get(LtiScore, ids[0])
        assert row.tries == 2 and aware(row.next_try_at) - utcnow() > timedelta(minutes=1, seconds=50)
        assert outbox.unsent(db.session.get(Classroom, _class_of(row))).count == 1

        # The same score queued again (a later answer that changes nothing) does not restart its count.
        assert outbox.queue(db.session.get(Learner, learner_id), demo) == ids
        assert db.session.get(LtiScore, ids[0]).tries == 2


def test_releasing_the_results_sends_the_withheld_scores_at_once(app, teacher, demo):
    from quiz.web import lti_scores

    learner_id = student_from_a_platform(app, teacher)
    with app.app_context():
        ids = outbox.queue(db.session.get(Learner, learner_id), demo)
        db.session.commit()
        outbox.send_due(ids)
        class_id = _class_of(db.session.get(LtiScore, ids[0]))
    assert app.config["LTI_SWEEP_SECONDS"] is None  # no sweep here: only the release can send it

    dashboard = f"/teacher/classes/{class_id}"
    released = teacher.submit(f"{dashboard}/sets/demo/results", {"release": "yes"}, form_page=dashboard)
    assert "are released" in text_of(released.text)
    assert lti_scores.sends_finished()
    with app.app_context():
        row = db.session.get(LtiScore, ids[0])
        # Tried at once: the platform (nowhere) could not be reached, so it waits for its next try, not for a release.
        assert (row.tries, row.last_error) == (1, "The platform could not be reached.")


def _class_of(row: LtiScore) -> int:
    link = db.session.get(LtiResourceLink, row.link_id)
    return db.session.get(LtiContext, link.lti_context_id).classroom_id


def test_a_link_to_a_set_the_class_does_not_show_makes_the_class_show_it(app, teacher):
    class_id, _code = teacher.create_class("8D")
    with app.app_context():
        classroom = db.session.get(Classroom, class_id)
        classroom.set_ids = []
        launches.show_set(classroom, "demo")
        launches.show_set(classroom, "demo")
        db.session.commit()
        assert db.session.get(Classroom, class_id).set_ids == ["demo"]


def test_a_row_that_breaks_in_an_unexpected_way_is_recorded_and_the_sweep_goes_on(app, teacher, demo, monkeypatch):
    learner_id = student_from_a_platform(app, teacher, results="each_answer")
    with app.app_context():
        link = db.session.execute(db.select(LtiResourceLink)).scalar_one()
        db.session.add(LtiResourceLink(lti_context_id=link.lti_context_id, resource_link_id="l2", exercise_id="demo"))
        db.session.commit()
        first, second = outbox.queue(db.session.get(Learner, learner_id), demo)
        db.session.commit()
        calls = []

        def title_of(set_id):
            calls.append(set_id)
            if len(calls) == 1:
                raise TypeError("a surprise in the first row")
            return set_id

        monkeypatch.setattr(outbox, "title_of", title_of)
        assert outbox.send_due([first, second]) == (0, 2)
        rows = [db.session.get(LtiScore, score_id) for score_id in (first, second)]
        assert [row.tries for row in rows] == [1, 1]
        assert rows[0].last_error == "The score could not be sent: a surprise in the first row"
        assert rows[1].last_error == "The platform could not be reached."


def test_removing_a_platform_with_unsent_scores_asks_first_with_their_number(app, teacher, demo):
    learner_id = student_from_a_platform(app, teacher)
    with app.app_context():
        outbox.queue(db.session.get(Learner, learner_id), demo)
        db.session.execute(db.update(Teacher).values(is_admin=True))
        db.session.commit()
        platform_id = db.session.execute(db.select(LtiPlatform.id)).scalar_one()
    url = f"/teacher/lti/{platform_id}/remove"
    asked = teacher.submit(url, form_page="/teacher/lti")
    assert asked.status_code == 200
    assert "1 score not sent yet" in text_of(asked.get_data(as_text=True))
    with app.app_context():
        assert db.session.get(LtiPlatform, platform_id) is not None  # nothing removed yet

    removed = teacher.submit(url, {"confirm": "1"}, form_page="/teacher/lti")
    assert "is no longer registered" in text_of(removed.get_data(as_text=True))
    with app.app_context():
        assert db.session.get(LtiPlatform, platform_id) is None
