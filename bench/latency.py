"""REST webhook latency per kind of turn; p50/p95 for one sender, messages/second for 8 concurrent senders.

Kinds: cheap messages (greetings, ratings: the overall figures), procedure questions and follow-ups, legal
searches, and a civil servant drafting a giấy mời from "soạn giấy mời …" to the download link, answering what the
form asks. A reply a kind does not expect (a refusal, the did-you-mean fallback, "not found", a question asked
again) is printed as a warning and counted.

Messages come in conversations (a new sender id every --conversation messages, so each pays the session start),
as on a real portal: the tracker of one endless conversation grows without bound and every turn reloads it. As an
official's conversation is keyed to the token's subject, each drafting conversation signs in its own official.
The token (metadata.token, on every message) is signed with the configured secret (ASSISTANT_JWT_SECRET or
var/assistant_jwt_secret); with --start, with the random secret the bench gives the assistant it starts.

    python bench/latency.py [--url http://127.0.0.1:5005] [--messages 200] [--senders 8] [--start]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import dataclasses
import datetime as dt
import itertools
import re
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from assistant_process import start_servers, stop_servers  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.conversation import FIELDS, prompt  # noqa: E402
from identity import OFFICIAL_SENDER_PREFIX, Settings, mint  # noqa: E402

# A mix of what people send; the rating messages run a custom action (a database write).
MESSAGES = ["xin chào", "chao ban", "bạn làm được những gì", "ban la ai vay", "cảm ơn bạn nhiều", "/rate_good",
            "hướng dẫn tôi cách hỏi với", "thời tiết hôm nay thế nào", "chưa hài lòng lắm", "tạm biệt nhé",
            "gặp cán bộ hỗ trợ", "ok cam on"]
# A procedure question, then follow-ups in its context with the heading their answer starts with.
TIME, FEE, PLACE, DOCS, ONLINE = "Thời hạn", "Lệ phí", "Nơi nộp", "Giấy tờ", "Nộp trực tuyến"
PROCEDURES = [
    ("đăng ký tạm trú cần giấy tờ gì", [("mất bao lâu", TIME), ("lệ phí bao nhiêu", FEE), ("nộp ở đâu", PLACE)]),
    ("dang ky khai sinh can giay to gi", [("mat bao lau", TIME), ("le phi bao nhieu", FEE), ("nop o dau", PLACE)]),
    ("làm hộ chiếu ở đâu", [("cần giấy tờ gì", DOCS), ("bao lâu thì có kết quả", TIME), ("online được không", ONLINE)]),
    ("thu tuc cap doi the can cuoc", [("can giay to gi", DOCS), ("phi bao nhieu", FEE), ("lam online dc ko", ONLINE)]),
    ("đăng ký kết hôn cần những gì", [("lệ phí bao nhiêu", FEE), ("nop o dau", PLACE), ("mấy ngày thì có", TIME)]),
    ("đăng ký thường trú cho con", [("mất bao lâu", TIME), ("làm online được không", ONLINE), ("phí bao nhiêu", FEE)]),
    ("xin giấy phép xây dựng nhà ở", [("hồ sơ gồm những gì", DOCS), ("nộp ở đâu", PLACE), ("mat bao lau", TIME)]),
    ("chung thuc ban sao giay to o dau", [("can giay to gi", DOCS), ("mất bao lâu", TIME), ("lệ phí bao nhiêu", FEE)]),
]
LEGAL = ["điều kiện kết hôn theo luật hôn nhân và gia đình", "điều 20 luật cư trú",
         "dieu kien ket hon theo luat hon nhan va gia dinh", "độ tuổi kết hôn của nam và nữ là bao nhiêu",
         "cac hanh vi bi nghiem cam ve cu tru", "điều kiện đăng ký thường trú tại chỗ ở hợp pháp do thuê",
         "dieu 3 luat phong chong bao luc gia dinh", "điều 651 bộ luật dân sự", "quyền của công dân về cư trú",
         "tra cứu luật cư trú về xóa đăng ký thường trú"]
DRAFT_REQUESTS = ["soạn giấy mời họp giao ban", "soan giay moi hop giao ban", "tạo giấy mời",
                  "soạn giấy mời họp giao ban thứ Hai tuần sau"]
OFFICIAL_UNIT, OFFICIAL_NAME = "Văn phòng UBND tỉnh", "Nguyễn Văn A"
DOWNLOADED = "Tải về tại"
# Replies no expensive turn should get: fallbacks, refusals, "not found", failures, a sign-in problem.
UNEXPECTED = ("Có phải bạn muốn hỏi", "chưa hiểu", "ngoài phạm vi", "chỉ dành cho cán bộ", "Phiên đăng nhập",
              "chưa tìm thấy", "Bạn muốn hỏi thủ tục nào", "chưa tra cứu được", "chưa được nạp", "gặp sự cố",
              "Chưa tạo được", "lỗi khi tạo")
Check = Callable[[str], Optional[str]]


def unexpected(reply: str) -> Optional[str]:
    found = next((marker for marker in UNEXPECTED if marker in reply), None)
    return f"«{found}»" if found else None


def percentile(values: List[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def new_sender(tag: str) -> str:
    return f"bench-{tag}{uuid.uuid4().hex[:8]}"


@dataclasses.dataclass
class Bench:
    """Sends the turns; while recording, keeps the latency (ms) and the unexpected replies of each kind."""

    client: httpx.AsyncClient
    url: str
    recording: bool = True
    times: Dict[str, List[float]] = dataclasses.field(default_factory=lambda: collections.defaultdict(list))
    odd: collections.Counter = dataclasses.field(default_factory=collections.Counter)

    async def turn(self, kind: str, sender: str, text: str, check: Optional[Check] = None,
                   token: Optional[str] = None) -> Tuple[str, List[Dict[str, Any]], Optional[str]]:
        body = {"sender": sender, "message": text, **({"metadata": {"token": token}} if token else {})}
        start = time.perf_counter()
        response = await self.client.post(self.url, json=body)
        elapsed = time.perf_counter() - start
        response.raise_for_status()
        messages = response.json()
        reply = "\n".join(m.get("text") or "" for m in messages)
        problem = "no reply" if not messages else check(reply) if check else None
        if token and messages and not messages[0].get("recipient_id", "").startswith(OFFICIAL_SENDER_PREFIX):
            problem = "token not accepted (not an official's conversation)"
        self.record(kind, elapsed, problem, f"{text!r} -> {reply[:200]!r}")
        return reply, messages, problem

    def record(self, kind: str, seconds: Optional[float], problem: Optional[str], what: str = "") -> None:
        """A turn's latency (None: no turn, only a problem); a problem is printed as a warning and counted."""
        if self.recording and seconds is not None:
            self.times[kind].append(seconds * 1000)
        if self.recording and problem:
            self.odd[kind] += 1
            print(f"warning: {kind}: {problem}{': ' if what else ''}{what}", file=sys.stderr)


async def conversations(bench: Bench, kind: str, texts: List[str], count: int, conversation: int,
                        check: Optional[Check] = None) -> None:
    """``count`` messages from ``texts``, a new conversation (sender id) every ``conversation`` messages."""
    for n, text in enumerate(itertools.islice(itertools.cycle(texts), count)):
        if n % conversation == 0:
            sender = new_sender(kind[0])
        await bench.turn(kind, sender, text, check)


def procedure_title(reply: str) -> Optional[str]:
    """The procedure an answer is about: "<title> — lĩnh vực …" (overview) or "<facet> — <title>: …"."""
    head, _, rest = reply.partition("\n")[0].partition(" — ")
    return (head if rest.startswith("lĩnh vực") else rest.partition(":")[0]) if rest else None


def follow_up_check(heading: str, title: Optional[str]) -> Check:
    """A follow-up must answer its facet about the procedure of the question."""
    def check(reply: str) -> Optional[str]:
        if not reply.startswith(heading):
            return unexpected(reply) or f"not a «{heading}» answer"
        return None if title in (None, procedure_title(reply)) else f"about {procedure_title(reply)}, not {title}"
    return check


async def procedure_conversation(bench: Bench, question: str, follow_ups: List[Tuple[str, str]]) -> int:
    sender = new_sender("p")
    reply, _, problem = await bench.turn("procedure question", sender, question,
                                         lambda r: unexpected(r) or (None if procedure_title(r) else "no procedure"))
    title = None if problem else procedure_title(reply)
    for text, heading in follow_ups:
        await bench.turn("procedure follow-up", sender, text, follow_up_check(heading, title))
    return 1 + len(follow_ups)


def legal_check(reply: str) -> Optional[str]:
    return unexpected(reply) or (None if re.match(r"Điều \d+", reply) else "not an article")


def draft_answers(meeting: dt.date) -> Dict[str, str]:
    """Answers to the giấy mời form's questions (see docgen/conversation.py), by field."""
    return {"draft_tham_du": f"họp giao ban công tác tháng {meeting:%m/%Y}",
            "draft_thoi_gian": f"8 giờ 30 ngày {meeting:%d/%m/%Y}",
            "draft_dia_diem": "Phòng họp số 2, trụ sở Ủy ban nhân dân tỉnh",
            "draft_kinh_moi": "Lãnh đạo Văn phòng; Trưởng các phòng chuyên môn",
            "draft_co_quan": OFFICIAL_UNIT, "draft_chuc_vu": "CHÁNH VĂN PHÒNG", "draft_nguoi_ky": OFFICIAL_NAME}


def not_asked_again(question: Optional[str]) -> Check:
    """A drafting reply must not ask the question just answered again (the answer was not taken)."""
    return lambda reply: unexpected(reply) or (f"asked again: {question!r}" if question and question in reply else None)


async def drafting_conversation(bench: Bench, settings: Settings, request: str, max_turns: int = 15) -> int:
    """Answer what the form asks (by its question) until the reply has the download link; returns the turns."""
    token = mint(f"bench-official-{uuid.uuid4().hex[:8]}", unit=OFFICIAL_UNIT, name=OFFICIAL_NAME, settings=settings)
    questions = {slot: prompt(slot, "giay_moi").split("?")[0] for slot in FIELDS}
    answers = draft_answers(dt.date.today() + dt.timedelta(days=14))
    sender, kind, text, asked = new_sender("d"), "draft start", request, None
    for turn in range(1, max_turns + 1):
        reply, messages, problem = await bench.turn(kind, sender, text, not_asked_again(questions.get(asked)), token)
        if problem:
            return turn
        if DOWNLOADED in reply:
            await download(bench, reply, messages)
            return turn
        buttons = {b.get("title"): b.get("payload") for m in messages for b in m.get("buttons") or []}
        asked = next((slot for slot, question in questions.items() if question in reply), None)
        if "Tạo văn bản" in buttons:  # the summary: confirm it
            kind, text, asked = "draft generate", buttons["Tạo văn bản"], None
        elif asked in answers:
            kind, text = "draft answer", buttons.get(answers[asked]) or answers[asked]
        else:
            bench.record(kind, None, f"no question of the form, drafting stopped: {reply[:200]!r}")
            return turn
    bench.record(kind, None, f"no «{DOWNLOADED}» after {max_turns} turns")
    return max_turns


async def download(bench: Bench, reply: str, messages: List[Dict[str, Any]]) -> None:
    """Fetch the generated file from the link (served by the Rasa server under /webhooks/files)."""
    links = [m["custom"].get("url") for m in messages if isinstance(m.get("custom"), dict)]
    url = next(filter(None, links), None) or next(iter(re.findall(r"https?://\S+", reply)), None)
    if url is None:
        return bench.record("draft download", None, f"no link in {reply[:200]!r}")
    start = time.perf_counter()
    response = await bench.client.get(url)
    ok = response.status_code == 200 and response.content[:2] == b"PK"
    bench.record("draft download", time.perf_counter() - start,
                 None if ok else f"HTTP {response.status_code}, {len(response.content)} bytes", url)


async def measure(url: str, args: argparse.Namespace, settings: Settings) -> Bench:
    async with httpx.AsyncClient(timeout=60) as client:
        bench = Bench(client, url, recording=False)
        await conversations(bench, "cheap", MESSAGES, len(MESSAGES), len(MESSAGES))  # warm-up: every path once
        await procedure_conversation(bench, *PROCEDURES[0])
        await conversations(bench, "legal search", LEGAL, 2, args.conversation, legal_check)
        await drafting_conversation(bench, settings, DRAFT_REQUESTS[0])
        bench.recording = True
        await conversations(bench, "cheap", MESSAGES, args.messages, args.conversation)
        turns, scenarios = 0, itertools.cycle(PROCEDURES)
        while turns < args.messages:
            turns += await procedure_conversation(bench, *next(scenarios))
        await conversations(bench, "legal search", LEGAL, args.messages, args.conversation, legal_check)
        turns, requests = 0, itertools.cycle(DRAFT_REQUESTS)
        while turns < args.messages:
            turns += await drafting_conversation(bench, settings, next(requests))
        return bench


async def concurrent(url: str, senders: int, per_sender: int, conversation: int) -> float:
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=senders)) as client:
        bench = Bench(client, url, recording=False)
        start = time.perf_counter()
        await asyncio.gather(*(conversations(bench, "cheap", MESSAGES[n:] + MESSAGES[:n], per_sender, conversation)
                               for n in range(senders)))
        return senders * per_sender / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--messages", type=int, default=200, help="turns of each kind of conversation")
    parser.add_argument("--senders", type=int, default=8)
    parser.add_argument("--per-sender", type=int, default=30)
    parser.add_argument("--conversation", type=int, default=10, help="messages per conversation (sender id)")
    parser.add_argument("--start", action="store_true", help="start bin/run on --port and stop it afterwards")
    parser.add_argument("--port", type=int, default=5015)
    args = parser.parse_args()
    process, url, settings = None, args.url, Settings.from_env()
    if args.start:
        url = f"http://127.0.0.1:{args.port}"
        settings = dataclasses.replace(settings, secret=secrets.token_urlsafe(36))  # 48 characters
        log = Path(tempfile.mkdtemp(prefix="bench-latency-")) / "server.log"
        process = start_servers(args.port, settings.secret, log)
    webhook = f"{url}/webhooks/rest/webhook"
    try:
        bench = asyncio.run(measure(webhook, args, settings))
        throughput = asyncio.run(concurrent(webhook, args.senders, args.per_sender, args.conversation))
    finally:
        if process is not None:
            stop_servers(process)
            print(f"server log: {log}")
    print(f"{'kind':<20} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'unexpected':>10}")
    for kind, ms in bench.times.items():
        print(f"{kind:<20} {len(ms):>4} {percentile(ms, 0.5):>8.1f} {percentile(ms, 0.95):>8.1f} {max(ms):>8.1f} "
              f"{bench.odd[kind]:>10}")
    ms = bench.times["cheap"]
    print(f"1 sender, {len(ms)} cheap messages in conversations of {args.conversation}: p50 {percentile(ms, 0.5):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, mean {statistics.mean(ms):.1f} ms (target p50 ≤ 60, p95 ≤ 150)")
    print(f"{args.senders} senders × {args.per_sender} messages: {throughput:.1f} messages/s (target ≥ 15)")
    print(f"unexpected replies: {sum(bench.odd.values())} (warnings above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
