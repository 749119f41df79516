"""Lens opened from a learning platform in Chromium: a student launched from the test platform lands in the set the
link assigns, answers it, and the platform's score endpoint receives the score that counts; the instructor launches
and sees the class."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest
from lti_platform import Member, TestPlatform
from playwright.sync_api import expect

from helpers import ROOT

from .audit import check_page
from .test_student_in_browser import ITEM, word

COURSE = "browser-course"
SAVED_OR_SCORED = "Submit answer"


@pytest.fixture(scope="module")
def platform(live_server):
    url = live_server.url
    platform = TestPlatform(
        f"{url}/lti/login", f"{url}/lti/launch", f"{url}/lti/jwks", tool_deep_link_url=f"{url}/lti/launch"
    )
    platform.start()
    command = [
        sys.executable,
        "-m",
        "flask",
        "--app",
        "quiz",
        "lti-register",
        *platform.registration_options("Test LMS"),
    ]
    subprocess.run(command, cwd=ROOT, env=live_server.env, check=True, capture_output=True)
    yield platform
    platform.stop()


def launch_url(platform, member: Member) -> str:
    return platform.launch_url(
        user=member,
        context_id=COURSE,
        context_title="Media literacy 8A",
        resource_link_id="browser-link",
        resource_link_title="Demo set",
        custom={"set_id": "demo"},
    )


TEACHER = Member(
    user_id="browser-instructor",
    name="Ines Teacher",
    given_name="Ines",
    family_name="Teacher",
    email="ines@example.org",
    roles=["Instructor"],
)
STUDENT = Member(
    user_id="browser-student",
    name="Noor Haddad",
    given_name="Noor",
    family_name="Haddad",
    email="noor@example.org",
    roles=["Learner"],
    lis_person_sourcedid="S-8A-17",
)


def test_a_student_launched_from_the_platform_answers_the_set_and_the_score_reaches_it(page, platform, live_server):
    url = live_server.url
    # The instructor opens the link first, which makes the course's class.
    page.goto(launch_url(platform, TEACHER))
    expect(page).to_have_url(re.compile(rf"{url}/teacher/classes/\d+"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Media literacy 8A")
    check_page(page, "lti-teacher-dashboard")

    student = page.context.browser.new_context()
    try:
        learner = student.new_page()
        learner.goto(launch_url(platform, STUDENT))
        expect(learner).to_have_url(f"{url}/sets/demo")
        expect(learner.get_by_role("heading", level=1)).to_contain_text("Demo set for the tests")

        learner.goto(url + ITEM + "leopard")
        for number in range(6):
            word(learner, number).click()
        learner.get_by_role("button", name=SAVED_OR_SCORED).click()
        learner.goto(url + ITEM + "twelve-thousand")
        claims = learner.locator("fieldset.claim")
        claims.nth(0).locator("label", has_text="no source").click()
        claims.nth(1).locator("label", has_text="vague source").click()
        learner.get_by_role("button", name=SAVED_OR_SCORED).click()
        learner.goto(url + ITEM + "saddam-timeline")
        learner.locator("label", has_text="Iraq invaded Iran in September 1980").click()
        learner.get_by_role("button", name=SAVED_OR_SCORED).click()
        learner.goto(url + ITEM + "what-to-check")
        learner.locator("label", has_text="Who wrote it").click()
        learner.locator("label", has_text="Where it was published").click()
        learner.get_by_role("button", name=SAVED_OR_SCORED).click()
        expect(learner.locator("main")).to_contain_text("%")
    finally:
        student.close()

    deadline = time.monotonic() + 10
    scores = []
    while time.monotonic() < deadline and not scores:
        scores = [s.get("score", s) for s in list(platform.scores)]
        scores = [s for s in scores if s.get("userId") == STUDENT.user_id]
        time.sleep(0.2)
    assert scores, "the platform's score endpoint received nothing"
    assert scores[-1]["scoreGiven"] == pytest.approx(87.5)
    assert scores[-1]["scoreMaximum"] == 100

    # The instructor launches again and sees the class with the student in it.
    page.goto(launch_url(platform, TEACHER))
    expect(page.locator("main")).to_contain_text("Noor Haddad")
    expect(page.locator(".lti-notice")).to_contain_text("Every score has reached the gradebook")


def test_an_instructor_adds_a_set_by_deep_linking_and_its_link_opens_the_set(page, platform, live_server):
    url = live_server.url
    course = "browser-deep-linking"
    before = len(platform.deep_link_responses)
    page.goto(
        platform.launch_url(
            user=TEACHER, context_id=course, context_title="Media literacy 8B", message_type="LtiDeepLinkingRequest"
        )
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose exercise sets for your course")
    check_page(page, "lti-deep-linking-picker")
    page.get_by_label("Demo set for the tests").check()
    page.get_by_role("button", name="Add to the course").click()
    # Lens's page posts the signed answer back to the platform by itself.
    expect(page.get_by_role("heading", level=1)).to_have_text("Added to the course")
    assert len(platform.deep_link_responses) == before + 1

    link_id, link = next(iter(platform.resource_links[course].items()))
    assert link["custom"] == {"set_id": "demo"}
    student = page.context.browser.new_context()
    try:
        learner = student.new_page()
        learner.goto(platform.launch_url(user=STUDENT, context_id=course, resource_link_id=link_id))
        expect(learner).to_have_url(f"{url}/sets/demo")
    finally:
        student.close()
