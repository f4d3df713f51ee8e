"""Voice end to end: a spoken procedure question (espeak-ng) through the real voice gateway and the running
assistant: from the mobile app (/v1/voice), and as Zalo and Messenger voice messages whose connectors call the
gateway. A second Rasa server is started for this, pointed at the gateway; it shares the suite's action server."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from tests.running_assistant import (
    FACEBOOK_APP_SECRET,
    ROOT,
    ZALO_OA_SECRET_KEY,
    FakeGraph,
    free_port,
    stop_processes,
)

pytestmark = pytest.mark.slow

QUESTION = "thủ tục đăng ký khai sinh cần giấy tờ gì"
ANSWER_MARK = "Đăng ký khai sinh"
APP_KEY = "integration-mobile-app-key"
GATEWAY_KEY = "integration-gateway-key"
SPEECH_PYTHON = ROOT / ".venv-speech" / "bin" / "python"


def _spoken(work: Path) -> dict:
    """The question spoken by espeak-ng, as WAV and as the AAC a phone app sends."""
    for tool in ("espeak-ng", "ffmpeg"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing (.ci/run installs it with apt-get)")
    wav = work / "question.wav"
    subprocess.run(["espeak-ng", "-v", "vi", "-s", "140", "-w", str(wav), QUESTION], check=True, timeout=30)
    m4a = work / "question.m4a"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(wav), "-c:a", "aac", "-b:a", "32k", str(m4a)],
                   check=True, timeout=60)
    return {"wav": wav.read_bytes(), "m4a": m4a.read_bytes()}


def _audio_server(files: dict) -> ThreadingHTTPServer:
    class Files(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            data = files.get(self.path.strip("/"))
            self.send_response(200 if data else 404)
            self.send_header("Content-Length", str(len(data or b"")))
            self.end_headers()
            self.wfile.write(data or b"")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Files)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _wait(url: str, processes, seconds: float = 240) -> bool:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if any(p.poll() is not None for p in processes):
            return False
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    return False


@pytest.fixture(scope="module")
def voice(assistant, tmp_path_factory):
    if not SPEECH_PYTHON.exists():
        pytest.fail("No .venv-speech: run `make install` (make test does it).")
    from tests.channels.fake_zalo import APP_ID, APP_SECRET

    work = tmp_path_factory.mktemp("voice")
    audio = _spoken(work)
    files = _audio_server({"voice.m4a": audio["m4a"]})
    graph = ThreadingHTTPServer(("127.0.0.1", 0), FakeGraph)
    threading.Thread(target=graph.serve_forever, daemon=True).start()
    gateway_port, rasa_port = free_port(), free_port()
    gateway_url, rasa_url = f"http://127.0.0.1:{gateway_port}", f"http://127.0.0.1:{rasa_port}"
    endpoints = work / "endpoints.yml"
    endpoints.write_text(
        f"action_endpoint:\n  url: {assistant.actions_url}/webhook\n"
        f"  headers:\n    Authorization: \"Bearer {assistant.action_token}\"\n"
        f"tracker_store:\n  type: sql\n  dialect: sqlite\n  db: {work / 'tracker.db'}\n", encoding="utf-8")
    env = dict(
        os.environ, PYTHONPATH=str(ROOT), DATABASE_URL=assistant.database_url, ASSISTANT_JWT_SECRET=assistant.secret,
        FACEBOOK_VERIFY_TOKEN="integration-verify", FACEBOOK_APP_SECRET=FACEBOOK_APP_SECRET,
        FACEBOOK_PAGE_ACCESS_TOKEN="integration-page-token", FACEBOOK_GRAPH_URL=f"http://127.0.0.1:{graph.server_address[1]}",
        ZALO_APP_ID=APP_ID, ZALO_OA_SECRET_KEY=ZALO_OA_SECRET_KEY, ZALO_APP_SECRET=APP_SECRET,
        ZALO_ACCESS_TOKEN="access-0", ZALO_REFRESH_TOKEN="refresh-0", ZALO_API_BASE=assistant.zalo.base,
        ZALO_OAUTH_BASE=assistant.zalo.base, FILES_PUBLIC_URL=f"{rasa_url}/webhooks/files",
        DOCGEN_FILES_DIR=str(work / "files"), DOCGEN_UPLOADS_DIR=str(work / "uploads"),
        DOCGEN_LINK_SECRET="test-link-secret-0123456789abcdef", RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3",
        VOICE_GATEWAY_URL=gateway_url, VOICE_GATEWAY_KEY=GATEWAY_KEY, VOICE_API_KEYS=APP_KEY, VOICE_PORT=str(gateway_port),
        RASA_URL=f"{rasa_url}/webhooks/rest/webhook",
    )
    log = open(work / "servers.log", "w")
    processes = [
        subprocess.Popen([str(SPEECH_PYTHON), "-m", "speech", "serve"], cwd=ROOT, env=env, stdout=log,
                         stderr=subprocess.STDOUT),
        subprocess.Popen([str(ROOT / ".venv/bin/rasa"), "run", "--port", str(rasa_port), "--model", str(ROOT / "models"),
                          "--endpoints", str(endpoints), "--credentials", str(ROOT / "credentials.yml")],
                         cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT),
    ]
    try:
        if not (_wait(f"{gateway_url}/readyz", processes) and _wait(f"{rasa_url}/", processes)):
            pytest.fail("voice stack did not start:\n" + (work / "servers.log").read_text()[-4000:])
        yield SimpleNamespace(gateway=gateway_url, base_url=rasa_url, zalo=assistant.zalo, audio=audio,
                              audio_url=f"http://127.0.0.1:{files.server_address[1]}/voice.m4a")
    finally:
        stop_processes(processes)
        files.shutdown()
        graph.shutdown()
        log.close()


def test_a_spoken_procedure_question_gets_the_procedures_answer(voice):
    sender = f"app-{uuid.uuid4().hex[:8]}"
    response = httpx.post(f"{voice.gateway}/v1/voice", files={"audio": ("question.m4a", voice.audio["m4a"])},
                          data={"sender": sender}, headers={"X-API-Key": APP_KEY}, timeout=120)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "khai sinh" in body["transcript"].lower()
    replies = " ".join(m.get("text") or "" for m in body["responses"])
    assert ANSWER_MARK in replies, (body["transcript"], replies)


def test_the_voice_endpoint_refuses_a_caller_without_the_app_key(voice):
    response = httpx.post(f"{voice.gateway}/v1/voice", files={"audio": ("q.wav", voice.audio["wav"])},
                          data={"sender": "x"}, timeout=30)
    assert response.status_code == 401 and "X-API-Key" in response.json()["detail"]


def test_a_zalo_voice_message_is_heard_by_the_gateway_and_answered(voice):
    from test_channels_http import _zalo

    reply = _zalo(voice, "user_send_audio", attachments=[{"type": "audio", "payload": {"url": voice.audio_url}}])
    assert ANSWER_MARK in reply, reply


def test_a_messenger_voice_message_is_heard_by_the_gateway_and_answered(voice):
    import hashlib
    import hmac
    import json

    user = uuid.uuid4().hex[:12]
    payload = {"object": "page", "entry": [{"id": "page", "messaging": [
        {"sender": {"id": user}, "recipient": {"id": "page"}, "timestamp": 1,
         "message": {"mid": f"mid.{user}", "attachments": [{"type": "audio", "payload": {"url": voice.audio_url}}]}}]}]}
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(FACEBOOK_APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
    ack = httpx.post(f"{voice.base_url}/webhooks/facebook/webhook", content=body, timeout=30,
                     headers={"X-Hub-Signature-256": signature, "Content-Type": "application/json"})
    assert ack.status_code == 200
    deadline = time.time() + 60
    texts = ""
    while time.time() < deadline and ANSWER_MARK not in texts:
        texts = " ".join(m["message"].get("text") or "" for m in FakeGraph.sent if m["recipient"]["id"] == user)
        time.sleep(0.2)
    assert ANSWER_MARK in texts, texts
