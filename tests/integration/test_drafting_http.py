"""A civil servant drafts a giấy mời over the REST channel and downloads the .docx from the link."""

from __future__ import annotations

import io
import uuid

import docx
import httpx
import pytest

pytestmark = pytest.mark.slow

# (words in the bot's question, the answer); the summary is recognised first because it repeats the labels
ANSWERS = [
    ("Tóm tắt giấy mời", "/affirm"),
    ("dự cuộc họp, sự kiện gì", "họp giao ban công tác tư pháp"),
    ("giờ bắt đầu", "8h30"),
    ("diễn ra lúc nào", "8h30 thứ Hai tuần sau"),
    ("Địa điểm tổ chức", "Phòng họp số 2, trụ sở Sở Tư pháp"),
    ("Kính mời những ai", "Trưởng các phòng chuyên môn; Chánh Văn phòng Sở"),
    ("Họ và tên người ký", "Nguyễn Văn An"),
]


def test_official_drafts_a_giay_moi_and_downloads_the_docx(assistant):
    sender, metadata = f"t-{uuid.uuid4().hex[:10]}", {"token": assistant.token(f"cb-{uuid.uuid4().hex[:6]}")}
    replies = assistant.say(sender, "soạn giấy mời họp giao ban thứ Hai tuần sau", metadata)
    link = None
    for _ in range(12):
        link = next((r["custom"]["url"] for r in replies if isinstance(r.get("custom"), dict)), None)
        if link:
            break
        text = " ".join(r.get("text") or "" for r in replies)
        answer = next((a for prompt, a in ANSWERS if prompt in text), None)
        assert answer, f"unexpected reply: {text}"
        replies = assistant.say(sender, answer, metadata)
    assert link, "no download link after the summary was confirmed"
    assert any("hiệu lực đến" in (r.get("text") or "") for r in replies)
    response = httpx.get(link, timeout=30)
    assert response.status_code == 200, f"{link} answered {response.status_code}: {response.text[:200]}"
    assert "Gi%E1%BA%A5y%20m%E1%BB%9Di.docx" in response.headers["content-disposition"]
    document = docx.Document(io.BytesIO(response.content))
    body = "\n".join(p.text for p in document.paragraphs)
    header = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "GIẤY MỜI" in body and "Phòng họp số 2" in body and "08 giờ 30 phút, thứ Hai" in body
    assert "SỞ TƯ PHÁP" in header and "Nguyễn Văn An" in header


def test_citizen_asking_to_draft_is_refused_politely(assistant):
    replies = assistant.texts(f"t-{uuid.uuid4().hex[:10]}", "soạn giúp tôi giấy mời họp")
    assert any("chỉ dành cho cán bộ, công chức" in r for r in replies)


def test_correcting_a_field_at_the_summary_and_cancelling(assistant):
    sender, metadata = f"t-{uuid.uuid4().hex[:10]}", {"token": assistant.token(f"cb-{uuid.uuid4().hex[:6]}")}

    def say(message: str) -> str:
        return " ".join(r.get("text") or "" for r in assistant.say(sender, message, metadata))

    assert "Trích yếu nội dung" in say("soạn thông báo")
    assert "nội dung chính" in say("Lịch tiếp công dân tháng 12 năm 2026")
    assert "Đã hủy việc soạn thông báo" in say("hủy")
    say("soạn giấy mời họp giao ban 8h30 thứ Hai tuần sau")
    say("Phòng họp số 2")
    say("Trưởng các phòng chuyên môn")
    summary = say("Nguyễn Văn An")
    assert "Tóm tắt giấy mời" in summary and "Phòng họp số 2" in summary
    assert "mục nào" in say("/deny")
    assert "Địa điểm tổ chức" in say("Địa điểm")
    summary = say("Hội trường tầng 3")
    assert "Hội trường tầng 3" in summary and "Phòng họp số 2" not in summary
    assert "Đã hủy việc soạn giấy mời" in say("/cancel")


def test_official_uploads_a_draft_and_gets_the_format_violations(assistant):
    from docgen import draft as build
    from docgen.examples import example

    content = bytearray(build("cong_van", example("cong_van")))
    token = assistant.token(f"cb-{uuid.uuid4().hex[:6]}")
    document = docx.Document(io.BytesIO(bytes(content)))
    document.sections[0].left_margin = docx.shared.Mm(20)  # too narrow: Phụ lục I wants 30–35 mm
    buffer = io.BytesIO()
    document.save(buffer)
    upload = httpx.post(f"{assistant.files_url}/upload", content=buffer.getvalue(),
                        headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert upload.status_code == 201
    metadata = {"token": token, "file_id": upload.json()["file_id"]}
    reply = " ".join(r.get("text") or "" for r in assistant.say(f"t-{uuid.uuid4().hex[:10]}", "kiểm tra thể thức văn bản này giúp tôi", metadata))
    assert "lỗi thể thức" in reply and "Lề trái" in reply
