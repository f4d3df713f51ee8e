"""The assistant over the REST webhook, as a person (or a broken client) would use it."""

from __future__ import annotations

import time
import uuid

import httpx
import pytest
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.slow


def _sender() -> str:
    return f"t-{uuid.uuid4().hex[:10]}"


def _token(secret: str, role: str = "official", now=None) -> str:
    from identity import Settings, mint

    return mint(f"cb-{uuid.uuid4().hex[:8]}", unit="Sở Tư pháp tỉnh Lạng Sơn", name="Nguyễn Văn A", role=role,
                settings=Settings(secret=secret), now=now)


def test_unaccented_greeting_gets_vietnamese_greeting_with_citizen_menu(assistant):
    replies = assistant.say(_sender(), "xin chao")
    assert "Xin chào" in replies[0]["text"]
    titles = [b["title"] for b in replies[0].get("buttons", [])]
    assert "Hỏi về thủ tục hành chính" in titles


def test_signed_official_gets_the_civil_servant_menu(assistant):
    replies = assistant.say(_sender(), "xin chào", metadata={"token": _token(assistant.secret)})
    titles = [b["title"] for b in replies[0].get("buttons", [])]
    assert "Soạn thảo văn bản" in titles
    assert "Hỏi về thủ tục hành chính" not in titles


@pytest.mark.parametrize(
    "metadata",
    [
        {"role": "official"},
        {"token": "not-a-jwt"},
        {"token": "FORGED"},
        {"token": "EXPIRED"},
    ],
)
def test_unsigned_forged_or_expired_identity_is_a_citizen(assistant, metadata):
    if metadata.get("token") == "FORGED":
        metadata = {"token": _token("another-secret-of-an-attacker-000000")}
    elif metadata.get("token") == "EXPIRED":
        metadata = {"token": _token(assistant.secret, now=time.time() - 9 * 3600)}  # expired an hour ago
    replies = assistant.say(_sender(), "xin chào", metadata=metadata)
    titles = [b["title"] for b in replies[0].get("buttons", [])]
    assert "Hỏi về thủ tục hành chính" in titles
    assert "Soạn thảo văn bản" not in titles


def test_rating_is_stored_with_the_conversation_id(assistant):
    sender = _sender()
    assistant.say(sender, "tạm biệt nhé")
    replies = assistant.texts(sender, "/rate_good")
    assert any("Cảm ơn bạn đã đánh giá" in r for r in replies)
    assistant.texts(sender, "câu trả lời chưa hài lòng")
    engine = create_engine(assistant.database_url, future=True)
    with engine.connect() as connection:
        rows = connection.execute(
            text("select value from ratings where conversation_id = :c order by id"), {"c": sender}
        ).all()
    assert [r[0] for r in rows] == ["good", "bad"]


def test_unclear_message_offers_concrete_choices_in_vietnamese(assistant):
    sender = _sender()
    replies = assistant.say(sender, "qwzx vbnm plkj")
    texts = " ".join(r.get("text") or "" for r in replies)
    buttons = [b for r in replies for b in r.get("buttons", [])]
    # a way forward with concrete options (a person, capabilities, procedures), never a list of bare intents
    assert len(buttons) >= 2 and "Gặp cán bộ" in {b["title"] for b in buttons}
    assert not {b["payload"] for b in buttons} & {"/affirm", "/deny", "/greet", "/goodbye", "/out_of_scope"}
    assert "Có phải bạn muốn" not in texts
    follow_up = " ".join(r.get("text") or "" for r in assistant.say(sender, "/search_law"))
    assert "câu hỏi về pháp luật" in follow_up


@pytest.mark.parametrize(
    "message",
    ["", "   ", "a" * 10_000, "xin chào " * 1_200, "😀😀😀", "🙏", "hello, can you help me with đăng ký tạm trú?",
     "<script>alert(1)</script>", "'; DROP TABLE events; --", "\u0000\u0001"],
)
def test_bad_input_gets_a_reply_and_the_server_keeps_serving(assistant, message):
    sender = _sender()
    response = httpx.post(assistant.webhook, json={"sender": sender, "message": message}, timeout=60)
    assert response.status_code == 200
    replies = response.json()
    assert replies and (replies[0].get("text") or "").strip(), replies
    assert "Xin chào" in assistant.say(sender, "xin chào")[0]["text"]


@pytest.mark.parametrize(
    "body, reason",
    [(b"{not json", "JSON hợp lệ"), (b"", "sender"), (b"[]", "đối tượng JSON"), (b'{"sender": "x"}', "Thiếu trường"),
     (b'{"message": 5, "sender": "x"}', "phải là chuỗi"), (b"\xff\xfe", "JSON hợp lệ")],
)
def test_invalid_json_is_a_4xx_and_the_server_keeps_serving(assistant, body, reason):
    response = httpx.post(assistant.webhook, content=body, headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code == 400
    assert reason in response.json()["error"]
    assert "Xin chào" in assistant.say(_sender(), "xin chào")[0]["text"]
