"""The PostgreSQL back-end against the real server gives the same top results as SQLite."""

import os
import uuid

import pytest
from sqlalchemy import text

from legal_kb.db import make_engine
from legal_kb.documents.search import search
from tests.legal.conftest import ND30, write_subset

QUERIES = [
    "Công dân có chỗ ở hợp pháp thuộc quyền sở hữu của mình thì được đăng ký thường trú",
    "dieu kien ket hon",
    "Điều 20 Luật Cư trú",
    "trách nhiệm của văn thư cơ quan",
    "thanh niên có quyền và nghĩa vụ gì",
    "nghĩa vụ cấp dưỡng giữa cha mẹ và con",
    "Người chưa thành niên có thể cư trú tại nơi khác với cha, mẹ không, đúng hay sai?",
    "nguoi chua thanh nien co the cu tru tai noi khac voi cha me khong",
    "Hồ sơ đăng ký thường trú bao gồm những gì?",
    "ho so dang ky tam tru",
    "Kết hôn trái pháp luật bị xử lý như thế nào?",
    "thể thức và kỹ thuật trình bày văn bản hành chính",
    "chữ ký số của cơ quan tổ chức",
    "Thanh niên tham gia bảo vệ Tổ quốc",
    "tạm vắng",
    "xóa đăng ký thường trú trong trường hợp nào",
    "quyền nuôi con sau khi ly hôn",
    "nd 30 2020 quy định gì về viết hoa",
    # the re-ranker's features: a restated heading, a law's name without "luật", a law's name with it
    "Quyền và nghĩa vụ của thanh niên là gì?",
    "cấp dưỡng trong hôn nhân và gia đình",
    "luật cư trú quy định thế nào về nơi cư trú của người chưa thành niên",
]


def _stage_one(engine, query):
    from sqlalchemy import select

    from legal_kb.db import session_scope
    from legal_kb.documents.models import LegalDocument, LegalUnit
    from legal_kb.documents.search.backends import candidates, load_stats, select_terms
    from legal_kb.documents.search.ranking import Query

    with session_scope(engine) as s:
        q = Query.parse(query)
        stats = load_stats(s, q.all_terms())
        ids = [c.unit_id for c in candidates(s, select_terms(stats, q.all_terms()), 60, None)]
        names = dict(((u, (t, n)) for u, t, n in s.execute(
            select(LegalUnit.id, LegalDocument.title, LegalUnit.number).join(LegalDocument).where(LegalUnit.id.in_(ids)))))
        return [names[i] for i in ids]


@pytest.mark.services
def test_postgres_matches_sqlite(kb_engine, tmp_path):
    from legal_kb.documents.importers.alqac import import_alqac
    from legal_kb.documents.importers.text import import_files

    base = os.environ.get("LEGAL_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
    schema = f"legal_test_{uuid.uuid4().hex[:8]}"
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        pg = make_engine(f"{base}?options=-csearch_path%3D{schema}")
        import_alqac(pg, write_subset(tmp_path / "laws.json"))
        import_files(pg, [ND30])
        for query in QUERIES:
            lite = [(h.document, h.article, h.score, h.coverage) for h in search(query, k=5, engine=kb_engine)]
            post = [(h.document, h.article, h.score, h.coverage) for h in search(query, k=5, engine=pg)]
            # same articles in the same order, with the same re-ranker scores (same statistics, same features)
            assert lite and post == lite, query
            # stage one itself is identical: same candidates, same order (same document/article, not ids)
            assert _stage_one(pg, query) == _stage_one(kb_engine, query), query
        pg.dispose()
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
