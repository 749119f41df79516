"""The LTI 1.3 test platform itself, checked against a minimal tool and against pylti1p3, not against Lens: its
keys, its launches (and the ways they can be made wrong), its token endpoint, grades, memberships and deep linking."""

import base64
import hashlib
import json
import secrets
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from html import unescape
from urllib.parse import urlencode

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from flask import Flask, redirect, request
from lti_platform import Member, TestPlatform
from lti_platform.__main__ import registration_command
from lti_platform.claims import (
    AGS_ENDPOINT,
    CONTEXT,
    CUSTOM,
    DEEP_LINKING_SETTINGS,
    DEPLOYMENT_ID,
    LIS,
    MESSAGE_TYPE,
    NRPS_SERVICE,
    RESOURCE_LINK,
    ROLES,
    SCOPE_LINE_ITEM,
    SCOPE_MEMBERSHIPS_READ,
    SCOPE_SCORE,
    SCORE_TYPE,
    TARGET_LINK_URI,
)
from lti_platform.keys import SigningKey, shared_private_key
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.contrib.flask import FlaskMessageLaunch, FlaskOIDCLogin, FlaskRequest
from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiServiceException
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.registration import Registration
from pylti1p3.service_connector import ServiceConnector
from pylti1p3.tool_config import ToolConfDict
from werkzeug.serving import make_server

ANA = Member(
    user_id="stu-1",
    name="Ana Silva",
    given_name="Ana",
    family_name="Silva",
    email="ana@example.org",
    roles=["Learner"],
    lis_person_sourcedid="S1001",
)
TERESA = Member(user_id="tea-1", name="Teresa Costa", roles=["Instructor"])
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"


def thumbprint_kid(key: SigningKey) -> SigningKey:
    """Name the key by its RFC 7638 thumbprint, as pylti1p3 names a tool's key, so both agree on the kid."""
    jwk = key.public_jwk()
    canonical = json.dumps({"e": jwk["e"], "kty": "RSA", "n": jwk["n"]}, separators=(",", ":"))
    key.kid = base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()
    return key


class FakeTool:
    """The least an LTI tool does: a login that sends the browser to /auth with a state and a nonce, a launch page
    that keeps what was posted, and a JWKS with the tool's keys. Lens does much more; this only tests the platform."""

    def __init__(self):
        self.keys = [thumbprint_kid(SigningKey(private_key=shared_private_key("tool")))]
        self.platform = None
        self.nonces: dict[str, str] = {}  # state -> nonce
        self.posted: list[dict] = []
        self.server = make_server("127.0.0.1", 0, self.app(), threaded=True)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def app(self) -> Flask:
        app = Flask(__name__)
        app.add_url_rule("/login", view_func=self.login, methods=["GET", "POST"])
        app.add_url_rule("/launch", view_func=self.launch, methods=["POST"])
        app.add_url_rule("/deep-link", view_func=self.launch, methods=["POST"])
        app.add_url_rule("/jwks", view_func=lambda: {"keys": [key.public_jwk() for key in self.keys]})
        app.add_url_rule("/pylti1p3/login", view_func=self.pylti1p3_login, methods=["GET", "POST"])
        app.add_url_rule("/pylti1p3/launch", view_func=self.pylti1p3_launch, methods=["POST"])
        app.secret_key = "fake tool"
        return app

    def login(self):
        state, nonce = secrets.token_urlsafe(8), secrets.token_urlsafe(8)
        self.nonces[state] = nonce
        params = {
            "scope": "openid",
            "response_type": "id_token",
            "response_mode": "form_post",
            "prompt": "none",
            "client_id": request.values["client_id"],
            "redirect_uri": request.values["target_link_uri"],
            "login_hint": request.values["login_hint"],
            "lti_message_hint": request.values["lti_message_hint"],
            "state": state,
            "nonce": nonce,
        }
        return redirect(request.values["iss"] + "/auth?" + urlencode(params))

    def launch(self):
        self.posted.append(request.form.to_dict())
        return "<p>Launched.</p>"

    def pylti1p3_config(self) -> ToolConfDict:
        """pylti1p3's registration of self.platform, as Lens will make it with `flask --app quiz lti-register`."""
        platform = self.platform
        registration = {
            "default": True,
            "client_id": platform.client_id,
            "auth_login_url": platform.auth_login_url,
            "auth_token_url": platform.token_url,
            "key_set_url": platform.key_set_url,
            "deployment_ids": [platform.deployment_id],
        }
        config = ToolConfDict({platform.issuer: [registration]})
        config.set_private_key(platform.issuer, self.private_pem(self.keys[0]), client_id=platform.client_id)
        config.set_public_key(platform.issuer, self.public_pem(self.keys[0]), client_id=platform.client_id)
        return config

    def pylti1p3_login(self):
        # As in pylti1p3's own Flask example: a page first checks that the browser keeps cookies.
        login = FlaskOIDCLogin(FlaskRequest(), self.pylti1p3_config()).enable_check_cookies()
        return login.redirect(request.values["target_link_uri"])

    def pylti1p3_launch(self):
        try:
            return FlaskMessageLaunch(FlaskRequest(), self.pylti1p3_config()).get_launch_data()
        except Exception as error:  # ToolConfDict refuses an unknown client_id with a bare Exception
            return str(error), 400

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def private_pem(self, key: SigningKey) -> str:
        pem = key.private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        return pem.decode()

    def public_pem(self, key: SigningKey) -> str:
        return (
            key.private_key.public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            .decode()
        )


@pytest.fixture
def tool():
    tool = FakeTool()
    yield tool
    tool.stop()


@pytest.fixture
def platform(tool):
    platform = TestPlatform(tool.base + "/login", tool.base + "/launch", tool.base + "/jwks", tool.base + "/deep-link")
    with platform:
        yield platform


@pytest.fixture
def pylti1p3_platform(tool):
    """A platform whose tool is pylti1p3's Flask integration, the library Lens uses."""
    platform = TestPlatform(tool.base + "/pylti1p3/login", tool.base + "/pylti1p3/launch", tool.base + "/jwks")
    tool.platform = platform
    with platform:
        yield platform


def test_pylti1p3_accepts_a_launch_through_its_oidc_login(pylti1p3_platform):
    session, page = pylti1p3_platform.launch_with_requests(pylti1p3_platform.launch_url(user=ANA, custom={"a": "b"}))
    assert page.status_code == 200, page.text
    assert page.json()["sub"] == "stu-1" and page.json()[CUSTOM] == {"a": "b"}
    assert any(cookie.name.startswith("lti1p3-state-") for cookie in session.cookies)


@pytest.mark.parametrize(
    ("tamper", "refusal"),
    [
        ("bad_signature", "Can't decode id_token: Signature verification failed"),
        ("wrong_audience", "[client_id=another-tool] not found in settings"),
        ("expired", "Can't decode id_token: Signature has expired"),
        ("unknown_deployment", "Unable to find deployment"),
    ],
)
def test_pylti1p3_refuses_each_tampered_launch(pylti1p3_platform, tamper, refusal):
    _, page = pylti1p3_platform.launch_with_requests(pylti1p3_platform.launch_url(user=ANA, tamper=tamper))
    assert page.status_code == 400 and refusal in page.text


def launch(platform, tool, **options) -> dict:
    """Launch through the fake tool; the verified claims of the id_token it received."""
    options = {"user": ANA, "custom": {"set_id": "loaded-wording1"}} | options
    session, page = platform.launch_with_requests(platform.launch_url(**options))
    assert page.status_code == 200, page.text
    return verified(platform, tool.posted[-1]["id_token"])


def verified(platform, id_token: str) -> dict:
    """The claims of an id_token checked as a tool checks them: with the key its kid names in the platform's JWKS."""
    key_set = jwt.PyJWKSet.from_dict(requests.get(platform.key_set_url, timeout=5).json())
    key = next(key for key in key_set.keys if key.key_id == jwt.get_unverified_header(id_token)["kid"])
    return jwt.decode(id_token, key.key, algorithms=["RS256"], audience=platform.client_id, issuer=platform.issuer)


def test_the_jwks_serves_the_public_half_of_the_key_the_platform_signs_with(platform):
    (published,) = requests.get(platform.key_set_url, timeout=5).json()["keys"]
    assert published["kid"] == platform.signing_key.kid
    assert published["alg"] == "RS256" and published["use"] == "sig" and "d" not in published
    signed = platform.signing_key.sign({"hello": "tool"})
    assert jwt.decode(signed, jwt.PyJWK(published).key, algorithms=["RS256"]) == {"hello": "tool"}


def test_a_launch_goes_through_oidc_login_and_posts_the_tools_own_state_and_nonce(platform, tool):
    claims = launch(platform, tool)
    posted = tool.posted[-1]
    assert claims["nonce"] == tool.nonces[posted["state"]]
    assert platform.last_launch == {"id_token": posted["id_token"], "state": posted["state"]}


def test_a_launch_carries_the_lti_core_claims_and_the_service_endpoints(platform, tool):
    claims = launch(platform, tool, context_title="Year 10 English", resource_link_title="Loaded wording 1")
    assert claims["sub"] == "stu-1" and claims["azp"] == platform.client_id
    assert claims["exp"] - claims["iat"] == 300
    assert (claims["name"], claims["given_name"], claims["family_name"]) == ("Ana Silva", "Ana", "Silva")
    assert claims["email"] == "ana@example.org"
    assert claims[MESSAGE_TYPE] == "LtiResourceLinkRequest"
    assert claims["https://purl.imsglobal.org/spec/lti/claim/version"] == "1.3.0"
    assert claims[DEPLOYMENT_ID] == "deployment-1"
    assert claims[TARGET_LINK_URI] == tool.base + "/launch"
    assert claims[RESOURCE_LINK] == {"id": "link-1", "title": "Loaded wording 1"}
    assert claims[ROLES] == [LEARNER]
    assert claims[CONTEXT]["id"] == "course-1" and claims[CONTEXT]["title"] == "Year 10 English"
    assert claims[LIS] == {"person_sourcedid": "S1001"}
    assert claims[CUSTOM] == {"set_id": "loaded-wording1"}
    assert claims[AGS_ENDPOINT]["lineitems"] == platform.issuer + "/contexts/course-1/lineitems"
    assert "lineitem" not in claims[AGS_ENDPOINT]  # the link has no line item yet
    assert claims[NRPS_SERVICE]["context_memberships_url"] == platform.issuer + "/contexts/course-1/memberships"


def test_a_launch_without_line_item_has_no_grade_service_and_personal_data_left_out_is_not_sent(platform, tool):
    claims = launch(platform, tool, user=Member(user_id="anonymous-7"), line_item=False, custom=None)
    assert AGS_ENDPOINT not in claims and CUSTOM not in claims and LIS not in claims
    assert not {"name", "given_name", "family_name", "email"} & claims.keys()


def test_a_deep_linking_request_goes_to_the_deep_link_url_with_its_settings(platform, tool):
    claims = launch(platform, tool, user=TERESA, message_type="LtiDeepLinkingRequest")
    assert claims[MESSAGE_TYPE] == "LtiDeepLinkingRequest"
    assert claims[TARGET_LINK_URI] == tool.base + "/deep-link"
    assert claims[ROLES] == [INSTRUCTOR]
    assert RESOURCE_LINK not in claims
    settings = claims[DEEP_LINKING_SETTINGS]
    assert settings["deep_link_return_url"] == platform.issuer + "/deep-link-return"
    assert settings["accept_types"] == ["ltiResourceLink"] and settings["accept_multiple"] is True


@pytest.mark.parametrize(
    ("tamper", "refusal"),
    [
        ("bad_signature", jwt.InvalidSignatureError),
        ("wrong_audience", jwt.InvalidAudienceError),
        ("expired", jwt.ExpiredSignatureError),
    ],
)
def test_a_tampered_launch_is_refused_by_a_tool_that_verifies_it(platform, tool, tamper, refusal):
    platform.launch_with_requests(platform.launch_url(user=ANA, tamper=tamper))
    id_token = tool.posted[-1]["id_token"]
    assert jwt.get_unverified_header(id_token)["kid"] == platform.signing_key.kid
    with pytest.raises(refusal):
        verified(platform, id_token)


def test_an_unknown_deployment_is_signed_correctly_but_names_another_deployment(platform, tool):
    claims = launch(platform, tool, tamper="unknown_deployment")
    assert claims[DEPLOYMENT_ID] != platform.deployment_id


def test_an_unknown_tampering_is_a_mistake_in_the_test(platform):
    with pytest.raises(ValueError, match="tamper must be one of"):
        platform.launch_url(user=ANA, tamper="bad_signatures")


def authorisation_request(platform, tool, **changes) -> requests.Response:
    url = platform.launch_url(user=ANA)
    params = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": platform.client_id,
        "redirect_uri": tool.base + "/launch",
        "login_hint": "stu-1",
        "lti_message_hint": url.rsplit("/", 1)[1],
        "state": "s",
        "nonce": "n",
    }
    params = {name: value for name, value in (params | changes).items() if value is not None}
    return requests.get(platform.auth_login_url, params=params, timeout=5)


def test_a_sound_authorisation_request_gets_a_form_posting_the_id_token_to_the_tool(platform, tool):
    response = authorisation_request(platform, tool)
    assert response.status_code == 200
    assert f'action="{tool.base}/launch"' in response.text and 'name="id_token"' in response.text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"scope": "profile"}, "scope must be 'openid', got 'profile'"),
        ({"response_type": "code"}, "response_type must be 'id_token', got 'code'"),
        ({"response_mode": None}, "response_mode must be 'form_post', got None"),
        ({"prompt": "login"}, "prompt must be 'none', got 'login'"),
        ({"client_id": "stranger"}, "unknown client_id 'stranger': this platform knows only 'lens-test-client'"),
        (
            {"redirect_uri": "http://evil.example/steal"},
            "redirect_uri 'http://evil.example/steal' is not one of the tool's registered launch URLs",
        ),
        ({"nonce": None}, "nonce is missing: the tool must send one to tie the id_token to this browser"),
        ({"state": ""}, "state is missing: the tool must send one to tie the id_token to this browser"),
        ({"lti_message_hint": "guess"}, "unknown lti_message_hint 'guess'"),
        ({"login_hint": "stu-2"}, "login_hint 'stu-2' is not the user of this launch"),
    ],
)
def test_an_unsound_authorisation_request_is_refused_with_the_reason(platform, tool, changes, message):
    response = authorisation_request(platform, tool, **changes)
    assert (response.status_code, response.text) == (400, message)


def client_assertion(platform, key: SigningKey, **changes) -> str:
    """The JWT a tool signs to ask for an access token (LTI Security Framework 4.1)."""
    now = int(time.time())
    claims = {
        "iss": platform.client_id,
        "sub": platform.client_id,
        "aud": platform.token_url,
        "iat": now,
        "exp": now + 60,
        "jti": uuid.uuid4().hex,
    }
    return key.sign({name: value for name, value in (claims | changes).items() if value is not None})


def ask_for_token(platform, assertion: str, scope: str = SCOPE_SCORE, **changes) -> requests.Response:
    form = {
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion,
        "scope": scope,
    }
    return requests.post(platform.token_url, data=form | changes, timeout=5)


def test_the_token_endpoint_grants_a_bearer_token_to_the_tool(platform, tool):
    response = ask_for_token(
        platform, client_assertion(platform, tool.keys[0]), scope=f"{SCOPE_SCORE} {SCOPE_LINE_ITEM}"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["token_type"], body["expires_in"], body["scope"]) == (
        "Bearer",
        3600,
        f"{SCOPE_SCORE} {SCOPE_LINE_ITEM}",
    )
    assert platform.access_tokens[body["access_token"]].scopes == {SCOPE_SCORE, SCOPE_LINE_ITEM}


def test_the_token_endpoint_accepts_the_issuer_as_audience_as_canvas_does(platform, tool):
    assertion = client_assertion(platform, tool.keys[0], aud=platform.issuer)
    assert ask_for_token(platform, assertion).status_code == 200


@pytest.mark.parametrize(
    ("make_assertion", "message"),
    [
        (
            lambda p, t: client_assertion(p, SigningKey("stranger", shared_private_key("stranger"))),
            "no key with kid 'stranger' in the tool's JWKS",
        ),
        (
            lambda p, t: client_assertion(p, SigningKey(t.keys[0].kid, shared_private_key("stranger"))),
            "Signature verification failed",
        ),
        (lambda p, t: client_assertion(p, t.keys[0], aud="http://other.example/token"), "Audience doesn't match"),
        (lambda p, t: client_assertion(p, t.keys[0], iss="another-tool"), "Invalid issuer"),
        (lambda p, t: client_assertion(p, t.keys[0], sub="another-tool"), "sub must be the client_id"),
        (lambda p, t: client_assertion(p, t.keys[0], exp=int(time.time()) - 60), "Signature has expired"),
        (lambda p, t: client_assertion(p, t.keys[0], jti=None), "jti is missing"),
    ],
)
def test_the_token_endpoint_refuses_an_assertion_that_does_not_prove_the_tool(platform, tool, make_assertion, message):
    response = ask_for_token(platform, make_assertion(platform, tool))
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client" and message in response.json()["error_description"]
    assert not platform.access_tokens


def test_a_client_assertion_is_good_for_one_token_only(platform, tool):
    assertion = client_assertion(platform, tool.keys[0])
    assert ask_for_token(platform, assertion).status_code == 200
    replayed = ask_for_token(platform, assertion)
    assert replayed.status_code == 401 and "was used before" in replayed.json()["error_description"]


@pytest.mark.parametrize(
    ("changes", "status", "error"),
    [
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
        ({"client_assertion_type": "urn:other"}, 400, "invalid_request"),
        ({"scope": "https://example.org/scope/everything"}, 400, "invalid_scope"),
        ({"scope": ""}, 400, "invalid_scope"),
    ],
)
def test_the_token_endpoint_refuses_a_malformed_request(platform, tool, changes, status, error):
    response = ask_for_token(platform, client_assertion(platform, tool.keys[0]), **changes)
    assert (response.status_code, response.json()["error"]) == (status, error)


def test_the_tools_keys_are_fetched_once_and_again_when_the_tool_rotates_its_key(platform, tool):
    for _ in range(2):
        assert ask_for_token(platform, client_assertion(platform, tool.keys[0])).status_code == 200
    assert platform.tool_keys.fetches == 1
    tool.keys.append(thumbprint_kid(SigningKey(private_key=shared_private_key("tool, rotated"))))
    assert ask_for_token(platform, client_assertion(platform, tool.keys[1])).status_code == 200
    assert platform.tool_keys.fetches == 2


def pylti1p3_connector(platform, tool) -> ServiceConnector:
    """The service connector of pylti1p3, the library Lens uses, registered with this platform."""
    registration = (
        Registration()
        .set_issuer(platform.issuer)
        .set_client_id(platform.client_id)
        .set_auth_token_url(platform.token_url)
        .set_tool_private_key(tool.private_pem(tool.keys[0]))
        .set_tool_public_key(tool.public_pem(tool.keys[0]))
    )
    return ServiceConnector(registration)


def grade(user_id: str, score: float, timestamp: datetime | None = None) -> Grade:
    moment = timestamp or datetime.now(UTC)
    return (
        Grade()
        .set_user_id(user_id)
        .set_score_given(score)
        .set_score_maximum(10)
        .set_activity_progress("Completed")
        .set_grading_progress("FullyGraded")
        .set_timestamp(moment.isoformat())
    )


def test_pylti1p3_creates_a_line_item_and_posts_a_score_that_the_platform_records(platform, tool):
    claims = launch(platform, tool, resource_link_title="Loaded wording 1")
    grades = AssignmentsGradesService(pylti1p3_connector(platform, tool), claims[AGS_ENDPOINT])
    wanted = LineItem().set_label("Loaded wording 1").set_score_maximum(10).set_tag("loaded-wording1")
    line_item = grades.find_or_create_lineitem(wanted.set_resource_link_id("link-1"))
    assert line_item.get_id() == platform.issuer + "/contexts/course-1/lineitems/1"
    grades.put_grade(grade("stu-1", 7).set_comment("7 of 10"), line_item)
    (score,) = platform.scores
    assert score["lineitem"] == line_item.get_id()
    assert (score["userId"], score["scoreGiven"], score["scoreMaximum"], score["comment"]) == (
        "stu-1",
        7,
        10,
        "7 of 10",
    )
    assert platform.line_items[line_item.get_id()]["tag"] == "loaded-wording1"
    assert grades.find_lineitem_by_tag("loaded-wording1").get_id() == line_item.get_id()
    results = grades.get_grades(line_item)
    assert [(result["userId"], result["resultScore"]) for result in results] == [("stu-1", 7)]


def test_the_next_launch_of_a_graded_link_names_its_line_item(platform, tool):
    claims = launch(platform, tool)
    grades = AssignmentsGradesService(pylti1p3_connector(platform, tool), claims[AGS_ENDPOINT])
    line_item = grades.find_or_create_lineitem(LineItem().set_label("L").set_score_maximum(3).set_tag("t"))
    assert "lineitem" not in launch(platform, tool)[AGS_ENDPOINT]  # not tied to the link
    line_item = grades.find_or_create_lineitem(
        LineItem().set_label("L").set_score_maximum(3).set_resource_link_id("link-1"), find_by="resource_link_id"
    )
    assert launch(platform, tool)[AGS_ENDPOINT]["lineitem"] == line_item.get_id()


def access_token(platform, tool, scope: str = SCOPE_SCORE) -> dict:
    token = ask_for_token(platform, client_assertion(platform, tool.keys[0]), scope=scope).json()["access_token"]
    return {"Authorization": "Bearer " + token}


def a_line_item(platform, tool) -> str:
    launch(platform, tool)
    grades = AssignmentsGradesService(
        pylti1p3_connector(platform, tool),
        {"scope": [SCOPE_LINE_ITEM], "lineitems": platform.line_items_url("course-1")},
    )
    return grades.find_or_create_lineitem(LineItem().set_label("L").set_score_maximum(10).set_tag("t")).get_id()


def post_score(platform, tool, line_item: str, score: dict, headers=None, content_type=SCORE_TYPE):
    headers = access_token(platform, tool) if headers is None else headers
    return requests.post(
        line_item + "/scores", data=json.dumps(score), headers=headers | {"Content-Type": content_type}, timeout=5
    )


SCORE = {
    "userId": "stu-1",
    "scoreGiven": 5,
    "scoreMaximum": 10,
    "activityProgress": "Completed",
    "gradingProgress": "FullyGraded",
    "timestamp": "2026-11-29T15:00:00.000Z",
}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"userId": "stu-99"}, "userId 'stu-99' is not a member of course 'course-1'"),
        ({"activityProgress": "Done"}, "activityProgress must be one of"),
        ({"gradingProgress": None}, "gradingProgress must be one of"),
        (
            {"timestamp": "2026-11-29T15:00:00"},
            "timestamp must be ISO 8601 with a time zone, got '2026-11-29T15:00:00'",
        ),
        ({"scoreGiven": -1}, "scoreGiven must be a number of at least 0, got -1"),
        ({"scoreMaximum": None}, "scoreMaximum must be a number above 0 when scoreGiven is sent, got None"),
    ],
)
def test_an_unsound_score_is_refused_with_the_reason(platform, tool, changes, message):
    line_item = a_line_item(platform, tool)
    response = post_score(platform, tool, line_item, SCORE | changes)
    assert response.status_code == 400 and message in response.json()["error_description"]
    assert platform.scores == []


def test_a_score_needs_a_token_with_the_score_scope_and_the_score_media_type(platform, tool):
    line_item = a_line_item(platform, tool)
    assert post_score(platform, tool, line_item, SCORE, headers={}).status_code == 401
    assert post_score(platform, tool, line_item, SCORE, headers={"Authorization": "Bearer made-up"}).status_code == 401
    reader = access_token(platform, tool, scope=SCOPE_MEMBERSHIPS_READ)
    assert post_score(platform, tool, line_item, SCORE, headers=reader).status_code == 403
    assert post_score(platform, tool, line_item, SCORE, content_type="application/json").status_code == 415
    assert post_score(platform, tool, line_item + "9", SCORE).status_code == 404
    assert platform.scores == []


def test_a_score_older_than_the_one_recorded_is_refused_with_a_conflict(platform, tool):
    line_item = a_line_item(platform, tool)
    assert post_score(platform, tool, line_item, SCORE).status_code == 204
    earlier = (datetime.fromisoformat(SCORE["timestamp"]) - timedelta(seconds=1)).isoformat()
    assert post_score(platform, tool, line_item, SCORE | {"timestamp": earlier}).status_code == 409
    assert post_score(platform, tool, line_item, SCORE).status_code == 409
    assert [score["timestamp"] for score in platform.scores] == [SCORE["timestamp"]]


def test_line_items_need_a_label_and_a_maximum_and_a_link_of_the_course(platform, tool):
    launch(platform, tool)
    headers = access_token(platform, tool, scope=SCOPE_LINE_ITEM) | {
        "Content-Type": "application/vnd.ims.lis.v2.lineitem+json"
    }

    def create(line_item: dict) -> requests.Response:
        return requests.post(platform.line_items_url("course-1"), json=line_item, headers=headers, timeout=5)

    assert "label is required" in create({"scoreMaximum": 1}).json()["error_description"]
    assert (
        "scoreMaximum must be a number above 0" in create({"label": "L", "scoreMaximum": 0}).json()["error_description"]
    )
    linked = create({"label": "L", "scoreMaximum": 1, "resourceLinkId": "link-7"})
    assert linked.json()["error_description"] == "resourceLinkId 'link-7' is not a link in course 'course-1'"
    assert platform.line_items == {}
    created = create({"label": "L", "scoreMaximum": 1, "resourceLinkId": "link-1"})
    assert created.status_code == 201 and created.headers["Content-Type"] == "application/vnd.ims.lis.v2.lineitem+json"


def test_line_items_are_listed_page_by_page_for_pylti1p3(platform, tool):
    claims = launch(platform, tool)
    grades = AssignmentsGradesService(pylti1p3_connector(platform, tool), claims[AGS_ENDPOINT])
    for tag in ("a", "b", "c"):
        grades.find_or_create_lineitem(LineItem().set_label(tag).set_score_maximum(1).set_tag(tag))
    first_page, next_page = grades.get_lineitems_page(claims[AGS_ENDPOINT]["lineitems"] + "?limit=2")
    assert [item["tag"] for item in first_page] == ["a", "b"]
    assert [item["tag"] for item in grades.get_lineitems_page(next_page)[0]] == ["c"]


def test_memberships_list_everyone_who_launched_and_everyone_added(platform, tool):
    launch(platform, tool)
    launch(platform, tool, user=TERESA)
    platform.members["course-1"].append(Member(user_id="stu-2", name="Rui Lopes", status="Inactive"))
    claims = launch(platform, tool)
    names_roles = NamesRolesProvisioningService(pylti1p3_connector(platform, tool), claims[NRPS_SERVICE])
    members = names_roles.get_members()
    assert [(m["user_id"], m.get("name"), m["roles"], m["status"]) for m in members] == [
        ("stu-1", "Ana Silva", [LEARNER], "Active"),
        ("tea-1", "Teresa Costa", [INSTRUCTOR], "Active"),
        ("stu-2", "Rui Lopes", [LEARNER], "Inactive"),
    ]
    assert members[0]["lis_person_sourcedid"] == "S1001" and members[0]["email"] == "ana@example.org"


def test_memberships_can_be_filtered_by_role_and_need_their_scope(platform, tool):
    launch(platform, tool)
    launch(platform, tool, user=TERESA)
    url = platform.memberships_url("course-1")
    headers = access_token(platform, tool, scope=SCOPE_MEMBERSHIPS_READ)
    response = requests.get(url, params={"role": "Instructor"}, headers=headers, timeout=5)
    assert response.headers["Content-Type"] == "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
    assert [member["user_id"] for member in response.json()["members"]] == ["tea-1"]
    assert response.json()["context"]["id"] == "course-1"
    assert requests.get(url, headers=access_token(platform, tool), timeout=5).status_code == 403
    assert requests.get(platform.memberships_url("course-9"), headers=headers, timeout=5).status_code == 404


def test_while_down_the_services_answer_503_and_afterwards_work_again(platform, tool):
    line_item = a_line_item(platform, tool)
    headers = access_token(platform, tool)
    platform.down()
    assert ask_for_token(platform, client_assertion(platform, tool.keys[0])).status_code == 503
    assert post_score(platform, tool, line_item, SCORE, headers=headers).status_code == 503
    assert requests.get(platform.memberships_url("course-1"), headers=headers, timeout=5).status_code == 503
    assert requests.get(platform.key_set_url, timeout=5).status_code == 200  # launches still verify
    assert platform.scores == []
    platform.up()
    assert post_score(platform, tool, line_item, SCORE, headers=headers).status_code == 204
    assert len(platform.scores) == 1


def test_pylti1p3_sees_the_outage_as_a_service_error(platform, tool):
    claims = launch(platform, tool)
    grades = AssignmentsGradesService(pylti1p3_connector(platform, tool), claims[AGS_ENDPOINT])
    platform.down()
    with pytest.raises(LtiServiceException) as outage:
        grades.put_grade(grade("stu-1", 1), LineItem().set_label("L").set_score_maximum(10).set_tag("t"))
    assert outage.value.response.status_code == 503


def pylti1p3_deep_link(platform, tool, claims) -> DeepLink:
    connector_registration = pylti1p3_connector(platform, tool)._registration
    return DeepLink(connector_registration, claims[DEPLOYMENT_ID], claims[DEEP_LINKING_SETTINGS])


def test_a_deep_linking_response_adds_the_links_with_their_custom_parameters_and_line_items(platform, tool):
    claims = launch(platform, tool, user=TERESA, message_type="LtiDeepLinkingRequest", custom=None)
    resource = (
        DeepLinkResource()
        .set_url(tool.base + "/launch")
        .set_title("Loaded wording 1")
        .set_custom_params({"set_id": "loaded-wording1"})
        .set_lineitem(LineItem().set_score_maximum(10).set_label("Loaded wording 1").set_tag("loaded-wording1"))
    )
    deep_link = pylti1p3_deep_link(platform, tool, claims)
    jwt_value = deep_link.get_response_jwt([resource])
    page = requests.post(claims[DEEP_LINKING_SETTINGS]["deep_link_return_url"], data={"JWT": jwt_value}, timeout=5)
    assert page.status_code == 200 and "Loaded wording 1" in page.text
    (response,) = platform.deep_link_responses
    assert response["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"][0]["title"] == "Loaded wording 1"
    (line_item,) = platform.line_items.values()
    assert (line_item["label"], line_item["scoreMaximum"], line_item["resourceLinkId"]) == (
        "Loaded wording 1",
        10,
        "deep-link-1",
    )
    relaunch = launch(platform, tool, resource_link_id="deep-link-1", custom=None)
    assert relaunch[CUSTOM] == {"set_id": "loaded-wording1"}
    assert relaunch[AGS_ENDPOINT]["lineitem"] == line_item["id"]


def test_the_tools_auto_submitting_deep_linking_form_is_followed_like_a_browser(platform, tool):
    claims = launch(platform, tool, user=TERESA, message_type="LtiDeepLinkingRequest")
    resource = DeepLinkResource().set_url(tool.base + "/launch").set_title("Missing context 2")
    html = pylti1p3_deep_link(platform, tool, claims).output_response_form([resource])
    session = requests.Session()
    tool_page = requests.Response()
    tool_page._content, tool_page.url, tool_page.status_code = html.encode(), tool.base + "/deep-link", 200
    tool_page.headers["Content-Type"] = "text/html; charset=utf-8"
    page = platform.follow_automatic_steps(session, tool_page)
    assert page.url == platform.issuer + "/deep-link-return" and "Missing context 2" in page.text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"aud": ["http://other-lms.example"]}, "Audience doesn't match"),
        ({"iss": "another-tool"}, "Invalid issuer"),
        ({"https://purl.imsglobal.org/spec/lti/claim/message_type": "LtiResourceLinkRequest"}, "message_type must be"),
        ({"https://purl.imsglobal.org/spec/lti/claim/deployment_id": "deployment-2"}, "deployment_id must be"),
        ({"https://purl.imsglobal.org/spec/lti-dl/claim/data": "forged"}, "is not the data of a deep linking request"),
        ({"nonce": None}, "nonce is missing"),
    ],
)
def test_an_unsound_deep_linking_response_is_refused(platform, tool, change, message):
    claims = launch(platform, tool, user=TERESA, message_type="LtiDeepLinkingRequest")
    deep_link = pylti1p3_deep_link(platform, tool, claims)
    payload = deep_link.get_message_jwt([DeepLinkResource().set_title("x")]) | change
    payload = {name: value for name, value in payload.items() if value is not None}
    page = requests.post(platform.issuer + "/deep-link-return", data={"JWT": tool.keys[0].sign(payload)}, timeout=5)
    assert page.status_code == 400 and message in unescape(page.text)
    assert platform.deep_link_responses == [] and platform.resource_links.get("course-1", {}) == {}


def test_a_deep_linking_response_signed_with_another_key_is_refused(platform, tool):
    claims = launch(platform, tool, user=TERESA, message_type="LtiDeepLinkingRequest")
    payload = pylti1p3_deep_link(platform, tool, claims).get_message_jwt([])
    forged = SigningKey(tool.keys[0].kid, shared_private_key("stranger")).sign(payload)
    page = requests.post(platform.issuer + "/deep-link-return", data={"JWT": forged}, timeout=5)
    assert page.status_code == 400 and "Signature verification failed" in page.text


def test_a_replayed_launch_can_be_posted_again_from_last_launch(platform, tool):
    session, _ = platform.launch_with_requests(platform.launch_url(user=ANA))
    again = session.post(tool.base + "/launch", data=platform.last_launch, timeout=5)
    assert again.status_code == 200 and tool.posted[-1] == tool.posted[-2]


def test_the_index_page_launches_a_student_a_teacher_and_deep_linking(platform, tool):
    index = requests.get(platform.issuer + "/", timeout=5).text
    for text in ("Launch as student Ana", "Launch as teacher", "Add Lens to the course (deep linking)"):
        assert text in index
    platform.launch_with_requests(platform.issuer + "/start/teacher")
    assert verified(platform, tool.posted[-1]["id_token"])[ROLES] == [INSTRUCTOR]
    platform.launch_with_requests(platform.issuer + "/start/deep-linking")
    assert verified(platform, tool.posted[-1]["id_token"])[MESSAGE_TYPE] == "LtiDeepLinkingRequest"


def test_the_scores_page_lists_the_scores_received(platform, tool):
    line_item = a_line_item(platform, tool)
    assert "None yet." in requests.get(platform.issuer + "/scores", timeout=5).text
    post_score(platform, tool, line_item, SCORE)
    page = requests.get(platform.issuer + "/scores", timeout=5).text
    assert "<td>stu-1</td><td>5</td><td>10</td>" in page


def test_the_registration_command_names_every_value_lens_needs(platform):
    command = registration_command(platform)
    assert command == (
        f"flask --app quiz lti-register --issuer {platform.issuer} --client-id lens-test-client"
        f" --deployment-id deployment-1 --auth-login-url {platform.issuer}/auth --token-url {platform.issuer}/token"
        f" --key-set-url {platform.issuer}/jwks"
    )


def test_the_platform_stops_and_frees_its_port(tool):
    platform = TestPlatform(tool.base + "/login", tool.base + "/launch", tool.base + "/jwks").start()
    issuer = platform.issuer
    platform.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(issuer + "/jwks", timeout=5)
