"""Start the assistant (bin/run) on spare ports for a benchmark, and stop it; shared by the benchmarks."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Dict, Optional

import httpx

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_servers(port: int, secret: str, log: Path, rasa_args: str = "",
                  extra_env: Optional[Dict[str, str]] = None) -> subprocess.Popen:
    """bin/run on ``port`` with its own action server port (endpoints.yml names 5055, maybe in use by `make run`);
    ``rasa_args`` are extra `rasa run` options (e.g. --enable-api --auth-token …), ``extra_env`` more variables."""
    actions_port, voice_port = _free_port(), _free_port()
    endpoints = (ROOT / "endpoints.yml").read_text(encoding="utf-8")
    endpoints, replaced = re.subn(r"(url:\s*\"?http://127\.0\.0\.1:)5055/", rf"\g<1>{actions_port}/", endpoints)
    if replaced != 1:
        raise SystemExit("endpoints.yml: action_endpoint url http://127.0.0.1:5055/… not found")
    endpoints_file = log.with_suffix(".endpoints.yml")
    endpoints_file.write_text(endpoints, encoding="utf-8")
    env = dict(os.environ, RASA_PORT=str(port), ACTIONS_PORT=str(actions_port), VOICE_PORT=str(voice_port),
               ENDPOINTS=str(endpoints_file),
               ASSISTANT_JWT_SECRET=secret, FILES_PUBLIC_URL=f"http://127.0.0.1:{port}/webhooks/files",
               RASA_RUN_ARGS=rasa_args, **(extra_env or {}))
    with log.open("wb") as output:
        process = subprocess.Popen([str(ROOT / "bin" / "run")], cwd=ROOT, env=env, start_new_session=True,
                                   stdout=output, stderr=subprocess.STDOUT)
    deadline = time.time() + 300
    while time.time() < deadline and process.poll() is None:
        try:
            if (httpx.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200
                    and httpx.get(f"http://127.0.0.1:{actions_port}/health", timeout=5).status_code == 200):
                return process
        except httpx.HTTPError:
            pass
        time.sleep(2)
    stop_servers(process)
    tail = "".join(log.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)[-20:])
    raise SystemExit(f"server did not start (log {log}):\n{tail}")


def stop_servers(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=30)
