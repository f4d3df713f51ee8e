"""The Messenger Send API: records what the assistant sends (one class however often the conftest that uses it is
imported, so every suite sharing the running assistant reads the same record)."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler


class FakeGraph(BaseHTTPRequestHandler):
    sent: list = []

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        FakeGraph.sent.append(json.loads(body))
        data = b'{"recipient_id": "1", "message_id": "m"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
