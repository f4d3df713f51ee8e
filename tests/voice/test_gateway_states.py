"""Gateway states that the running server rarely shows: model still loading, assistant down, queue full.
A stand-in transcriber keeps these fast; the real model is exercised in test_gateway.py."""

from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient

from speech.gateway import ASSISTANT_DOWN, BUSY, NOT_READY, create_app
from speech.settings import Settings
from speech.transcriber import Transcript
from tests.voice.conftest import free_port

KEY = "k-0123456789"


class StandIn:
    def __init__(self, gate: threading.Event | None = None) -> None:
        self.gate = gate

    def transcribe(self, audio):
        if self.gate is not None:
            self.gate.wait(10)
        return Transcript("đăng ký khai sinh cần giấy tờ gì")


def settings(**extra) -> Settings:
    base = dict(api_keys=(KEY,), gateway_key="g", rasa_url=f"http://127.0.0.1:{free_port()}/webhooks/rest/webhook")
    return Settings(**{**base, **extra})


def wait_until(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.01)


def post(client, path="/v1/voice", wav=None):
    return client.post(path, files={"audio": ("q.wav", wav)}, data={"sender": "u"}, headers={"X-API-Key": KEY})


@pytest.fixture(scope="module")
def wav(question_wav):
    return question_wav


def test_until_the_model_is_loaded_the_gateway_says_so(wav):
    loaded = threading.Event()

    def slow_factory(_settings):
        loaded.wait(10)
        return StandIn()

    with TestClient(create_app(settings(), slow_factory)) as client:
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["detail"] == NOT_READY and ready.headers["Retry-After"]
        assert post(client, wav=wav).json()["detail"] == NOT_READY
        assert client.get("/healthz").status_code == 200
        loaded.set()


def test_an_assistant_that_does_not_answer_gives_503(wav):
    app = create_app(settings(), lambda _s: StandIn())
    with TestClient(app) as client:
        wait_until(lambda: client.get("/readyz").status_code == 200)
        response = post(client, wav=wav)
    assert response.status_code == 503 and response.json()["detail"] == ASSISTANT_DOWN
    assert response.headers["Retry-After"].isdigit()


def test_a_full_queue_turns_requests_away_at_once(wav):
    gate = threading.Event()
    app = create_app(settings(workers=1, queue=0), lambda _s: StandIn(gate))
    with TestClient(app) as client:
        wait_until(lambda: client.get("/readyz").status_code == 200)
        answers = []
        first = threading.Thread(target=lambda: answers.append(post(client, "/v1/transcribe", wav)))
        first.start()
        try:
            wait_until(lambda: app.state.speech["pool"]._slots._value == 0)  # the first upload holds the only slot
            busy = post(client, "/v1/transcribe", wav)
        finally:
            gate.set()
            first.join()
    assert busy.status_code == 503 and busy.json()["detail"] == BUSY and busy.headers["Retry-After"].isdigit()
    assert answers[0].status_code == 200 and answers[0].json()["transcript"].startswith("đăng ký khai sinh")
