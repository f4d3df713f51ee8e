"""Answer texts a citizen reads: short, in Vietnamese, with the facts asked for and where they come from."""

from __future__ import annotations

import re

from legal_kb.procedures import answers
from legal_kb.procedures.service import detect_facet

CITATION = re.compile(r"^Nguồn: .+ \(cập nhật \d{2}/\d{2}/\d{4}\)$")


def test_overview_gives_the_key_facts_of_temporary_residence(knowledge):
    text = knowledge.overview("dang-ky-tam-tru")
    assert "Đăng ký tạm trú" in text and "1.004194" in text
    assert "03 ngày làm việc" in text
    assert "15.000 đồng" in text and "7.000 đồng" in text
    assert "Công an xã, phường" in text
    assert CITATION.match(text.splitlines()[-1])
    assert len(text) < 1000


def test_documents_list_says_original_or_copy_and_the_form(knowledge):
    text = knowledge.facet("dang-ky-thuong-tru", "documents")
    assert "Tờ khai thay đổi thông tin cư trú" in text and "Mẫu CT01" in text
    assert "01 bản chính" in text and "01 bản sao" in text


def test_fees_show_amounts_and_conditions(knowledge):
    text = knowledge.facet("chung-thuc-ban-sao", "fees")
    assert "2.000 đồng/trang" in text and "200.000 đồng/bản" in text
    text = knowledge.facet("dang-ky-ket-hon", "fees")
    assert "miễn phí" in text


def test_fees_set_by_the_provincial_council_are_not_invented(knowledge, catalog):
    procedure = catalog.procedure("xac-nhan-tinh-trang-hon-nhan")
    assert procedure.fees[0].amount is None
    assert "HĐND tỉnh" in knowledge.facet(procedure.key, "fees")


def test_online_answer_names_the_portal_and_the_service_level(knowledge):
    text = knowledge.facet("dang-ky-tam-tru", "online")
    assert "toàn trình" in text and "dichvucong.gov.vn" in text
    text = knowledge.facet("chung-thuc-chu-ky", "online")
    assert text.startswith("Nộp trực tuyến") and "Chưa nộp trực tuyến được" in text


def test_legal_basis_cites_article_and_document_number(knowledge):
    text = knowledge.facet("dang-ky-thuong-tru", "legal_basis")
    assert "các Điều 20, 21, 22 Luật Cư trú 2020" in text and "68/2020/QH14" in text


def test_steps_are_numbered(knowledge):
    text = knowledge.facet("dang-ky-khai-sinh", "steps")
    assert "\n1. " in text and "\n2. " in text


def test_every_facet_ends_with_a_citation_line(knowledge, catalog):
    for facet in answers.FACET_LABELS:
        text = knowledge.facet("dang-ky-khai-tu", facet)
        assert CITATION.match(text.splitlines()[-1]), facet


def test_ambiguous_question_is_turned_into_choices(index):
    result = index.resolve("chứng thực")
    buttons = answers.choice_buttons(result)
    assert {key for _, key in buttons} >= {"chung-thuc-ban-sao", "chung-thuc-chu-ky", "chung-thuc-hop-dong"}
    assert answers.choice_text(result).startswith("Bạn muốn hỏi thủ tục nào")


def test_not_found_is_honest_and_offers_a_way_to_staff(knowledge, index):
    text = knowledge.not_found(index.resolve("đăng ký nuôi chó mèo cảnh"))
    assert text.startswith("Xin lỗi, tôi chưa tìm thấy")
    assert "1800 1096" in text and "gặp cán bộ" in text and "dichvucong.langson.gov.vn" in text


def test_agency_lookup_and_text(knowledge):
    agency = knowledge.find_agency("trung tam hanh chinh cong")
    assert agency is not None and agency.key == "trung-tam-pvhcc"
    text = answers.agency_text(agency, knowledge.catalog)
    assert "Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn" in text
    assert "kiểm tra lại" in text  # contact details not verified yet
    assert knowledge.find_agency("abc xyz") is None


def test_portal_guide_covers_account_submitting_paying_and_tracking(catalog):
    text = answers.portal_guide_text(catalog)
    for word in ("VNeID", "Nộp hồ sơ", "Thanh toán", "Theo dõi"):
        assert word in text
    assert "dichvucong.langson.gov.vn" in text


def test_follow_up_questions_map_to_facets():
    assert detect_facet("cần giấy tờ gì?") == "documents"
    assert detect_facet("mat bao lau") == "processing_time"
    assert detect_facet("lệ phí bao nhiêu?") == "fees"
    assert detect_facet("nộp ở đâu") == "place"
    assert detect_facet("làm online được không?") == "online"
    assert detect_facet("căn cứ pháp lý?") == "legal_basis"
    assert detect_facet("các bước làm") == "steps"
    assert detect_facet("xin chào") is None
    assert detect_facet("gia hạn tạm trú cần giấy tờ gì") == "documents"
    assert detect_facet("mất bao nhiêu ngày thì có kết quả") == "processing_time"


def test_the_overview_warning_names_the_facts_still_unverified(knowledge):
    text = knowledge.overview("dang-ky-khai-sinh")
    warning = next(line for line in text.splitlines() if line.startswith("⚠️"))
    assert "lệ phí" in warning and "thời hạn" not in warning
