"""Zalo OA channel against a local fake of the Zalo API and of the voice gateway (no internet, no trained model).

The channel runs in a subprocess Sanic server, mounted by Rasa's own ``register`` at /webhooks/zalo/webhook; a stub
agent stands in for Rasa and echoes what it receives through the channel's output channel.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

from connectors.platform import UNSUPPORTED_ATTACHMENT, VOICE_UNCLEAR, VOICE_UNSUPPORTED, split_text
from connectors.zalo import TEXT_LIMIT, ZaloInput, button_of, delivery_id, user_of
from connectors.zalo_api import TokenStore, ZaloApi, ZaloSettings, signature, verify_delivery

from .fake_zalo import APP_ID, APP_SECRET, DOCUMENT, TRANSCRIPT, FakeZalo

ROOT = Path(__file__).resolve().parents[2]
OA_SECRET = "oa-secret-key-for-tests"
OA_ID = "3662729599332560487"
LONG_TEXT = "Hồ sơ gồm tờ khai theo mẫu. Bản sao giấy tờ tùy thân của người yêu cầu! " * 60
SERVE = """
import logging, os, sys
from types import SimpleNamespace
from rasa.core.channels.channel import register
from sanic import Sanic
from connectors.zalo import ZaloInput

async def echo(message):
    # stands in for Rasa's agent: answers what the user sent, through the channel's output channel
    out, sender, text = message.output_channel, message.sender_id, message.text
    if text.startswith("menu"):
        count = int(text[4:] or 2)
        buttons = [{"title": f"Mục {n}", "payload": f"/chon{n}"} for n in range(1, count + 1)]
        await out.send_text_with_buttons(sender, "Chọn một mục", buttons)
    elif text == "dài":
        await out.send_text_message(sender, os.environ["LONG_TEXT"])
    elif text.startswith("tệp"):
        name = "missing" if text == "tệp hỏng" else "to-khai"
        url = os.environ["ZALO_API_BASE"] + f"/files/{name}.docx"
        await out.send_response(sender, {"custom": {"type": "file", "url": url, "name": "Tờ khai.docx"}})
    elif text == "ai":
        await out.send_text_message(sender, f"{sender}|{message.input_channel}|{sorted(message.metadata)}")
    elif text == "lỗi":
        raise RuntimeError("the agent failed")
    else:
        await out.send_text_message(sender, "Bạn hỏi: " + text)

logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")
logging.getLogger("connectors").setLevel(logging.INFO)
app = Sanic("zalo_channel_test")
app.ctx.agent = SimpleNamespace(handle_message=echo)
register([ZaloInput.from_credentials(None)], app, route="/webhooks/")
app.run("127.0.0.1", int(sys.argv[1]), workers=1, access_log=False)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(env: dict, log_path: Path):
    port = _free_port()
    log = log_path.open("w")
    process = subprocess.Popen([sys.executable, "-c", SERVE, str(port)], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/webhooks/zalo"
    deadline = time.time() + 90
    while time.time() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{base}/", timeout=1).status_code == 200:
                return process, log, base
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    log.close()
    pytest.fail("Zalo channel did not start:\n" + log_path.read_text()[-3000:])


def _stop(process, log) -> None:
    process.terminate()
    process.wait(timeout=20)
    log.close()


def _env(fake_base: str, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZALO_") and k not in ("REDIS_URL",)}
    env.update(PYTHONPATH=str(ROOT), ZALO_APP_ID=APP_ID, ZALO_OA_SECRET_KEY=OA_SECRET, ZALO_APP_SECRET=APP_SECRET,
               ZALO_ACCESS_TOKEN="access-0", ZALO_REFRESH_TOKEN="refresh-0", ZALO_API_BASE=fake_base,
               ZALO_OAUTH_BASE=fake_base, VOICE_GATEWAY_URL=fake_base, LONG_TEXT=LONG_TEXT)
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def fake():
    server = FakeZalo()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def channel(fake, tmp_path_factory):
    log_path = tmp_path_factory.mktemp("zalo") / "server.log"
    process, log, base = _start(_env(fake.base), log_path)
    yield base, log_path
    _stop(process, log)


def _event(user: str, name: str = "user_send_text", text: str = "", msg_id: str = "", **message) -> dict:
    event = {"app_id": APP_ID, "user_id_by_app": "979122185046046317", "event_name": name,
             "sender": {"id": user}, "recipient": {"id": OA_ID}}
    if name in ("follow", "unfollow"):
        event["follower"] = {"id": user}
        event["sender"] = {"id": user}
        return event
    event["message"] = {"msg_id": msg_id or uuid.uuid4().hex, **({"text": text} if text else {}), **message}
    return event


def _deliver(base: str, event: dict, secret: str = OA_SECRET, timestamp: float = 0.0,
             mac: str = "") -> httpx.Response:
    event = dict(event, timestamp=str(int((timestamp or time.time()) * 1000)))
    body = json.dumps(event, ensure_ascii=False).encode()
    # computed here from the documented formula, not with the module's own function
    mac = mac or hashlib.sha256(APP_ID.encode() + body + event["timestamp"].encode() + secret.encode()).hexdigest()
    return httpx.post(f"{base}/webhook", content=body, timeout=10,
                      headers={"X-ZEvent-Signature": f"mac={mac}", "Content-Type": "application/json"})


def _wait_for_log(path: Path, text: str, wait: float = 8.0) -> str:
    deadline = time.time() + wait
    while time.time() < deadline and text not in path.read_text():
        time.sleep(0.1)
    return path.read_text()


# --- through the webhook --------------------------------------------------------------------------------------------

def test_a_signed_text_is_answered_with_the_cs_message_api(channel, fake):
    started = time.time()
    response = _deliver(channel[0], _event("u-text", text="thủ tục khai sinh"))
    assert response.status_code == 200 and time.time() - started < 2
    [message] = fake.sent_to("u-text")
    assert message == {"text": "Bạn hỏi: thủ tục khai sinh"}
    with fake.lock:
        [record] = [s for s in fake.sent if s["body"]["recipient"] == {"user_id": "u-text"}]
    assert record["access_token"] == fake.valid_access and set(record["body"]) == {"recipient", "message"}


def test_the_conversation_is_the_zalo_user_as_a_citizen(channel, fake):
    _deliver(channel[0], _event("u-who", text="ai"))
    [message] = fake.sent_to("u-who")
    assert message["text"] == "zalo:u-who|zalo|['channel_event']"  # no token in the metadata


def test_buttons_become_oa_query_hide_buttons_five_at_most_per_message(channel, fake):
    _deliver(channel[0], _event("u-menu", text="menu"))
    [message] = fake.sent_to("u-menu")
    assert message == {"text": "Chọn một mục", "attachment": {"type": "template", "payload": {"buttons": [
        {"title": "Mục 1", "type": "oa.query.hide", "payload": "/chon1"},
        {"title": "Mục 2", "type": "oa.query.hide", "payload": "/chon2"}]}}}
    _deliver(channel[0], _event("u-menu7", text="menu7"))
    first, second = fake.sent_to("u-menu7", count=2)
    assert [b["payload"] for b in first["attachment"]["payload"]["buttons"]] == [f"/chon{n}" for n in range(1, 6)]
    assert [b["payload"] for b in second["attachment"]["payload"]["buttons"]] == ["/chon6", "/chon7"]
    assert first["text"] == "Chọn một mục" and second["text"]


def test_a_long_reply_is_split_at_sentence_ends_under_the_limit(channel, fake):
    _deliver(channel[0], _event("u-long", text="dài"))
    pieces = [m["text"] for m in fake.sent_to("u-long", count=3)]
    assert len(pieces) >= 3 and all(len(p) <= TEXT_LIMIT for p in pieces)
    assert all(p.endswith((".", "!")) for p in pieces) and " ".join(pieces).split() == LONG_TEXT.split()


def test_a_forged_signature_is_refused_and_nothing_is_sent(channel, fake):
    assert _deliver(channel[0], _event("u-forged", text="xin chào"), secret="not-the-oa-secret").status_code == 403
    assert _deliver(channel[0], _event("u-forged", text="xin chào"), mac="0" * 64).status_code == 403
    unsigned = httpx.post(f"{channel[0]}/webhook", json=dict(_event("u-forged", text="x"), timestamp="1"), timeout=10)
    assert unsigned.status_code == 403
    time.sleep(0.5)
    assert fake.sent_to("u-forged", wait=0) == []
    assert "Zalo delivery refused: bad signature" in channel[1].read_text()


@pytest.mark.parametrize("offset", [-600, 600])
def test_a_stale_or_future_timestamp_is_refused(channel, fake, offset):
    user = f"u-stale{offset}"
    assert _deliver(channel[0], _event(user, text="xin chào"), timestamp=time.time() + offset).status_code == 403
    time.sleep(0.3)
    assert fake.sent_to(user, wait=0) == []
    assert "Zalo delivery refused: stale timestamp" in channel[1].read_text()


def test_the_same_msg_id_twice_is_answered_once(channel, fake):
    event = _event("u-dup", text="lệ phí", msg_id="dup-msg-1")
    assert _deliver(channel[0], event).status_code == 200
    assert _deliver(channel[0], event).status_code == 200
    fake.sent_to("u-dup")
    time.sleep(0.5)
    assert len(fake.sent_to("u-dup", wait=0)) == 1


def test_an_expired_token_is_refreshed_once_and_the_new_refresh_token_kept(channel, fake):
    for round_ in (1, 2):  # the second refresh only works with the refresh token the first one returned
        before, refresh_token = len(fake.refreshes), fake.valid_refresh
        fake.expire_access_token()
        _deliver(channel[0], _event(f"u-expired{round_}", text="hộ chiếu"))
        [message] = fake.sent_to(f"u-expired{round_}")
        assert message == {"text": "Bạn hỏi: hộ chiếu"}
        assert fake.refreshes[before:] == [refresh_token]
        with fake.lock:
            assert fake.sent[-1]["access_token"] == fake.valid_access != "access-0"
    assert "access token rejected (error -216); refreshing once" in channel[1].read_text()


def test_a_5xx_twice_is_retried_then_sent_once(channel, fake):
    with fake.lock:
        fake.fail_5xx = 2
    _deliver(channel[0], _event("u-retry", text="thử lại"))
    [message] = fake.sent_to("u-retry", wait=8)
    assert message == {"text": "Bạn hỏi: thử lại"} and fake.fail_5xx == 0
    time.sleep(0.3)
    assert len(fake.sent_to("u-retry", wait=0)) == 1


def test_a_permanent_5xx_is_logged_with_its_code(channel, fake):
    with fake.lock:
        fake.fail_5xx = 100
    _deliver(channel[0], _event("u-down", text="có ai không"))
    log = _wait_for_log(channel[1], "Zalo API /v3.0/oa/message/cs failed: HTTP 500")
    with fake.lock:
        fake.fail_5xx = 0
    assert "Zalo API call given up after 4 attempts (last: HTTP 500)" in log
    assert "Zalo API /v3.0/oa/message/cs failed: HTTP 500" in log


def test_a_zalo_error_code_is_logged_with_code_and_message(channel, fake):
    fake.error_once(-230)
    _deliver(channel[0], _event("u-quiet", text="xin chào"))
    log = _wait_for_log(channel[1], "error -230")
    assert "Zalo API /v3.0/oa/message/cs failed: HTTP 200, error -230: Fake error -230" in log
    assert fake.sent_to("u-quiet", wait=0) == []


def test_a_voice_message_is_transcribed_and_the_transcript_answered(channel, fake):
    audio = [{"type": "audio", "payload": {"url": f"{fake.base}/audio/voice.aac"}}]
    _deliver(channel[0], _event("u-voice", name="user_send_audio", attachments=audio))
    [message] = fake.sent_to("u-voice")
    assert message == {"text": f"Bạn hỏi: {TRANSCRIPT}"}


def test_a_voice_message_the_gateway_cannot_hear_gets_a_polite_reply(channel, fake):
    fake.gateway_fails = True
    try:
        audio = [{"type": "audio", "payload": {"url": f"{fake.base}/audio/voice.aac"}}]
        _deliver(channel[0], _event("u-voice-bad", name="user_send_audio", attachments=audio))
        [message] = fake.sent_to("u-voice-bad")
    finally:
        fake.gateway_fails = False
    assert message == {"text": VOICE_UNCLEAR}


@pytest.mark.parametrize("name", ["user_send_image", "user_send_sticker", "user_send_file", "user_send_gif",
                                  "user_send_location"])
def test_images_files_stickers_and_locations_get_a_polite_not_supported(channel, fake, name):
    attachments = [{"type": name.rsplit("_", 1)[1], "payload": {"url": "https://example.invalid/x"}}]
    _deliver(channel[0], _event(f"u-{name}", name=name, attachments=attachments))
    [message] = fake.sent_to(f"u-{name}")
    assert message == {"text": UNSUPPORTED_ATTACHMENT} and "chưa hỗ trợ" in message["text"]


def test_a_new_follower_is_greeted(channel, fake):
    _deliver(channel[0], _event("u-follow", name="follow"))
    [message] = fake.sent_to("u-follow")
    assert message == {"text": "Bạn hỏi: /greet"}  # the agent received the user message "/greet"


def test_unfollow_and_unknown_events_are_ignored(channel, fake):
    assert _deliver(channel[0], _event("u-gone", name="unfollow")).status_code == 200
    assert _deliver(channel[0], _event("u-gone", name="user_seen_message")).status_code == 200
    _wait_for_log(channel[1], "'user_seen_message' ignored")
    assert fake.sent_to("u-gone", wait=0.3) == []
    assert "Zalo event 'unfollow' ignored" in channel[1].read_text()


def test_a_generated_document_is_uploaded_and_sent_as_a_file(channel, fake):
    _deliver(channel[0], _event("u-file", text="tệp"))
    [message] = fake.sent_to("u-file")
    assert message["attachment"]["type"] == "file" and message["attachment"]["payload"]["token"].startswith("file-token")
    assert DOCUMENT in fake.uploads[-1]["body"]


def test_a_document_that_cannot_be_uploaded_is_sent_as_its_link(channel, fake):
    _deliver(channel[0], _event("u-file-link", text="tệp hỏng"))
    [message] = fake.sent_to("u-file-link")
    assert message == {"text": f"Tờ khai.docx: {fake.base}/files/missing.docx"}


def test_a_failing_agent_gets_an_apology(channel, fake):
    _deliver(channel[0], _event("u-fail", text="lỗi"))
    [message] = fake.sent_to("u-fail")
    assert "sự cố" in message["text"]


def test_without_app_id_or_oa_secret_every_delivery_is_refused_and_the_log_names_it(fake, tmp_path):
    env = _env(fake.base)
    del env["ZALO_OA_SECRET_KEY"]
    process, log, base = _start(env, tmp_path / "server.log")
    try:
        assert _deliver(base, _event("u-unconfigured", text="xin chào")).status_code == 403
        text = _wait_for_log(tmp_path / "server.log", "Zalo delivery refused: ZALO_OA_SECRET_KEY not set")
        assert "Zalo delivery refused: ZALO_OA_SECRET_KEY not set" in text
        assert "refuses every delivery until ZALO_OA_SECRET_KEY is set" in text
        assert fake.sent_to("u-unconfigured", wait=0.3) == []
    finally:
        _stop(process, log)


# --- in process -----------------------------------------------------------------------------------------------------

def _settings(fake: FakeZalo, **extra) -> ZaloSettings:
    values = dict(app_id=fake.app_id, oa_secret_key=OA_SECRET, app_secret=APP_SECRET,
                  access_token=fake.valid_access or "", refresh_token=fake.valid_refresh or "", api_base=fake.base,
                  oauth_base=fake.base)
    values.update(extra)
    return ZaloSettings(**values)


@pytest.fixture
def own_fake():
    server = FakeZalo(app_id=f"app-{uuid.uuid4().hex[:12]}")
    server.start()
    yield server
    server.stop()


def test_concurrent_sends_with_an_expired_token_refresh_it_once(own_fake):
    own_fake.refresh_delay = 0.3

    async def run():
        channel = ZaloInput(_settings(own_fake))
        own_fake.expire_access_token()
        results = await asyncio.gather(*(channel.api.send(f"u{n}", {"text": "x"}) for n in range(3)))
        await channel.client().aclose()
        return results

    assert asyncio.run(run()) == [True, True, True]
    assert own_fake.refreshes == ["refresh-0"]


def test_a_voice_message_without_a_gateway_is_declined_politely(own_fake, monkeypatch):
    monkeypatch.delenv("VOICE_GATEWAY_URL", raising=False)
    received = []

    async def run():
        channel = ZaloInput(_settings(own_fake))
        audio = [{"type": "audio", "payload": {"url": f"{own_fake.base}/audio/voice.aac"}}]
        await channel.handle(dict(_event("u-novoice", name="user_send_audio", attachments=audio), timestamp="1"),
                             received.append)
        await channel.client().aclose()

    asyncio.run(run())
    assert received == [] and own_fake.sent_to("u-novoice", wait=0) == [{"text": VOICE_UNSUPPORTED}]
    assert own_fake.transcribed == 0


@pytest.mark.services
def test_two_instances_share_de_duplication_through_redis(own_fake, monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/5")
    calls = []

    async def stub(message):
        calls.append(message.text)

    async def run():
        first, second = ZaloInput(ZaloSettings.from_env()), ZaloInput(ZaloSettings.from_env())
        assert first.settings.redis_url and first.dedupe is not second.dedupe
        event = dict(_event("u-shared", text="xin chào", msg_id=f"shared-{uuid.uuid4().hex}"), timestamp="1")
        await first.handle(event, stub)
        await second.handle(event, stub)
        other = dict(_event("u-shared", text="lần hai", msg_id=f"shared-{uuid.uuid4().hex}"), timestamp="2")
        await second.handle(other, stub)

    asyncio.run(run())
    assert calls == ["xin chào", "lần hai"]


@pytest.mark.services
def test_two_instances_refresh_the_shared_token_once_through_redis(own_fake):
    import redis

    own_fake.refresh_delay = 0.3
    settings = _settings(own_fake, redis_url="redis://127.0.0.1:6379/5")

    async def run():
        apis = []
        for _ in range(2):
            channel = ZaloInput(settings)
            apis.append(channel)
        assert await apis[0].tokens.access() == "access-0"  # seeded from the environment
        own_fake.expire_access_token()
        results = await asyncio.gather(apis[0].api.send("u1", {"text": "a"}), apis[1].api.send("u2", {"text": "b"}))
        for channel in apis:
            await channel.client().aclose()
        return results

    try:
        assert asyncio.run(run()) == [True, True]
        assert own_fake.refreshes == ["refresh-0"]
        stored = redis.Redis.from_url(settings.redis_url, decode_responses=True).hgetall(f"zalo:tokens:{own_fake.app_id}")
        assert stored["refresh_token"] == own_fake.valid_refresh == "refresh-1"
    finally:
        redis.Redis.from_url(settings.redis_url).delete(f"zalo:tokens:{own_fake.app_id}")


# --- units ----------------------------------------------------------------------------------------------------------

def test_the_signature_is_sha256_of_app_id_body_timestamp_and_oa_secret():
    body = b'{"app_id":"1","timestamp":"1699003881354"}'
    assert signature("1", body, "1699003881354", "k") == hashlib.sha256(
        b"1" + body + b"1699003881354" + b"k").hexdigest()
    settings = ZaloSettings(app_id="1", oa_secret_key="k")
    now = 1699003881.354
    good = "mac=" + signature("1", body, "1699003881354", "k")
    assert verify_delivery(settings, body, good, now=now)[0] == {"app_id": "1", "timestamp": "1699003881354"}
    assert verify_delivery(settings, body, good.upper().replace("MAC=", "mac="), now=now)[0] is not None
    assert verify_delivery(settings, body + b" ", good, now=now) == (None, "bad signature")
    assert verify_delivery(ZaloSettings(app_id="2", oa_secret_key="k"), body, good, now=now)[1] == "bad signature"
    assert verify_delivery(ZaloSettings(app_id="1", oa_secret_key="not-k"), body, good, now=now)[1] == "bad signature"
    assert verify_delivery(settings, body, good, now=now + 301)[1].startswith("stale timestamp")
    assert verify_delivery(settings, body, None, now=now)[1] == "no X-ZEvent-Signature"
    assert verify_delivery(settings, b"not json", good, now=now)[1] == "body is not JSON"


def test_long_texts_are_split_at_sentence_boundaries_under_the_limit():
    text = "Câu thứ nhất khá dài về hồ sơ. " * 100 + "Câu hỏi? Câu cảm thán! Dòng mới\nvà hết."
    pieces = split_text(text, TEXT_LIMIT)
    assert len(pieces) == 2 and all(len(p) <= TEXT_LIMIT for p in pieces)
    assert all(p.endswith(".") for p in pieces) and " ".join(pieces).split() == text.split()
    assert split_text("Ngắn.", TEXT_LIMIT) == ["Ngắn."] and split_text("   ", TEXT_LIMIT) == []
    no_stop = "từ " * 1000
    assert all(len(p) <= TEXT_LIMIT and not p.endswith(" ") for p in split_text(no_stop, TEXT_LIMIT))


def test_event_helpers_and_button_mapping():
    follow = {"event_name": "follow", "follower": {"id": "42"}, "timestamp": "7"}
    assert user_of(follow) == "42" and delivery_id(follow) == "follow:42:7"
    assert delivery_id({"event_name": "user_send_text", "sender": {"id": "1"}, "message": {"msg_id": "abc"}}) == "abc"
    assert button_of({"title": "Khai sinh", "payload": "/hoi_khai_sinh"}) == {
        "title": "Khai sinh", "type": "oa.query.hide", "payload": "/hoi_khai_sinh"}
    assert button_of({"title": "Cổng DVC", "url": "https://dichvucong.gov.vn"})["type"] == "oa.open.url"
    assert button_of({"title": "", "payload": "/x"}) is None and button_of({"title": "x"}) is None


def test_the_token_store_keeps_tokens_in_process_without_redis():
    store = TokenStore(ZaloSettings(app_id="a", access_token="t", refresh_token="r"), lambda: None)
    assert asyncio.run(store.access()) == "t"
    api = ZaloApi(ZaloSettings(), lambda: None, TokenStore(ZaloSettings(), lambda: None))
    assert asyncio.run(api.send("u", {"text": "x"})) is False  # no token: logged, nothing called
