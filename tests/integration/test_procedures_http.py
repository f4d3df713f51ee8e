"""Citizens asking about procedures over the REST webhook, as they write."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.slow


def _sender() -> str:
    return f"p-{uuid.uuid4().hex[:10]}"


def _joined(replies) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def _rows(assistant, sql, **params):
    engine = create_engine(assistant.database_url, future=True)
    with engine.connect() as connection:
        return connection.execute(text(sql), params).all()


def test_documents_question_then_follow_ups_in_context(assistant):
    sender = _sender()
    first = _joined(assistant.say(sender, "làm giấy khai sinh cho con cần giấy tờ gì"))
    assert "khai sinh" in first.lower() and "Nguồn:" in first
    time_reply = _joined(assistant.say(sender, "mất bao lâu?"))
    assert "Thời hạn" in time_reply and "khai sinh" in time_reply.lower()
    fee_reply = _joined(assistant.say(sender, "le phi bao nhieu"))
    assert "Lệ phí" in fee_reply and "khai sinh" in fee_reply.lower() and "Nguồn:" in fee_reply


def test_unaccented_abbreviated_question_lands_on_marriage_registration(assistant):
    reply = _joined(assistant.say(_sender(), "dk ket hon can giay to gi"))
    assert "Đăng ký kết hôn" in reply


def test_switching_procedure_mid_conversation(assistant):
    sender = _sender()
    assistant.say(sender, "thủ tục đăng ký tạm trú")
    reply = _joined(assistant.say(sender, "còn cấp phiếu lý lịch tư pháp thì mất bao lâu"))
    assert "lý lịch tư pháp" in reply.lower()


def test_near_tie_is_offered_as_buttons_and_a_choice_is_answered(assistant):
    sender = _sender()
    replies = assistant.say(sender, "thủ tục khai sinh")
    buttons = [b for r in replies for b in r.get("buttons", [])]
    titles = [b["title"] for b in buttons]
    assert "Đăng ký khai sinh" in titles and "Đăng ký lại khai sinh" in titles
    chosen = next(b for b in buttons if b["title"] == "Đăng ký lại khai sinh")
    assert "Đăng ký lại khai sinh" in _joined(assistant.say(sender, chosen["payload"]))


def test_unknown_procedure_is_answered_honestly_and_handoff_is_stored(assistant):
    sender = _sender()
    reply = _joined(assistant.say(sender, "thủ tục cấp phép bay flycam trên núi"))
    assert "chưa có thông tin về thủ tục này" in reply
    handoff = _joined(assistant.say(sender, "cho tôi gặp cán bộ"))
    assert "HT-" in handoff
    rows = _rows(assistant, "select conversation_id, text from kb_handoff_request where conversation_id = :c", c=sender)
    assert len(rows) == 1 and "flycam" in rows[0][1]


def test_feedback_form_gives_a_reference_number_and_stores_it(assistant):
    sender = _sender()
    assistant.say(sender, "tôi muốn gửi phản ánh")
    assistant.say(sender, "hồ sơ chuyển mục đích sử dụng đất của tôi quá hạn 2 tháng chưa trả")
    reply = _joined(assistant.say(sender, "0912345678"))
    assert "PAKN-" in reply
    rows = _rows(assistant, "select content, contact from kb_feedback where conversation_id = :c", c=sender)
    assert rows == [("hồ sơ chuyển mục đích sử dụng đất của tôi quá hạn 2 tháng chưa trả", "0912345678")]


def test_feedback_cancelled_in_the_middle_stores_nothing(assistant):
    sender = _sender()
    assistant.say(sender, "tôi muốn gửi kiến nghị")
    reply = _joined(assistant.say(sender, "thôi hủy"))
    assert "Đã hủy" in reply
    assert _rows(assistant, "select id from kb_feedback where conversation_id = :c", c=sender) == []


@pytest.mark.parametrize(
    "message",
    [
        "thủ tục " + "đăng ký kết hôn rất dài " * 80,
        "thủ tục'; DROP TABLE kb_procedure; -- cần gì",
        "?!?!...,,,",
        "thủ tục mã 9.999999 cần giấy tờ gì",
    ],
)
def test_bad_procedure_input_gets_a_clear_answer_and_writes_nothing(assistant, message):
    sender = _sender()
    before = _rows(assistant, "select count(*) from kb_procedure")[0][0]
    replies = assistant.say(sender, message[:2000])
    assert replies and (replies[0].get("text") or "").strip(), replies
    assert _rows(assistant, "select count(*) from kb_procedure")[0][0] == before
    assert _rows(assistant, "select count(*) from kb_feedback where conversation_id = :c", c=sender)[0][0] == 0
