"""Roles come only from tokens signed with the server's secret, checked for issuer, audience and expiry."""

import time

import jwt
import pytest

from identity import (
    CITIZEN,
    OFFICIAL,
    ConfigurationError,
    SenderRefused,
    Settings,
    conversation_sender,
    is_official_sender,
    mint,
    official_sender,
    verify,
)
from identity.tokens import EXPIRED, INVALID, MISSING, VALID

SETTINGS = Settings(secret="unit-test-secret-0123456789abcdef-xyz")


def _token(secret=SETTINGS.secret, **claims):
    payload = {"sub": "cb01", "name": "Trần Thị B", "unit": "UBND xã Hữu Lũng", "role": "official",
               "iss": SETTINGS.issuer, "aud": SETTINGS.audience, "exp": int(time.time()) + 60}
    payload.update(claims)
    return jwt.encode({k: v for k, v in payload.items() if v is not None}, secret, algorithm="HS256")


def test_signed_official_token():
    verdict = verify(_token(), SETTINGS)
    assert verdict.status == VALID and verdict.official.unit == "UBND xã Hữu Lũng"
    assert verdict.official.subject == "cb01" and verdict.identity.role == OFFICIAL


def test_minted_tokens_verify_and_carry_issuer_and_audience():
    claims = jwt.decode(mint("cb02", unit="Sở Tư pháp", settings=SETTINGS), SETTINGS.secret, algorithms=["HS256"],
                        audience=SETTINGS.audience)
    assert claims["iss"] == SETTINGS.issuer and claims["sub"] == "cb02" and claims["role"] == OFFICIAL
    assert verify(mint("cb02", settings=SETTINGS), SETTINGS).official.subject == "cb02"


@pytest.mark.parametrize("claims, status", [
    ({"iss": "ai-do-khac"}, INVALID),
    ({"aud": "ung-dung-khac"}, INVALID),
    ({"iss": None}, INVALID),
    ({"aud": None}, INVALID),
    ({"exp": None}, INVALID),
    ({"sub": ""}, INVALID),
    ({"exp": int(time.time()) + 7 * 24 * 3600}, INVALID),  # longer than a token may live
    ({"exp": int(time.time()) - 5}, EXPIRED),
    ({"exp": int(time.time()) - 3 * 24 * 3600}, INVALID),
])
def test_wrong_issuer_audience_or_lifetime_is_never_official(claims, status):
    verdict = verify(_token(**claims), SETTINGS)
    assert verdict.status == status and verdict.official is None


def test_bare_role_claims_forged_and_malformed_tokens_are_citizens():
    assert verify(None, SETTINGS).status == MISSING
    assert verify(_token(secret="x" * 40), SETTINGS).status == INVALID
    assert verify("abc.def.ghi", SETTINGS).status == INVALID
    assert verify(42, SETTINGS).status == MISSING
    unsigned = jwt.encode({"sub": "x", "role": "official", "iss": SETTINGS.issuer, "aud": SETTINGS.audience,
                           "exp": int(time.time()) + 60}, None, algorithm="none")
    assert verify(unsigned, SETTINGS).official is None


def test_no_secret_configured_means_nobody_is_official():
    assert verify(_token(), Settings(secret="")).official is None


def test_token_with_citizen_role_stays_citizen():
    verdict = verify(_token(role="citizen"), SETTINGS)
    assert verdict.official is None and verdict.identity.role == CITIZEN and verdict.subject is None


def test_production_refuses_a_short_or_missing_secret_and_names_the_variable():
    with pytest.raises(ConfigurationError, match="ASSISTANT_JWT_SECRET"):
        Settings(secret="short", production=True).check()
    with pytest.raises(ConfigurationError, match="ASSISTANT_JWT_SECRET"):
        Settings.from_env({"ASSISTANT_ENV": "production"}).check()
    assert Settings.from_env({"ASSISTANT_ENV": "production", "ASSISTANT_JWT_SECRET": "k" * 32}).check().production


def test_an_official_conversation_is_keyed_to_the_token_subject():
    sender, verdict = conversation_sender("trinh-duyet-123", {"token": _token()}, SETTINGS)
    assert sender == official_sender("cb01", SETTINGS) and is_official_sender(sender) and verdict.official
    again, _ = conversation_sender(sender, {"token": _token()}, SETTINGS)
    assert again == sender


def test_an_official_sender_id_without_its_token_is_refused():
    key = official_sender("cb01", SETTINGS)
    with pytest.raises(SenderRefused) as refused:
        conversation_sender(key, {}, SETTINGS)
    assert refused.value.status == 403
    with pytest.raises(SenderRefused):
        conversation_sender(key, {"token": _token(secret="x" * 40)}, SETTINGS)
    with pytest.raises(SenderRefused) as other:
        conversation_sender(key, {"token": _token(sub="cb99")}, SETTINGS)
    assert other.value.status == 403


def test_an_expired_official_token_still_reaches_its_own_conversation_but_proves_nothing():
    key = official_sender("cb01", SETTINGS)
    sender, verdict = conversation_sender(key, {"token": _token(exp=int(time.time()) - 30)}, SETTINGS)
    assert sender == key and verdict.status == EXPIRED and verdict.official is None


def test_citizens_keep_their_sender_and_a_role_field_changes_nothing():
    sender, verdict = conversation_sender("zalo-4455", {"role": "official"}, SETTINGS)
    assert sender == "zalo-4455" and verdict.official is None
