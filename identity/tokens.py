"""Signed identity tokens (HS256 JWT) and the conversation key they give a civil servant.

The host application (the one-stop-shop software, the intranet) issues a token with ``sub``, ``name``, ``unit``,
``role``, ``iss``, ``aud``, ``exp``; every channel passes it with each message (``metadata.token``) and every
official-only action verifies it at the moment it acts. Nothing else makes an official: not a slot, not a sender
id, not a ``role`` field in the metadata.

An official's conversation is keyed to the token's subject (``official:<digest>``), so knowing a sender id is not
enough to join it: a message that names such a conversation must carry a genuine token of that subject.

| variable | meaning | default |
| --- | --- | --- |
| ASSISTANT_JWT_SECRET | HS256 secret shared with the host application | development: ``var/assistant_jwt_secret`` |
| ASSISTANT_JWT_ISSUER | expected ``iss`` | ``mot-cua-lang-son`` |
| ASSISTANT_JWT_AUDIENCE | expected ``aud`` | ``tro-ly-ao`` |
| ASSISTANT_ENV | ``production`` refuses to start without a secret of at least 32 bytes | ``development`` |
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Tuple

import jwt

log = logging.getLogger(__name__)

CITIZEN = "citizen"
OFFICIAL = "official"
OFFICIAL_SENDER_PREFIX = "official:"
MIN_SECRET_BYTES = 32
DEFAULT_ISSUER = "mot-cua-lang-son"
DEFAULT_AUDIENCE = "tro-ly-ao"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET_FILE = PROJECT_ROOT / "var" / "assistant_jwt_secret"
# A token may not claim to live longer than this: a stolen token is worth little for long.
MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600
# A genuine token that expired less than this ago still names its owner's conversation, so the
# conversation can tell the official politely that the session ended (it grants nothing).
EXPIRED_GRACE_SECONDS = 24 * 3600

VALID, EXPIRED, INVALID, MISSING = "valid", "expired", "invalid", "missing"


class ConfigurationError(RuntimeError):
    """The identity settings are unsafe for production; the message names the variable to set."""


class SenderRefused(ValueError):
    """A message names an official's conversation without that official's genuine token."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Identity:
    role: str = CITIZEN
    subject: Optional[str] = None
    name: Optional[str] = None
    unit: Optional[str] = None

    @property
    def is_official(self) -> bool:
        return self.role == OFFICIAL


@dataclass(frozen=True)
class Verdict:
    """What one message's token proves. ``identity`` is an official only when ``status`` is ``valid``;
    ``subject`` is kept for a genuine official token that has expired (to address its conversation)."""

    status: str = MISSING
    identity: Identity = field(default_factory=Identity)
    subject: Optional[str] = None

    @property
    def official(self) -> Optional[Identity]:
        return self.identity if self.status == VALID and self.identity.is_official else None


@dataclass(frozen=True)
class Settings:
    secret: str = ""
    issuer: str = DEFAULT_ISSUER
    audience: str = DEFAULT_AUDIENCE
    production: bool = False

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None) -> "Settings":
        env = os.environ if environ is None else environ
        production = env.get("ASSISTANT_ENV", "development").strip().lower() == "production"
        secret = env.get("ASSISTANT_JWT_SECRET", "")
        if not secret and not production:
            secret = _dev_secret()
        return cls(
            secret=secret,
            issuer=env.get("ASSISTANT_JWT_ISSUER") or DEFAULT_ISSUER,
            audience=env.get("ASSISTANT_JWT_AUDIENCE") or DEFAULT_AUDIENCE,
            production=production,
        )

    def check(self) -> "Settings":
        """Raise ConfigurationError where production would run with a missing or short secret."""
        if self.production and len(self.secret.encode("utf-8")) < MIN_SECRET_BYTES:
            state = "is not set" if not self.secret else f"is shorter than {MIN_SECRET_BYTES} bytes"
            raise ConfigurationError(f"ASSISTANT_JWT_SECRET {state}; production mode (ASSISTANT_ENV=production) "
                                     f"needs a random secret of at least {MIN_SECRET_BYTES} bytes")
        if not self.secret:
            log.warning("ASSISTANT_JWT_SECRET is not set: nobody can sign in as a civil servant")
        return self


@lru_cache(maxsize=1)
def _dev_secret() -> str:
    """The development secret in var/ (created by `make run` before the servers start), read from disk once: verify
    runs on every message."""
    return DEV_SECRET_FILE.read_text(encoding="ascii").strip() if DEV_SECRET_FILE.is_file() else ""


def verify(token: Any, settings: Optional[Settings] = None, now: Optional[float] = None) -> Verdict:
    """Check signature, issuer, audience and expiry of ``token``; a citizen unless all of them hold."""
    if not isinstance(token, str) or not token.strip():
        return Verdict(MISSING)
    settings = settings or Settings.from_env()
    if not settings.secret:
        return Verdict(INVALID)
    now = time.time() if now is None else now
    try:
        claims = jwt.decode(
            token, settings.secret, algorithms=["HS256"], issuer=settings.issuer, audience=settings.audience,
            options={"require": ["exp", "sub", "iss", "aud"], "verify_exp": False},
        )
    except jwt.PyJWTError as error:
        log.info("rejected identity token: %s", type(error).__name__)
        return Verdict(INVALID)
    try:
        expires = float(claims["exp"])
    except (TypeError, ValueError):
        return Verdict(INVALID)
    subject = str(claims["sub"]).strip()
    if not subject or expires > now + MAX_TOKEN_LIFETIME_SECONDS:
        log.info("rejected identity token: empty subject or lifetime over the limit")
        return Verdict(INVALID)
    official = claims.get("role") == OFFICIAL
    if expires <= now:
        if official and now - expires <= EXPIRED_GRACE_SECONDS:
            return Verdict(EXPIRED, subject=subject)
        return Verdict(EXPIRED if now - expires <= EXPIRED_GRACE_SECONDS else INVALID)
    identity = Identity(role=OFFICIAL if official else CITIZEN, subject=subject,
                        name=_text_claim(claims, "name"), unit=_text_claim(claims, "unit"))
    return Verdict(VALID, identity=identity, subject=subject if official else None)


def _text_claim(claims: Dict[str, Any], name: str) -> Optional[str]:
    value = claims.get(name)
    return " ".join(value.split())[:200] if isinstance(value, str) and value.strip() else None


def official_sender(subject: str, settings: Optional[Settings] = None) -> str:
    """The conversation key of an official: derived from the token's issuer and subject, never chosen by a client."""
    settings = settings or Settings.from_env()
    digest = hashlib.sha256(f"{settings.issuer}\x00{subject}".encode("utf-8")).hexdigest()[:32]
    return OFFICIAL_SENDER_PREFIX + digest


def is_official_sender(sender: Optional[str]) -> bool:
    return isinstance(sender, str) and sender.startswith(OFFICIAL_SENDER_PREFIX)


def conversation_sender(sender: str, metadata: Optional[Mapping[str, Any]],
                        settings: Optional[Settings] = None) -> Tuple[str, Verdict]:
    """The conversation a message belongs to, and what its token proves.

    A genuine official token (valid, or expired less than a day ago) keys the conversation to its subject.
    A message that names an official's conversation without that official's genuine token is refused
    (SenderRefused): a sender id alone never joins it. Anything else is a citizen's message under its sender.
    """
    settings = settings or Settings.from_env()
    verdict = verify((metadata or {}).get("token"), settings)
    if verdict.subject:
        key = official_sender(verdict.subject, settings)
        if is_official_sender(sender) and sender != key:
            raise SenderRefused(403, "Mã thông báo đăng nhập không thuộc về cuộc trò chuyện này.")
        return key, verdict
    if is_official_sender(sender):
        if verdict.status == EXPIRED:
            raise SenderRefused(401, "Phiên đăng nhập đã hết hạn. Anh/chị đăng nhập lại trên phần mềm một cửa.")
        raise SenderRefused(403, "Cuộc trò chuyện này dành cho cán bộ đã đăng nhập; cần mã thông báo hợp lệ.")
    return sender, verdict


def mint(subject: str, unit: Optional[str] = None, name: Optional[str] = None, role: str = OFFICIAL,
         lifetime_seconds: int = 8 * 3600, settings: Optional[Settings] = None, now: Optional[float] = None) -> str:
    """A token as the host application issues it (demos, the widget's demo page, tests)."""
    if not 0 < lifetime_seconds <= MAX_TOKEN_LIFETIME_SECONDS:
        raise ValueError(f"token lifetime must be between 1 s and {MAX_TOKEN_LIFETIME_SECONDS} s")
    settings = settings or Settings.from_env()
    if not settings.secret:
        raise ConfigurationError("ASSISTANT_JWT_SECRET is not set (make run creates var/assistant_jwt_secret)")
    now = time.time() if now is None else now
    claims: Dict[str, Any] = {"sub": subject, "role": role, "iss": settings.issuer, "aud": settings.audience,
                              "iat": int(now), "exp": int(now + lifetime_seconds)}
    if unit:
        claims["unit"] = unit
    if name:
        claims["name"] = name
    return jwt.encode(claims, settings.secret, algorithm="HS256")
