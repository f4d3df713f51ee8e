"""What the platform channels share: delivery de-duplication (shared through Redis by every instance)."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from connectors.platform import Deduplicator, split_text


def test_a_delivery_is_seen_once_in_one_process():
    dedupe = Deduplicator("test", redis_url="")

    async def twice():
        return [await dedupe.first_time("m1"), await dedupe.first_time("m1"), await dedupe.first_time("m2")]

    assert asyncio.run(twice()) == [True, False, True]


@pytest.mark.services
def test_two_instances_share_what_they_have_seen_through_redis():
    namespace = f"test-{uuid.uuid4().hex[:8]}"
    first, second = (Deduplicator(namespace, redis_url="redis://127.0.0.1:6379/5") for _ in range(2))

    async def both():
        return [await first.first_time("mid.1"), await second.first_time("mid.1"), await second.first_time("mid.2")]

    assert asyncio.run(both()) == [True, False, True]


def test_long_texts_are_cut_at_sentence_ends_under_the_limit():
    text = "Hồ sơ gồm tờ khai. Bản sao giấy tờ tùy thân. " * 30 + "Một câu cuối rất dài " * 40
    pieces = split_text(text, 300)
    assert all(len(p) <= 300 for p in pieces)
    assert pieces[0].endswith(".") and " ".join(pieces).split() == text.split()


def test_voice_messages_reach_the_gateway_with_its_internal_key(monkeypatch):
    import httpx

    from connectors.platform import transcribe

    seen = []

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/audio.m4a":
            return httpx.Response(200, content=b"\x00\x00\x00\x18ftypM4A ")
        seen.append(request.headers.get("X-API-Key"))
        return httpx.Response(200, json={"transcript": "làm hộ chiếu"})

    monkeypatch.setenv("VOICE_GATEWAY_URL", "http://gateway.test")
    monkeypatch.setenv("VOICE_GATEWAY_KEY", "internal-key")

    async def run():
        async with httpx.AsyncClient(transport=httpx.MockTransport(handle)) as client:
            return await transcribe(client, "http://platform.test/audio.m4a")

    assert asyncio.run(run()) == "làm hộ chiếu"
    assert seen == ["internal-key"]
