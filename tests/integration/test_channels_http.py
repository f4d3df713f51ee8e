"""The platform channels on the running assistant, with the platform's API faked locally: Messenger users are
citizens who get real answers, and are refused what only officials may do."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid

import httpx
import pytest

from tests.running_assistant import FACEBOOK_APP_SECRET, ZALO_OA_SECRET_KEY, FakeGraph

pytestmark = pytest.mark.slow


def _messenger(assistant, text: str) -> str:
    """Deliver ``text`` from a new Messenger user; the texts the assistant sent back to that user."""
    user = uuid.uuid4().hex[:12]
    payload = {"object": "page", "entry": [{"id": "page", "messaging": [
        {"sender": {"id": user}, "recipient": {"id": "page"}, "timestamp": 1,
         "message": {"mid": f"mid.{user}", "text": text}}]}]}
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(FACEBOOK_APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
    started = time.monotonic()
    ack = httpx.post(f"{assistant.base_url}/webhooks/facebook/webhook", content=body,
                     headers={"X-Hub-Signature-256": signature, "Content-Type": "application/json"}, timeout=30)
    assert ack.status_code == 200 and time.monotonic() - started < 2
    deadline = time.time() + 30
    while time.time() < deadline:
        sent = [m["message"] for m in FakeGraph.sent if m["recipient"]["id"] == user]
        if sent:
            time.sleep(0.5)  # the rest of the turn's messages
            sent = [m["message"] for m in FakeGraph.sent if m["recipient"]["id"] == user]
            return " ".join(m.get("text") or m.get("attachment", {}).get("payload", {}).get("text", "") for m in sent)
        time.sleep(0.1)
    return ""


def test_a_messenger_question_gets_the_procedures_answer(assistant):
    reply = _messenger(assistant, "làm hộ chiếu cần giấy tờ gì")
    assert "Cấp hộ chiếu" in reply and "Giấy tờ" in reply


def test_a_messenger_user_asking_to_draft_is_refused(assistant):
    reply = _messenger(assistant, "soạn giúp tôi quyết định khen thưởng")
    assert "chỉ dành cho cán bộ, công chức" in reply


def _zalo(assistant, event_name: str, text: str = "", **message) -> str:
    """Deliver a signed Zalo event from a new user; the texts the assistant sent back to that user."""

    from tests.channels.fake_zalo import APP_ID

    user = uuid.uuid4().hex[:12]
    event = {"app_id": APP_ID, "event_name": event_name, "sender": {"id": user}, "recipient": {"id": "oa"},
             "timestamp": str(int(time.time() * 1000))}
    if event_name == "follow":
        event["follower"] = {"id": user}
    else:
        event["message"] = {"msg_id": uuid.uuid4().hex, **({"text": text} if text else {}), **message}
    body = json.dumps(event, ensure_ascii=False).encode()
    mac = hashlib.sha256(APP_ID.encode() + body + event["timestamp"].encode() + ZALO_OA_SECRET_KEY.encode()).hexdigest()
    started = time.monotonic()
    ack = httpx.post(f"{assistant.base_url}/webhooks/zalo/webhook", content=body, timeout=30,
                     headers={"X-ZEvent-Signature": f"mac={mac}", "Content-Type": "application/json"})
    assert ack.status_code == 200 and time.monotonic() - started < 2
    sent = assistant.zalo.sent_to(user, wait=30)
    time.sleep(0.5)
    sent = assistant.zalo.sent_to(user, count=len(sent), wait=0.1)
    return " ".join(str(m.get("text") or m) for m in sent)


def test_a_zalo_question_gets_the_procedures_answer(assistant):
    reply = _zalo(assistant, "user_send_text", "lam ho chieu can giay to gi")
    assert "Cấp hộ chiếu" in reply and "Giấy tờ" in reply


def test_a_new_zalo_follower_is_greeted(assistant):
    assert "Xin chào" in _zalo(assistant, "follow")


def test_a_zalo_voice_message_is_answered_from_its_transcript(assistant):
    voice = [{"type": "audio", "payload": {"url": f"{assistant.zalo.base}/audio/voice.aac"}}]
    reply = _zalo(assistant, "user_send_audio", attachments=voice)
    assert "Cấp hộ chiếu" in reply  # the fake gateway hears "làm hộ chiếu mất bao lâu"


def test_a_zalo_user_asking_to_draft_is_refused(assistant):
    assert "chỉ dành cho cán bộ, công chức" in _zalo(assistant, "user_send_text", "soạn quyết định khen thưởng giúp tôi")
