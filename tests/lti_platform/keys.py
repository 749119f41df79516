"""RSA keys: the platform's own (it signs id_tokens with them) and the tool's (fetched from the tool's JWKS URL)."""

from __future__ import annotations

import functools
import secrets
import threading

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

CLOCK_SKEW = 5  # seconds of leeway when checking exp, iat and nbf, as real platforms allow


@functools.cache
def shared_private_key(role: str) -> rsa.RSAPrivateKey:
    """One RSA key per role for the whole test run: making a 2048-bit key takes a tenth of a second or more."""
    return new_private_key()


def new_private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class SigningKey:
    """An RSA key pair with a key id; its public half is published in a JWKS."""

    def __init__(self, kid: str | None = None, private_key: rsa.RSAPrivateKey | None = None):
        self.kid = kid or "key-" + secrets.token_hex(4)
        self.private_key = private_key or new_private_key()

    def public_jwk(self) -> dict:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        return jwk | {"kid": self.kid, "alg": "RS256", "use": "sig"}

    def sign(self, claims: dict, kid: str | None = None) -> str:
        """A compact RS256 JWT; kid names the key the reader should verify with (another one, when tampering)."""
        return jwt.encode(claims, self.private_key, algorithm="RS256", headers={"kid": kid or self.kid})


class InvalidToolJwt(Exception):
    """A JWT from the tool that must be refused; the message says why, for the error response."""


class ToolKeySet:
    """The tool's public keys, fetched from its JWKS URL, kept, and fetched again when a JWT names an unknown kid.

    Fetching again on an unknown kid is how platforms follow a tool's key rotation without being told.
    """

    def __init__(self, jwks_url: str):
        self.jwks_url = jwks_url
        self.fetches = 0  # how many times the JWKS was downloaded, for tests of the cache
        self._keys: dict[str, jwt.PyJWK] = {}
        self._lock = threading.Lock()

    def verify(self, token: str, *, audience: str | list[str], issuer: str) -> dict:
        """The claims of a JWT the tool signed, checked as a platform must check them; InvalidToolJwt otherwise."""
        key = self.key_for(token)
        try:
            return jwt.decode(
                token,
                key.key,
                algorithms=["RS256"],
                audience=audience,
                issuer=issuer,
                leeway=CLOCK_SKEW,
                options={"require": ["iss", "aud", "exp", "iat"]},
            )
        except jwt.InvalidTokenError as error:
            raise InvalidToolJwt(f"the JWT is not valid: {error}") from error

    def key_for(self, token: str) -> jwt.PyJWK:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as error:
            raise InvalidToolJwt(f"the JWT cannot be read: {error}") from error
        if header.get("alg") != "RS256":
            raise InvalidToolJwt(f"the JWT must be signed with RS256, not {header.get('alg')!r}")
        kid = header.get("kid")
        if not kid:
            raise InvalidToolJwt("the JWT header has no kid, so the tool's key cannot be chosen")
        with self._lock:
            if kid not in self._keys:
                self._keys = self._fetch()
            if kid not in self._keys:
                raise InvalidToolJwt(f"no key with kid {kid!r} in the tool's JWKS at {self.jwks_url}")
            return self._keys[kid]

    def _fetch(self) -> dict[str, jwt.PyJWK]:
        self.fetches += 1
        try:
            response = requests.get(self.jwks_url, timeout=10)
            response.raise_for_status()
            key_set = jwt.PyJWKSet.from_dict(response.json())
        except (requests.RequestException, ValueError, jwt.PyJWKSetError) as error:
            raise InvalidToolJwt(f"the tool's JWKS at {self.jwks_url} cannot be read: {error}") from error
        return {key.key_id: key for key in key_set.keys if key.key_id}
