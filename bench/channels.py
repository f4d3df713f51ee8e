"""Platform channels under load: 20 concurrent signed Zalo deliveries and 20 Messenger deliveries against the running
assistant, with local fakes of the platform APIs (no internet). Each delivery is sent twice (platforms redeliver).

Prints the webhook acknowledgement p50/p95 (target p95 ≤ 100 ms: replies are sent in the background), whether every
reply was delivered exactly once, and the time from delivery to reply sent (p50/p95).

    python bench/channels.py [--deliveries 20] [--port 5017]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import secrets
import statistics
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, List, Tuple

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from assistant_process import start_servers, stop_servers  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.channels.fake_zalo import APP_ID, APP_SECRET, FakeZalo  # noqa: E402

FB_SECRET, ZALO_SECRET = secrets.token_hex(16), secrets.token_hex(16)
QUESTION = "lệ phí làm hộ chiếu bao nhiêu"
ARRIVALS: Dict[str, List[float]] = {}
LOCK = threading.Lock()


class FakeGraph(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        with LOCK:
            ARRIVALS.setdefault("fb:" + body["recipient"]["id"], []).append(time.monotonic())
        data = b'{"recipient_id": "1", "message_id": "m"}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def percentile(values: List[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))] if ordered else float("nan")


def zalo_delivery(user: str) -> Tuple[bytes, Dict[str, str]]:
    event = {"app_id": APP_ID, "event_name": "user_send_text", "sender": {"id": user}, "recipient": {"id": "oa"},
             "message": {"msg_id": uuid.uuid4().hex, "text": QUESTION}, "timestamp": str(int(time.time() * 1000))}
    body = json.dumps(event, ensure_ascii=False).encode()
    mac = hashlib.sha256(APP_ID.encode() + body + event["timestamp"].encode() + ZALO_SECRET.encode()).hexdigest()
    return body, {"X-ZEvent-Signature": f"mac={mac}", "Content-Type": "application/json"}


def facebook_delivery(user: str) -> Tuple[bytes, Dict[str, str]]:
    payload = {"object": "page", "entry": [{"id": "page", "messaging": [
        {"sender": {"id": user}, "recipient": {"id": "page"}, "timestamp": 1,
         "message": {"mid": f"mid.{user}", "text": QUESTION}}]}]}
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(FB_SECRET.encode(), body, hashlib.sha256).hexdigest()
    return body, {"X-Hub-Signature-256": signature, "Content-Type": "application/json"}


def delivered(key: str, zalo: FakeZalo) -> int:
    """How many messages the platform received for the user of ``key`` ("zalo:…" or "fb:…")."""
    if key.startswith("zalo:"):
        return len(zalo.sent_to(key[len("zalo:"):], wait=0))
    with LOCK:
        return len(ARRIVALS.get(key, []))


async def deliver(client: httpx.AsyncClient, url: str, body: bytes, headers: Dict[str, str]) -> Tuple[float, int]:
    started = time.monotonic()
    response = await client.post(url, content=body, headers=headers)
    return (time.monotonic() - started) * 1000, response.status_code


async def run(base: str, count: int, zalo: FakeZalo) -> None:
    users = {"zalo": [uuid.uuid4().hex[:12] for _ in range(count)], "facebook": [uuid.uuid4().hex[:12] for _ in range(count)]}
    sent_at: Dict[str, float] = {}
    jobs = []
    async with httpx.AsyncClient(timeout=30) as client:
        for user in users["zalo"]:
            body, headers = zalo_delivery(user)
            sent_at["zalo:" + user] = time.monotonic()
            jobs += [deliver(client, f"{base}/webhooks/zalo/webhook", body, headers)] * 2
        for user in users["facebook"]:
            body, headers = facebook_delivery(user)
            sent_at["fb:" + user] = time.monotonic()
            jobs += [deliver(client, f"{base}/webhooks/facebook/webhook", body, headers)] * 2
        acks = await asyncio.gather(*jobs)
    first_seen: Dict[str, float] = {}
    deadline = time.time() + 60
    while time.time() < deadline and len(first_seen) < len(sent_at):
        now = time.monotonic()
        for key in sent_at:
            if key not in first_seen:
                seen = delivered(key, zalo)
                if seen:
                    first_seen[key] = now if key.startswith("zalo:") else min(ARRIVALS[key])
        await asyncio.sleep(0.02)
    await asyncio.sleep(2)  # would a duplicate come later?
    ack_ms = [ms for ms, _ in acks]
    statuses = {status for _, status in acks}
    once = {k: delivered(k, zalo) for k in sent_at}
    latency = [(first_seen[k] - sent_at[k]) * 1000 for k in first_seen]
    print(f"{len(acks)} deliveries ({count} Zalo + {count} Messenger, each sent twice), statuses {sorted(statuses)}")
    print(f"webhook acknowledgement: p50 {percentile(ack_ms, 0.5):.1f} ms, p95 {percentile(ack_ms, 0.95):.1f} ms "
          f"(target p95 ≤ 100 ms)")
    print(f"replies exactly once: {sum(1 for n in once.values() if n == 1)}/{len(once)} "
          f"(none: {sum(1 for n in once.values() if n == 0)}, more than once: {sum(1 for n in once.values() if n > 1)})")
    print(f"delivery → reply sent: p50 {percentile(latency, 0.5):.0f} ms, p95 {percentile(latency, 0.95):.0f} ms, "
          f"mean {statistics.mean(latency) if latency else float('nan'):.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=20)
    parser.add_argument("--port", type=int, default=5017)
    args = parser.parse_args()
    graph = ThreadingHTTPServer(("127.0.0.1", 0), FakeGraph)
    threading.Thread(target=graph.serve_forever, daemon=True).start()
    zalo = FakeZalo()
    zalo_base = zalo.start()
    env = {"FACEBOOK_VERIFY_TOKEN": "bench", "FACEBOOK_APP_SECRET": FB_SECRET, "FACEBOOK_PAGE_ACCESS_TOKEN": "page",
           "FACEBOOK_GRAPH_URL": f"http://127.0.0.1:{graph.server_address[1]}", "ZALO_APP_ID": APP_ID,
           "ZALO_OA_SECRET_KEY": ZALO_SECRET, "ZALO_APP_SECRET": APP_SECRET, "ZALO_ACCESS_TOKEN": "access-0",
           "ZALO_REFRESH_TOKEN": "refresh-0", "ZALO_API_BASE": zalo_base, "ZALO_OAUTH_BASE": zalo_base}
    log = Path(tempfile.mkdtemp(prefix="bench-channels-")) / "server.log"
    process = start_servers(args.port, secrets.token_urlsafe(36), log, extra_env=env)
    try:
        asyncio.run(run(f"http://127.0.0.1:{args.port}", args.deliveries, zalo))
    finally:
        stop_servers(process)
        graph.shutdown()
        zalo.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
