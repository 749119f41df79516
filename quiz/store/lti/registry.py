"""The platforms Lens is registered with, their deployments, and Lens's own key pairs, as pylti1p3 asks for them (a
ToolConf backed by the database)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwcrypto.jwk import JWK
from pylti1p3.deployment import Deployment
from pylti1p3.registration import Registration
from pylti1p3.tool_config import ToolConfAbstract

from quiz.models import LtiDeployment, LtiKey, LtiNonce, LtiPlatform, db, utcnow
from quiz.store.rows import insert_once

KEY_BITS = 2048
# A nonce given out at sign-in must come back with the launch within this time.
NONCE_LIFETIME = timedelta(minutes=10)
# One sign-in in this many deletes the expired nonces, so the table stays small without a job of its own.
NONCE_SWEEP_ODDS = 20


class RegistrationError(ValueError):
    """Something about a platform's registration that the admin must change; the message says what."""


# --- Platforms


def platforms() -> list[LtiPlatform]:
    return list(db.session.execute(db.select(LtiPlatform).order_by(LtiPlatform.name, LtiPlatform.id)).scalars())


def platform(issuer: str, client_id: str) -> LtiPlatform | None:
    query = db.select(LtiPlatform).filter_by(issuer=issuer, client_id=client_id)
    return db.session.execute(query).scalar_one_or_none()


def platform_by_id(platform_id: int) -> LtiPlatform | None:
    return db.session.get(LtiPlatform, platform_id)


def _url_problem(label: str, url: str) -> str | None:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"The {label} must be a web address starting with https:// or http:// (it was {url!r})."
    return None


def register(
    issuer: str,
    client_id: str,
    deployment_ids: list[str],
    auth_login_url: str,
    token_url: str,
    key_set_url: str,
    name: str = "",
) -> LtiPlatform:
    """Register a platform, or update the one with this issuer and client id (its deployments are added to)."""
    issuer, client_id = issuer.strip(), client_id.strip()
    deployment_ids = [value.strip() for value in deployment_ids if value.strip()]
    problems = [
        problem
        for problem in (
            None if issuer else "Give the platform's issuer (iss), such as https://canvas.instructure.com.",
            None if client_id else "Give the client id the platform gave Lens.",
            None if deployment_ids else "Give at least one deployment id.",
            _url_problem("issuer", issuer) if issuer else None,
            _url_problem("authentication (OIDC) URL", auth_login_url),
            _url_problem("access token URL", token_url),
            _url_problem("key set (JWKS) URL", key_set_url),
            "Keep each value to 255 characters."
            if max(len(issuer), len(client_id), *map(len, deployment_ids), 0) > 255
            else None,
        )
        if problem
    ]
    if problems:
        raise RegistrationError(" ".join(problems))
    name = " ".join(name.split())[:80] or urlsplit(issuer).netloc or issuer[:80]
    values = dict(
        auth_login_url=auth_login_url.strip(), token_url=token_url.strip(), key_set_url=key_set_url.strip(), name=name
    )
    found = platform(issuer, client_id)
    if found is None:
        insert_once(LtiPlatform, issuer=issuer, client_id=client_id, **values)
        found = platform(issuer, client_id)
    else:
        for key, value in values.items():
            setattr(found, key, value)
    for deployment_id in deployment_ids:
        insert_once(LtiDeployment, platform_id=found.id, deployment_id=deployment_id)
    db.session.expire(found, ["deployments"])
    return found


def remove(found: LtiPlatform) -> None:
    """Forget a platform, with its courses' links to classes (the classes and their students stay)."""
    db.session.delete(found)


def deployment_known(found: LtiPlatform, deployment_id: str) -> bool:
    return db.session.get(LtiDeployment, (found.id, deployment_id)) is not None


# --- Lens's own keys


def _new_key() -> LtiKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return LtiKey(kid=JWK.from_pem(pem.encode()).thumbprint(), private_pem=pem, created_at=utcnow())


def active_keys() -> list[LtiKey]:
    """The keys not retired, the newest first."""
    query = db.select(LtiKey).filter(LtiKey.retired_at.is_(None)).order_by(LtiKey.created_at.desc(), LtiKey.kid)
    return list(db.session.execute(query).scalars())


def signing_key() -> LtiKey:
    """The newest key not retired; Lens makes its first key pair here, on first need."""
    keys = active_keys()
    if keys:
        return keys[0]
    key = _new_key()
    insert_once(LtiKey, kid=key.kid, private_pem=key.private_pem, created_at=key.created_at)
    db.session.commit()
    return active_keys()[0]


def rotate() -> LtiKey:
    """A new key pair that signs from now on; the old ones stay in the key set until retired."""
    key = _new_key()
    insert_once(LtiKey, kid=key.kid, private_pem=key.private_pem, created_at=key.created_at)
    return db.session.get(LtiKey, key.kid)


def retire_old() -> list[str]:
    """Retire every key but the newest: platforms that cached the old ones fetch the key set again."""
    keys = active_keys()
    for key in keys[1:]:
        key.retired_at = utcnow()
    return [key.kid for key in keys[1:]]


def public_pem(key: LtiKey) -> str:
    return JWK.from_pem(key.private_pem.encode()).export_to_pem().decode()


def jwks() -> dict:
    """Lens's public key set: every key not retired."""
    signing_key()
    return {"keys": [Registration.get_jwk(public_pem(key)) for key in active_keys()]}


# --- Nonces: given out at sign-in, used once by the launch that follows


def give_nonce(value: str, state: str) -> None:
    """Keep a nonce given out at sign-in with the state given out with it (expired nonces go now and then)."""
    now = utcnow()
    if secrets.randbelow(NONCE_SWEEP_ODDS) == 0:
        forget_expired_nonces(now)
    insert_once(LtiNonce, value=value[:128], state=state[:128], expires_at=now + NONCE_LIFETIME)


def forget_expired_nonces(now=None) -> int:
    """Delete the nonces past their time; how many went."""
    result = db.session.execute(db.delete(LtiNonce).filter(LtiNonce.expires_at < (now or utcnow())))
    return result.rowcount or 0


def use_nonce(value: str, state: str | None) -> bool:
    """Whether the nonce was given out with this state, is still fresh, and has not been used: it is used up by
    asking."""
    now = utcnow()
    statement = (
        db.update(LtiNonce)
        .where(
            LtiNonce.value == value[:128],
            LtiNonce.state == (state or "")[:128],
            LtiNonce.used_at.is_(None),
            LtiNonce.expires_at > now,
        )
        .values(used_at=now)
        .returning(LtiNonce.value)
    )
    used = db.session.execute(statement).first() is not None
    # Kept whatever happens to the launch after this: a refused launch has still used its nonce.
    db.session.commit()
    return used


# --- pylti1p3's view of all this


def registration_of(found: LtiPlatform) -> Registration:
    key = signing_key()
    return (
        Registration()
        .set_issuer(found.issuer)
        .set_client_id(found.client_id)
        .set_auth_login_url(found.auth_login_url)
        .set_auth_token_url(found.token_url)
        .set_key_set_url(found.key_set_url)
        .set_tool_private_key(key.private_pem)
        .set_tool_public_key(public_pem(key))
    )


class DatabaseToolConf(ToolConfAbstract):
    """Registrations and deployments from the database. Every issuer may have many client ids."""

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def find_registration_by_issuer(self, iss: str, *args, **kwargs) -> Registration | None:
        found = db.session.execute(db.select(LtiPlatform).filter_by(issuer=iss)).scalars().all()
        return registration_of(found[0]) if len(found) == 1 else None

    def find_registration_by_params(self, iss: str, client_id: str, *args, **kwargs) -> Registration | None:
        if not client_id:
            # The sign-in request may leave the client id out: the issuer's only registration, if it has one.
            return self.find_registration_by_issuer(iss)
        found = platform(iss, client_id) if iss else None
        return registration_of(found) if found else None

    def find_deployment(self, iss: str, deployment_id: str) -> Deployment | None:
        return None

    def find_deployment_by_params(self, iss: str, deployment_id: str, client_id: str, *args, **kwargs):
        found = platform(iss, client_id or "")
        if found is None or not deployment_known(found, deployment_id):
            return None
        return Deployment().set_deployment_id(deployment_id)
