"""The LTI admin page as an admin finds and reads it: the link to it, the warning when no platform can reach the
address its values name, the rule its URL fields follow, and the page a teacher who is no admin gets instead."""

from __future__ import annotations

import re

from test_join_screen import words
from test_lti_pages import PLATFORM, signed_in

from helpers import CSRF, text_of

HOW_TO_FIX = (
    "Serve Lens at an address the platform can reach, over HTTPS (like https://lens.example-school.org/), and open "
    "this page there: these values follow the address in your browser's address bar. Behind a proxy that serves "
    "HTTPS, set FLASK_PROXY_HOPS so that Lens sees it. FLASK_PUBLIC_URL, the address students type, does not change "
    "these values."
)


def heading(page) -> str:
    return text_of(re.search(r"<h1>(.*?)</h1>", page.get_data(as_text=True), re.S).group(1)).strip()


def test_an_admin_finds_the_lti_page_from_the_menu(app):
    menu = signed_in(app, admin=True).get("/teacher/").get_data(as_text=True)
    assert '<a href="/teacher/lti">Learning platforms</a>' in menu


def test_a_teacher_who_is_no_admin_has_no_link_to_it(app):
    menu = signed_in(app, admin=False).get("/teacher/").get_data(as_text=True)
    assert "Learning platforms" not in menu and "/teacher/lti" not in menu


def test_values_on_this_computers_own_address_are_warned_about_with_the_fix(app_at):
    page = signed_in(app_at("127.0.0.1:5077"), admin=True).get("/teacher/lti")
    assert (
        "A platform cannot use these values yet. 127.0.0.1 is this computer's own address: only a platform running on "
        f"this computer (like the tests' own) can reach it. {HOW_TO_FIX}"
    ) in words(page.get_data(as_text=True))


def test_values_on_a_private_network_address_are_warned_about(app_at):
    page = signed_in(app_at("192.168.1.20:5000"), admin=True).get("/teacher/lti")
    assert (
        "192.168.1.20 is an address on a private network: a platform on the same network (a school's own Moodle) can "
        "reach it, but a hosted one (Canvas, Schoology, Brightspace) cannot."
    ) in text_of(page.get_data(as_text=True))


def test_plain_http_outside_development_is_warned_about(app_at):
    app = app_at("lens.example-school.org", TESTING=False, LTI_SWEEP_SECONDS=None)
    text = text_of(signed_in(app, admin=True).get("/teacher/lti").get_data(as_text=True))
    assert (
        "A platform cannot use these values yet. They start with http://, and outside development Lens refuses "
        "launches over plain HTTP."
    ) in text
    assert "http://lens.example-school.org/lti/login" in text


def test_a_public_https_address_gets_no_warning(app_at):
    app = app_at("lens.example-school.org", PREFERRED_URL_SCHEME="https")
    text = text_of(signed_in(app, admin=True).get("/teacher/lti").get_data(as_text=True))
    assert "https://lens.example-school.org/lti/login" in text
    assert "A platform cannot use these values yet" not in text
    assert "FLASK_PROXY_HOPS" not in text


def test_the_url_message_states_the_rule_the_check_applies(app):
    client = signed_in(app, admin=True)
    token = CSRF.search(client.get("/teacher/lti").get_data(as_text=True)).group(1)
    bad = client.post("/teacher/lti", data={"csrf_token": token, **PLATFORM, "token_url": "ftp://x"})
    assert bad.status_code == 400
    assert "The access token URL must be a web address starting with https:// or http:// (it was 'ftp://x')." in (
        text_of(bad.get_data(as_text=True))
    )
    # As the message says: http:// is taken for any host, not only this computer's.
    plain = {"csrf_token": token, **PLATFORM, "token_url": "http://lms.example.org/login/oauth2/token"}
    added = client.post("/teacher/lti", data=plain, follow_redirects=True)
    assert "District Canvas is registered." in text_of(added.get_data(as_text=True))


def test_a_teacher_who_is_no_admin_is_told_the_page_is_not_for_them(app):
    page = signed_in(app, admin=False).get("/teacher/lti")
    assert page.status_code == 403
    assert heading(page) == "Not allowed"
    assert "Only an admin teacher may register learning platforms" in text_of(page.get_data(as_text=True))
    assert "Something went wrong" not in page.get_data(as_text=True)


def test_other_error_pages_keep_their_headings(app):
    assert heading(app.test_client().get("/no-such-page")) == "Not found"
