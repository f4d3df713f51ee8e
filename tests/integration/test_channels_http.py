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
from conftest import FACEBOOK_APP_SECRET, FakeGraph

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
