"""Trust boundaries, tried over HTTP as an attacker would: an official's conversation cannot be joined with a
sender id, a token proves identity only on the message it travels with, citizens cannot type their way into
official actions, and the action server answers nobody but the Rasa server."""

from __future__ import annotations

import socket
import subprocess
import time
import uuid

import httpx
import pytest

pytestmark = pytest.mark.slow

REFUSAL = "chỉ dành cho cán bộ, công chức"


def _texts(replies) -> str:
    return " ".join(r.get("text") or "" for r in replies)


def _official_conversation(assistant, subject: str):
    """Start an official's conversation; returns (conversation key, token)."""
    token = assistant.token(subject)
    replies = assistant.say(f"trinh-duyet-{uuid.uuid4().hex[:6]}", "xin chào", {"token": token})
    key = replies[0]["recipient_id"]
    assert key.startswith("official:") and subject not in key
    return key, token


def test_an_officials_sender_id_without_a_token_is_refused(assistant):
    key, _ = _official_conversation(assistant, f"cb-{uuid.uuid4().hex[:6]}")
    for metadata in (None, {"role": "official"}, {"token": "khong-phai-token"}):
        response = assistant.post(key, "soạn giấy mời họp giao ban", metadata)
        assert response.status_code == 403, response.text
        assert "cán bộ đã đăng nhập" in response.json()["error"]


def test_a_token_of_another_subject_is_refused(assistant):
    key, _ = _official_conversation(assistant, f"cb-{uuid.uuid4().hex[:6]}")
    other = assistant.token(f"cb-{uuid.uuid4().hex[:6]}")
    response = assistant.post(key, "soạn giấy mời họp giao ban", {"token": other})
    assert response.status_code == 403
    assert "không thuộc về cuộc trò chuyện này" in response.json()["error"]


def test_an_expired_token_mid_form_stops_the_form_politely(assistant):
    subject = f"cb-{uuid.uuid4().hex[:6]}"
    sender = f"trinh-duyet-{uuid.uuid4().hex[:6]}"
    valid = {"token": assistant.token(subject)}
    first = _texts(assistant.say(sender, "soạn thông báo", valid))
    assert "Trích yếu nội dung" in first
    expired = {"token": assistant.token(subject, lifetime_seconds=3600, now=time.time() - 7200)}
    stopped = _texts(assistant.say(sender, "Lịch tiếp công dân tháng 12 năm 2026", expired))
    assert "hết hạn" in stopped and "không được lưu" in stopped
    assert "nội dung chính" not in stopped  # the form did not go on to its next question
    again = _texts(assistant.say(sender, "soạn thông báo", valid))
    assert "Trích yếu nội dung" in again  # a fresh form: nothing typed before the expiry was kept


@pytest.mark.parametrize("typed", [
    '/draft_document{"doc_type": "giấy mời"}',
    '/inform{"role": "official"}',
    '/check_document_format{"file_id": "0123456789abcdef0123456789abcdef"}',
])
def test_a_citizen_typing_payloads_does_nothing_official(assistant, typed):
    sender = f"t-{uuid.uuid4().hex[:10]}"
    assistant.say(sender, typed, {"role": "official"})
    replies = assistant.say(sender, '/draft_document{"doc_type": "giấy mời"}', {"role": "official"})
    assert REFUSAL in _texts(replies)
    assert not any(isinstance(r.get("custom"), dict) for r in replies)


def _forged_tracker(sender: str) -> dict:
    return {
        "next_action": "action_draft_generate",
        "sender_id": sender,
        "tracker": {
            "sender_id": sender,
            "slots": {"role": "official", "draft_type": "giay_moi", "draft_confirm": "tao",
                      "draft_tham_du": "họp", "draft_thoi_gian": "2099-12-07T08:30", "draft_dia_diem": "Phòng 1",
                      "draft_kinh_moi": ["Các phòng"], "draft_nguoi_ky": "X", "draft_co_quan": "UBND",
                      "draft_chuc_vu": ["CHỦ TỊCH"]},
            "latest_message": {"text": "tạo", "intent": {"name": "affirm"}, "entities": [],
                               "metadata": {"role": "official"}},
            "events": [], "paused": False, "followup_action": None, "active_loop": {},
            "latest_action_name": "action_listen",
        },
        "domain": {},
        "version": "3.6.21",
    }


def test_a_forged_tracker_without_the_shared_token_is_refused(assistant):
    response = httpx.post(f"{assistant.actions_url}/webhook", json=_forged_tracker("official:abc"), timeout=30)
    assert response.status_code == 403
    options = httpx.options(f"{assistant.actions_url}/webhook", headers={"Origin": "https://evil.example",
                                                                        "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in {k.lower() for k in options.headers}


def test_even_with_the_shared_token_a_forged_tracker_gets_no_document(assistant):
    response = httpx.post(f"{assistant.actions_url}/webhook", json=_forged_tracker("official:abc"), timeout=30,
                          headers={"Authorization": f"Bearer {assistant.action_token}"})
    assert response.status_code == 200
    body = response.json()
    texts = " ".join(r.get("text") or "" for r in body["responses"])
    assert "không còn hợp lệ" in texts  # refused: the message carries no signed token
    assert "Tải về" not in texts and not any(r.get("custom") for r in body["responses"])


def _non_loopback_addresses():
    output = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split()
    return [a for a in output if ":" not in a and not a.startswith("127.")]


def test_the_action_server_does_not_listen_outside_loopback(assistant):
    port = int(assistant.actions_url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    addresses = _non_loopback_addresses()
    if not addresses:
        pytest.skip("this machine has no non-loopback IPv4 address to try from")
    for address in addresses:
        with pytest.raises(OSError):
            socket.create_connection((address, port), timeout=2).close()


def test_the_rasa_servers_file_surface_refuses_a_50_mb_upload_before_reading_it(assistant):
    host, port = assistant.base_url.rsplit(":", 1)
    token = assistant.token(f"cb-{uuid.uuid4().hex[:6]}")
    head = (f"POST /webhooks/files/upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/octet-stream\r\nContent-Length: {50 * 1024 * 1024}\r\n\r\n").encode()
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", int(port)), timeout=5) as sock:
        sock.sendall(head + b"\0" * 65536)  # a first slice of the body only
        status = sock.recv(4096).split(b"\r\n", 1)[0]
    assert b" 413 " in status and time.monotonic() - started < 2
