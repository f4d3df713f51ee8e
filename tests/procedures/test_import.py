"""Importing the content folder: idempotent, one transaction, bad rows reported with file and line."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from legal_kb.db import session_scope
from legal_kb.procedures import models as m
from legal_kb.procedures.content import ContentError, load_catalog
from legal_kb.procedures.importer import create_tables, import_folder, read_catalog


def _snapshot(engine):
    with session_scope(engine) as session:
        procedures = session.execute(
            select(m.Procedure.id, m.Procedure.key, m.Procedure.content_hash).order_by(m.Procedure.id)
        ).all()
        documents = session.execute(select(m.ProcedureDocument.id).order_by(m.ProcedureDocument.id)).all()
        agencies = session.execute(select(m.Agency.id, m.Agency.content_hash).order_by(m.Agency.id)).all()
    return procedures, documents, agencies


def _count(engine, model):
    with session_scope(engine) as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_import_then_reimport_changes_nothing(engine):
    first = import_folder(engine)
    assert len(first.added) >= 30
    before = _snapshot(engine)
    again = import_folder(engine)
    assert not again.changed and len(again.unchanged) == len(first.added)
    assert _snapshot(engine) == before


def test_what_is_read_back_equals_the_content_files(engine):
    import_folder(engine)
    assert read_catalog(engine).procedures == load_catalog().procedures


def test_an_edited_record_is_updated_and_nothing_else(engine, content_copy):
    import_folder(engine, content_copy)
    path = content_copy / "procedures" / "cu_tru.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.", "03 ngày làm việc.", 1), encoding="utf-8"
    )
    report = import_folder(engine, content_copy)
    assert report.updated == ["dang-ky-tam-tru"] and not report.added and not report.removed
    stored = {p.key: p for p in read_catalog(engine, content_copy).procedures}
    assert stored["dang-ky-tam-tru"].processing_time == "03 ngày làm việc."


def test_a_removed_record_is_removed(engine, content_copy):
    import_folder(engine, content_copy)
    path = content_copy / "procedures" / "cong_an.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: cap-ho-chieu")
    path.write_text(text[:start], encoding="utf-8")
    report = import_folder(engine, content_copy)
    assert report.removed == ["cap-ho-chieu"]
    assert _count(engine, m.Procedure) == len(load_catalog(content_copy).procedures)


def _break(content_copy, old, new, filename="ho_tich.yml"):
    path = content_copy / "procedures" / filename
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    return f"procedures/{filename}:{line}"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("- id: dang-ky-ket-hon\n", "- id: dang-ky-ket-hon\n  bogus: 1\n", "bogus"),
        ('{amount: 8000, unit: "đồng/bản"', '{amount: -5, unit: "đồng/bản"', "amount"),
        (
            "agency: ubnd-xa\n  place: UBND xã, phường nơi cư trú cuối cùng",
            "agency: ubnd-huyen\n  place: UBND xã, phường nơi cư trú cuối cùng",
            "ubnd-huyen",
        ),
        ('code: "1.000894"', 'code: "1.001193"', "trùng"),
    ],
)
def test_a_bad_row_is_reported_with_file_and_line_and_nothing_is_written(engine, content_copy, old, new, message):
    create_tables(engine)  # the tables exist, so "nothing written" is counted, not assumed
    _break(content_copy, old, new)
    with pytest.raises(ContentError) as caught:
        import_folder(engine, content_copy)
    assert any(message in str(p) and p.path == "procedures/ho_tich.yml" and p.line > 1 for p in caught.value.problems)
    assert (_count(engine, m.Procedure), _count(engine, m.Agency)) == (0, 0)


def test_the_reported_line_points_at_the_broken_record(content_copy):
    where = _break(content_copy, "- id: dang-ky-khai-tu\n", "- id: Dang Ky Khai Tu\n")
    with pytest.raises(ContentError) as caught:
        load_catalog(content_copy)
    assert str(caught.value.problems[0]).startswith(where)


def test_a_yaml_syntax_error_is_reported_with_its_line(content_copy):
    where = _break(content_copy, "  field: Cư trú\n", "  field: [Cư trú\n", filename="cu_tru.yml")
    with pytest.raises(ContentError) as caught:
        load_catalog(content_copy)
    problem = caught.value.problems[0]
    assert problem.path == "procedures/cu_tru.yml" and abs(problem.line - int(where.rsplit(":", 1)[1])) <= 2


def test_a_bad_file_leaves_the_previous_import_untouched(engine, content_copy):
    import_folder(engine, content_copy)
    before = _snapshot(engine)
    _break(content_copy, "  processing_time: 03 ngày làm việc.\n", "  processing_time: 05 ngày.\n  typo_field: x\n")
    with pytest.raises(ContentError):
        import_folder(engine, content_copy)
    assert _snapshot(engine) == before
