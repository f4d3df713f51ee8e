"""A running assistant (action server + Rasa server) on spare ports: the ``assistant`` fixture, one per test session,
shared by the HTTP, channel, voice and browser suites (registered in tests/conftest.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tests.channels.fake_graph import FakeGraph

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


FACEBOOK_APP_SECRET = "integration-facebook-app-secret"
ZALO_OA_SECRET_KEY = "integration-zalo-oa-secret"


class Assistant:
    def __init__(self, base_url: str, database_url: str, secret: str, actions_url: str = "",
                 action_token: str = "", actions_pid: int = 0) -> None:
        self.base_url = base_url
        self.files_url = f"{base_url}/webhooks/files"
        self.actions_url = actions_url
        self.action_token = action_token
        self.actions_pid = actions_pid
        self.webhook = f"{base_url}/webhooks/rest/webhook"
        self.database_url = database_url
        self.secret = secret

    def token(self, subject: str = "cb002", lifetime_seconds: int = 600, now=None, **claims) -> str:
        """A civil servant's token as the one-stop software issues it, signed with this assistant's secret."""
        from identity import Settings, mint

        claims.setdefault("name", "Nguyễn Văn An")
        claims.setdefault("unit", "Sở Tư pháp tỉnh Lạng Sơn")
        return mint(subject, settings=Settings(secret=self.secret), lifetime_seconds=lifetime_seconds, now=now,
                    **claims)

    def post(self, sender: str, message, metadata=None, timeout: float = 60) -> httpx.Response:
        payload = {"sender": sender, "message": message}
        if metadata is not None:
            payload["metadata"] = metadata
        return httpx.post(self.webhook, json=payload, timeout=timeout)

    def say(self, sender: str, message, metadata=None, timeout: float = 60):
        response = self.post(sender, message, metadata, timeout)
        response.raise_for_status()
        return response.json()

    def texts(self, sender: str, message, metadata=None):
        return [m.get("text") or "" for m in self.say(sender, message, metadata)]


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    if not list((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("No trained model in models/: run `make train` (make test does it).")
    work = tmp_path_factory.mktemp("assistant")
    rasa_port, actions_port = free_port(), free_port()
    graph = ThreadingHTTPServer(("127.0.0.1", 0), FakeGraph)
    threading.Thread(target=graph.serve_forever, daemon=True).start()
    from tests.channels.fake_zalo import APP_ID, APP_SECRET, FakeZalo

    zalo = FakeZalo()
    zalo_base = zalo.start()
    secret = "test-secret-for-signed-identity-0123456789"
    action_token = "test-action-server-token-0123456789abcdef"
    database_url = f"sqlite:///{work / 'kb.sqlite'}"
    endpoints = work / "endpoints.yml"
    endpoints.write_text(
        f"action_endpoint:\n  url: http://127.0.0.1:{actions_port}/webhook\n"
        f"  headers:\n    Authorization: \"Bearer {action_token}\"\n"
        f"tracker_store:\n  type: sql\n  dialect: sqlite\n  db: {work / 'tracker.db'}\n",
        encoding="utf-8",
    )
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        DATABASE_URL=database_url,
        ASSISTANT_JWT_SECRET=secret,
        ACTION_SERVER_TOKEN=action_token,
        FACEBOOK_VERIFY_TOKEN="integration-verify",
        FACEBOOK_APP_SECRET=FACEBOOK_APP_SECRET,
        FACEBOOK_PAGE_ACCESS_TOKEN="integration-page-token",
        FACEBOOK_GRAPH_URL=f"http://127.0.0.1:{graph.server_address[1]}",
        ZALO_APP_ID=APP_ID, ZALO_OA_SECRET_KEY=ZALO_OA_SECRET_KEY, ZALO_APP_SECRET=APP_SECRET,
        ZALO_ACCESS_TOKEN="access-0", ZALO_REFRESH_TOKEN="refresh-0", ZALO_API_BASE=zalo_base,
        ZALO_OAUTH_BASE=zalo_base, VOICE_GATEWAY_URL=zalo_base,
        FILES_PUBLIC_URL=f"http://127.0.0.1:{rasa_port}/webhooks/files",
        DOCGEN_FILES_DIR=str(work / "files"),
        DOCGEN_UPLOADS_DIR=str(work / "uploads"),
        DOCGEN_LINK_SECRET="test-link-secret-0123456789abcdef",
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="3",
    )
    log = open(work / "servers.log", "w")
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "-m", "legal_kb", "bootstrap", "--database-url", database_url],
        cwd=ROOT, env=env, check=True, stdout=log, stderr=subprocess.STDOUT, timeout=600,
    )
    processes = [
        subprocess.Popen(
            [str(ROOT / ".venv/bin/python"), "-m", "actions.server", "--port", str(actions_port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        ),
        subprocess.Popen(
            [str(ROOT / ".venv/bin/rasa"), "run", "--port", str(rasa_port), "--model", str(ROOT / "models"),
             "--endpoints", str(endpoints), "--credentials", str(ROOT / "credentials.yml")],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        ),
    ]
    base = f"http://127.0.0.1:{rasa_port}"
    deadline = time.time() + 240
    ready = False
    while time.time() < deadline and not ready:
        if any(p.poll() is not None for p in processes):
            break
        try:
            ready = (
                httpx.get(f"{base}/", timeout=2).status_code == 200
                and httpx.get(f"http://127.0.0.1:{actions_port}/health", timeout=2).status_code == 200
            )
        except httpx.HTTPError:
            pass
        if not ready:
            time.sleep(1)
    if not ready:
        for p in processes:
            p.kill()
        log.close()
        pytest.fail("assistant did not start:\n" + (work / "servers.log").read_text()[-4000:])
    assistant = Assistant(base, database_url, secret, f"http://127.0.0.1:{actions_port}", action_token, processes[0].pid)
    assistant.zalo = zalo
    yield assistant
    graph.shutdown()
    zalo.stop()
    stop_processes(processes)
    log.close()


def stop_processes(processes) -> None:
    """Terminate, give each 20 s to finish what it holds, then kill."""
    for p in processes:
        p.terminate()
    for p in processes:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
