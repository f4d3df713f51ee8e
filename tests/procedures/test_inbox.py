"""Feedback (phản ánh, kiến nghị) and handoff requests are stored and get reference numbers."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from legal_kb.procedures import answers
from legal_kb.procedures.inbox import (
    InboxError,
    feedback_by_reference,
    open_handoffs,
    store_feedback,
    store_handoff,
)


def test_feedback_gets_a_reference_number_and_is_stored(engine):
    when = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)
    first = store_feedback(engine, "Thủ tục khai sinh ở xã chờ quá lâu", contact="09xx", now=when)
    second = store_feedback(engine, "Cổng dịch vụ công báo lỗi khi thanh toán", now=when)
    assert re.fullmatch(r"PAKN-2026-\d{6}", first.reference)
    assert first.reference != second.reference
    stored = feedback_by_reference(engine, first.reference)
    assert stored["content"] == "Thủ tục khai sinh ở xã chờ quá lâu" and stored["contact"] == "09xx"
    assert first.reference in answers.feedback_receipt_text(first.reference)


def test_feedback_without_content_is_refused_in_vietnamese(engine):
    with pytest.raises(InboxError, match="Vui lòng nhập"):
        store_feedback(engine, "   ")
    with pytest.raises(InboxError, match="quá dài"):
        store_feedback(engine, "a" * 5000)


def test_sql_looking_feedback_is_stored_as_plain_text(engine):
    text = "'); DROP TABLE kb_feedback; --"
    receipt = store_feedback(engine, text)
    later = store_feedback(engine, "vẫn hoạt động")
    # the table was not dropped: the first feedback is still there after the next one, which gets its own number
    assert later.reference != receipt.reference
    assert feedback_by_reference(engine, receipt.reference)["content"] == text
    assert feedback_by_reference(engine, later.reference)["content"] == "vẫn hoạt động"


def test_handoff_is_stored_with_the_conversation_id(engine):
    receipt = store_handoff(engine, "zalo:12345", "Tôi muốn hỏi về đất rừng", procedure_key=None)
    assert re.fullmatch(r"HT-\d{4}-\d{6}", receipt.reference)
    pending = open_handoffs(engine)
    assert [(h.conversation_id, h.text, h.status) for h in pending] == [
        ("zalo:12345", "Tôi muốn hỏi về đất rừng", "open")
    ]


def test_handoff_needs_a_conversation(engine):
    with pytest.raises(InboxError):
        store_handoff(engine, "", "câu hỏi")
