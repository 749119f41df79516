"""Lens as an LTI 1.3 tool, against the test platform (tests/lti_platform.py) over real HTTP: registration with the
command, student and instructor launches, deep linking, scores that reach the platform's gradebook (and an override
that changes them), every way a launch can be refused, and scores kept while the platform is down."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import uuid
from html import unescape

import pytest
import requests
from browser.conftest import LiveServer
from lti_platform import Member, TestPlatform

from helpers import DEMO_ANSWERS, ROOT, text_of

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# The demo set answered as DEMO_ANSWERS answers it: 50%, 100%, 100%, 100%.
DEMO_PERCENT = 87.5


def flask(server: LiveServer, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "flask", "--app", "quiz", *args]
    return subprocess.run(command, cwd=ROOT, env=server.env, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def lens(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("lti"))
    # Scores that failed are tried again within a second of the next request, not a minute.
    server.env["FLASK_LTI_SWEEP_SECONDS"] = "1"
    server.env["FLASK_LTI_RETRY_SECONDS"] = "1"
    server.start()
    yield server
    server.stop()
    server.log.close()


@pytest.fixture(scope="module")
def platform(lens):
    platform = TestPlatform(
        f"{lens.url}/lti/login",
        f"{lens.url}/lti/launch",
        f"{lens.url}/lti/jwks",
        tool_deep_link_url=f"{lens.url}/lti/launch",
    )
    platform.start()
    result = register(lens, platform)
    assert result.returncode == 0, result.stderr
    yield platform
    platform.stop()


def register(lens: LiveServer, platform: TestPlatform) -> subprocess.CompletedProcess:
    return flask(lens, "lti-register", *platform.registration_options(name="Test LMS"))


def course() -> str:
    """A course of the test's own, so that tests do not share classes."""
    return f"course-{uuid.uuid4().hex[:8]}"


def instructor(sub: str = "teacher-1", name: str = "Ana Ruiz") -> Member:
    given, family = name.split(" ", 1)
    return Member(
        user_id=sub, name=name, given_name=given, family_name=family, email=f"{sub}@example.org", roles=["Instructor"]
    )


def learner(sub: str, name: str, sourcedid: str | None = None) -> Member:
    given, _, family = name.partition(" ")
    return Member(
        user_id=sub,
        name=name,
        given_name=given,
        family_name=family,
        email=f"{sub}@example.org",
        roles=["Learner"],
        lis_person_sourcedid=sourcedid,
    )


def launch(platform, user: Member, context_id: str, link: str = "link-demo", set_id: str = "demo", **options):
    url = platform.launch_url(
        user=user,
        context_id=context_id,
        context_title=f"Media literacy {context_id}",
        resource_link_id=link,
        resource_link_title="Demo set",
        custom={"set_id": set_id},
        **options,
    )
    return platform.launch_with_requests(url)


def answer_the_demo_set(session: requests.Session, lens_url: str) -> None:
    for item_id, fields in DEMO_ANSWERS.items():
        url = f"{lens_url}/sets/demo/items/{item_id}"
        token = CSRF.search(session.get(url).text).group(1)
        response = session.post(url, data={"csrf_token": token, "attempt": 1, **fields})
        assert response.status_code == 200, response.text


def scores_of(platform, sub: str) -> list[dict]:
    """The scores the platform's score endpoint received for this user, oldest first."""
    found = []
    for entry in list(platform.scores):
        body = entry.get("score", entry) if isinstance(entry, dict) else entry
        if body.get("userId") == sub:
            found.append(body)
    return found


def wait_for(condition, seconds: float = 15, poke=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if poke:
            poke()
        time.sleep(0.2)
    return condition()


# --- Registration


def test_registration_by_command_and_the_tools_addresses(lens, platform):
    again = register(lens, platform)
    assert again.returncode == 0, again.stderr
    assert "Registered Test LMS" in again.stdout

    keys = requests.get(f"{lens.url}/lti/jwks", timeout=5).json()["keys"]
    assert len(keys) >= 1 and all(key["kty"] == "RSA" and key["kid"] and "d" not in key for key in keys)
    canvas = requests.get(f"{lens.url}/lti/canvas.json", timeout=5).json()
    assert canvas["oidc_initiation_url"] == f"{lens.url}/lti/login"
    assert canvas["target_link_uri"] == f"{lens.url}/lti/launch"
    assert canvas["public_jwk_url"] == f"{lens.url}/lti/jwks"


def test_a_registration_with_a_bad_address_is_refused_in_a_sentence(lens):
    result = flask(
        lens,
        "lti-register",
        "--issuer",
        "https://lms.example.org",
        "--client-id",
        "abc",
        "--deployment-id",
        "1",
        "--auth-login-url",
        "not an address",
        "--token-url",
        "https://lms.example.org/token",
        "--key-set-url",
        "https://lms.example.org/jwks",
    )
    assert result.returncode == 1
    assert "authentication (OIDC) URL must be a web address" in result.stderr
    assert "Traceback" not in result.stderr


# --- Launches


def test_a_student_lands_in_the_linked_set_as_a_member_of_the_courses_class(lens, platform):
    context = course()
    launch(platform, instructor(), context)
    session, response = launch(platform, learner("student-ana", "Ana María López", "S-1001"), context)

    assert response.status_code == 200
    assert response.url == f"{lens.url}/sets/demo"
    assert "Demo set for the tests" in response.text
    session.post(
        f"{lens.url}/sets/demo/items/leopard",
        data={
            "csrf_token": CSRF.search(session.get(f"{lens.url}/sets/demo/items/leopard").text).group(1),
            "attempt": 1,
            **DEMO_ANSWERS["leopard"],
        },
    )

    # The same student launching again, on another browser, is the same learner: their answer is there.
    _other, again = launch(platform, learner("student-ana", "Ana María López", "S-1001"), context)
    assert again.url == f"{lens.url}/sets/demo"
    assert "1 of 4" in text_of(again.text) or "in progress" in text_of(again.text)

    teacher_session, dashboard = launch(platform, instructor(), context)
    page = text_of(dashboard.text)
    assert "Ana María López" in page
    assert dashboard.url.startswith(f"{lens.url}/teacher/classes/")


def test_an_instructor_lands_on_the_class_dashboard(lens, platform):
    context = course()
    session, response = launch(platform, instructor("teacher-2", "Bo Chen"), context)
    assert response.status_code == 200
    assert re.fullmatch(rf"{re.escape(lens.url)}/teacher/classes/\d+", response.url)
    page = text_of(response.text)
    assert f"Media literacy {context}" in page
    assert "From Test LMS" in page
    assert "Pull the class list from Test LMS" in page


def test_a_student_before_any_instructor_is_told_what_to_do(lens, platform):
    _session, response = launch(platform, learner("early", "Early Bird"), course())
    assert response.status_code == 403
    assert "Your teacher has not opened Lens in this course yet" in text_of(response.text)


def test_students_with_the_same_name_get_names_the_class_can_tell_apart(lens, platform):
    context = course()
    launch(platform, instructor(), context)
    launch(platform, learner("sam-1", "Sam Lee"), context)
    launch(platform, learner("sam-2", "Sam Lee"), context)
    launch(platform, learner("long", "Maximilian Alexander Fitzgerald-Montgomery"), context)
    _session, dashboard = launch(platform, instructor(), context)
    page = text_of(dashboard.text)
    assert "Sam Lee" in page and "Sam Lee 2" in page
    assert "Maximilian Alexander Fitzgera" in page and "Maximilian Alexander Fitzgerald-Montgomery" not in page


def test_a_link_that_names_no_set_opens_the_classs_list_of_sets(lens, platform):
    context = course()
    launch(platform, instructor(), context)
    url = platform.launch_url(user=learner("listed", "Lee Listed"), context_id=context, resource_link_id="bare-link")
    _session, response = platform.launch_with_requests(url)
    assert response.status_code == 200
    assert response.url == f"{lens.url}/"
    assert "Demo set for the tests" in response.text


def test_pages_of_a_launched_student_may_be_framed_by_the_platform_only(lens, platform):
    context = course()
    launch(platform, instructor(), context)
    session, response = launch(platform, learner("framed", "Fran Framed"), context)
    policy = response.headers["Content-Security-Policy"]
    assert f"frame-ancestors 'self' {platform.issuer}" in policy
    assert "X-Frame-Options" not in response.headers
    # Anyone else's pages still refuse every frame.
    other = requests.get(f"{lens.url}/", timeout=5)
    assert "frame-ancestors 'none'" in other.headers["Content-Security-Policy"]
    assert other.headers["X-Frame-Options"] == "DENY"


def test_pulling_the_class_list_adds_the_courses_students_who_then_launch_as_themselves(lens, platform):
    context = course()
    teacher, dashboard = launch(platform, instructor(), context)
    platform.members[context] += [
        learner("roster-1", "Rosa Parks", "S-3001"),
        learner("roster-2", "Omar Khayyam", "S-3002"),
        Member(user_id="gone", name="Gone Student", roles=["Learner"], status="Inactive"),
    ]
    token = CSRF.search(dashboard.text).group(1)
    class_id = dashboard.url.rsplit("/", 1)[1]
    pulled = teacher.post(f"{lens.url}/teacher/classes/{class_id}/lti/roster", data={"csrf_token": token})
    page = text_of(pulled.text)
    assert "2 students added" in page
    assert "Rosa Parks" in page and "Omar Khayyam" in page and "Gone Student" not in page

    # Rosa launches: she is the learner the class list made, not a second "Rosa Parks".
    launch(platform, learner("roster-1", "Rosa Parks", "S-3001"), context)
    page = text_of(teacher.get(dashboard.url).text)
    assert "Rosa Parks 2" not in page
    again = teacher.post(f"{lens.url}/teacher/classes/{class_id}/lti/roster", data={"csrf_token": token})
    assert "0 students added, 2 already here" in text_of(again.text)


# --- Refused launches


@pytest.mark.parametrize(
    ("tamper", "says"),
    [
        ("bad_signature", "signature does not match"),
        ("wrong_audience", "client id"),
        ("expired", "expired"),
        ("unknown_deployment", "does not know this deployment"),
    ],
)
def test_a_wrong_token_is_refused_with_a_sentence_not_a_stack_trace(lens, platform, tamper, says):
    context = course()
    launch(platform, instructor(), context)
    session, response = launch(platform, learner("mallory", "Mallory"), context, tamper=tamper)
    assert response.status_code in (400, 403)
    page = text_of(response.text)
    assert says in page
    assert "Traceback" not in response.text
    # Shown inside the platform's frame, whichever platform it is: the page holds nothing and does nothing.
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers
    # And nobody was signed in: the set page is not theirs.
    assert "Mallory" not in text_of(session.get(f"{lens.url}/").text)


def test_a_replayed_launch_is_refused(lens, platform):
    context = course()
    launch(platform, instructor(), context)
    session, response = launch(platform, learner("replay", "Rita Replay"), context)
    assert response.url == f"{lens.url}/sets/demo"
    token, state = platform.last_launch["id_token"], platform.last_launch["state"]

    # The launch deleted its state cookie: the same browser cannot post it again.
    assert f"lti1p3-{state}" not in session.cookies
    replayed = session.post(f"{lens.url}/lti/launch", data={"id_token": token, "state": state})
    assert replayed.status_code == 403
    assert "did not send back Lens's cookie" in text_of(replayed.text)
    # Even with the cookie put back, the nonce has been used.
    session.cookies.set(f"lti1p3-{state}", state)
    replayed = session.post(f"{lens.url}/lti/launch", data={"id_token": token, "state": state})
    assert replayed.status_code == 403
    assert "has been used already" in text_of(replayed.text)


def test_the_launch_address_opened_directly_says_where_to_start(lens):
    response = requests.post(f"{lens.url}/lti/launch", data={}, timeout=5)
    assert response.status_code == 400
    assert "open Lens from your course" in text_of(response.text)
    login = requests.get(f"{lens.url}/lti/login", params={"iss": "https://nobody.example"}, timeout=5)
    assert login.status_code == 400
    assert "Traceback" not in login.text


# --- Deep linking


def test_an_instructor_picks_sets_and_the_platform_gets_a_link_for_each(lens, platform):
    context = course()
    session, picker = launch(platform, instructor(), context, message_type="LtiDeepLinkingRequest")
    assert picker.url == f"{lens.url}/lti/deep-link"
    assert "Choose exercise sets for your course" in text_of(picker.text)
    before = len(platform.deep_link_responses)

    token = CSRF.search(picker.text).group(1)
    chosen = session.post(f"{lens.url}/lti/deep-link", data={"csrf_token": token, "set_ids": ["demo"]})
    assert chosen.status_code == 200
    form = re.search(r'<form method="post" action="([^"]+)" id="lti-return">', chosen.text)
    jwt_value = re.search(r'name="JWT" value="([^"]+)"', chosen.text).group(1)
    session.post(unescape(form.group(1)), data={"JWT": jwt_value})

    assert len(platform.deep_link_responses) == before + 1
    response = platform.deep_link_responses[-1]
    items = response.get("https://purl.imsglobal.org/spec/lti-dl/claim/content_items", response.get("content_items"))
    assert [item["custom"]["set_id"] for item in items] == ["demo"]
    assert items[0]["type"] == "ltiResourceLink"
    assert items[0]["url"] == f"{lens.url}/lti/launch"
    assert items[0]["lineItem"] == {"scoreMaximum": 100, "label": "Demo set for the tests", "resourceId": "demo"}


# --- Scores


def test_a_finished_attempt_reaches_the_gradebook_and_an_override_updates_it(lens, platform):
    context = course()
    teacher, _ = launch(platform, instructor(), context)
    session, _ = launch(platform, learner("scorer", "Sol Scorer", "S-2002"), context)
    answer_the_demo_set(session, lens.url)

    sent = wait_for(lambda: scores_of(platform, "scorer"))
    assert sent, "no score reached the platform"
    score = sent[-1]
    assert score["scoreGiven"] == pytest.approx(DEMO_PERCENT)
    assert score["scoreMaximum"] == 100
    assert score["activityProgress"] == "Completed"
    assert score["gradingProgress"] == "FullyGraded"
    assert "Loaded wording 1: 1 of 2 points right" in score["comment"]
    assert "Sol" not in score["comment"] and "S-2002" not in score["comment"]

    # The teacher counts 100% for the leopard item: the platform gets the new counted score.
    _, dashboard = launch(platform, instructor(), context)
    student_page = re.search(r'href="(/teacher/classes/\d+/students/\d+)"', dashboard.text).group(1)
    page = teacher.get(lens.url + student_page).text
    override_url = re.search(r'href="(/teacher/classes/\d+/answers/\d+/score)"', page).group(1)
    token = CSRF.search(teacher.get(lens.url + override_url).text).group(1)
    teacher.post(lens.url + override_url, data={"csrf_token": token, "percent": 100, "comment": "Fine"})

    updated = wait_for(lambda: [s for s in scores_of(platform, "scorer") if s["scoreGiven"] == pytest.approx(100)])
    assert updated, scores_of(platform, "scorer")
    assert "score set by the teacher" in updated[-1]["comment"]

    # Clearing the override sends the computed score again.
    teacher.post(f"{lens.url}{override_url}/clear", data={"csrf_token": token})
    cleared = wait_for(lambda: scores_of(platform, "scorer")[-1]["scoreGiven"] == pytest.approx(DEMO_PERCENT))
    assert cleared, scores_of(platform, "scorer")
    assert len(scores_of(platform, "scorer")) == 3


def test_scores_wait_while_the_platform_is_down_and_arrive_once_it_is_back(lens, platform):
    context = course()
    teacher, dashboard = launch(platform, instructor(), context)
    session, _ = launch(platform, learner("patient", "Pat Patient"), context)
    platform.down()
    try:
        answer_the_demo_set(session, lens.url)
        time.sleep(1)
        assert scores_of(platform, "patient") == []
        # The teacher is told, with what went wrong.
        notice = text_of(teacher.get(dashboard.url).text)
        assert "1 score not sent yet" in notice
        assert "nothing is lost" in notice
    finally:
        platform.up()
    arrived = wait_for(
        lambda: scores_of(platform, "patient"), seconds=20, poke=lambda: requests.get(lens.url, timeout=5)
    )
    assert arrived, "the score never arrived after the platform came back"
    assert arrived[-1]["scoreGiven"] == pytest.approx(DEMO_PERCENT)
    # Once only: the sweep does not send it again.
    for _ in range(3):
        time.sleep(1.1)
        requests.get(lens.url, timeout=5)
    assert len(scores_of(platform, "patient")) == 1
    assert "Every score has reached the gradebook" in text_of(teacher.get(dashboard.url).text)


def test_a_students_answer_does_not_wait_for_a_platform_that_hangs(lens, platform):
    context = course()
    launch(platform, instructor(), context)
    session, _ = launch(platform, learner("hurried", "Hal Hurried"), context)
    platform.slow(8)  # longer than Lens's read timeout (6 s): sending in the request would take that long
    try:
        waits = []
        for item_id, fields in DEMO_ANSWERS.items():
            url = f"{lens.url}/sets/demo/items/{item_id}"
            token = CSRF.search(session.get(url).text).group(1)
            started = time.monotonic()
            response = session.post(url, data={"csrf_token": token, "attempt": 1, **fields})
            waits.append(time.monotonic() - started)
            assert response.status_code == 200, response.text
        assert max(waits) < 3, waits
        assert scores_of(platform, "hurried") == []
    finally:
        platform.up()
    arrived = wait_for(
        lambda: scores_of(platform, "hurried"), seconds=30, poke=lambda: requests.get(lens.url, timeout=5)
    )
    assert arrived, "the score never arrived once the platform answered again"
    assert arrived[-1]["scoreGiven"] == pytest.approx(DEMO_PERCENT)


def test_the_send_scores_command_sends_what_is_waiting(lens, platform):
    context = course()
    launch(platform, instructor(), context)
    session, _ = launch(platform, learner("commanded", "Cam Command"), context)
    platform.down()
    try:
        answer_the_demo_set(session, lens.url)
        assert scores_of(platform, "commanded") == []
    finally:
        platform.up()
    result = flask(lens, "lti-send-scores")
    assert result.returncode == 0, result.stderr
    assert scores_of(platform, "commanded"), result.stdout


# --- Keys


def test_a_rotated_key_joins_the_key_set_until_the_old_one_is_retired(lens, platform):
    before = {key["kid"] for key in requests.get(f"{lens.url}/lti/jwks", timeout=5).json()["keys"]}
    rotated = flask(lens, "lti-keys", "--rotate")
    assert rotated.returncode == 0, rotated.stderr
    during = {key["kid"] for key in requests.get(f"{lens.url}/lti/jwks", timeout=5).json()["keys"]}
    assert before < during and len(during) == len(before) + 1
    retired = flask(lens, "lti-keys", "--retire-old")
    assert retired.returncode == 0, retired.stderr
    after = {key["kid"] for key in requests.get(f"{lens.url}/lti/jwks", timeout=5).json()["keys"]}
    assert after == during - before

    # Scores are still accepted, signed with the new key.
    context = course()
    launch(platform, instructor(), context)
    session, _ = launch(platform, learner("after-rotation", "Rory Rotation"), context)
    answer_the_demo_set(session, lens.url)
    assert wait_for(lambda: scores_of(platform, "after-rotation"))
