"""A student answers, reads feedback, comes back; the app never records an answer twice."""

import re

from helpers import CSRF, config, text_of
from helpers import count_rows as stored
from quiz import create_app
from quiz.models import Answer, Attempt, db

KEY = {"marked": [0, 1, 2, 3, 4, 5, 22, 23]}


def test_home_lists_sets_grouped_by_skill(client):
    page = text_of(client.get("/").get_data(as_text=True))
    assert "Loaded wording Demo set for the tests 4 items Not started." in page


def test_an_item_page_shows_position_and_no_answer_key(student):
    html = student.page("/sets/demo/items/leopard")
    assert "Item 1 of 4" in html
    assert 'value="22"' in html and ">ugly<" in html
    for secret in ("An idiom that declares", "value judgement", "why"):
        assert secret not in html
    for item_id, secrets in {
        "twelve-thousand": ["No count is attributed", "no source</q>"],
        "saddam-timeline": ["The dates show the order", "correct"],
    }.items():
        html = student.page(f"/sets/demo/items/{item_id}")
        assert all(secret not in html for secret in secrets)
    assert '<span class="cut">…&nbsp;</span>he persuaded Saddam' in html  # the author cut it from a longer sentence


def test_highlight_answer_gets_score_and_feedback(student):
    page = text_of(
        student.answer("demo", "leopard", marked=["0", "1", "2", "3", "4", "5", "22", "9"]).get_data(as_text=True)
    )
    assert "Your score: 65%" in page
    assert "You found 72% of the key and marked 7% of the rest of the passage: 72% − 7% = 65%." in page
    assert "Found: A leopard cannot change its spots An idiom that declares" in page
    assert "Partly found (44%): ugly image A value judgement" in page
    assert "Not in the key: Albania" in page


def test_an_answer_scored_under_earlier_rules_keeps_its_score_and_says_what_it_scores_now(app, student):
    from quiz.models import db

    student.answer("demo", "leopard", marked=["0", "1", "2", "3", "4", "5", "22", "9"])
    with app.app_context():
        # What the first release's harmonic mean of found and on target gave this answer.
        db.session.execute(db.update(Answer).values(score=832 / 1083))
        db.session.commit()
    page = text_of(student.page("/sets/demo/items/leopard"))
    assert "Your score: 77%" in page
    assert (
        "Lens has changed how it scores this kind of item since you answered. Under the new rules this answer "
        "would score 65%; your score stays 77% unless your teacher re-scores the class. How the new rules count it: "
        "You found 72% of the key and marked 7% of the rest of the passage: 72% − 7% = 65%."
    ) in page
    assert page.count("72% − 7% = 65%") == 1, "the arithmetic of the new rules is said once, inside the notice"


def test_classify_and_choice_answers_get_feedback(student):
    page = text_of(
        student.answer("demo", "twelve-thousand", claim_0="no source", claim_1="named source").get_data(as_text=True)
    )
    assert "Your score: 50%" in page
    assert "You chose “named source”. The label is “vague source”." in page
    html = student.answer("demo", "what-to-check", picked=["0", "2"]).get_data(as_text=True)
    # In the order this student saw the options (tests/test_shuffle.py checks the order itself).
    assert sorted(re.findall(r'class="point tone-(\w+)"', html)) == ["bad", "bad", "good"]
    page = text_of(html)
    assert "Your score: 0%" in page
    assert "Wrong pick: How long it is Length says nothing about reliability." in page


def test_an_empty_answer_is_refused_with_a_message(student, app):
    response = student.answer("demo", "leopard")
    assert response.status_code == 400
    assert "Mark at least one word before you submit." in response.get_data(as_text=True)
    response = student.answer("demo", "twelve-thousand", claim_0="no source")
    assert "Choose a label for claim 2." in response.get_data(as_text=True)
    assert stored(app, Answer) == 0


def test_word_numbers_outside_the_passage_are_refused(student, app):
    response = student.answer("demo", "leopard", marked=["0", "500"])
    assert response.status_code == 400
    assert stored(app, Answer) == 0


def test_submitting_twice_records_one_answer(student, client, app):
    url = "/sets/demo/items/leopard"
    token = student.token(url)
    first = client.post(url, data={"csrf_token": token, "attempt": 1, **KEY})
    again = client.post(url, data={"csrf_token": token, "attempt": 1, "marked": ["9"]}, follow_redirects=True)
    assert first.status_code == 302
    assert "your first answer was kept" in again.get_data(as_text=True)
    assert "Your score: 100%" in again.get_data(as_text=True)
    assert stored(app, Answer) == 1
    assert stored(app, Attempt) == 1


def finish_demo(student, attempt=1):
    student.answer("demo", "leopard", attempt=attempt, **KEY)
    student.answer("demo", "twelve-thousand", attempt=attempt, claim_0="no source", claim_1="vague source")
    student.answer("demo", "saddam-timeline", attempt=attempt, picked="1")
    student.answer("demo", "what-to-check", attempt=attempt, picked=["0"])


def test_a_finished_set_shows_scores_per_skill_and_a_new_attempt_starts_once(student, client, app):
    finish_demo(student)
    page = text_of(student.page("/sets/demo"))
    assert "Attempt 1: 63%" in page  # (1 + 1 + 0 + 0.5) / 4, halves rounded up
    assert "Loaded wording (1 item): 100% 100%" in page
    assert "Missing context (2 items): 25% 25%" in page
    token = CSRF.search(student.page("/sets/demo")).group(1)
    for _ in range(2):  # a double click
        client.post("/sets/demo/again", data={"csrf_token": token, "after": 1})
    assert stored(app, Attempt) == 2
    assert "Item 1 of 4" in student.page("/sets/demo/items/leopard")
    finish_demo(student, attempt=2)
    page = text_of(student.page("/"))
    assert "Best 63%, latest 63%." in page


def test_a_stale_page_from_an_old_attempt_changes_nothing(student, client, app):
    finish_demo(student)
    token = CSRF.search(student.page("/sets/demo")).group(1)
    client.post("/sets/demo/again", data={"csrf_token": token, "after": 1})
    response = student.answer("demo", "leopard", attempt=1, marked=["9"])
    assert "That page was out of date" in response.get_data(as_text=True)
    assert stored(app, Answer) == 4


def test_progress_survives_a_restart_of_the_app(tmp_path):
    settings = config(tmp_path, SECRET_KEY="same-secret")
    first = create_app(settings).test_client()
    html = first.get("/sets/demo/items/leopard").get_data(as_text=True)
    first.post("/sets/demo/items/leopard", data={"csrf_token": CSRF.search(html).group(1), "attempt": 1, **KEY})
    cookie = first.get_cookie("session")
    assert cookie.expires is not None  # kept when the browser closes

    second = create_app(settings).test_client()
    second.set_cookie("session", cookie.value)
    page = text_of(second.get("/").get_data(as_text=True))
    assert "In progress: 1 of 4 answered, 100% on those." in page
    assert "Your score: 100%" in second.get("/sets/demo/items/leopard").get_data(as_text=True)


def test_another_browser_does_not_see_the_progress(student, app):
    student.answer("demo", "leopard", **KEY)
    other = app.test_client()
    assert "Not started." in other.get("/").get_data(as_text=True)
    assert "Submit answer" in other.get("/sets/demo/items/leopard").get_data(as_text=True)


def test_a_post_without_the_csrf_token_is_refused_kindly(client, app):
    response = client.post("/sets/demo/items/leopard", data={"attempt": 1, **KEY})
    assert response.status_code == 400
    assert "your marks are kept on this device" in response.get_data(as_text=True)
    assert stored(app, Answer) == 0


def test_a_page_left_open_for_a_whole_lesson_still_submits(student, client, app, monkeypatch):
    import time

    url = "/sets/demo/items/leopard"
    token = student.token(url)
    later = time.time() + 6 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post(url, data={"csrf_token": token, "attempt": 1, **KEY})
    assert response.status_code == 302
    assert stored(app, Answer) == 1


def test_starting_again_before_finishing_changes_nothing(student, client, app):
    student.answer("demo", "leopard", **KEY)
    token = student.token("/sets/demo/items/twelve-thousand")
    client.post("/sets/demo/again", data={"csrf_token": token, "after": 1})
    assert stored(app, Attempt) == 1
    assert "Continue with item 2" in text_of(student.page("/sets/demo"))


def test_claims_are_marked_in_the_whole_document(student):
    html = student.page("/sources/mko-article?set=demo&item=twelve-thousand")
    assert '<mark id="passage">the text of which can be viewed in the Stanford University Archive</mark>' in html
    assert "<mark>The MEK, a terrorist organization, killed 12,000 of their fellow Iranians.</mark>" in html


def test_a_set_about_another_document_marks_nothing(student):
    html = student.page("/sources/mko-article?set=demo&item=nope")
    assert "<mark" not in html and "marked like this" not in html


def test_the_whole_document_opens_with_the_passage_marked(student):
    html = student.page("/sources/mko-article?set=demo&item=leopard")
    assert '<mark id="passage">A leopard cannot change its spots.' in html
    assert "Source Source" in html
    assert "<dt>Author</dt><dd>unknown</dd>" in html


def test_a_wrong_method_and_a_crash_get_a_calm_page(client, tmp_path):
    assert client.delete("/sets/demo").status_code == 405
    assert "This page cannot be used that way." in client.delete("/sets/demo").get_data(as_text=True)

    def broken():
        raise RuntimeError("secret internals")

    # As in production: the error page, not the exception. No background sweep of LTI scores: an earlier test of
    # this process may have used LTI, and a sweep's thread would hold a connection past this test.
    app = create_app(config(tmp_path, TESTING=False, LTI_SWEEP_SECONDS=None))
    try:
        app.add_url_rule("/broken", view_func=broken)
        response = app.test_client().get("/broken")
        assert response.status_code == 500
        assert "Your earlier answers are safe" in response.get_data(as_text=True)
        assert "secret internals" not in response.get_data(as_text=True)
    finally:
        with app.app_context():
            db.engine.dispose()


def test_unknown_pages_say_so_without_a_stack_trace(client):
    response = client.get("/sets/nope")
    assert response.status_code == 404
    assert "There is no exercise set called “nope”." in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)
    assert client.get("/sets/demo/items/nope").status_code == 404
    assert client.get("/sources/nope").status_code == 404


def test_security_headers_on_every_page(client):
    response = client.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_load_nothing_from_other_sites(student):
    for url in ("/", "/sets/demo", "/sets/demo/items/leopard", "/sources/mko-article"):
        html = student.page(url)
        assert not re.search(r'(src|href)="(https?:)?//', html), url


def test_two_values_for_a_single_choice_are_refused_as_tampering(student):
    response = student.answer("demo", "saddam-timeline", picked=["0", "1"])
    assert response.status_code == 400
    assert "does not belong to this item" in text_of(response.get_data(as_text=True))
