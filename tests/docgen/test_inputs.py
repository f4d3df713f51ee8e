"""Requests for a document: defaults, validation messages, and user text kept as plain data."""

import datetime as dt
import io

import docx
import pytest
from docgen_helpers import all_paragraphs, find

from docgen import InputError, draft
from docgen.check import check_document
from docgen.examples import example
from docgen.settings import Settings, UnitDefaults

TODAY = dt.date(2026, 1, 5)


def _doc(kind, data, **kwargs):
    return docx.Document(io.BytesIO(draft(kind, data, defaults=kwargs.get("defaults", UnitDefaults()), today=TODAY)))


def test_missing_fields_are_listed_in_vietnamese():
    with pytest.raises(InputError) as caught:
        draft("giay_moi", {"so": 0, "nguoi_ky": {"ho_ten": "A B"}}, defaults=UnitDefaults(), today=TODAY)
    errors = "\n".join(caught.value.errors)
    assert "Thiếu trường bắt buộc «trich_yeu»" in errors
    assert "«thoi_gian»" in errors and "«dia_diem»" in errors
    assert "phải là số nguyên dương" in errors


def test_unknown_field_and_bad_authority_are_reported():
    data = example("bao_cao")
    data["tieu_de"] = "x"
    data["nguoi_ky"] = {"chuc_vu": ["K.T. CHỦ TỊCH"], "ho_ten": "Hoàng Văn Nam"}
    with pytest.raises(InputError) as caught:
        draft("bao_cao", data, defaults=UnitDefaults())
    errors = "\n".join(caught.value.errors)
    assert "«tieu_de» không dùng" in errors and "Quyền hạn «K.T.»" in errors


def test_unreadable_meeting_time_asks_for_an_example():
    data = example("giay_moi")
    data["thoi_gian"] = "khi nào rảnh"
    with pytest.raises(InputError, match="8h30 thứ Hai"):
        draft("giay_moi", data, defaults=UnitDefaults())


def test_vietnamese_meeting_phrase_is_resolved_from_the_document_date():
    data = example("giay_moi")
    data.update({"ngay": "2026-01-05", "thoi_gian": "14h thứ hai tuần sau"})
    document = _doc("giay_moi", data)
    assert find(document, "Thời gian:").text == "Thời gian: 14 giờ 00 phút, thứ Hai, ngày 12/01/2026."


def test_user_text_is_data_not_markup():
    data = example("thong_bao")
    hostile = "{{ settings.secret }} <w:t>x</w:t> ${jndi} \x07 kết thúc"
    data["noi_dung"] = [hostile]
    document = _doc("thong_bao", data)
    texts = [p.text for p in all_paragraphs(document)]
    assert "{{ settings.secret }} <w:t>x</w:t> ${jndi} kết thúc./." in texts


def test_without_number_the_blank_is_left_for_the_registry_and_still_passes():
    data = example("giay_moi")
    del data["so"]
    content = draft("giay_moi", data, defaults=UnitDefaults())
    document = docx.Document(io.BytesIO(content))
    assert find(document, "Số:").text.replace(" ", "") == "Số:/GM-UBND"
    assert check_document(content).ok


def test_unit_defaults_come_from_the_environment():
    settings = Settings.from_env({"DOCGEN_UNIT_NAME": "Sở Tư pháp", "DOCGEN_UNIT_ABBR": "STP",
                                  "DOCGEN_PARENT_UNIT": "UBND tỉnh Lạng Sơn"})
    data = example("thong_bao")
    document = _doc("thong_bao", data, defaults=settings.unit)
    assert find(document, "Số:").text == "Số: 07/TB-STP"
    assert find(document, "SỞ TƯ PHÁP")
    assert find(document, "UBND TỈNH LẠNG SƠN")


def test_default_place_and_unit_are_lang_son():
    unit = Settings.from_env({}).unit
    assert unit.place == "Lạng Sơn" and unit.unit_abbr == "UBND"


def test_long_content_numbers_pages_from_the_second():
    data = example("bao_cao")
    data["noi_dung"] = ["Nội dung báo cáo chi tiết về kết quả thực hiện nhiệm vụ. " * 12] * 12
    content = draft("bao_cao", data, defaults=UnitDefaults())
    assert check_document(content).ok
