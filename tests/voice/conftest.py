"""Speech suite: runs in the speech environment (.venv-speech, `make test` does it); elsewhere it is not collected.

Test audio is made here: Vietnamese questions spoken by espeak-ng (plumbing only: its Vietnamese is hard to
understand), re-encoded to the formats the channels deliver; bad inputs are crafted. Nothing is downloaded."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

if importlib.util.find_spec("faster_whisper") is None or importlib.util.find_spec("fastapi") is None:
    collect_ignore_glob = ["test_*.py"]  # the main environment: bin/test runs this suite with .venv-speech

QUESTION = "thủ tục đăng ký khai sinh cần giấy tờ gì"
API_KEY = "test-mobile-app-key-0123456789"
GATEWAY_KEY = "test-connectors-key-0123456789"
ORIGIN = "http://localhost:5005"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def espeak(text: str, path: Path) -> bytes:
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is missing (.ci/run installs it: apt-get install espeak-ng)")
    subprocess.run(["espeak-ng", "-v", "vi", "-s", "140", "-w", str(path), text], check=True, timeout=30)
    return path.read_bytes()


def encode(samples, container: str, codec: str, rate: int = 16_000, bitrate: int = 32_000) -> bytes:
    """16 kHz mono float samples encoded with PyAV (``container`` e.g. "ogg", "mp4", "mp3", "adts")."""
    import av
    import numpy as np

    out = io.BytesIO()
    with av.open(out, mode="w", format=container) as muxer:
        stream = muxer.add_stream(codec, rate=rate)
        stream.bit_rate = bitrate
        stream.layout = "mono"
        resampler = av.AudioResampler(format=stream.format.name if codec != "libopus" else "s16", layout="mono",
                                      rate=rate)
        pcm = (np.clip(samples, -1, 1) * 32767).astype(np.int16)
        step = 960 if codec == "libopus" else 1152 if codec == "libmp3lame" else 1024
        for start in range(0, pcm.size, step):
            piece = pcm[start:start + step]
            if piece.size < step:
                piece = np.pad(piece, (0, step - piece.size))
            frame = av.AudioFrame.from_ndarray(piece[None, :], format="s16", layout="mono")
            frame.sample_rate = 16_000
            for converted in resampler.resample(frame):
                for packet in stream.encode(converted):
                    muxer.mux(packet)
        for packet in stream.encode(None):
            muxer.mux(packet)
    return out.getvalue()


@pytest.fixture(scope="session")
def question_wav(tmp_path_factory) -> bytes:
    return espeak(QUESTION, tmp_path_factory.mktemp("audio") / "question.wav")


@pytest.fixture(scope="session")
def question_samples(question_wav):
    from speech.audio import decode

    return decode(question_wav)


@pytest.fixture(scope="session")
def transcriber():
    from speech.settings import Settings
    from speech.transcriber import Transcriber

    return Transcriber(Settings.from_env())


class FakeRasa(BaseHTTPRequestHandler):
    """Rasa's REST webhook: records what it receives, answers with the message echoed."""

    received: list = []

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        FakeRasa.received.append(body)
        data = json.dumps([{"recipient_id": body["sender"], "text": f"Bạn hỏi: {body['message']}"}]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class Gateway:
    def __init__(self, url: str, process: subprocess.Popen, log: Path) -> None:
        self.url = url
        self.process = process
        self.log = log

    def rss_mb(self) -> float:
        import psutil

        return psutil.Process(self.process.pid).memory_info().rss / 1024 / 1024


@pytest.fixture(scope="session")
def fake_rasa():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeRasa)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    FakeRasa.url = f"http://127.0.0.1:{server.server_address[1]}/webhooks/rest/webhook"
    yield FakeRasa
    server.shutdown()


@pytest.fixture(scope="session")
def gateway(tmp_path_factory, fake_rasa):
    """The gateway as `make run` starts it, on a spare port, in front of a fake Rasa."""
    import httpx

    port = free_port()
    log = tmp_path_factory.mktemp("gateway") / "gateway.log"
    env = dict(os.environ, PYTHONPATH=str(ROOT), VOICE_API_KEYS=f"{API_KEY},second-key", VOICE_GATEWAY_KEY=GATEWAY_KEY,
               VOICE_CORS_ORIGINS=ORIGIN, RASA_URL=fake_rasa.url, VOICE_PORT=str(port), SPEECH_QUEUE="3")
    handle = open(log, "w")
    process = subprocess.Popen([sys.executable, "-m", "speech", "serve"], cwd=ROOT, env=env, stdout=handle,
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("gateway did not get ready:\n" + log.read_text()[-3000:])
    yield Gateway(url, process, log)
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
    handle.close()
