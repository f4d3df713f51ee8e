"""Legal questions over the REST webhook: cited answers, alternatives, article lookup, pháp điển, nothing relevant."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.slow


def _sender() -> str:
    return f"l-{uuid.uuid4().hex[:10]}"


def _joined(replies) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def test_topic_question_gets_the_article_with_citation_status_and_alternatives(assistant):
    sender = _sender()
    replies = assistant.say(sender, "điều kiện kết hôn theo luật là gì")
    reply = _joined(replies)
    assert "Điều 8, Luật Hôn nhân và gia đình số 52/2014/QH13" in reply
    assert "Tình trạng hiệu lực" in reply and "Nguồn:" in reply
    buttons = [b for r in replies for b in r.get("buttons", []) if b["payload"].startswith("/ask_article")]
    assert 1 <= len(buttons) <= 3
    alternative = _joined(assistant.say(sender, buttons[0]["payload"]))
    assert alternative.startswith("Điều ") and "Luật Hôn nhân và gia đình" in alternative


def test_specific_article_without_diacritics(assistant):
    reply = _joined(assistant.say(_sender(), "dieu 20 luat cu tru noi gi"))
    assert reply.startswith("Điều 20, Luật Cư trú số 68/2020/QH14")


def test_document_status_question(assistant):
    reply = _joined(assistant.say(_sender(), "nghị định 30/2020/NĐ-CP còn hiệu lực không"))
    assert "30/2020/NĐ-CP" in reply and "Tình trạng hiệu lực" in reply


def test_phapdien_browsing_lists_the_45_topics(assistant):
    replies = assistant.say(_sender(), "tra cứu bộ pháp điển")
    reply = _joined(replies)
    assert "45 chủ đề" in reply and "Đất đai" in reply
    assert replies[0].get("buttons")


def test_nothing_relevant_is_said_instead_of_a_weak_match(assistant):
    reply = _joined(assistant.say(_sender(), "luật nào quy định về nuôi rồng trên sao hỏa"))
    assert "chưa tìm thấy quy định đủ liên quan" in reply
