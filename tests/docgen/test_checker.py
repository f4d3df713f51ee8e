"""The format checker: seeded defects in our own output are each reported with their rule."""

import json
from pathlib import Path

import docx
import pytest
from docgen_helpers import find, mutate
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt

from docgen.check import RULES, UnreadableDocument, check_document
from docgen.nd30 import TYPE_ABBREVIATIONS

ND30 = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "legal" / "nd30"


def _set_text(paragraph, text):
    runs = paragraph.runs
    runs[0].text = text
    for run in runs[1:]:
        run.text = ""


def _size(start, size):
    def change(document):
        for run in find(document, start).runs:
            run.font.size = Pt(size)
    return change


def _style(start, **flags):
    def change(document):
        for run in find(document, start).runs:
            for name, value in flags.items():
                setattr(run.font, name, value)
    return change


def _text(start, text):
    return lambda document: _set_text(find(document, start), text)


def _margin_left(document):
    document.sections[0].left_margin = Mm(25)


def _margin_top(document):
    document.sections[0].top_margin = Mm(30)


def _letter_size(document):
    document.sections[0].page_width = Mm(216)
    document.sections[0].page_height = Mm(279)


def _arial_body(document):
    find(document, "Tới dự").runs[0].font.name = "Arial"


def _no_line_under_tieu_ngu(document):
    paragraph = find(document, "Độc lập - Tự do - Hạnh phúc")
    rule = paragraph._p.getnext()
    rule.getparent().remove(rule)


def _no_line_under_unit(document):
    rule = find(document, "ỦY BAN NHÂN DÂN")._p.getnext()
    rule.getparent().remove(rule)


def _first_page_numbered(document):
    document.sections[0].different_first_page_header_footer = False


def _no_indent(document):
    find(document, "Tới dự").paragraph_format.first_line_indent = Cm(0)


def _left_aligned(document):
    find(document, "Tới dự").alignment = WD_ALIGN_PARAGRAPH.LEFT


def _double_spacing(document):
    find(document, "Tới dự").paragraph_format.line_spacing = 2.0


def _no_paragraph_spacing(document):
    for paragraph in document.paragraphs:
        paragraph.paragraph_format.space_after = Pt(0)


def _no_luu(document):
    paragraph = find(document, "- Lưu:")
    paragraph._p.getparent().remove(paragraph._p)


def _red_text(document):
    from docx.shared import RGBColor
    find(document, "Tới dự").runs[0].font.color.rgb = RGBColor(0xC0, 0, 0)


GIAY_MOI_DEFECTS = {
    "margin.left": _margin_left,
    "margin.top": _margin_top,
    "page.size": _letter_size,
    "font.family": _arial_body,
    "font.color": _red_text,
    "tieu_ngu.line": _no_line_under_tieu_ngu,
    "co_quan_ban_hanh.line": _no_line_under_unit,
    "page_number.first_page": _first_page_numbered,
    "quoc_hieu": _size("CỘNG HÒA", 14),
    "tieu_ngu": _style("Độc lập", bold=False),
    "co_quan_ban_hanh": _style("ỦY BAN NHÂN DÂN", bold=False),
    "so_ky_hieu.format": _text("Số:", "Số: 5/GM-UBND"),
    "dia_danh.leading_zero": _text("Lạng Sơn, ngày", "Lạng Sơn, ngày 5 tháng 1 năm 2026"),
    "dia_danh.format": _style("Lạng Sơn, ngày", italic=False),
    "ten_loai": _size("GIẤY MỜI", 16),
    "trich_yeu": _style("Họp giao ban", bold=False),
    "noi_dung.size": _size("Tới dự", 12),
    "noi_dung.indent": _no_indent,
    "noi_dung.align": _left_aligned,
    "noi_dung.line_spacing": _double_spacing,
    "noi_dung.spacing": _no_paragraph_spacing,
    "noi_nhan.label": _style("Nơi nhận:", bold=False),
    "noi_nhan.list": _size("- Như trên;", 13),
    "noi_nhan.luu": _no_luu,
    "chuc_vu": _style("TL. CHỦ TỊCH", bold=False),
    "ho_ten": _style("Nông Quang Huy", bold=False),
}


@pytest.mark.parametrize("rule", sorted(GIAY_MOI_DEFECTS))
def test_each_seeded_defect_is_reported_with_its_rule(example_docs, rule):
    broken = mutate(example_docs["giay_moi"], GIAY_MOI_DEFECTS[rule])
    report = check_document(broken, name="giay_moi")
    assert rule in report.rules_broken(), report.as_text()
    text = report.as_text()
    assert f"Phụ lục I, Phần I, mục {RULES[rule][1]}" in text


@pytest.mark.parametrize(
    "number, expected",
    [("Số: 05/QĐ-UBND", "«GM»"), ("Số: 05/2026/GM-UBND", "năm 2026"), ("Số: 05/GM", "thiếu chữ viết tắt")],
)
def test_wrong_abbreviation_is_explained(example_docs, number, expected):
    report = check_document(mutate(example_docs["giay_moi"], _text("Số:", number)))
    found = [v for v in report.violations if v.rule == "so_ky_hieu.abbreviation"]
    assert found and expected in found[0].message


def test_march_needs_no_leading_zero(example_docs):
    report = check_document(mutate(example_docs["giay_moi"], _text("Lạng Sơn", "Lạng Sơn, ngày 05 tháng 03 năm 2026")))
    assert [v.rule for v in report.violations] == ["dia_danh.leading_zero"]


def test_can_cu_punctuation_and_italics(example_docs):
    def change(document):
        _set_text(find(document, "Căn cứ Luật"), "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025,")
        for run in find(document, "Căn cứ Nghị định").runs:
            run.font.italic = False

    report = check_document(mutate(example_docs["quyet_dinh"], change))
    assert {"can_cu.punctuation", "can_cu.style"} <= set(report.rules_broken())
    assert "dấu «;»" in report.as_text()


def test_cong_van_without_nhu_tren(example_docs):
    def change(document):
        paragraph = find(document, "- Như trên;")
        paragraph._p.getparent().remove(paragraph._p)

    report = check_document(mutate(example_docs["cong_van"], change))
    assert any("Như trên" in v.message for v in report.violations)


def test_article_label_must_be_bold(example_docs):
    def change(document):
        find(document, "Điều 2.").runs[0].font.bold = False

    assert "dieu" in check_document(mutate(example_docs["quyet_dinh"], change)).rules_broken()


def test_a_plain_document_gets_not_found_messages_instead_of_a_crash():
    document = docx.Document()
    document.add_paragraph("Biên bản họp tổ dân phố số 3")
    document.add_paragraph("Nội dung cuộc họp gồm ba vấn đề.")
    import io
    buffer = io.BytesIO()
    document.save(buffer)
    report = check_document(buffer.getvalue(), name="ghi-chu.docx")
    text = report.as_text()
    assert not report.ok
    for missing in ("Không tìm thấy Quốc hiệu", "Không tìm thấy số, ký hiệu", "Không tìm thấy «Nơi nhận:»",
                    "Không tìm thấy họ tên người ký"):
        assert missing in text


def test_json_report_lists_rule_citation_and_message(example_docs):
    report = check_document(mutate(example_docs["giay_moi"], _margin_left))
    data = json.loads(report.as_json())
    assert data["ok"] is False and data["rules_checked"] >= 20
    item = data["violations"][0]
    assert item["rule"] == "margin.left"
    assert item["citation"] == "Phụ lục I, Phần I, mục I.3"
    assert "25 mm" in item["message"]


def test_not_a_docx_is_refused_clearly(tmp_path):
    path = tmp_path / "thu.docx"
    path.write_text("không phải docx")
    with pytest.raises(UnreadableDocument, match="Không mở được"):
        check_document(str(path))


SEEDED_DEFECTS = [("giay_moi", change) for change in GIAY_MOI_DEFECTS.values()] + [
    ("giay_moi", _text("Số:", "Số: 05/QĐ-UBND")),
    ("quyet_dinh", _style("Căn cứ Nghị định", italic=False)),
    ("quyet_dinh", _style("Điều 2.", bold=False)),
]


def test_at_least_twenty_distinct_rules(example_docs):
    # Counted from the violations the checker reports on seeded defects, not from the RULES table: a rule listed
    # there that no check ever reports does not count.
    reported = {
        v.rule: v.citation
        for kind, change in SEEDED_DEFECTS
        for v in check_document(mutate(example_docs[kind], change)).violations
    }
    assert len(reported) >= 20
    assert len(set(reported.values())) >= 15


@pytest.mark.skipif(not (ND30 / "Phuluc3.md").exists(), reason="Phụ lục III text not available")
def test_abbreviation_table_matches_phu_luc_iii():
    text = (ND30 / "Phuluc3.md").read_text(encoding="utf-8")
    for name, abbr in TYPE_ABBREVIATIONS.items():
        assert f"| {abbr} |" in text, (name, abbr)


@pytest.mark.skipif(not (ND30 / "Phuluc3.docx").exists(), reason="Phụ lục III .docx not available")
def test_decree_sample_is_read_as_a_template_with_blanks():
    report = check_document(str(ND30 / "Phuluc3.docx"))
    rules = set(report.rules_broken())
    text = report.as_text()
    # The sample header is found and formatted as the decree says…
    assert "Không tìm thấy Quốc hiệu" not in text
    assert not rules & {"quoc_hieu", "tieu_ngu", "tieu_ngu.line", "co_quan_ban_hanh", "margin.left",
                        "page.size", "page_number.first_page", "noi_nhan.label", "noi_nhan.luu"}
    # …while its blanks (number, date) are reported as not filled in.
    assert "so_ky_hieu.format" in rules and "chưa ghi đủ" in text
    assert "dia_danh.format" in rules
