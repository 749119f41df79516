"""The words of LTI 1.3: claim names, scopes, media types, and the id_token a platform sends for a launch.

Everything here is plain data (no web server), so it reads as a summary of LTI 1.3 Core, Deep Linking 2.0,
Assignment and Grade Services 2.0 and Names and Role Provisioning Services 2.0.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
MESSAGE_TYPE = LTI + "message_type"
VERSION = LTI + "version"
DEPLOYMENT_ID = LTI + "deployment_id"
TARGET_LINK_URI = LTI + "target_link_uri"
RESOURCE_LINK = LTI + "resource_link"
ROLES = LTI + "roles"
CONTEXT = LTI + "context"
LIS = LTI + "lis"
CUSTOM = LTI + "custom"
AGS_ENDPOINT = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_SERVICE = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
DEEP_LINKING_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
DEEP_LINKING_CONTENT_ITEMS = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items"
DEEP_LINKING_DATA = "https://purl.imsglobal.org/spec/lti-dl/claim/data"

RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest"
DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"
DEEP_LINKING_RESPONSE = "LtiDeepLinkingResponse"

SCOPE_LINE_ITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
SCOPE_LINE_ITEM_READ = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
SCOPE_RESULT_READ = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCOPE_MEMBERSHIPS_READ = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
AGS_SCOPES = [SCOPE_LINE_ITEM, SCOPE_LINE_ITEM_READ, SCOPE_RESULT_READ, SCOPE_SCORE]
# What this platform lets its one tool ask for at the token endpoint.
GRANTABLE_SCOPES = frozenset([*AGS_SCOPES, SCOPE_MEMBERSHIPS_READ])

LINE_ITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
LINE_ITEM_CONTAINER_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
RESULT_CONTAINER_TYPE = "application/vnd.ims.lis.v2.resultcontainer+json"
MEMBERSHIP_CONTAINER_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"

MEMBERSHIP_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
COURSE_OFFERING = "http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"

ID_TOKEN_LIFETIME = 300  # seconds: a launch is posted at once, so five minutes is generous

TAMPERINGS = ("bad_signature", "wrong_audience", "expired", "unknown_deployment")


def role_uri(role: str) -> str:
    """The full LIS role URI for a short name such as "Learner"; a URI is kept as it is."""
    return role if ":" in role else MEMBERSHIP_ROLE + role


@dataclass
class Member:
    """A person in a course, as the LMS knows them. Optional fields left as None are not sent at all."""

    user_id: str
    name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    email: str | None = None
    roles: list[str] = field(default_factory=lambda: ["Learner"])
    lis_person_sourcedid: str | None = None
    status: str = "Active"

    def role_uris(self) -> list[str]:
        return [role_uri(role) for role in self.roles]

    def personal_claims(self) -> dict:
        """The OpenID Connect profile claims the LMS shares about this person."""
        claims = {"name": self.name, "given_name": self.given_name, "family_name": self.family_name}
        return without_none(claims | {"email": self.email})

    def nrps_entry(self) -> dict:
        """This person as one entry of a Names and Role Provisioning Services membership container."""
        entry = {"user_id": self.user_id, "status": self.status, "roles": self.role_uris()}
        return entry | self.personal_claims() | without_none({"lis_person_sourcedid": self.lis_person_sourcedid})


@dataclass
class Context:
    """A course in the LMS."""

    id: str
    title: str
    label: str

    def claim(self) -> dict:
        return {"id": self.id, "label": self.label, "title": self.title, "type": [COURSE_OFFERING]}


@dataclass
class LaunchRequest:
    """What a launch_url() call asked for, kept until the browser comes back through OIDC login to /auth."""

    hint: str
    user: Member
    context: Context
    message_type: str
    target_link_uri: str
    resource_link: dict | None
    custom: dict | None
    tamper: str | None
    line_item: bool
    deep_linking_data: str | None = None


def without_none(claims: dict) -> dict:
    return {name: value for name, value in claims.items() if value is not None}


def id_token_claims(launch: LaunchRequest, nonce: str, platform) -> dict:
    """The id_token payload of a launch, per LTI 1.3 Core section 5, with the services the course offers."""
    now = int(time.time())
    claims = {
        "iss": platform.issuer,
        "aud": platform.client_id,
        "azp": platform.client_id,
        "sub": launch.user.user_id,
        "iat": now,
        "exp": now + ID_TOKEN_LIFETIME,
        "nonce": nonce,
        **launch.user.personal_claims(),
        MESSAGE_TYPE: launch.message_type,
        VERSION: "1.3.0",
        DEPLOYMENT_ID: platform.deployment_id,
        TARGET_LINK_URI: launch.target_link_uri,
        ROLES: launch.user.role_uris(),
        CONTEXT: launch.context.claim(),
        NRPS_SERVICE: {
            "context_memberships_url": platform.memberships_url(launch.context.id),
            "service_versions": ["2.0"],
        },
    }
    if launch.resource_link:
        claims[RESOURCE_LINK] = launch.resource_link
    if launch.user.lis_person_sourcedid:
        claims[LIS] = {"person_sourcedid": launch.user.lis_person_sourcedid}
    if launch.custom:
        claims[CUSTOM] = launch.custom
    if launch.line_item:
        claims[AGS_ENDPOINT] = ags_claim(launch, platform)
    if launch.message_type == DEEP_LINKING_REQUEST:
        claims[DEEP_LINKING_SETTINGS] = deep_linking_settings(launch, platform)
    return tampered(claims, launch.tamper)


def ags_claim(launch: LaunchRequest, platform) -> dict:
    """The grade service endpoints: the course's line items, and the link's own line item once it has one."""
    claim = {"scope": list(AGS_SCOPES), "lineitems": platform.line_items_url(launch.context.id)}
    if launch.resource_link:
        line_item = platform.line_item_of_link(launch.context.id, launch.resource_link["id"])
        if line_item:
            claim["lineitem"] = line_item["id"]
    return claim


def deep_linking_settings(launch: LaunchRequest, platform) -> dict:
    return {
        "deep_link_return_url": platform.issuer + "/deep-link-return",
        "accept_types": ["ltiResourceLink"],
        "accept_presentation_document_targets": ["iframe", "window"],
        "accept_multiple": True,
        "data": launch.deep_linking_data,
    }


def tampered(claims: dict, tamper: str | None) -> dict:
    """The claims wrong in exactly one way, for a test that the tool refuses them (bad_signature is done at signing)."""
    if tamper == "wrong_audience":
        return claims | {"aud": "another-tool", "azp": "another-tool"}
    if tamper == "expired":
        return claims | {"iat": claims["iat"] - 2 * ID_TOKEN_LIFETIME, "exp": claims["iat"] - ID_TOKEN_LIFETIME}
    if tamper == "unknown_deployment":
        return claims | {DEPLOYMENT_ID: "deployment-the-tool-was-never-told"}
    return claims
