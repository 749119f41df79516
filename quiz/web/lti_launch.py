"""pylti1p3 configured for Lens: nonces used once, with their state, and kept in the database; platforms' key sets
cached and fetched again for an unknown key at most once a minute; the token's identifiers and claims checked
(lti_claims.py); the platform's clock allowed a minute's drift; no launch data kept."""

from __future__ import annotations

import hashlib
import time

import jwt
from pylti1p3.contrib.flask import FlaskMessageLaunch, FlaskSessionService
from pylti1p3.exception import LtiException
from pylti1p3.launch_data_storage.base import LaunchDataStorage

from quiz.store.lti import registry
from quiz.store.lti.outbox import ShortTimeoutSession
from quiz.web.lti_claims import check_claims, check_identifiers

# How long a platform's key set is trusted before it is fetched again (a key Lens does not know is fetched at once).
KEY_SET_LIFETIME = 3600
# A key set is fetched again for a key it does not list at most this often (seconds): forged kids cost one fetch.
KEY_SET_REFETCH = 60
# How far the platform's clock may be from Lens's (seconds) for the token's iat, exp and nbf.
CLOCK_LEEWAY = 60


class Nonces(FlaskSessionService):
    """Nonces in the database, each usable once (a replayed launch is refused); no launch data is kept at all (the
    token's body holds names Lens keeps only as its tables say), and a state counts only with its cookie."""

    _nonce: str | None = None

    def save_nonce(self, nonce: str) -> None:
        self._nonce = nonce  # kept with its state, which pylti1p3 hands over next (save_state_params)

    def save_state_params(self, state: str, params) -> None:
        registry.give_nonce(self._nonce, state)

    def check_nonce(self, nonce: str) -> bool:
        return False  # Launch.validate_nonce checks the nonce with its state

    def save_launch_data(self, key, jwt_body) -> None:
        return None

    def set_state_valid(self, state, id_token_hash) -> None:
        return None

    def check_state_is_valid(self, state, id_token_hash) -> bool:
        return False


class _KeySetCache(LaunchDataStorage):
    """Platforms' key sets, kept in this process for KEY_SET_LIFETIME."""

    _values: dict = {}
    _fetched: dict = {}  # when each key set was last fetched

    def get_session_cookie_name(self):
        return None

    def can_set_keys_expiration(self) -> bool:
        return True

    def get_value(self, key):
        value, until = self._values.get(key, (None, 0))
        return value if until > time.monotonic() else None

    def set_value(self, key, value, exp=None) -> None:
        now = time.monotonic()
        self._values[key] = (value, now + (exp or KEY_SET_LIFETIME))
        self._fetched[key] = now

    def check_value(self, key) -> bool:
        return self.get_value(key) is not None

    def may_fetch_again(self, key_set_url: str) -> bool:
        """Whether an unknown key may send Lens to the platform's key set again: not within a minute of the last
        fetch or try, so forged key ids cost at most one fetch a minute."""
        key, now = _cache_key(key_set_url), time.monotonic()
        if now - self._fetched.get(key, -KEY_SET_REFETCH) < KEY_SET_REFETCH:
            return False
        self._fetched[key] = now
        return True

    def replace(self, key_set_url: str, key_set: dict) -> None:
        self.set_value(_cache_key(key_set_url), key_set)


def _cache_key(key_set_url: str) -> str:
    """pylti1p3's name for a key set in its cache."""
    return "key-set-url-" + hashlib.md5(key_set_url.encode()).hexdigest()


_key_sets = _KeySetCache()


class Launch(FlaskMessageLaunch):
    """pylti1p3's launch, stricter: identifiers checked before any lookup, the nonce bound to the state it was issued
    with, 60 seconds' leeway for the platform's clock, a short timeout for its key set."""

    def __init__(self, flask_request, tool_conf):
        super().__init__(
            flask_request, tool_conf, session_service=Nonces(flask_request), requests_session=ShortTimeoutSession()
        )
        self.set_public_key_caching(_key_sets, KEY_SET_LIFETIME)

    def validate_jwt_format(self):
        super().validate_jwt_format()
        check_identifiers(self._jwt.get("header"), self._jwt.get("body"))
        return self

    def validate_nonce(self):
        # The nonce must come with the state it was issued with: a nonce from another browser's sign-in is refused.
        if not registry.use_nonce(self._get_jwt_body()["nonce"], self._get_request_param("state")):
            raise LtiException("Invalid Nonce")
        return self

    def validate_jwt_signature(self):
        public_key, key_alg = self.get_public_key()
        try:
            jwt.decode(
                self._get_id_token(),
                public_key,
                algorithms=[key_alg],
                options=self._jwt_verify_options,
                leeway=CLOCK_LEEWAY,
            )
        except jwt.InvalidTokenError as error:
            raise LtiException(f"Can't decode id_token: {error}") from error
        check_claims(self._get_jwt_body())
        return self

    def get_public_key(self):
        try:
            return super().get_public_key()
        except LtiException as error:
            url = self._registration.get_key_set_url()
            if "Unable to find public key" not in str(error) or not _key_sets.may_fetch_again(url):
                raise
            # The platform may have rotated its key: fetch its key set again (at most once a minute), and keep the
            # one cached until the new one has come.
            storage, self._public_key_cache_data_storage = self._public_key_cache_data_storage, None
            try:
                fresh = self.fetch_public_key(url)
            finally:
                self._public_key_cache_data_storage = storage
            if not isinstance(fresh, dict) or not isinstance(fresh.get("keys"), list):
                raise
            _key_sets.replace(url, fresh)
            self._registration.set_key_set(fresh)
            return super().get_public_key()


def tool_conf() -> registry.DatabaseToolConf:
    return registry.DatabaseToolConf()
