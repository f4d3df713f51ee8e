"""The voice gateway over HTTP, started as `make run` starts it: keys, answers, errors, limits, load."""

from __future__ import annotations

import concurrent.futures

import httpx
import numpy as np
import pytest

from speech.transcriber import UNCLEAR
from tests.voice.conftest import API_KEY, GATEWAY_KEY, ORIGIN, encode
from tests.voice.test_audio import bomb

APP = {"X-API-Key": API_KEY}
CONNECTOR = {"X-API-Key": GATEWAY_KEY}


def transcribe(gateway, data: bytes, name: str = "voice.m4a", headers=CONNECTOR, timeout: float = 60):
    return httpx.post(f"{gateway.url}/v1/transcribe", files={"audio": (name, data)}, headers=headers, timeout=timeout)


def assert_clear_error(response, status: int):
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and len(detail) > 10
    assert any(ch in detail for ch in "ăâđêôơưáàảãạ"), detail  # a Vietnamese sentence, not an English code


def test_health_and_readiness(gateway):
    assert httpx.get(f"{gateway.url}/healthz").json() == {"status": "ok"}
    assert httpx.get(f"{gateway.url}/readyz").json() == {"status": "ready"}


def test_the_openapi_spec_describes_both_endpoints(gateway):
    spec = httpx.get(f"{gateway.url}/openapi.json").json()
    assert {"/v1/voice", "/v1/transcribe"} <= set(spec["paths"])


def test_a_connector_gets_the_transcript(gateway, question_samples):
    response = transcribe(gateway, encode(question_samples, "mp4", "aac"))
    assert response.status_code == 200, response.text
    assert "khai sinh" in response.json()["transcript"].lower()


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong"}])
def test_transcribe_without_a_valid_key_is_refused(gateway, question_wav, headers):
    assert_clear_error(transcribe(gateway, question_wav, headers=headers), 401)


def test_voice_needs_an_app_key_not_the_connectors_key(gateway, question_wav):
    response = httpx.post(f"{gateway.url}/v1/voice", files={"audio": ("q.wav", question_wav)},
                          data={"sender": "app-user"}, headers=CONNECTOR)
    assert_clear_error(response, 401)


def test_voice_asks_the_assistant_with_the_token_and_answers(gateway, fake_rasa, question_samples):
    fake_rasa.received.clear()
    response = httpx.post(f"{gateway.url}/v1/voice", files={"audio": ("q.ogg", encode(question_samples, "ogg", "libopus"))},
                          data={"sender": "app-user-1", "token": "signed.jwt.token"}, headers=APP, timeout=60)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "khai sinh" in body["transcript"].lower()
    assert body["responses"] == [{"recipient_id": "app-user-1", "text": f"Bạn hỏi: {body['transcript']}"}]
    [sent] = fake_rasa.received
    assert sent["sender"] == "app-user-1" and sent["message"] == body["transcript"]
    assert sent["metadata"] == {"token": "signed.jwt.token", "input_channel": "voice"}


def test_silence_gets_say_it_again_and_never_reaches_the_assistant(gateway, fake_rasa):
    fake_rasa.received.clear()
    silence = encode(np.zeros(16000 * 2, dtype=np.float32), "mp4", "aac")
    response = httpx.post(f"{gateway.url}/v1/voice", files={"audio": ("s.m4a", silence)}, data={"sender": "u2"},
                          headers=APP, timeout=60)
    assert response.status_code == 200
    assert response.json()["unclear"] is True and response.json()["responses"][0]["text"] == UNCLEAR
    assert fake_rasa.received == []


def test_bad_inputs_get_clear_errors_and_memory_stays_bounded(gateway, question_samples):
    before = gateway.rss_mb()
    assert_clear_error(transcribe(gateway, b""), 400)
    assert_clear_error(transcribe(gateway, "Tệp văn bản đổi tên thành .m4a\n".encode() * 100, "note.m4a"), 415)
    two_hours = encode(np.tile(question_samples, 2), "adts", "aac", rate=8000, bitrate=8000)
    assert_clear_error(transcribe(gateway, two_hours * 1000, "long.aac"), 413)  # ~2 h of speech
    assert_clear_error(transcribe(gateway, b"RIFF" + bytes(50 * 1024 * 1024)), 413)  # 50 MB
    assert_clear_error(transcribe(gateway, bomb(), "bomb.aac"), 413)
    assert_clear_error(httpx.post(f"{gateway.url}/v1/transcribe", data={"x": "y"}, headers=CONNECTOR), 422)
    assert gateway.rss_mb() - before < 300, (before, gateway.rss_mb())
    assert transcribe(gateway, encode(question_samples, "mp3", "libmp3lame")).status_code == 200  # still serving


def test_a_chunked_upload_is_cut_off_at_the_byte_limit(gateway):
    boundary = "b0undary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"big.wav\"\r\n"
            "Content-Type: audio/wav\r\n\r\n").encode()

    def body():  # no Content-Length: the gateway learns the size only while reading
        yield head
        for _ in range(30):
            yield bytes(1024 * 1024)
        yield f"\r\n--{boundary}--\r\n".encode()

    response = httpx.post(f"{gateway.url}/v1/transcribe", content=body(), timeout=60,
                          headers={**CONNECTOR, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert_clear_error(response, 413)


def test_twenty_concurrent_uploads_are_answered_or_told_to_retry(gateway, question_samples):
    data = encode(question_samples, "ogg", "libopus")
    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        responses = list(pool.map(lambda _: transcribe(gateway, data, "v.ogg", timeout=120), range(20)))
    codes = sorted(r.status_code for r in responses)
    assert set(codes) <= {200, 503}, codes
    assert codes.count(200) >= 1 and codes.count(503) >= 1, codes  # bounded queue: some are turned away at once
    for busy in (r for r in responses if r.status_code == 503):
        assert busy.headers["Retry-After"].isdigit()
        assert_clear_error(busy, 503)
    assert httpx.get(f"{gateway.url}/healthz").status_code == 200
    assert gateway.rss_mb() < 1500


def test_the_web_widget_origin_may_call_the_gateway(gateway):
    allowed = httpx.options(f"{gateway.url}/v1/voice", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "x-api-key"})
    assert allowed.headers.get("access-control-allow-origin") == ORIGIN
    other = httpx.options(f"{gateway.url}/v1/voice", headers={
        "Origin": "http://evil.example", "Access-Control-Request-Method": "POST"})
    assert other.headers.get("access-control-allow-origin") is None


def test_unknown_paths_answer_in_vietnamese(gateway):
    assert_clear_error(httpx.get(f"{gateway.url}/v1/nothing"), 404)
