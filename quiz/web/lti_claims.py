"""What a launch's token must look like before Lens looks anything up or trusts anything in it: the identifiers as
short strings, the claims Lens reads in the shape LTI 1.3 gives them, and the roles that open Lens. Pure: no Flask,
no database."""

from __future__ import annotations

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
# Only these context roles, as full URIs, open Lens. Institution and system roles (institution/person#Instructor,
# system/person#Administrator) say nothing about this course, and LTI 1.3 Core deprecates the simple names
# ("Instructor") for context roles, so Lens does not read them.
INSTRUCTOR_ROLES = frozenset({MEMBERSHIP + "Instructor", MEMBERSHIP + "Administrator"})
LEARNER_ROLE = MEMBERSHIP + "Learner"
LONGEST_ID = 255


class Refusal(Exception):
    """A launch Lens refuses itself: the message is the sentence the person reads."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def check_identifiers(header, body, client_id_of=None) -> None:
    """Refuse a token whose header or identifiers are not what LTI 1.3 says (strings of at most 255 characters),
    before any of them is looked up."""
    if not isinstance(header, dict) or not isinstance(body, dict):
        raise Refusal("The launch's token is not made of JSON objects, as a launch token must be.")
    if not isinstance(header.get("kid"), str) or not isinstance(header.get("alg"), str):
        raise Refusal("The launch's token does not name its signing key (kid) and algorithm (alg) as text.")
    for name in ("iss", "nonce", "sub"):
        _short_text(body.get(name), f'"{name}"', required=name != "sub")
    aud = body.get("aud")
    audiences = aud if isinstance(aud, list) else [aud]
    if not audiences:
        raise Refusal("The launch's audience (\"aud\") is empty: it must name Lens's client id.")
    for value in audiences:
        _short_text(value, 'audience ("aud")')
    if len(audiences) > 1 and body.get("azp") != audiences[0]:
        raise Refusal(
            "The launch names several audiences but not Lens's client id as its authorized party (azp), as "
            "OpenID Connect requires. Tell whoever runs the platform."
        )
    for claim, label in (("context", "course"), ("resource_link", "link")):
        value = body.get(CLAIM + claim)
        if value is None:
            continue
        if not isinstance(value, dict):
            raise Refusal(f"The launch's {label} claim is not an object, as LTI 1.3 says it must be.")
        _short_text(value.get("id"), f"{label} id", required=False)


def _short_text(value, label: str, required: bool = True) -> None:
    if value is None and not required:
        return
    if not isinstance(value, str) or not value:
        raise Refusal(f"The launch's {label} is not text, as LTI 1.3 says it must be. Tell whoever runs the platform.")
    if len(value) > LONGEST_ID:
        raise Refusal(f"The launch's {label} is longer than {LONGEST_ID} characters, which LTI 1.3 does not allow.")


# Claims Lens reads, with the type each must have when present (a dict of claims inside an object claim).
TEXT_CLAIMS = ("name", "given_name", "family_name", "email")
OBJECT_CLAIMS = {
    CLAIM + "lis": ("person_sourcedid",),
    CLAIM + "custom": ("set_id",),
    CLAIM + "context": ("title",),
    CLAIM + "launch_presentation": ("return_url",),
    CLAIM + "tool_platform": ("url",),
    "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": ("lineitem", "lineitems"),
    "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": ("context_memberships_url",),
    "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings": ("deep_link_return_url", "data"),
}


def check_claims(body: dict) -> None:
    """Refuse a signed token whose claims Lens reads are of the wrong type (a name as a list, an object as text)."""
    for name in (*TEXT_CLAIMS, CLAIM + "deployment_id", CLAIM + "message_type"):
        if body.get(name) is not None and not isinstance(body[name], str):
            raise Refusal(f"The launch's {_short(name)} claim is not text, as LTI 1.3 says it must be.")
    for name, texts in OBJECT_CLAIMS.items():
        value = body.get(name)
        if value is None:
            continue
        if not isinstance(value, dict):
            raise Refusal(f"The launch's {_short(name)} claim is not an object, as LTI 1.3 says it must be.")
        for field in texts:
            if value.get(field) is not None and not isinstance(value[field], str):
                raise Refusal(f"The launch's {_short(name)}.{field} is not text, as LTI 1.3 says it must be.")
    roles = body.get(CLAIM + "roles")
    if not isinstance(roles, list) or not all(isinstance(role, str) for role in roles):
        raise Refusal("The launch's roles claim is not a list of role URIs, as LTI 1.3 says it must be.")


def _short(name: str) -> str:
    return name.rsplit("/", 1)[-1]


def role_of(body: dict) -> str | None:
    """ "instructor", "learner", or None: from the course (context) roles only, as full URIs."""
    roles = set(body.get(CLAIM + "roles") or [])
    if roles & INSTRUCTOR_ROLES:
        return "instructor"
    if LEARNER_ROLE in roles:
        return "learner"
    return None
