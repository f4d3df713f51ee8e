"""A local fake of the Zalo OA API and of the voice gateway, for the Zalo channel tests (no internet).

    POST /v3.0/oa/message/cs     records the message; -216 for a token it did not issue (or after expire_access_token)
    POST /v2.0/oa/upload/file    records the upload, answers data.token
    POST /v4/oa/access_token     OAuth refresh: the refresh token is single-use, each refresh issues a new pair
    GET  /audio/voice.aac        a voice message;  GET /files/<name>  a document
    POST /v1/transcribe          the voice gateway: multipart field "audio", answers {"transcript": TRANSCRIPT}

It can be told to answer 5xx a number of times (``fail_5xx``), a Zalo error code once (``error_once``) or the
gateway to fail (``gateway_fails``).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional
from urllib.parse import parse_qs

APP_ID = "2553928453557884079"
APP_SECRET = "fake-app-secret"
TRANSCRIPT = "làm hộ chiếu mất bao lâu"
DOCUMENT = b"PK\x03\x04 fake docx"


class FakeZalo:
    def __init__(self, app_id: str = APP_ID, access_token: str = "access-0", refresh_token: str = "refresh-0") -> None:
        self.app_id = app_id
        self.valid_access: Optional[str] = access_token
        self.valid_refresh: Optional[str] = refresh_token
        self.sent: List[Dict[str, Any]] = []  # {"access_token": …, "body": …}
        self.uploads: List[Dict[str, Any]] = []
        self.refreshes: List[str] = []  # the refresh tokens presented, valid or not
        self.transcribed = 0
        self.fail_5xx = 0
        self.error_code: Optional[int] = None
        self.gateway_fails = False
        self.refresh_delay = 0.0
        self.lock = threading.Lock()
        self._issued = 0
        self._server: Optional[ThreadingHTTPServer] = None

    # --- test controls ---
    def start(self) -> str:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self.base

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def expire_access_token(self) -> None:
        """The current access token is rejected (-216) until the channel refreshes it."""
        with self.lock:
            self.valid_access = None

    def error_once(self, code: int) -> None:
        with self.lock:
            self.error_code = code

    def sent_to(self, user_id: str, count: int = 1, wait: float = 5.0) -> List[Dict[str, Any]]:
        """The messages sent to ``user_id``, waiting up to ``wait`` s for ``count`` of them."""
        deadline = time.time() + wait
        while True:
            with self.lock:
                found = [s["body"]["message"] for s in self.sent if s["body"]["recipient"]["user_id"] == user_id]
            if len(found) >= count or time.time() >= deadline:
                return found
            time.sleep(0.05)

    # --- the API ---
    def send(self, access_token: str, body: Dict[str, Any]) -> tuple:
        with self.lock:
            if self.fail_5xx > 0:
                self.fail_5xx -= 1
                return 500, {"error": -32, "message": "Internal error"}
            if access_token != self.valid_access or not access_token:
                return 200, {"error": -216, "message": "Access token is invalid"}
            if self.error_code is not None:
                code, self.error_code = self.error_code, None
                return 200, {"error": code, "message": f"Fake error {code}"}
            self.sent.append({"access_token": access_token, "body": body})
            return 200, {"error": 0, "message": "Success", "data": {"message_id": f"m{len(self.sent)}"}}

    def upload(self, access_token: str, body: bytes) -> tuple:
        with self.lock:
            if access_token != self.valid_access:
                return 200, {"error": -216, "message": "Access token is invalid"}
            if b'name="file"' not in body:
                return 200, {"error": -201, "message": "file is missing"}
            self.uploads.append({"body": body})
            return 200, {"error": 0, "message": "Success", "data": {"token": f"file-token-{len(self.uploads)}"}}

    def refresh(self, secret_key: str, form: Dict[str, str]) -> tuple:
        time.sleep(self.refresh_delay)
        with self.lock:
            self.refreshes.append(form.get("refresh_token", ""))
            if secret_key != APP_SECRET or form.get("app_id") != self.app_id:
                return 200, {"error": -14001, "error_name": "Invalid app", "error_description": "bad app or secret"}
            if form.get("grant_type") != "refresh_token" or form.get("refresh_token") != self.valid_refresh:
                return 200, {"error": -14014, "error_name": "Invalid refresh token",
                             "error_description": "refresh token is invalid or already used"}
            self._issued += 1
            self.valid_access, self.valid_refresh = f"access-{self._issued}", f"refresh-{self._issued}"
            return 200, {"access_token": self.valid_access, "refresh_token": self.valid_refresh, "expires_in": "90000"}

    def transcribe(self, body: bytes) -> tuple:
        with self.lock:
            self.transcribed += 1
            if self.gateway_fails:
                return 503, {"detail": "model not loaded"}
        if b'name="audio"' not in body:
            return 422, {"detail": "audio is missing"}
        return 200, {"transcript": TRANSCRIPT}


def _handler(fake: FakeZalo) -> type:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _reply(self, status: int, body: Any, content_type: str = "application/json") -> None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path.startswith("/audio/"):
                self._reply(200, b"\xff\xf1fake-aac", "audio/aac")
            elif self.path.startswith("/files/") and not self.path.startswith("/files/missing"):
                self._reply(200, DOCUMENT, "application/octet-stream")
            else:
                self._reply(404, {"error": "not found"})

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            token = self.headers.get("access_token") or ""
            if self.path == "/v3.0/oa/message/cs":
                self._reply(*fake.send(token, json.loads(body)))
            elif self.path == "/v2.0/oa/upload/file":
                self._reply(*fake.upload(token, body))
            elif self.path == "/v4/oa/access_token":
                form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                self._reply(*fake.refresh(self.headers.get("secret_key") or "", form))
            elif self.path == "/v1/transcribe":
                self._reply(*fake.transcribe(body))
            else:
                self._reply(404, {"error": -1, "message": "unknown endpoint"})

    return Handler
