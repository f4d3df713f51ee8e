"""Headless Chromium (Debian's, never a downloaded build) against the running assistant, and a fake voice gateway."""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "results" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
VOICE_KEY = "widget-test-voice-key"
TRANSCRIPT = "thủ tục đăng ký khai sinh"


def _missing_browser() -> str:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (make browser-deps)"
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return f"{CHROMIUM} not found (apt-get install chromium)"
    return ""


@pytest.fixture(scope="module")  # closed before other suites run: playwright's sync API keeps an event loop
def browser():
    missing = _missing_browser()
    if missing:
        if os.environ.get("CI") == "true" or os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required but {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield chromium
        chromium.close()


class VoiceGateway:
    """The voice gateway's /v1/voice as the widget sees it: checks the key and the form, answers through Rasa."""

    def __init__(self, webhook: str) -> None:
        self.webhook = webhook
        self.requests: list = []
        self.fail_with: tuple = ()
        self.release = threading.Event()
        self.release.set()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _reply(self, status: int, body: bytes = b"", content_type: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin") or "*")
                self.send_header("Access-Control-Allow-Headers", "X-API-Key")
                self.send_header("Access-Control-Allow-Methods", "POST")
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_OPTIONS(self) -> None:
                self._reply(204)

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                gateway.release.wait(20)
                status, payload = gateway.handle(self.path, self.headers, body)
                self._reply(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def handle(self, path: str, headers, body: bytes):
        if path != "/v1/voice":
            return 404, {"detail": "Không tìm thấy."}
        if headers.get("X-API-Key") != VOICE_KEY:
            return 401, {"detail": "Khóa API không hợp lệ."}
        fields = _multipart_fields(body, headers.get("Content-Type", ""))
        self.requests.append(fields)
        if self.fail_with:
            return self.fail_with
        audio = fields.get("audio")
        if not audio or not audio["content"] or not audio["type"].startswith("audio/"):
            return 400, {"detail": "Tệp âm thanh rỗng."}
        metadata = {"token": fields["token"]["content"].decode()} if "token" in fields else {}
        responses = httpx.post(self.webhook, json={"sender": fields["sender"]["content"].decode(), "message": TRANSCRIPT,
                                                   "metadata": metadata, "input_channel": "voice"}, timeout=60).json()
        return 200, {"transcript": TRANSCRIPT, "responses": responses}

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()


def _multipart_fields(body: bytes, content_type: str) -> dict:
    match = re.search(r"boundary=([^;]+)", content_type)
    fields: dict = {}
    if not match:
        return fields
    for part in body.split(b"--" + match.group(1).strip('"').encode()):
        head, _, content = part.partition(b"\r\n\r\n")
        name = re.search(rb'name="([^"]+)"', head)
        if name:
            kind = re.search(rb"Content-Type: ([^\r\n]+)", head)
            fields[name.group(1).decode()] = {"content": content[:-2] if content.endswith(b"\r\n") else content,
                                              "type": kind.group(1).decode() if kind else ""}
    return fields


@pytest.fixture(scope="session")
def voice_gateway(assistant):  # noqa: F811
    gateway = VoiceGateway(assistant.webhook)
    yield gateway
    gateway.stop()
