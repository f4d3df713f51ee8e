"""REST webhook latency: p50/p95 for one sender, messages/second for 8 concurrent senders.

Messages come in conversations of --conversation messages (each a new sender id, so the first message of
each pays the session start), as on a real portal; the tracker of one endless conversation grows without
bound and every turn reloads it.

Talks to a running assistant (`make run`), or starts one itself with --start.

    python bench/latency.py [--url http://127.0.0.1:5005] [--messages 200] [--senders 8] [--start]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import List

import httpx

ROOT = Path(__file__).resolve().parent.parent

# A mix of what people send; the rating messages run a custom action (a database write).
MESSAGES = [
    "xin chào",
    "chao ban",
    "bạn làm được những gì",
    "ban la ai vay",
    "cảm ơn bạn nhiều",
    "/rate_good",
    "hướng dẫn tôi cách hỏi với",
    "thời tiết hôm nay thế nào",
    "chưa hài lòng lắm",
    "tạm biệt nhé",
    "gặp cán bộ hỗ trợ",
    "ok cam on",
]


def percentile(values: List[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


async def send(client: httpx.AsyncClient, url: str, sender: str, text: str) -> float:
    start = time.perf_counter()
    response = await client.post(url, json={"sender": sender, "message": text})
    response.raise_for_status()
    if not response.json():
        raise RuntimeError(f"empty reply to {text!r}")
    return time.perf_counter() - start


async def one_sender(url: str, count: int, conversation: int) -> List[float]:
    """One client at a time; every ``conversation`` messages a new conversation (sender id) starts."""
    async with httpx.AsyncClient(timeout=30) as client:
        for text in MESSAGES:  # warm-up
            await send(client, url, "bench-warm-up", text)
        latencies = []
        for n, text in enumerate(itertools.islice(itertools.cycle(MESSAGES), count)):
            if n % conversation == 0:
                sender = f"bench-{uuid.uuid4().hex[:8]}"
            latencies.append(await send(client, url, sender, text))
        return latencies


async def concurrent(url: str, senders: int, per_sender: int, conversation: int) -> float:
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=senders)) as client:

        async def run(n: int) -> None:
            for i, text in enumerate(itertools.islice(itertools.cycle(MESSAGES[n:] + MESSAGES[:n]), per_sender)):
                if i % conversation == 0:
                    sender = f"bench-c{n}-{uuid.uuid4().hex[:6]}"
                await send(client, url, sender, text)

        start = time.perf_counter()
        await asyncio.gather(*(run(n) for n in range(senders)))
        return senders * per_sender / (time.perf_counter() - start)


def start_servers(port: int) -> subprocess.Popen:
    env = dict(os.environ, RASA_PORT=str(port))
    process = subprocess.Popen([str(ROOT / "bin" / "run")], cwd=ROOT, env=env, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 240
    while time.time() < deadline:
        try:
            if httpx.post(f"http://127.0.0.1:{port}/webhooks/rest/webhook", json={"sender": "warm", "message": "xin chào"}, timeout=5).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(2)
    raise SystemExit("server did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--senders", type=int, default=8)
    parser.add_argument("--per-sender", type=int, default=30)
    parser.add_argument("--conversation", type=int, default=10, help="messages per conversation (sender id)")
    parser.add_argument("--start", action="store_true", help="start bin/run on --port and stop it afterwards")
    parser.add_argument("--port", type=int, default=5015)
    args = parser.parse_args()
    process = None
    url = args.url
    if args.start:
        url = f"http://127.0.0.1:{args.port}"
        process = start_servers(args.port)
    webhook = f"{url}/webhooks/rest/webhook"
    try:
        latencies = asyncio.run(one_sender(webhook, args.messages, args.conversation))
        throughput = asyncio.run(concurrent(webhook, args.senders, args.per_sender, args.conversation))
    finally:
        if process is not None:
            os.killpg(process.pid, 2)
            process.wait(timeout=30)
    ms = [x * 1000 for x in latencies]
    print(f"1 sender, {len(ms)} messages in conversations of {args.conversation}: p50 {percentile(ms, 0.5):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, mean {statistics.mean(ms):.1f} ms (target p50 ≤ 60, p95 ≤ 150)")
    print(f"{args.senders} senders × {args.per_sender} messages: {throughput:.1f} messages/s (target ≥ 15)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
