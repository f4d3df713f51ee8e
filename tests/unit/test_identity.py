"""Roles come only from tokens signed with the server's secret."""

import time

import jwt

from actions.identity import CITIZEN, OFFICIAL, identity_from_metadata

SECRET = "unit-test-secret-0123456789abcdef"


def _token(secret=SECRET, **claims):
    payload = {"sub": "cb01", "name": "Trần Thị B", "unit": "UBND xã Hữu Lũng", "role": "official",
               "exp": int(time.time()) + 60}
    payload.update(claims)
    return jwt.encode(payload, secret, algorithm="HS256")


def test_signed_official_token():
    identity = identity_from_metadata({"token": _token()}, SECRET)
    assert identity.role == OFFICIAL and identity.unit == "UBND xã Hữu Lũng" and identity.subject == "cb01"


def test_bare_role_claim_is_ignored():
    assert identity_from_metadata({"role": "official"}, SECRET).role == CITIZEN


def test_forged_expired_or_malformed_tokens_are_citizens():
    assert identity_from_metadata({"token": _token(secret="x" * 32)}, SECRET).role == CITIZEN
    assert identity_from_metadata({"token": _token(exp=int(time.time()) - 5)}, SECRET).role == CITIZEN
    assert identity_from_metadata({"token": "abc.def.ghi"}, SECRET).role == CITIZEN
    assert identity_from_metadata({"token": 42}, SECRET).role == CITIZEN
    unsigned = jwt.encode({"sub": "x", "role": "official", "exp": int(time.time()) + 60}, None, algorithm="none")
    assert identity_from_metadata({"token": unsigned}, SECRET).role == CITIZEN


def test_no_secret_configured_means_nobody_is_official():
    assert identity_from_metadata({"token": _token()}, "").role == CITIZEN


def test_token_with_citizen_role_stays_citizen():
    assert identity_from_metadata({"token": _token(role="citizen")}, SECRET).role == CITIZEN
