"""The drafting conversation's plain logic: answers, defaults, summary and the request docgen receives."""

from __future__ import annotations

import datetime as dt
import io
import json

import docx
import pytest

from docgen import conversation as conv
from docgen import draft
from docgen.check import check_document
from docgen.settings import UnitDefaults

TODAY = dt.date(2026, 1, 5)  # a Monday
DEFAULTS = UnitDefaults()
SIGNER = {"draft_chuc_vu": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "draft_nguoi_ky": "Lương Thị Hạnh"}
ANSWERS = {
    "giay_moi": {"draft_tham_du": "họp giao ban công tác cải cách hành chính tháng 01/2026",
                 "draft_thoi_gian": "2026-01-12T08:30", "draft_dia_diem": "Phòng họp số 2, trụ sở Sở Nội vụ",
                 "draft_kinh_moi": ["Trưởng các phòng chuyên môn", "Chánh Văn phòng Sở"]},
    "to_trinh": {"draft_trich_yeu": "Đề nghị phê duyệt kế hoạch tuyển dụng công chức năm 2026",
                 "draft_kinh_gui": ["Ủy ban nhân dân tỉnh Lạng Sơn"],
                 "draft_can_cu": ["Căn cứ Luật Cán bộ, công chức"],
                 "draft_noi_dung": ["I. SỰ CẦN THIẾT", "Các cơ quan còn thiếu 86 biên chế công chức."]},
    "bao_cao": {"draft_trich_yeu": "Kết quả giải quyết thủ tục hành chính năm 2025",
                "draft_noi_dung": ["Đã tiếp nhận 412.538 hồ sơ, 96,5% đúng hạn."]},
    "quyet_dinh": {"draft_trich_yeu": "Về việc thành lập Tổ công tác", "draft_tham_quyen": "Giám đốc Sở Nội vụ",
                   "draft_can_cu": ["Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ"],
                   "draft_dieu": ["Thành lập Tổ công tác.", "Quyết định này có hiệu lực kể từ ngày ký."]},
    "cong_van": {"draft_trich_yeu": "V/v đôn đốc cập nhật dữ liệu thủ tục hành chính",
                 "draft_kinh_gui": ["Các phòng chuyên môn", "Ủy ban nhân dân các xã"],
                 "draft_noi_dung": ["Đề nghị các đơn vị hoàn thành trước ngày 31/3/2026."]},
    "thong_bao": {"draft_trich_yeu": "Lịch tiếp công dân tháng 02 năm 2026",
                  "draft_noi_dung": ["Lịch tiếp công dân vào sáng thứ Năm hằng tuần."]},
    "ke_hoach": {"draft_trich_yeu": "Tập huấn soạn thảo văn bản năm 2026",
                 "draft_noi_dung": ["I. MỤC ĐÍCH", "Nâng cao kỹ năng soạn thảo văn bản."]},
}


def values(doc_type: str, unit: str = "Sở Nội vụ tỉnh Lạng Sơn") -> dict:
    return {"draft_co_quan": unit, **SIGNER, **ANSWERS[doc_type]}


@pytest.mark.parametrize("doc_type", sorted(conv.TYPE_FIELDS))
def test_every_type_from_answers_gives_a_document_that_passes_the_format_checker(doc_type):
    request = conv.build_request(doc_type, values(doc_type), DEFAULTS)
    content = draft(doc_type, request, defaults=DEFAULTS, today=TODAY)
    report = check_document(content)
    assert report.ok, report.as_text()
    document = docx.Document(io.BytesIO(content))
    cells = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Lương Thị Hạnh" in cells and "SỞ NỘI VỤ" in cells and "SNV" in cells


def test_every_type_asks_for_its_own_fields_and_a_signer():
    assert set(conv.TYPE_FIELDS) == set(__import__("docgen.doctypes").doctypes.TYPES)
    for fields in conv.TYPE_FIELDS.values():
        assert fields[-1] == "draft_nguoi_ky" and "draft_co_quan" in fields
    assert "draft_can_cu" in conv.TYPE_FIELDS["quyet_dinh"] and "draft_can_cu" in conv.TYPE_FIELDS["to_trinh"]
    assert conv.form_name("giay_moi") == "draft_giay_moi_form"


@pytest.mark.parametrize("text, expected", [
    ("8h30 thứ Hai 12/1", "2026-01-12T08:30"),
    ("8h30 thu hai 12/1", "2026-01-12T08:30"),
    ("14h chiều thứ Năm tuần sau", "2026-01-15T14:00"),
    ("2 giờ chiều ngày 20/01/2026", "2026-01-20T14:00"),
    ("sáng mai", "sáng 06/01/2026"),
])
def test_meeting_time_in_vietnamese(text, expected):
    assert conv.parse_answer("draft_thoi_gian", text, TODAY) == conv.Answer(expected)


@pytest.mark.parametrize("text, fragment", [
    ("hôm qua lúc 8h", "đã qua"),
    ("thứ Hai tuần sau", "giờ bắt đầu"),
    ("lúc nào cũng được", "chưa hiểu"),
    ("", "chưa nhập"),
])
def test_unclear_or_past_time_is_asked_again_in_vietnamese(text, fragment):
    answer = conv.parse_answer("draft_thoi_gian", text, TODAY)
    assert answer.value is None and fragment in answer.error


def test_time_alone_completes_the_day_given_in_the_request():
    assert conv.parse_answer("draft_thoi_gian", "9h", TODAY, hint="2026-01-12").value == "2026-01-12T09:00"


def test_request_sentence_prefills_the_event_and_the_day():
    assert conv.prefill_from_request("soạn giấy mời họp giao ban thứ Hai tuần sau", "giay_moi", TODAY) == {
        "draft_tham_du": "họp giao ban", conv.DATE_HINT_SLOT: "2026-01-12"}
    assert conv.prefill_from_request("soan giay moi hop chi bo 8h thu sau tuan nay", "giay_moi", TODAY) == {
        "draft_tham_du": "hop chi bo", "draft_thoi_gian": "2026-01-09T08:00"}
    assert conv.prefill_from_request("tạo tờ trình xin kinh phí tổ chức hội nghị", "to_trinh", TODAY) == {
        "draft_trich_yeu": "Xin kinh phí tổ chức hội nghị"}
    assert conv.prefill_from_request("viết công văn gửi Sở Tư pháp", "cong_van", TODAY) == {}


def test_lists_names_and_signer_titles():
    assert conv.parse_answer("draft_kinh_moi", "- Giám đốc các sở, ban, ngành;\n- Chủ tịch UBND các huyện.", TODAY
                             ).value == ["Giám đốc các sở, ban, ngành", "Chủ tịch UBND các huyện"]
    assert conv.parse_answer("draft_nguoi_ky", "nguyễn  văn an", TODAY).value == "Nguyễn Văn An"
    assert conv.parse_answer("draft_nguoi_ky", "An", TODAY).error
    assert conv.parse_answer("draft_chuc_vu", "kt. giám đốc, phó giám đốc", TODAY).value == [
        "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert "TM., KT." in conv.parse_answer("draft_chuc_vu", "XYZ. GIÁM ĐỐC", TODAY).error
    assert conv.parse_answer("draft_dieu", "Điều 1. Thành lập Tổ công tác.\nĐiều 2: Hiệu lực từ ngày ký.", TODAY
                             ).value == ["Thành lập Tổ công tác.", "Hiệu lực từ ngày ký."]
    assert conv.parse_answer("draft_dia_diem", "ab", TODAY).error


def test_can_cu_from_suggestions_numbers_or_typed_lines():
    hints = ["Căn cứ Luật A", "Căn cứ Luật B", "Căn cứ Nghị định C"]
    assert conv.parse_answer("draft_can_cu", "/affirm", TODAY, suggestions=hints, intent="affirm").value == hints
    assert conv.parse_answer("draft_can_cu", "1, 3", TODAY, suggestions=hints).value == [hints[0], hints[2]]
    assert conv.parse_answer("draft_can_cu", "Luật Cư trú 2020; căn cứ Nghị định 62/2021", TODAY).value == [
        "Căn cứ luật Cư trú 2020", "căn cứ Nghị định 62/2021"]
    assert conv.parse_answer("draft_can_cu", "/deny", TODAY, intent="deny", doc_type="to_trinh").value == []
    assert "ít nhất một căn cứ" in conv.parse_answer("draft_can_cu", "không", TODAY, doc_type="quyet_dinh").error


def test_unit_defaults_come_from_the_officials_unit():
    assert conv.unit_parts("Sở Tư pháp tỉnh Lạng Sơn", DEFAULTS) == ("Ủy ban nhân dân tỉnh Lạng Sơn", "Sở Tư pháp", "STP")
    assert conv.unit_parts("Sở Giáo dục và Đào tạo tỉnh Lạng Sơn", DEFAULTS)[2] == "SGDĐT"
    assert conv.unit_parts("UBND xã Hữu Lũng", DEFAULTS) == ("", "Ủy ban nhân dân xã Hữu Lũng", "UBND")
    official = conv.unit_defaults("Sở Tư pháp tỉnh Lạng Sơn", DEFAULTS)
    assert official == {"draft_co_quan": "Sở Tư pháp tỉnh Lạng Sơn", "draft_chuc_vu": ["GIÁM ĐỐC"],
                        "draft_tham_quyen": "Giám đốc Sở Tư pháp"}
    configured = conv.unit_defaults(None, UnitDefaults(signer_name="Hoàng Văn Nam"))
    assert configured["draft_co_quan"] == DEFAULTS.unit_name and configured["draft_nguoi_ky"] == "Hoàng Văn Nam"
    assert configured["draft_chuc_vu"] == list(DEFAULTS.signer_title)


def test_summary_lists_the_key_fields_and_correcting_finds_a_field():
    text = conv.summary_text("giay_moi", values("giay_moi"), DEFAULTS)
    assert "08 giờ 30 phút, thứ Hai, ngày 12/01/2026" in text and "Phòng họp số 2" in text
    assert "Sở Nội vụ (viết tắt SNV" in text and "\n\n" not in text
    assert conv.match_field("sửa địa điểm", "giay_moi") == "draft_dia_diem"
    assert conv.match_field("Thoi gian", "giay_moi") == "draft_thoi_gian"
    assert conv.match_field("2", "giay_moi") == "draft_thoi_gian"
    assert conv.match_field("không biết", "giay_moi") is None
    assert [b["payload"] for b in conv.confirm_buttons()] == ["/affirm", "/deny", "/cancel"]


def test_each_type_button_starts_drafting_its_own_type():
    buttons = conv.type_buttons()
    assert [b["title"] for b in buttons] == [
        "Giấy mời", "Tờ trình", "Báo cáo", "Quyết định", "Công văn", "Thông báo", "Kế hoạch"]
    chosen = []
    for button in buttons:
        intent, _, entities = button["payload"].partition("{")
        assert intent == "/draft_document"
        chosen.append(conv.type_key(json.loads("{" + entities)["doc_type"]))
    assert sorted(chosen) == sorted(conv.TYPE_FIELDS)


def test_user_text_is_data_never_template_code():
    hostile = "{{ config.__class__ }} {slot} ${HOME} <script>alert(1)</script>"
    answers = {**values("thong_bao"), "draft_trich_yeu": f"Thông báo {hostile}", "draft_noi_dung": [hostile]}
    content = draft("thong_bao", conv.build_request("thong_bao", answers, DEFAULTS), defaults=DEFAULTS, today=TODAY)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert hostile in text
    assert hostile in conv.summary_text("thong_bao", answers, DEFAULTS)
