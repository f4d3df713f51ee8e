"""Messenger channel against a local fake of the Graph API and of the voice gateway (no internet, no model)."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from connectors.facebook import MAX_QUICK_REPLIES, event_id, messaging_events, signature_valid
from connectors.platform import split_text

ROOT = Path(__file__).resolve().parents[2]
SECRET = "fb-app-secret-for-tests"
SERVE = """
import sys
from sanic import Sanic
from connectors.facebook import FacebookInput
channel = FacebookInput.from_credentials(None)
app = Sanic("facebook_channel_test")

async def echo(message):
    # stands in for Rasa: answers the text, with four buttons when asked for "menu"
    if message.text == "menu":
        buttons = [{"title": f"Mục {n}", "payload": f"/chon{n}"} for n in range(1, 5)]
        await message.output_channel.send_text_with_buttons(message.sender_id, "Chọn một mục", buttons)
    elif message.text == "two":
        buttons = [{"title": "Có", "payload": "/affirm"}, {"title": "Không", "payload": "/deny"}]
        await message.output_channel.send_text_with_buttons(message.sender_id, "Đồng ý?", buttons)
    else:
        await message.output_channel.send_text_message(message.sender_id, "Bạn hỏi: " + message.text)

app.blueprint(channel.blueprint(echo), url_prefix="/webhooks/facebook")
app.run("127.0.0.1", int(sys.argv[1]), workers=1, access_log=False)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FakePlatform(BaseHTTPRequestHandler):
    """The Graph API (/me/messages), a voice file (/audio.m4a) and the voice gateway (/v1/transcribe)."""

    sent: list = []
    failures_left = 0

    def log_message(self, *args) -> None:  # quiet
        pass

    def _reply(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path.startswith("/audio.m4a"):
            self.send_response(200)
            self.send_header("Content-Length", "4")
            self.end_headers()
            self.wfile.write(b"RIFF")
        else:
            self._reply(404, {})

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.startswith("/v1/transcribe"):
            self._reply(200, {"transcript": "làm hộ chiếu mất bao lâu"})
            return
        if FakePlatform.failures_left > 0:
            FakePlatform.failures_left -= 1
            self._reply(500, {"error": {"message": "temporary", "code": 2}})
            return
        FakePlatform.sent.append({"query": self.path, "body": json.loads(body)})
        self._reply(200, {"recipient_id": "1", "message_id": "m"})


@pytest.fixture(scope="module")
def platform():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakePlatform)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def channel(platform, tmp_path_factory):
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), FACEBOOK_VERIFY_TOKEN="verify-me", FACEBOOK_APP_SECRET=SECRET,
               FACEBOOK_PAGE_ACCESS_TOKEN="page-token", FACEBOOK_GRAPH_URL=platform, VOICE_GATEWAY_URL=platform)
    env.pop("REDIS_URL", None)
    log = open(tmp_path_factory.mktemp("fb") / "server.log", "w")
    process = subprocess.Popen([sys.executable, "-c", SERVE, str(port)], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/webhooks/facebook"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"{base}/", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("channel did not start:\n" + Path(log.name).read_text()[-3000:])
    yield base, Path(log.name)
    process.terminate()
    process.wait(timeout=20)
    log.close()


def _delivery(*events) -> dict:
    return {"object": "page", "entry": [{"id": "page", "time": 1, "messaging": list(events)}]}


def _text(sender: str, text: str, mid: str) -> dict:
    return {"sender": {"id": sender}, "recipient": {"id": "page"}, "timestamp": 1, "message": {"mid": mid, "text": text}}


def _post(base: str, payload: dict, secret: str = SECRET, header: str = "X-Hub-Signature-256") -> httpx.Response:
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return httpx.post(f"{base}/webhook", content=body, headers={header: signature,
                                                                 "Content-Type": "application/json"}, timeout=10)


def _sent_to(sender: str, count: int = 1, wait: float = 5.0) -> list:
    deadline = time.time() + wait
    while time.time() < deadline:
        found = [s["body"] for s in FakePlatform.sent if s["body"]["recipient"]["id"] == sender]
        if len(found) >= count:
            return found
        time.sleep(0.05)
    return [s["body"] for s in FakePlatform.sent if s["body"]["recipient"]["id"] == sender]


def test_a_signed_message_is_answered_with_the_send_api(channel):
    response = _post(channel[0], _delivery(_text("u1", "thủ tục khai sinh", "mid.1")))
    assert response.status_code == 200
    [sent] = _sent_to("u1")
    assert sent["message"] == {"text": "Bạn hỏi: thủ tục khai sinh"} and sent["messaging_type"] == "RESPONSE"
    assert any("access_token=page-token" in s["query"] for s in FakePlatform.sent)


@pytest.mark.parametrize("how", ["forged", "sha1 header only", "unsigned"])
def test_a_forged_or_missing_signature_is_refused_and_nothing_is_processed(channel, how):
    payload = _delivery(_text("u-forged", "xin chào", f"mid.{how}"))
    if how == "forged":
        response = _post(channel[0], payload, secret="not-the-secret")
    elif how == "sha1 header only":
        response = _post(channel[0], payload, header="X-Hub-Signature")
    else:
        response = httpx.post(f"{channel[0]}/webhook", json=payload, timeout=10)
    assert response.status_code == 403
    time.sleep(0.3)
    assert _sent_to("u-forged", wait=0.1) == []


def test_the_same_delivery_twice_is_answered_once(channel):
    payload = _delivery(_text("u-dup", "lệ phí", "mid.dup"))
    assert _post(channel[0], payload).status_code == 200
    assert _post(channel[0], payload).status_code == 200
    _sent_to("u-dup")
    time.sleep(0.5)
    assert len(_sent_to("u-dup", wait=0.1)) == 1


def test_every_event_of_a_batch_is_answered(channel):
    events = [_text(f"u-batch{n}", f"câu {n}", f"mid.batch{n}") for n in range(3)]
    payload = {"object": "page", "entry": [{"id": "p", "messaging": events[:2]}, {"id": "p", "messaging": events[2:]}]}
    assert _post(channel[0], payload).status_code == 200
    for n in range(3):
        assert _sent_to(f"u-batch{n}") and _sent_to(f"u-batch{n}")[0]["message"]["text"] == f"Bạn hỏi: câu {n}"


def test_a_voice_message_is_transcribed_and_the_transcript_answered(channel, platform):
    event = {"sender": {"id": "u-voice"}, "recipient": {"id": "page"}, "timestamp": 2,
             "message": {"mid": "mid.voice", "attachments": [{"type": "audio", "payload": {"url": f"{platform}/audio.m4a"}}]}}
    assert _post(channel[0], _delivery(event)).status_code == 200
    [sent] = _sent_to("u-voice")
    assert sent["message"]["text"] == "Bạn hỏi: làm hộ chiếu mất bao lâu"


def test_an_image_gets_a_polite_not_supported(channel):
    event = {"sender": {"id": "u-img"}, "recipient": {"id": "page"}, "timestamp": 3,
             "message": {"mid": "mid.img", "attachments": [{"type": "image", "payload": {"url": "http://x/y.jpg"}}]}}
    _post(channel[0], _delivery(event))
    [sent] = _sent_to("u-img")
    assert "chưa hỗ trợ" in sent["message"]["text"]


def test_quick_replies_postbacks_and_buttons_are_mapped(channel):
    quick = _text("u-btn", "", "mid.q")
    quick["message"] = {"mid": "mid.q", "text": "Mục 1", "quick_reply": {"payload": "two"}}
    _post(channel[0], _delivery(quick))
    [template] = _sent_to("u-btn")
    payload = template["message"]["attachment"]["payload"]
    assert payload["template_type"] == "button" and [b["payload"] for b in payload["buttons"]] == ["/affirm", "/deny"]
    postback = {"sender": {"id": "u-menu"}, "recipient": {"id": "page"}, "timestamp": 4,
                "postback": {"mid": "mid.pb", "payload": "menu", "title": "Menu"}}
    _post(channel[0], _delivery(postback))
    [menu] = _sent_to("u-menu")
    assert [q["payload"] for q in menu["message"]["quick_replies"]] == ["/chon1", "/chon2", "/chon3", "/chon4"]


def test_a_platform_5xx_is_retried_then_sent(channel):
    FakePlatform.failures_left = 2
    _post(channel[0], _delivery(_text("u-retry", "thử lại", "mid.retry")))
    [sent] = _sent_to("u-retry", wait=8)
    assert sent["message"]["text"] == "Bạn hỏi: thử lại" and FakePlatform.failures_left == 0


def test_a_platform_that_keeps_failing_is_logged_with_its_code(channel):
    FakePlatform.failures_left = 10
    _post(channel[0], _delivery(_text("u-down", "có ai không", "mid.down")))
    deadline = time.time() + 8
    while time.time() < deadline and "given up" not in channel[1].read_text():
        time.sleep(0.1)
    FakePlatform.failures_left = 0
    assert "Messenger API call given up after 4 attempts (last: HTTP 500)" in channel[1].read_text()


def test_the_verification_handshake(channel):
    ok = httpx.get(f"{channel[0]}/webhook", params={"hub.mode": "subscribe", "hub.verify_token": "verify-me",
                                                    "hub.challenge": "42"})
    bad = httpx.get(f"{channel[0]}/webhook", params={"hub.mode": "subscribe", "hub.verify_token": "guess",
                                                     "hub.challenge": "42"})
    assert (ok.status_code, ok.text, bad.status_code) == (200, "42", 403)


def test_without_secrets_every_delivery_is_refused_and_the_log_names_the_variable(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACEBOOK_")}
    env["PYTHONPATH"] = str(ROOT)
    log = tmp_path / "server.log"
    with log.open("w") as output:
        process = subprocess.Popen([sys.executable, "-c", SERVE, str(port)], cwd=ROOT, env=env, stdout=output,
                                   stderr=subprocess.STDOUT)
    try:
        base, deadline = f"http://127.0.0.1:{port}/webhooks/facebook", time.time() + 60
        while time.time() < deadline:
            try:
                httpx.get(f"{base}/", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        response = _post(base, _delivery(_text("u-unconfigured", "xin chào", "mid.unconf")))
        assert response.status_code == 403
        assert "FACEBOOK_VERIFY_TOKEN, FACEBOOK_APP_SECRET, FACEBOOK_PAGE_ACCESS_TOKEN" in log.read_text()
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_helpers():
    batch = {"entry": [{"messaging": [{"sender": {"id": "a"}, "message": {"mid": "1"}}, {"recipient": {}}]},
                       {"messaging": [{"sender": {"id": "b"}, "postback": {"payload": "/x"}, "timestamp": 5}]}]}
    events = list(messaging_events(batch))
    assert [e["sender"]["id"] for e in events] == ["a", "b"] and event_id(events[1]) == "b:5:/x"
    body = b'{"x":1}'
    good = "sha256=" + hmac.new(b"s", body, hashlib.sha256).hexdigest()
    assert signature_valid("s", body, good) and not signature_valid("s", body + b" ", good)
    assert not signature_valid("", body, good)
    long = "Câu một rất dài. " * 200
    pieces = split_text(long, 2000)
    assert all(len(p) <= 2000 for p in pieces) and all(p.endswith(".") for p in pieces)
    assert " ".join(pieces) == long.strip()
    assert MAX_QUICK_REPLIES == 13
