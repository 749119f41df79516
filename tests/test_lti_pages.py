"""LTI pages and rules that need no platform: the admin page, HTTPS outside development, the cookie check inside a
frame, the session cookie for a framed session, and the comment and retry schedule the grade passback uses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from helpers import CSRF, config, make_teacher, text_of
from quiz import create_app
from quiz.classroom.lti_feedback import ItemFeedback, comment, feedback_of, next_try, username_base
from quiz.models import LtiPlatform, Teacher, db

PLATFORM = {
    "name": "District Canvas",
    "issuer": "https://canvas.instructure.com",
    "client_id": "10000000000042",
    "deployment_ids": "17:abc\n18:def",
    "auth_login_url": "https://sso.canvaslms.com/api/lti/authorize_redirect",
    "token_url": "https://sso.canvaslms.com/login/oauth2/token",
    "key_set_url": "https://sso.canvaslms.com/api/lti/security/jwks",
}


def signed_in(app, admin: bool):
    make_teacher(app)
    with app.app_context():
        db.session.execute(db.update(Teacher).values(is_admin=admin))
        db.session.commit()
    client = app.test_client()
    page = client.get("/teacher/sign-in")
    sign_in = {"csrf_token": CSRF.search(page.get_data(as_text=True)).group(1), "username": "teacher"}
    # Over HTTPS Flask-WTF takes a form only from Lens's own page, as the browser's Referer says.
    client.post(page.request.url, data=sign_in | {"password": "a long password"}, headers={"Referer": page.request.url})
    return client


def test_an_admin_registers_and_removes_a_platform_on_the_lti_page(app):
    client = signed_in(app, admin=True)
    page = client.get("/teacher/lti")
    assert page.status_code == 200
    text = text_of(page.get_data(as_text=True))
    for value in ("/lti/login", "/lti/launch", "/lti/jwks", "/lti/canvas.json"):
        assert value in text
    token = CSRF.search(page.get_data(as_text=True)).group(1)

    added = client.post("/teacher/lti", data={"csrf_token": token, **PLATFORM}, follow_redirects=True)
    text = text_of(added.get_data(as_text=True))
    assert "District Canvas is registered." in text
    assert "17:abc" in text and "18:def" in text

    bad = client.post("/teacher/lti", data={"csrf_token": token, **PLATFORM, "token_url": "ftp://x"})
    assert bad.status_code == 400
    assert "access token URL must be a web address" in text_of(bad.get_data(as_text=True))

    with app.app_context():
        platform_id = db.session.execute(db.select(LtiPlatform.id)).scalar_one()
    removed = client.post(f"/teacher/lti/{platform_id}/remove", data={"csrf_token": token}, follow_redirects=True)
    assert "is no longer registered" in text_of(removed.get_data(as_text=True))
    with app.app_context():
        assert db.session.execute(db.select(LtiPlatform)).first() is None


def test_only_an_admin_may_open_the_lti_page(app):
    client = signed_in(app, admin=False)
    assert client.get("/teacher/lti").status_code == 403
    assert app.test_client().get("/teacher/lti").status_code == 302  # to sign in


def test_launches_over_plain_http_are_refused_outside_development(tmp_path):
    app = create_app(config(tmp_path, TESTING=False, LTI_SWEEP_SECONDS=None))
    client = app.test_client()
    try:
        response = client.get("/lti/login?iss=https://lms.example.org&login_hint=x", base_url="http://lens.example.org")
        assert response.status_code == 403
        assert "must come over HTTPS" in text_of(response.get_data(as_text=True))
        # The Host header is the client's to choose: calling itself localhost earns nothing.
        for host in ("localhost", "127.0.0.1:80", "[::1]"):
            spoofed = client.get("/lti/login?iss=x", base_url="http://lens.example.org", headers={"Host": host})
            assert spoofed.status_code == 403, host
            assert "must come over HTTPS" in text_of(spoofed.get_data(as_text=True))
    finally:
        with app.app_context():
            db.engine.dispose()


def test_plain_http_is_allowed_when_the_config_says_so(tmp_path):
    app = create_app(config(tmp_path, TESTING=False, LTI_SWEEP_SECONDS=None, LTI_ALLOW_HTTP=True))
    try:
        response = app.test_client().get("/lti/login?iss=x", base_url="http://127.0.0.1:5000")
        assert response.status_code == 400
        assert "must come over HTTPS" not in text_of(response.get_data(as_text=True))
    finally:
        with app.app_context():
            db.engine.dispose()


def test_inside_a_frame_over_https_the_browser_is_checked_for_cookies_first(app):
    client = app.test_client()
    response = client.get(
        "/lti/login?iss=https://lms.example.org&login_hint=abc&client_id=c", base_url="https://lens.example.org"
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Open Lens in a new window" in text_of(page)
    assert 'name="lti1p3_new_window" value="1"' in page and 'name="login_hint" value="abc"' in page
    assert "lti-cookies.js" in page
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]


def test_a_framed_sessions_cookie_is_samesite_none_and_secure_over_https(app):
    client = app.test_client()
    with client.session_transaction(base_url="https://lens.example.org") as session:
        session["lti_frame"] = ["https://lms.example.org"]
    response = client.get("/privacy", base_url="https://lens.example.org")
    cookie = response.headers["Set-Cookie"]
    assert "SameSite=None" in cookie and "Secure" in cookie
    assert "frame-ancestors 'self' https://lms.example.org" in response.headers["Content-Security-Policy"]
    # A session from no platform keeps Lax.
    plain = app.test_client().get("/privacy", base_url="https://lens.example.org")
    assert "SameSite=None" not in plain.headers.get("Set-Cookie", "")


def test_the_comment_sums_up_the_feedback_and_names_nobody():
    items = [
        feedback_of("Loaded wording 1", ["good", "partial", "bad", "stray"], overridden=False),
        ItemFeedback("Missing context 1", right=1),
        feedback_of("Unsourced claims 1", ["good", "good"], overridden=True),
    ]
    assert comment(items, 87.5) == (
        "Lens: 88%. Loaded wording 1: 1 of 3 points right, 1 partly, 1 mark outside the key; "
        "Missing context 1: 1 of 1 point right; Unsourced claims 1: 2 of 2 points right, score set by the teacher."
    )
    assert len(comment([ItemFeedback(f"Item {n}", right=1) for n in range(200)], 50)) <= 1000


def test_a_failed_send_waits_longer_each_time_up_to_six_hours():
    now = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
    waits = [next_try(tries, now) - now for tries in (1, 2, 3, 4, 30)]
    assert waits == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(minutes=8),
        timedelta(hours=6),
    ]


def test_an_instructors_username_is_safe_and_readable():
    assert username_base("Ana María Ruiz", "sub-1") == "lti.ana.maria.ruiz"
    assert username_base("", "1a2b-3c") == "lti.1a2b3c"
    assert username_base("李小龙", "") == "lti.teacher"
