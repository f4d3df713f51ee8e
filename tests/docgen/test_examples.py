"""Every type's example document: passes the checker and reads back with the decree's exact format."""

import io

import docx
import pytest
from docgen_helpers import all_paragraphs, find

from docgen.check import check_document
from docgen.doctypes import TYPES

TYPE_KEYS = list(TYPES)


def _runs(paragraph):
    return [r for r in paragraph.runs if r.text.strip()]


def _assert_format(paragraph, size, bold=False, italic=False):
    runs = _runs(paragraph)
    assert runs, paragraph.text
    for run in runs:
        assert run.font.size.pt == size, (paragraph.text, run.font.size.pt)
        assert bool(run.font.bold) == bold, paragraph.text
        assert bool(run.font.italic) == italic, paragraph.text


@pytest.mark.parametrize("kind", TYPE_KEYS)
def test_example_passes_the_checker(example_docs, kind):
    report = check_document(example_docs[kind], name=kind)
    assert report.ok, report.as_text()


@pytest.mark.parametrize("kind", TYPE_KEYS)
def test_page_is_a4_with_decree_margins_and_numbering_from_page_two(example_docs, kind):
    document = docx.Document(io.BytesIO(example_docs[kind]))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.top_margin.mm, 1) == 20.0
    assert round(section.bottom_margin.mm, 1) == 20.0
    assert round(section.left_margin.mm, 1) == 30.0
    assert round(section.right_margin.mm, 1) == 15.0
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml and 'w:val="center"' in header_xml
    assert "PAGE" not in section.first_page_header._element.xml


@pytest.mark.parametrize("kind", TYPE_KEYS)
def test_every_run_is_times_new_roman(example_docs, kind):
    document = docx.Document(io.BytesIO(example_docs[kind]))
    for paragraph in all_paragraphs(document):
        for run in _runs(paragraph):
            assert run.font.name == "Times New Roman", run.text


@pytest.mark.parametrize("kind", TYPE_KEYS)
def test_elements_have_the_decree_sizes_and_styles(example_docs, kind):
    document = docx.Document(io.BytesIO(example_docs[kind]))
    _assert_format(find(document, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), 12, bold=True)
    _assert_format(find(document, "Độc lập - Tự do - Hạnh phúc"), 13, bold=True)
    _assert_format(find(document, "Số: "), 13)
    _assert_format(find(document, "Lạng Sơn, ngày"), 13, italic=True)
    _assert_format(find(document, "Nơi nhận:"), 12, bold=True, italic=True)
    _assert_format(find(document, "- Lưu: VT"), 11)
    header = document.tables[0]
    assert "CỘNG HÒA" in header.cell(0, 1).text  # Quốc hiệu on the right…
    unit = header.cell(0, 0).paragraphs
    assert unit[-2].text.isupper() and all(r.font.bold for r in _runs(unit[-2]))  # …the unit bold on the left
    body = [p for p in document.paragraphs if p.paragraph_format.first_line_indent is not None]
    assert body
    for paragraph in body:
        assert round(paragraph.paragraph_format.first_line_indent.cm, 2) == 1.27
        assert paragraph.paragraph_format.space_after.pt >= 6
        assert all(r.font.size.pt == 14 for r in _runs(paragraph))
    closing = document.tables[-1]
    assert closing.cell(0, 0).paragraphs[0].text == "Nơi nhận:"  # left
    name = [p for p in closing.cell(0, 1).paragraphs if p.text.strip()][-1]  # signer on the right
    _assert_format(name, 14, bold=True)


@pytest.mark.parametrize("kind", [k for k in TYPE_KEYS if k != "cong_van"])
def test_type_name_and_summary(example_docs, kind):
    document = docx.Document(io.BytesIO(example_docs[kind]))
    name = TYPES[kind].name.upper()
    title = find(document, name)
    _assert_format(title, 14, bold=True)
    following = document.paragraphs[[p._p for p in document.paragraphs].index(title._p) + 1]
    _assert_format(following, 14, bold=True)
    assert not following.text.isupper()


def test_giay_moi_number_date_and_meeting_line(example_docs):
    document = docx.Document(io.BytesIO(example_docs["giay_moi"]))
    assert find(document, "Số:").text == "Số: 05/GM-UBND"
    assert find(document, "Lạng Sơn").text == "Lạng Sơn, ngày 05 tháng 01 năm 2026"
    assert find(document, "Thời gian:").text == "Thời gian: 08 giờ 00 phút, thứ Hai, ngày 12/01/2026."
    assert find(document, "Ủy ban nhân dân tỉnh Lạng Sơn trân trọng kính mời")
    assert [p.text for p in all_paragraphs(document) if p.text.endswith("./.")]


def test_cong_van_has_vv_kinh_gui_and_nhu_tren_but_no_type_name(example_docs):
    document = docx.Document(io.BytesIO(example_docs["cong_van"]))
    assert find(document, "Số:").text == "Số: 148/UBND-KSTT"
    vv = find(document, "V/v ")
    _assert_format(vv, 12)
    assert find(document, "Kính gửi:")
    assert find(document, "- Ủy ban nhân dân các xã, phường").text.endswith(".")
    assert find(document, "- Như trên;")
    assert not any(p.text.strip() == "CÔNG VĂN" for p in all_paragraphs(document))


def test_quyet_dinh_grounds_articles_and_recipients(example_docs):
    document = docx.Document(io.BytesIO(example_docs["quyet_dinh"]))
    grounds = [p for p in document.paragraphs if p.text.startswith(("Căn cứ", "Theo đề nghị"))]
    assert len(grounds) == 3
    assert [g.text[-1] for g in grounds] == [";", ";", "."]
    for ground in grounds:
        _assert_format(ground, 14, italic=True)
    assert find(document, "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN")
    assert find(document, "QUYẾT ĐỊNH:")
    articles = [p for p in document.paragraphs if p.text.startswith("Điều ")]
    assert [a.text.split()[1] for a in articles] == ["1.", "2.", "3."]
    assert all(a.runs[0].font.bold for a in articles)
    assert find(document, "- Như Điều 3;")
    assert [p.text for p in all_paragraphs(document) if p.text.startswith("- Lưu")] == ["- Lưu: VT, VP."]


def test_unit_with_parent_prints_both_lines(example_docs):
    document = docx.Document(io.BytesIO(example_docs["ke_hoach"]))
    cell = document.tables[0].cell(0, 0)
    texts = [p.text for p in cell.paragraphs if p.text.strip()]
    assert texts == ["UBND TỈNH LẠNG SƠN", "SỞ NỘI VỤ"]
    assert not any(r.font.bold for r in cell.paragraphs[0].runs)
    assert find(document, "Số:").text == "Số: 18/KH-SNV"
