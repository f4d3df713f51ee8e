import json
from datetime import date

import pytest
from sqlalchemy import func, select

from legal_kb.db import make_engine, session_scope
from legal_kb.documents.importers import ImportError_
from legal_kb.documents.importers.alqac import import_alqac
from legal_kb.documents.importers.phapdien import import_chu_de, import_export
from legal_kb.documents.importers.text import import_files
from legal_kb.documents.models import (
    LegalDocument,
    LegalUnit,
    PhapDienChuDe,
    PhapDienDeMuc,
    PhapDienNode,
    SearchArticle,
)
from tests.legal.conftest import CORPUS, FIXTURES, ND30, write_subset


def counts(engine):
    with session_scope(engine) as s:
        return tuple(s.execute(select(func.count()).select_from(m)).scalar() for m in (LegalDocument, LegalUnit, SearchArticle))


@pytest.fixture()
def engine(tmp_path):
    from legal_kb.documents.importers.common import prepare

    engine = make_engine(f"sqlite:///{tmp_path / 'kb.sqlite'}")
    prepare(engine)
    return engine


def test_alqac_import_keeps_title_and_metadata(engine, tmp_path):
    imported_on = date(2025, 9, 30)
    import_alqac(engine, write_subset(tmp_path / "laws.json", ["Luật Cư trú 2020"]), as_of=imported_on)
    with session_scope(engine) as s:
        doc = s.execute(select(LegalDocument)).scalar_one()
        assert doc.title == "Luật Cư trú 2020" and doc.external_id == "Luật Cư trú 2020"
        assert (doc.number, doc.doc_type, doc.status) == ("68/2020/QH14", "Luật", "còn hiệu lực")
        assert doc.effective_date.isoformat() == "2021-07-01"
        assert doc.citation_name() == "Luật Cư trú số 68/2020/QH14"
        article = s.execute(select(LegalUnit).where(LegalUnit.document_id == doc.id, LegalUnit.kind == "dieu", LegalUnit.number == "20")).scalar_one()
        assert article.heading == "Điều kiện đăng ký thường trú"
        assert article.source.startswith("68/2020/QH14, Điều 20") and article.as_of == imported_on


def test_reimport_updates_without_duplicates(engine, tmp_path):
    path = write_subset(tmp_path / "laws.json", ["Luật Thanh niên 2020"])
    import_alqac(engine, path)
    first = counts(engine)
    laws = json.loads(path.read_text(encoding="utf-8"))
    laws[0]["articles"][0]["text"] = "Phạm vi điều chỉnh\n\nNội dung đã sửa."
    path.write_text(json.dumps(laws, ensure_ascii=False), encoding="utf-8")
    import_alqac(engine, path)
    assert counts(engine)[0] == first[0] and counts(engine)[2] == first[2]
    with session_scope(engine) as s:
        texts = s.execute(select(LegalUnit.text).where(LegalUnit.kind == "dieu", LegalUnit.number == "1")).scalars().all()
        assert texts == ["Nội dung đã sửa."]


def test_text_import_is_idempotent(engine):
    import_files(engine, [ND30])
    first = counts(engine)
    import_files(engine, [ND30])
    assert counts(engine) == first and first[2] == 38


def test_bad_json_reports_position_and_writes_nothing(engine, tmp_path):
    import_alqac(engine, write_subset(tmp_path / "good.json", ["Luật Thanh niên 2020"]))
    before = counts(engine)
    bad = tmp_path / "bad.json"
    bad.write_text('[\n {"id": "Luật A", "articles": [\n  {"id": "1", "text": "x"},\n ]\n}]', encoding="utf-8")
    with pytest.raises(ImportError_) as err:
        import_alqac(engine, bad)
    assert "dòng 4" in err.value.position and "bad.json" in str(err.value)
    assert counts(engine) == before


def test_bad_law_in_the_middle_stops_everything(engine, tmp_path):
    path = write_subset(tmp_path / "laws.json", ["Luật Cư trú 2020", "Luật Thanh niên 2020"])
    laws = json.loads(path.read_text(encoding="utf-8"))
    del laws[1]["articles"][3]["text"]
    path.write_text(json.dumps(laws, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ImportError_) as err:
        import_alqac(engine, path)
    assert "văn bản thứ 2" in err.value.position and "điều thứ 4" in err.value.position
    with session_scope(engine) as s:
        assert s.execute(select(func.count()).select_from(LegalDocument)).scalar() == 0


def test_text_with_duplicate_article_names_the_line(engine, tmp_path):
    bad = tmp_path / "nd.md"
    bad.write_text("NGHỊ ĐỊNH\nVề thử nghiệm\nĐiều 1. Một\nA.\nĐiều 1. Hai\n", encoding="utf-8")
    with pytest.raises(ImportError_) as err:
        import_files(engine, [ND30, bad])
    assert err.value.position == "dòng 5" and err.value.path.endswith("nd.md")
    assert counts(engine)[0] == 0  # the good file before it was not written either


def test_docx_import(engine, tmp_path):
    import docx

    d = docx.Document()
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nSố: 12/2023/QĐ-UBND"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nLạng Sơn, ngày 10 tháng 5 năm 2023"
    for line in ["QUYẾT ĐỊNH", "Ban hành Quy chế tiếp công dân", "Chương I", "QUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh",
                 "1. Quy chế này quy định việc tiếp công dân.", "a) Tại trụ sở tiếp công dân tỉnh;", "b) Tại Ủy ban nhân dân cấp xã.",
                 "Điều 2. Hiệu lực thi hành", "Quyết định này có hiệu lực từ ngày 20 tháng 5 năm 2023."]:
        d.add_paragraph(line)
    path = tmp_path / "qd.docx"
    d.save(path)
    import_files(engine, [path])
    with session_scope(engine) as s:
        doc = s.execute(select(LegalDocument)).scalar_one()
        assert (doc.number, doc.doc_type, doc.issuer) == ("12/2023/QĐ-UBND", "Quyết định", "Ủy ban nhân dân")
        assert doc.title == "Quyết định ban hành Quy chế tiếp công dân"
        assert (doc.issue_date.isoformat(), doc.effective_date.isoformat()) == ("2023-05-10", "2023-05-20")
        diem = s.execute(select(LegalUnit).where(LegalUnit.kind == "diem")).scalars().all()
        assert [x.number for x in diem] == ["a", "b"]


def test_chu_de_list(engine):
    import_chu_de(engine, CORPUS / "phapdien_chude.json")
    import_chu_de(engine, CORPUS / "phapdien_chude.json")
    with session_scope(engine) as s:
        rows = s.execute(select(PhapDienChuDe).order_by(PhapDienChuDe.id)).scalars().all()
        assert len(rows) == 45 and rows[14].title == "Hành chính tư pháp" and rows[-1].title == "Y tế, dược"


def test_phapdien_export_links_source_articles(engine, tmp_path):
    import_alqac(engine, write_subset(tmp_path / "laws.json", ["Luật Cư trú 2020"]))
    import_export(engine, FIXTURES / "phapdien")
    import_export(engine, FIXTURES / "phapdien")
    with session_scope(engine) as s:
        assert s.execute(select(func.count()).select_from(PhapDienDeMuc)).scalar() == 2
        node = s.execute(select(PhapDienNode).where(PhapDienNode.code == "39.3.LQ.20")).scalar_one()
        unit = s.get(LegalUnit, node.unit_id)
        assert (unit.number, unit.heading) == ("20", "Điều kiện đăng ký thường trú")
        assert node.source_number == "68/2020/QH14" and "chỗ ở hợp pháp" in node.text
        fee = s.execute(select(PhapDienNode).where(PhapDienNode.code == "15.4.LQ.10")).scalar_one()
        assert fee.unit_id is None and fee.source_number == "28/2009/QH12"  # the law is not in the corpus
        chapters = s.execute(select(PhapDienNode.heading).where(PhapDienNode.kind != "dieu")).scalars().all()
        assert "Mục 1 PHIẾU LÝ LỊCH TƯ PHÁP" in chapters
        assert s.execute(select(func.count()).select_from(PhapDienNode)).scalar() == 7


def test_phapdien_export_without_code_anchor_is_rejected(engine):
    with pytest.raises(ImportError_) as err:
        import_export(engine, FIXTURES / "phapdien_bad")
    assert err.value.position == "dòng 10"
    with session_scope(engine) as s:
        assert s.execute(select(func.count()).select_from(PhapDienDeMuc)).scalar() == 0
