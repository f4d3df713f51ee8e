"""Zalo Official Account API v3 for the Zalo channel (connectors/zalo.py): settings, the webhook signature, the OA
tokens and calling the API.

Tokens: the access token lives about 25 h, the refresh token is single-use. Both are kept in Redis (one hash per
app, refreshed under a redis-py lock) when REDIS_URL is set, so that two instances never spend the same refresh
token; otherwise in this process under an asyncio.Lock. The environment's tokens seed the store; a refresh that
another instance already made is reused instead of being repeated. A call that Zalo answers with an expired-token
code is retried once after a refresh; 5xx and network errors are retried with backoff (connectors.platform).
Every failure is logged with its code; tokens and secrets never are.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import time
from dataclasses import dataclass
from typing import Any, Callable, Dict, Optional, Tuple

import httpx

from connectors.platform import post_with_retry

log = logging.getLogger(__name__)

REQUIRED = ("ZALO_APP_ID", "ZALO_OA_SECRET_KEY")
EXPIRED_TOKEN_CODES = frozenset({-216, -124})  # access token invalid or expired
MAX_EVENT_AGE_SECONDS = 300.0
REFRESH_AT = 0.8  # refresh proactively after 80 % of the access token's lifetime


@dataclass(frozen=True)
class ZaloSettings:
    app_id: str = ""
    oa_secret_key: str = ""
    app_secret: str = ""
    access_token: str = ""
    refresh_token: str = ""
    api_base: str = "https://openapi.zalo.me"
    oauth_base: str = "https://oauth.zaloapp.com"
    redis_url: str = ""
    max_event_age: float = MAX_EVENT_AGE_SECONDS

    @classmethod
    def from_env(cls) -> "ZaloSettings":
        env = os.environ
        try:
            max_age = float(env.get("ZALO_MAX_EVENT_AGE_SECONDS") or MAX_EVENT_AGE_SECONDS)
        except ValueError:
            max_age = MAX_EVENT_AGE_SECONDS
        return cls(
            app_id=env.get("ZALO_APP_ID", "").strip(), oa_secret_key=env.get("ZALO_OA_SECRET_KEY", "").strip(),
            app_secret=env.get("ZALO_APP_SECRET", "").strip(), access_token=env.get("ZALO_ACCESS_TOKEN", "").strip(),
            refresh_token=env.get("ZALO_REFRESH_TOKEN", "").strip(),
            api_base=(env.get("ZALO_API_BASE") or "https://openapi.zalo.me").rstrip("/"),
            oauth_base=(env.get("ZALO_OAUTH_BASE") or "https://oauth.zaloapp.com").rstrip("/"),
            redis_url=env.get("REDIS_URL", "").strip(), max_event_age=max_age,
        )

    @property
    def missing(self) -> Tuple[str, ...]:
        """The variables without which no delivery can be verified."""
        return tuple(name for name, value in zip(REQUIRED, (self.app_id, self.oa_secret_key), strict=True) if not value)


def signature(app_id: str, body: bytes, timestamp: str, oa_secret_key: str) -> str:
    """``sha256_hex(app_id + raw body + timestamp + OA secret key)``, as Zalo puts it after ``mac=``."""
    return hashlib.sha256(app_id.encode("utf-8") + body + timestamp.encode("utf-8")
                          + oa_secret_key.encode("utf-8")).hexdigest()


def verify_delivery(settings: ZaloSettings, body: bytes, header: Optional[str],
                    now: Optional[float] = None) -> Tuple[Optional[Dict[str, Any]], str]:
    """(event, "") for a genuine, fresh delivery; (None, reason) otherwise. ``app_id`` is the configured one, so a
    delivery for another app fails; the timestamp is the one inside the body (milliseconds)."""
    if not header or not header.strip().lower().startswith("mac="):
        return None, "no X-ZEvent-Signature"
    try:
        event = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None, "body is not JSON"
    if not isinstance(event, dict) or not isinstance(event.get("timestamp"), (str, int)):
        return None, "no timestamp in the body"
    timestamp = str(event["timestamp"])
    expected = signature(settings.app_id, body, timestamp, settings.oa_secret_key)
    if not hmac.compare_digest(expected, header.strip()[4:].strip().lower()):
        return None, "bad signature"
    try:
        seconds = float(timestamp)
    except ValueError:
        return None, "bad timestamp"
    seconds = seconds / 1000 if seconds > 1e11 else seconds
    age = (time.time() if now is None else now) - seconds
    if abs(age) > settings.max_event_age:
        return None, f"stale timestamp ({age:+.0f} s)"
    return event, ""


@dataclass(frozen=True)
class Tokens:
    access: str = ""
    refresh: str = ""
    expires_at: float = 0.0  # when to refresh proactively; 0: unknown


class TokenStore:
    """The OA's tokens, shared by every instance through Redis when REDIS_URL is set, else kept in this process."""

    def __init__(self, settings: ZaloSettings, client: Callable[[], httpx.AsyncClient]) -> None:
        self.settings = settings
        self._client = client
        self._memory = Tokens(settings.access_token, settings.refresh_token)
        self._local_lock = asyncio.Lock()
        self._key = f"zalo:tokens:{settings.app_id}"
        self._seed = hashlib.sha256(f"{settings.access_token}\x00{settings.refresh_token}".encode()).hexdigest()[:16]
        self._seeded = False
        self._redis = None
        if settings.redis_url:
            import redis.asyncio as aioredis

            self._redis = aioredis.from_url(settings.redis_url, decode_responses=True)

    async def _load(self) -> Tokens:
        if self._redis is None:
            return self._memory
        try:
            stored = await self._redis.hgetall(self._key)
            if not self._seeded:  # new tokens in the environment (re-authorised by an admin) replace stored ones
                self._seeded = True
                if self.settings.access_token and stored.get("seed") != self._seed:
                    await self._save(self._memory)
                    return self._memory
            if stored.get("access_token"):
                return Tokens(stored["access_token"], stored.get("refresh_token", ""),
                              float(stored.get("expires_at") or 0))
        except Exception as error:  # the store is down: keep going with this instance's copy
            log.error("Zalo token store unavailable (%s); using this instance's tokens", type(error).__name__)
        return self._memory

    async def _save(self, tokens: Tokens) -> None:
        self._memory = tokens
        if self._redis is None:
            return
        try:
            await self._redis.hset(self._key, mapping={"access_token": tokens.access, "refresh_token": tokens.refresh,
                                                       "expires_at": str(tokens.expires_at), "seed": self._seed})
        except Exception as error:  # other instances will fail to refresh with the spent token: say so loudly
            log.error("Zalo tokens not stored (%s): only this instance has the new ones", type(error).__name__)

    async def access(self) -> str:
        tokens = await self._load()
        if tokens.access and tokens.expires_at and time.time() >= tokens.expires_at:
            return await self.refresh(tokens.access) or tokens.access
        return tokens.access

    async def refresh(self, stale_access: str) -> Optional[str]:
        """A new access token (refreshed once, under the lock), or None. When another task or instance refreshed
        meanwhile, its token is returned and the single-use refresh token is not spent again."""
        try:
            if self._redis is None:
                async with self._local_lock:
                    return await self._refresh_locked(stale_access)
            lock = self._redis.lock(f"{self._key}:lock", timeout=30, blocking_timeout=35, thread_local=False)
            async with lock:
                return await self._refresh_locked(stale_access)
        except Exception as error:
            log.error("Zalo token refresh failed: %s", type(error).__name__)
            return None

    async def _refresh_locked(self, stale_access: str) -> Optional[str]:
        tokens = await self._load()
        if tokens.access and tokens.access != stale_access:
            return tokens.access
        missing = [name for name, value in (("ZALO_APP_SECRET", self.settings.app_secret),
                                            ("ZALO_REFRESH_TOKEN", tokens.refresh)) if not value]
        if missing:
            log.error("cannot refresh the Zalo access token: %s not set", ", ".join(missing))
            return None
        answer = await post_with_retry(
            self._client(), "Zalo OAuth", f"{self.settings.oauth_base}/v4/oa/access_token",
            data={"app_id": self.settings.app_id, "grant_type": "refresh_token", "refresh_token": tokens.refresh},
            headers={"secret_key": self.settings.app_secret})
        if answer is None or answer.status_code >= 500:
            return None
        try:
            data = answer.json()
        except ValueError:
            data = {}
        if not isinstance(data, dict) or not data.get("access_token") or not data.get("refresh_token"):
            data = data if isinstance(data, dict) else {}
            log.error("Zalo token refresh refused: HTTP %d, error %s: %s", answer.status_code, data.get("error"),
                      data.get("error_description") or data.get("error_name") or data.get("message"))
            return None
        try:
            lifetime = float(data.get("expires_in") or 0)
        except (TypeError, ValueError):
            lifetime = 0.0
        fresh = Tokens(str(data["access_token"]), str(data["refresh_token"]),
                       time.time() + REFRESH_AT * lifetime if lifetime > 0 else 0.0)
        await self._save(fresh)
        log.info("Zalo access token refreshed (valid %d s)", int(lifetime))
        return fresh.access


class ZaloApi:
    """Calls the OA API with the current access token: retried on 5xx and network errors, refreshed once on an
    expired-token code, every error logged with its code."""

    def __init__(self, settings: ZaloSettings, client: Callable[[], httpx.AsyncClient], tokens: TokenStore) -> None:
        self.settings = settings
        self.client = client
        self.tokens = tokens

    async def call(self, path: str, **kwargs: Any) -> Optional[Dict[str, Any]]:
        """POST to ``path``; the answer's JSON when Zalo reports success (``error`` 0), else None (logged)."""
        access = await self.tokens.access()
        for attempt in (1, 2):
            if not access:
                log.error("Zalo API %s not called: no access token (set ZALO_ACCESS_TOKEN)", path)
                return None
            answer = await post_with_retry(self.client(), "Zalo", f"{self.settings.api_base}{path}",
                                           headers={"access_token": access}, **kwargs)
            if answer is None or answer.status_code >= 500:
                log.error("Zalo API %s failed: %s", path,
                          f"HTTP {answer.status_code}" if answer is not None else "network error")
                return None
            try:
                data = answer.json()
            except ValueError:
                data = None
            if not isinstance(data, dict):
                log.error("Zalo API %s failed: HTTP %d without a JSON answer", path, answer.status_code)
                return None
            code = data.get("error")
            if code in EXPIRED_TOKEN_CODES and attempt == 1:
                log.warning("Zalo API %s: access token rejected (error %s); refreshing once", path, code)
                access = await self.tokens.refresh(access)
                continue
            if code != 0 or answer.status_code >= 400:
                log.error("Zalo API %s failed: HTTP %d, error %s: %s", path, answer.status_code, code,
                          data.get("message"))
                return None
            return data
        return None

    async def send(self, user_id: str, message: Dict[str, Any]) -> bool:
        """One message to a user (``/v3.0/oa/message/cs``, the customer-service reply)."""
        body = {"recipient": {"user_id": user_id}, "message": message}
        return await self.call("/v3.0/oa/message/cs", json=body) is not None

    async def upload_file(self, name: str, content: bytes, mime_type: str) -> Optional[str]:
        """Upload a PDF/DOC/DOCX (``/v2.0/oa/upload/file``); the token to send it with, or None."""
        data = await self.call("/v2.0/oa/upload/file", files={"file": (name, content, mime_type)})
        token = ((data or {}).get("data") or {}).get("token")
        if data is not None and not token:
            log.error("Zalo API /v2.0/oa/upload/file answered without a token")
        return str(token) if token else None
