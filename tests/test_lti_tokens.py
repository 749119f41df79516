"""Launch tokens Lens must refuse, or accept, whatever their signer put in them: the test platform's key signs
tokens made here (roles, odd claims, skewed clocks, several audiences), posted through the Flask test client after a
real sign-in (login) of the same client. The platform serves its key set over real HTTP."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from lti_platform import TestPlatform

from helpers import text_of
from quiz.models import LtiContext, LtiNonce, Teacher, db, utcnow
from quiz.store.lti import launches, registry
from quiz.store.lti.outbox import ShortTimeoutSession
from quiz.web import lti_deep_linking, lti_launch

LENS = "http://lens.test"
C = "https://purl.imsglobal.org/spec/lti/claim/"
ROLE = "http://purl.imsglobal.org/vocab/lis/v2/"
INSTRUCTOR = [ROLE + "membership#Instructor"]
LEARNER = [ROLE + "membership#Learner"]
NEITHER = "Lens opens for the course's students and instructors only"


@pytest.fixture
def platform(app):
    platform = TestPlatform(f"{LENS}/lti/login", f"{LENS}/lti/launch", f"{LENS}/lti/jwks").start()
    with app.app_context():
        registry.register(
            platform.issuer,
            platform.client_id,
            [platform.deployment_id],
            platform.auth_login_url,
            platform.token_url,
            platform.key_set_url,
            "Test LMS",
        )
        db.session.commit()
    yield platform
    platform.stop()


def sign_in(client, platform) -> tuple[str, str]:
    """The platform's login request to Lens: the state and nonce Lens gives out."""
    response = client.get(
        "/lti/login",
        query_string={"iss": platform.issuer, "login_hint": "x", "client_id": platform.client_id},
        base_url=LENS,
    )
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    return query["state"][0], query["nonce"][0]


def claims(platform, nonce: str, sub="s1", roles=LEARNER, context="c1", **extra) -> dict:
    now = int(time.time())
    return {
        "iss": platform.issuer,
        "aud": platform.client_id,
        "azp": platform.client_id,
        "sub": sub,
        "iat": now,
        "exp": now + 300,
        "nonce": nonce,
        "name": f"Name {sub}",
        C + "message_type": "LtiResourceLinkRequest",
        C + "version": "1.3.0",
        C + "deployment_id": platform.deployment_id,
        C + "target_link_uri": f"{LENS}/lti/launch",
        C + "roles": list(roles),
        C + "context": {"id": context, "title": f"Course {context}"},
        C + "resource_link": {"id": "l1"},
        C + "custom": {"set_id": "demo"},
    } | extra


def launch(client, platform, kid=None, state=None, **options):
    """A launch of a token with these claims, signed by the platform's key."""
    given_state, nonce = sign_in(client, platform)
    token = platform.signing_key.sign(claims(platform, options.pop("nonce", nonce), **options), kid=kid)
    return client.post("/lti/launch", data={"state": state or given_state, "id_token": token}, base_url=LENS)


def forged(client, platform, header: dict, body) -> object:
    """A token that is not even signed: its header and body as given."""
    import base64
    import json

    def part(value) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    state, _nonce = sign_in(client, platform)
    token = f"{part(header)}.{part(body)}.c2ln"
    return client.post("/lti/launch", data={"state": state, "id_token": token}, base_url=LENS)


def page(response) -> str:
    return text_of(response.get_data(as_text=True))


def opened_by_an_instructor(app, platform, context="c1"):
    response = launch(app.test_client(), platform, sub="t1", roles=INSTRUCTOR, context=context)
    assert response.status_code == 302 and "/teacher/classes/" in response.headers["Location"]


# --- Roles: only the course's roles count


def test_an_institution_instructor_who_is_a_learner_in_the_course_lands_as_a_student(app, platform):
    learner_and_faculty = [*LEARNER, ROLE + "institution/person#Instructor", ROLE + "institution/person#Faculty"]
    # In a course nobody opened yet, they cannot open it as its instructor...
    early = launch(app.test_client(), platform, sub="s2", roles=learner_and_faculty, context="fresh")
    assert early.status_code == 403
    assert "Your teacher has not opened Lens in this course yet" in page(early)
    # ... so the course's real instructor owns its class.
    opened_by_an_instructor(app, platform, context="fresh")

    student = launch(app.test_client(), platform, sub="s2", roles=learner_and_faculty, context="fresh")
    assert student.status_code == 302
    assert student.headers["Location"].endswith("/sets/demo")


def test_a_learner_who_is_institution_staff_is_a_student_in_an_opened_course(app, platform):
    opened_by_an_instructor(app, platform)
    staff = [*LEARNER, ROLE + "institution/person#Staff", ROLE + "system/person#Administrator"]
    response = launch(app.test_client(), platform, sub="s3", roles=staff)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/sets/demo")


@pytest.mark.parametrize(
    "roles",
    [
        [ROLE + "membership#Mentor", ROLE + "system/person#User"],
        [ROLE + "membership/Instructor#TeachingAssistant", ROLE + "system/person#User"],
        [ROLE + "membership#ContentDeveloper"],
        [ROLE + "institution/person#Instructor"],
        [ROLE + "system/person#Administrator"],
        ["Instructor"],  # a simple name, which LTI 1.3 deprecates for context roles
        [],
    ],
)
def test_anyone_but_the_courses_students_and_instructors_is_refused(app, platform, roles):
    opened_by_an_instructor(app, platform)
    response = launch(app.test_client(), platform, sub="other", roles=roles)
    assert response.status_code == 403
    assert NEITHER in page(response)


# --- Malformed tokens: a sentence, never internals, never a 500


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"iss": ["ISS"], "aud": "AUD", "nonce": "n"}, 'The launch\'s "iss" is not text'),
        ({"iss": "ISS", "aud": "AUD", "nonce": ["n"]}, 'The launch\'s "nonce" is not text'),
        ({"iss": "ISS", "aud": [], "nonce": "n"}, 'audience ("aud") is empty'),
        ({"iss": "ISS", "aud": {"a": 1}, "nonce": "n"}, 'audience ("aud") is not text'),
        ({"iss": "x" * 256, "aud": "AUD", "nonce": "n"}, "longer than 255 characters"),
        ({"iss": "ISS", "aud": "AUD", "nonce": "n", "sub": {"a": 1}}, 'The launch\'s "sub" is not text'),
        ({"iss": "ISS", "aud": "AUD", "nonce": "n", C + "context": ["x"]}, "course claim is not an object"),
        ({"iss": "ISS", "aud": "AUD", "nonce": "n", C + "resource_link": {"id": 5}}, "link id is not text"),
        ([1, 2], "not made of JSON objects"),
    ],
)
def test_identifiers_of_the_wrong_type_or_length_are_refused_before_any_lookup(app, platform, body, says):
    if isinstance(body, dict):
        body = {key: platform.issuer if value == "ISS" else value for key, value in body.items()}
        body = {key: platform.client_id if value == "AUD" else value for key, value in body.items()}
    response = forged(app.test_client(), platform, {"alg": "RS256", "kid": "platform-key-1"}, body)
    assert response.status_code == 400
    assert says in page(response)
    assert "SELECT" not in response.get_data(as_text=True) and "sqlalchemy" not in response.get_data(as_text=True)


def test_an_unexpected_error_shows_a_sentence_and_no_detail(app, platform, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("SELECT secret FROM internals")

    monkeypatch.setattr(launches, "course", broken)
    response = launch(app.test_client(), platform)
    assert response.status_code == 400
    assert "Lens could not read this launch" in page(response)
    assert "SELECT" not in response.get_data(as_text=True)
    assert "What the check said" not in page(response)


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ({C + "lis": {"person_sourcedid": {"a": 1}}}, "lis.person_sourcedid is not text"),
        ({"name": ["Ana"]}, "name claim is not text"),
        ({C + "custom": ["x"]}, "custom claim is not an object"),
        ({C + "custom": {"set_id": ["demo"]}}, "custom.set_id is not text"),
        ({"https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {"lineitem": {"a": 1}}}, "lineitem is not text"),
        ({C + "launch_presentation": "x"}, "launch_presentation claim is not an object"),
        ({C + "roles": "Learner"}, "roles claim is not a list"),
    ],
)
def test_signed_claims_of_the_wrong_shape_are_refused_with_a_sentence(app, platform, extra, says):
    opened_by_an_instructor(app, platform)
    response = launch(app.test_client(), platform, sub="odd", **extra)
    assert response.status_code == 400
    assert says in page(response)


# --- Audiences, clocks, nonces


def test_several_audiences_need_lens_as_the_authorized_party(app, platform):
    opened_by_an_instructor(app, platform)
    both = [platform.client_id, "another-tool"]
    refused = launch(app.test_client(), platform, aud=both, azp="another-tool")
    assert refused.status_code == 400
    assert "authorized party (azp)" in page(refused)
    missing = launch(app.test_client(), platform, aud=both, azp=None)
    assert missing.status_code == 400
    accepted = launch(app.test_client(), platform, aud=both, azp=platform.client_id)
    assert accepted.status_code == 302


def test_a_platform_clock_a_little_off_is_fine_and_far_off_is_explained(app, platform):
    opened_by_an_instructor(app, platform)
    now = int(time.time())
    ahead = launch(app.test_client(), platform, iat=now + 30, nbf=now + 30, exp=now + 300)
    assert ahead.status_code == 302
    just_expired = launch(app.test_client(), platform, iat=now - 400, exp=now - 30)
    assert just_expired.status_code == 302
    future = launch(app.test_client(), platform, iat=now + 120, exp=now + 400)
    assert future.status_code == 403
    assert "dated more than a minute in the future" in page(future)
    expired = launch(app.test_client(), platform, iat=now - 400, exp=now - 90)
    assert expired.status_code == 403
    assert "had expired" in page(expired)


def test_a_nonce_counts_only_with_the_state_it_was_given_with(app, platform):
    opened_by_an_instructor(app, platform)
    mine, other = app.test_client(), app.test_client()
    my_state, _my_nonce = sign_in(mine, platform)
    _other_state, other_nonce = sign_in(other, platform)
    response = launch(mine, platform, nonce=other_nonce, state=my_state)
    assert response.status_code == 403
    assert "has been used already, or came too late" in page(response)


def test_expired_nonces_are_deleted_now_and_then(app, platform, monkeypatch):
    with app.app_context():
        db.session.add(LtiNonce(value="old", state="s", expires_at=utcnow() - registry.NONCE_LIFETIME))
        db.session.commit()
    monkeypatch.setattr(registry, "NONCE_SWEEP_ODDS", 1)
    sign_in(app.test_client(), platform)
    with app.app_context():
        assert db.session.get(LtiNonce, "old") is None
        assert db.session.execute(db.select(db.func.count()).select_from(LtiNonce)).scalar_one() == 1


def test_sign_ins_from_one_address_are_throttled(app, platform):
    app.config["LTI_LOGINS_PER_MINUTE"] = 3
    client = app.test_client()
    for _ in range(3):
        sign_in(client, platform)
    response = client.get("/lti/login", query_string={"iss": platform.issuer, "login_hint": "x"}, base_url=LENS)
    assert response.status_code == 429
    assert "Too many launches from your network" in page(response)


# --- The platform's key set


def test_unknown_keys_fetch_the_key_set_once_a_minute_and_a_failed_fetch_keeps_the_cached_one(
    app, platform, monkeypatch
):
    opened_by_an_instructor(app, platform)  # the key set is fetched and cached
    fetched = platform.key_set_fetches
    forged_kid = launch(app.test_client(), platform, kid="forged-kid")
    assert forged_kid.status_code == 403
    assert "key the platform's key set does not list" in page(forged_kid)
    assert platform.key_set_fetches == fetched  # fetched a moment ago: not again

    a_minute_on(monkeypatch)
    for _ in range(5):
        assert launch(app.test_client(), platform, kid="forged-kid").status_code == 403
    assert platform.key_set_fetches == fetched + 1

    # A minute on, the next unknown key fetches again, through a session with a short timeout; it fails, and the
    # key set Lens had is kept: good launches go on.
    asked = []

    def unreachable(self, method, url, **kwargs):
        asked.append(url)
        raise requests.ConnectionError("down")

    a_minute_on(monkeypatch)
    monkeypatch.setattr(ShortTimeoutSession, "request", unreachable)
    unreached = launch(app.test_client(), platform, kid="forged-kid")
    assert unreached.status_code == 502
    assert "could not reach the platform's key set" in page(unreached)
    assert len(asked) == 1
    assert launch(app.test_client(), platform, sub="still-fine").status_code == 302


def a_minute_on(monkeypatch) -> None:
    """As if every key set had been fetched a minute ago."""
    fetched = {key: when - lti_launch.KEY_SET_REFETCH for key, when in lti_launch._key_sets._fetched.items()}
    monkeypatch.setattr(lti_launch._KeySetCache, "_fetched", fetched)


# --- What a launch may change


def test_another_instructor_is_refused_before_anything_changes(app, platform):
    opened_by_an_instructor(app, platform)
    with app.app_context():
        teachers = db.session.execute(db.select(db.func.count()).select_from(Teacher)).scalar_one()
    response = launch(
        app.test_client(),
        platform,
        sub="t2",
        roles=INSTRUCTOR,
        **{C + "context": {"id": "c1", "title": "Renamed by t2"}},
        **{
            "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
                "lineitems": platform.issuer + "/contexts/c1/other-lineitems"
            }
        },
    )
    assert response.status_code == 403
    assert "belongs to the instructor who first opened Lens in it" in page(response)
    adding = launch(
        app.test_client(),
        platform,
        sub="t2",
        roles=INSTRUCTOR,
        **{
            C + "message_type": "LtiDeepLinkingRequest",
            C + "resource_link": None,
            "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings": {
                "deep_link_return_url": platform.issuer + "/deep-link-return",
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe"],
            },
        },
    )
    assert adding.status_code == 403
    assert "belongs to the instructor who first opened Lens in it" in page(adding)
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(Teacher)).scalar_one() == teachers
        context = db.session.execute(db.select(LtiContext)).scalar_one()
        assert context.title == "Course c1" and context.lineitems_url is None


def test_service_addresses_on_another_host_are_ignored_and_the_dashboard_says_so(app, platform):
    elsewhere = "https://evil.example/lineitems"
    client = app.test_client()
    response = launch(
        client,
        platform,
        sub="t1",
        roles=INSTRUCTOR,
        **{"https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {"lineitems": elsewhere, "scope": []}},
    )
    with app.app_context():
        assert db.session.execute(db.select(LtiContext.lineitems_url)).scalar_one() is None
    dashboard = page(client.get(response.headers["Location"], base_url=LENS))
    assert "on a host Test LMS is not registered with, so Lens ignored them" in dashboard
    assert elsewhere in dashboard


@pytest.mark.parametrize(
    ("value", "multiple"),
    [(True, True), (False, False), ("false", False), ("False", False), ("true", True), (None, False)],
)
def test_accept_multiple_as_text_is_read_as_the_platform_means_it(value, multiple):
    assert lti_deep_linking.accepts_multiple({"accept_multiple": value}) is multiple
    assert lti_deep_linking.accepts_multiple({}) is True
