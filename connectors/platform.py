"""What the platform channels (Zalo OA, Messenger) share: de-duplicating deliveries across instances, calling a
platform API with retries, transcribing voice messages through the voice gateway, splitting long texts, and
running the work of a delivery in the background after the webhook has answered.

| variable | meaning | default |
| --- | --- | --- |
| REDIS_URL | shared store for de-duplication (all instances) | none: this process only |
| VOICE_GATEWAY_URL | voice gateway base URL (``POST /v1/transcribe``) | none: voice messages are declined politely |
| VOICE_GATEWAY_KEY | the gateway's internal key, sent as header ``X-API-Key`` | none |
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import time
from typing import Any, Awaitable, Dict, List, Optional, Set

import httpx

log = logging.getLogger(__name__)

DEDUPE_SECONDS = 24 * 3600
RETRY_DELAYS = (0.2, 0.4, 0.8)
TRANSCRIBE_SECONDS = 45.0  # a busy gateway queues the clip; the delivery was acknowledged already
VOICE_UNSUPPORTED = ("Xin lỗi, hiện tôi chưa nghe được tin nhắn thoại. Bạn vui lòng gõ câu hỏi bằng chữ, có dấu hay "
                     "không dấu đều được.")
VOICE_UNCLEAR = "Xin lỗi, tôi không nghe rõ tin nhắn thoại. Bạn vui lòng nói lại hoặc gõ câu hỏi bằng chữ."
UNSUPPORTED_ATTACHMENT = ("Xin lỗi, tôi chưa hỗ trợ xem hình ảnh, tệp hay nhãn dán qua kênh này. Bạn vui lòng gõ câu "
                          "hỏi bằng chữ.")
_SENTENCE_END = re.compile(r"(?<=[.!?…:;])\s+|\n+")


class Deduplicator:
    """Remembers delivery ids for a day: in Redis when REDIS_URL is set (shared by every instance), else here."""

    def __init__(self, namespace: str, redis_url: Optional[str] = None) -> None:
        self.namespace = namespace
        self._redis = None
        url = redis_url if redis_url is not None else os.environ.get("REDIS_URL")
        if url:
            import redis.asyncio as aioredis

            self._redis = aioredis.from_url(url)
        self._seen: Dict[str, float] = {}

    async def first_time(self, delivery_id: str) -> bool:
        """True the first time ``delivery_id`` is seen (by any instance sharing the store)."""
        key = f"dedupe:{self.namespace}:{delivery_id}"
        if self._redis is not None:
            try:
                return bool(await self._redis.set(key, "1", nx=True, ex=DEDUPE_SECONDS))
            except Exception as error:  # the store is down: better to answer twice than never
                log.error("de-duplication store unavailable (%s); processing %s", type(error).__name__, delivery_id)
                return True
        now = time.time()
        if len(self._seen) > 50_000:
            self._seen = {k: t for k, t in self._seen.items() if now - t < DEDUPE_SECONDS}
        if key in self._seen and now - self._seen[key] < DEDUPE_SECONDS:
            return False
        self._seen[key] = now
        return True


class Background:
    """Runs a delivery's work after the webhook has answered, keeping the tasks alive and logging failures."""

    def __init__(self) -> None:
        self._tasks: Set[asyncio.Task] = set()

    def run(self, work: Awaitable[Any], what: str) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)

        def done(finished: asyncio.Task) -> None:
            self._tasks.discard(finished)
            if not finished.cancelled() and finished.exception() is not None:
                log.error("%s failed: %r", what, finished.exception())

        task.add_done_callback(done)

    async def drain(self) -> None:
        if self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


async def post_with_retry(client: httpx.AsyncClient, platform: str, url: str, **kwargs: Any) -> Optional[httpx.Response]:
    """POST with retries on network errors and 5xx (backoff 0.2/0.4/0.8 s); the last failure is logged with its code."""
    response: Optional[httpx.Response] = None
    for attempt, delay in enumerate((0.0, *RETRY_DELAYS)):
        if delay:
            await asyncio.sleep(delay)
        try:
            response = await client.post(url, **kwargs)
        except httpx.HTTPError as error:
            log.warning("%s API call failed (attempt %d): %s", platform, attempt + 1, type(error).__name__)
            response = None
            continue
        if response.status_code < 500:
            return response
        log.warning("%s API answered HTTP %d (attempt %d)", platform, response.status_code, attempt + 1)
    log.error("%s API call given up after %d attempts (last: %s)", platform, len(RETRY_DELAYS) + 1,
              f"HTTP {response.status_code}" if response is not None else "network error")
    return response


async def transcribe(client: httpx.AsyncClient, audio_url: str, max_bytes: int = 10 * 1024 * 1024) -> Optional[str]:
    """The transcript of a voice message (downloaded from the platform, sent to the voice gateway), or None."""
    gateway = os.environ.get("VOICE_GATEWAY_URL", "").rstrip("/")
    if not gateway:
        return None
    try:
        audio = await client.get(audio_url, follow_redirects=True)
        if audio.status_code != 200 or not audio.content or len(audio.content) > max_bytes:
            log.warning("voice message download failed (HTTP %d, %d bytes)", audio.status_code, len(audio.content))
            return ""
        key = os.environ.get("VOICE_GATEWAY_KEY", "")
        result = await client.post(f"{gateway}/v1/transcribe", files={"audio": ("voice", audio.content)},
                                   headers={"X-API-Key": key} if key else None,
                                   timeout=httpx.Timeout(TRANSCRIBE_SECONDS, connect=5.0))
        if result.status_code != 200:
            log.warning("voice gateway answered HTTP %d", result.status_code)
            return ""
        return str(result.json().get("transcript") or "").strip()
    except (httpx.HTTPError, ValueError) as error:
        log.warning("voice message not transcribed: %s", type(error).__name__)
        return ""


def split_text(text: str, limit: int) -> List[str]:
    """``text`` in pieces of at most ``limit`` characters, cut at sentence or line ends where possible."""
    text = (text or "").strip()
    if len(text) <= limit:
        return [text] if text else []
    pieces: List[str] = []
    current = ""
    for sentence in (s for s in _SENTENCE_END.split(text) if s and s.strip()):
        candidate = f"{current} {sentence}".strip() if current else sentence.strip()
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        while len(sentence) > limit:  # one sentence longer than the limit: cut at a space
            cut = sentence.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            pieces.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        current = sentence.strip()
    if current:
        pieces.append(current)
    return pieces
