"""First messages as people write them, through the REST webhook: the right capability answers."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.slow

BARE_INTENTS = {"/affirm", "/deny", "/greet", "/goodbye", "/thank", "/out_of_scope", "/restart"}


def _ask(assistant, text):
    replies = assistant.say(f"t-{uuid.uuid4().hex[:10]}", text)
    texts = " ".join(r.get("text") or "" for r in replies)
    buttons = [b for r in replies for b in r.get("buttons") or []]
    return texts, buttons


@pytest.mark.parametrize("text, variants", [
    ("tạm trú", {"Đăng ký tạm trú", "Gia hạn tạm trú"}),
    ("ket hon", {"Đăng ký kết hôn", "Đăng ký kết hôn có yếu tố nước ngoài"}),
])
def test_a_bare_procedure_name_offers_its_variants_as_buttons(assistant, text, variants):
    texts, buttons = _ask(assistant, text)
    assert "thủ tục nào" in texts
    assert variants <= {b["title"] for b in buttons}
    assert not {b["payload"] for b in buttons} & BARE_INTENTS


@pytest.mark.parametrize("text, heading", [
    ("chứng thực hợp đồng mua bán xe máy", "Chứng thực hợp đồng, giao dịch"),
    ("ong toi mat roi lam giay bao tu the nao", "Đăng ký khai tử"),
    ("đổi bằng lái xe ô tô sắp hết hạn mất bao nhiêu tiền", "Đổi giấy phép lái xe"),
])
def test_a_named_procedure_is_answered_even_when_the_classifier_doubts(assistant, text, heading):
    texts, _ = _ask(assistant, text)
    assert heading in texts and "Có phải bạn muốn" not in texts


def test_a_legal_life_situation_gets_a_cited_article(assistant):
    texts, buttons = _ask(assistant, "hàng xóm xây tường rào lấn sang đất nhà tôi thì pháp luật quy định thế nào")
    assert "Bộ Luật Dân sự" in texts and "Điều 17" in texts  # Điều 175/176: ranh giới, mốc giới
    assert "Nguồn:" in texts


def test_a_procedure_the_catalogue_lacks_is_said_so_with_where_to_look(assistant):
    texts, _ = _ask(assistant, "thủ tục xin giấy phép khai thác thủy sản ở Lạng Sơn làm thế nào")
    assert "chưa có thông tin về thủ tục này" in texts and "dichvucong" in texts
    assert "Giấy tờ cần chuẩn bị" not in texts


def test_out_of_scope_is_said_after_the_knowledge_was_asked(assistant):
    texts, _ = _ask(assistant, "giá vàng SJC hôm nay bao nhiêu một chỉ")
    assert "ngoài phạm vi" in texts


def test_nothing_clear_gets_concrete_options_never_bare_intents(assistant):
    texts, buttons = _ask(assistant, "qwzx vbnm plkj")
    assert "chưa hiểu rõ" in texts or "ngoài phạm vi" in texts
    titles = {b["title"] for b in buttons}
    assert "Gặp cán bộ" in titles
    assert not {b["payload"] for b in buttons} & BARE_INTENTS


def test_a_menu_button_asks_for_the_question(assistant):
    texts, _ = _ask(assistant, "/ask_procedure")
    assert "thủ tục nào" in texts and "chưa có thông tin" not in texts


def test_a_plain_greeting_is_greeted(assistant):
    texts, _ = _ask(assistant, "xin chào ạ")
    assert "Trợ lý ảo" in texts


def test_a_greeting_that_carries_a_procedure_question_gets_the_procedure(assistant):
    texts, _ = _ask(assistant, "chào bạn, cho mình hỏi làm hộ chiếu phổ thông cần những giấy tờ gì")
    assert "hộ chiếu" in texts.lower() and "Tôi là Trợ lý ảo" not in texts


def test_a_feedback_request_opens_the_feedback_form(assistant):
    texts, _ = _ask(assistant, "tôi muốn gửi phản ánh về việc cán bộ xã hẹn trả hồ sơ nhiều lần không đúng hẹn")
    assert "nội dung phản ánh" in texts
