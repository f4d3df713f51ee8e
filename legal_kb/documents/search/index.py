"""The search index: analysed article rows, term statistics, and each back-end's full-text index."""

from __future__ import annotations

import time
from collections import Counter
from typing import Dict, Iterable, List, Optional, Sequence

from sqlalchemy import delete, insert, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from legal_kb.documents.analysis import analyze
from legal_kb.documents.models import LegalDocument, LegalUnit, SearchArticle, SearchStat, SearchTerm

FIELDS = ("title", "head", "syl", "big")


def ensure_search_schema(bind) -> None:
    """Create the back-end specific full-text index (FTS5 table or tsvector column + GIN)."""
    dialect = (bind.bind if isinstance(bind, Session) else bind).dialect.name
    run = bind.execute if isinstance(bind, (Connection, Session)) else None
    statements: List[str]
    if dialect == "sqlite":
        statements = [
            "CREATE VIRTUAL TABLE IF NOT EXISTS legal_search_fts USING fts5("
            "title, heading, syl, big, document_id UNINDEXED, tokenize='unicode61 remove_diacritics 0')"
        ]
    elif dialect == "postgresql":
        statements = [
            "ALTER TABLE legal_search_article ADD COLUMN IF NOT EXISTS tsv tsvector",
            "CREATE INDEX IF NOT EXISTS legal_search_article_tsv ON legal_search_article USING gin (tsv)",
        ]
    else:
        statements = []
    if run is not None:
        for sql in statements:
            run(text(sql))
        return
    with bind.begin() as conn:
        for sql in statements:
            conn.execute(text(sql))


def article_fields(title: str, heading: str, body: str) -> Dict[str, str]:
    """Analysed fields; body clauses (one per line) stay apart, separated by ``|``, for clause-level scoring."""
    t = analyze(title)
    h = analyze(heading)
    clauses = [analyze(line, segment=False) for line in (body or "").split("\n") if line.strip()]
    return {
        "title_terms": " ".join(t.syllables + t.bigrams + t.words),
        "heading_terms": " ".join(h.syllables + h.bigrams + h.words),
        "body_syl": " | ".join(" ".join(c.syllables) for c in clauses),
        "body_big": " | ".join(" ".join(c.bigrams) for c in clauses),
    }


def reindex_documents(session: Session, document_ids: Sequence[int]) -> int:
    """Rebuild the search rows of the given documents, then the statistics; returns the article count."""
    ids = list(document_ids)
    dialect = session.bind.dialect.name
    ensure_search_schema(session)
    if dialect == "sqlite":
        for chunk in _chunks(ids, 500):
            session.execute(text(f"DELETE FROM legal_search_fts WHERE document_id IN ({','.join(str(int(i)) for i in chunk)})"))
    session.execute(delete(SearchArticle).where(SearchArticle.document_id.in_(ids)))
    rows = session.execute(
        select(LegalUnit.id, LegalUnit.document_id, LegalUnit.heading, LegalUnit.text, LegalDocument.title)
        .join(LegalDocument, LegalDocument.id == LegalUnit.document_id)
        .where(LegalUnit.document_id.in_(ids), LegalUnit.kind == "dieu")
    ).all()
    records = []
    for unit_id, document_id, heading, body, title in rows:
        fields = article_fields(title, heading or "", body or "")
        records.append({"unit_id": unit_id, "document_id": document_id, **fields})
    write_index_rows(session, records)
    refresh_stats(session)
    return len(records)


def write_index_rows(session: Session, records: List[dict]) -> None:
    if not records:
        return
    session.execute(insert(SearchArticle), records)
    dialect = session.bind.dialect.name
    if dialect == "sqlite":
        session.execute(
            text("INSERT INTO legal_search_fts(rowid, title, heading, syl, big, document_id) VALUES (:unit_id, :title_terms, :heading_terms, :body_syl, :body_big, :document_id)"),
            records,
        )
    elif dialect == "postgresql":
        ids = [r["unit_id"] for r in records]
        for chunk in _chunks(ids, 5000):
            session.execute(
                text(
                    # heading, bigrams, syllables: the same columns FTS5 searches (the title is not searched)
                    "UPDATE legal_search_article SET tsv = "
                    "setweight(to_tsvector('simple', heading_terms), 'B') || setweight(to_tsvector('simple', body_big), 'C') || "
                    "setweight(to_tsvector('simple', body_syl), 'D') WHERE unit_id = ANY(:ids)"
                ),
                {"ids": chunk},
            )


def refresh_stats(session: Session, rows: Optional[Iterable] = None) -> None:
    """Recompute document frequencies and average field lengths over every indexed article."""
    if rows is None:
        rows = session.execute(select(SearchArticle.title_terms, SearchArticle.heading_terms, SearchArticle.body_syl, SearchArticle.body_big)).yield_per(2000)
    df: Dict[str, Counter] = {f: Counter() for f in FIELDS}
    lengths: Dict[str, int] = {f: 0 for f in FIELDS}
    n = 0
    clauses = 0
    for row in rows:
        n += 1
        clauses += row[2].count("|") + 1 if row[2] else 0
        for field, value in zip(FIELDS, row, strict=False):
            terms = [t for t in value.split() if t != "|"]
            lengths[field] += len(terms)
            df[field].update(set(terms))
    session.execute(delete(SearchTerm))
    session.execute(delete(SearchStat))
    batch = [{"field": f, "term": t, "df": c} for f in FIELDS for t, c in df[f].items()]
    for chunk in _chunks(batch, 20000):
        session.execute(insert(SearchTerm), chunk)
    # "version" changes with every refresh: per-engine caches (document directory) key on it
    stats = [{"name": "n", "value": float(n)}, {"name": "version", "value": time.time()}] + [{"name": f"avg_{f}", "value": lengths[f] / n if n else 1.0} for f in FIELDS]
    stats += [{"name": f"avg_clause_{f}", "value": lengths[f] / clauses if clauses else 1.0} for f in ("syl", "big")]
    session.execute(insert(SearchStat), stats)


def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
