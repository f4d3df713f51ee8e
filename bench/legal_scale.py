"""Synthetic scale test for legal search: N articles recombined from clauses of the real corpus."""

from __future__ import annotations

import random
import statistics
import time
import uuid
from datetime import date
from pathlib import Path
from typing import List, Optional

from sqlalchemy import insert, select, text

from legal_kb.db import create_schema, make_engine, session_scope
from legal_kb.documents.models import LegalDocument, LegalUnit, SearchArticle
from legal_kb.documents.search.index import ensure_search_schema, refresh_stats, write_index_rows
from legal_kb.documents.search.service import search_session

PER_DOCUMENT = 100


def _pool(source_engine):
    with session_scope(source_engine) as s:
        rows = s.execute(select(SearchArticle.heading_terms, SearchArticle.body_syl, SearchArticle.body_big, LegalUnit.text)
                         .join(LegalUnit, LegalUnit.id == SearchArticle.unit_id)).all()
    clauses = []
    for _head, syl, big, body in rows:
        lines = [x for x in body.split("\n") if x.strip()]
        for a, b, line in zip(syl.split("|"), big.split("|"), lines, strict=False):
            clauses.append((a.strip(), b.strip(), line))
    return [r[0] for r in rows], clauses


def build(engine, n: int, source_engine, seed: int = 7) -> None:
    rng = random.Random(seed)
    headings, clauses = _pool(source_engine)
    create_schema(engine)
    ensure_search_schema(engine)
    today = date.today()
    with session_scope(engine) as s:
        for start in range(0, n, 10000):
            docs, units, index = [], [], []
            for d in range(start // PER_DOCUMENT, min(n, start + 10000) // PER_DOCUMENT):
                docs.append({"id": d + 1, "key": f"synthetic-{d}", "title": f"Văn bản tổng hợp {d}", "doc_type": "Luật",
                             "status": "còn hiệu lực", "source": "synthetic", "as_of": today, "verified": False})
            for i in range(start, min(n, start + 10000)):
                picked = rng.sample(clauses, rng.randint(2, 6))
                units.append({"id": i + 1, "document_id": i // PER_DOCUMENT + 1, "kind": "dieu", "number": str(i % PER_DOCUMENT + 1),
                              "path": f"dieu:{i % PER_DOCUMENT + 1}", "heading": "", "text": "\n".join(c[2] for c in picked),
                              "ordinal": i % PER_DOCUMENT, "source": "synthetic", "as_of": today})
                index.append({"unit_id": i + 1, "document_id": i // PER_DOCUMENT + 1, "title_terms": "van ban tong hop",
                              "heading_terms": rng.choice(headings), "body_syl": " | ".join(c[0] for c in picked),
                              "body_big": " | ".join(c[1] for c in picked)})
            s.execute(insert(LegalDocument), docs)
            s.execute(insert(LegalUnit), units)
            write_index_rows(s, index)
        refresh_stats(s)


def percentile(values: List[float], q: float) -> float:
    values = sorted(values)
    return values[max(0, int(round(q * len(values))) - 1)]


def latency(engine, queries: List[str]) -> dict:
    """Wall-clock p50/p95 and this process's CPU time p95 (the machine may be shared: CPU time shows what
    the search itself costs, without waiting for other processes; for PostgreSQL it leaves the server out)."""
    wall, cpu = [], []
    with session_scope(engine) as s:
        search_session(s, "khởi động", k=1)
        for q in queries:
            t, c = time.perf_counter(), time.process_time()
            search_session(s, q, k=10)
            wall.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
    return {"p50": statistics.median(wall), "p95": percentile(wall, 0.95), "cpu95": percentile(cpu, 0.95)}


def _line(n: int, name: str, seconds: float, r: dict) -> str:
    return f"scale {n} articles  {name:15s} build {seconds:.0f} s  p50 {r['p50']:.1f} ms  p95 {r['p95']:.1f} ms  (client CPU p95 {r['cpu95']:.1f} ms)"


def run_scale(n: int, queries: List[str], source_engine, pg_url: str, keep: Optional[str] = None) -> None:
    """Build (or, with ``keep``, reuse) the synthetic corpus in SQLite and in a PostgreSQL schema of its own,
    then print the query latency on both. ``keep`` names a folder for the SQLite file and the schema suffix."""
    import tempfile

    folder = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="legal_scale_"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"scale_{n}.sqlite"
    reuse = keep is not None and path.exists()
    lite = make_engine(f"sqlite:///{path}")
    t = time.perf_counter()
    if not reuse:
        build(lite, n, source_engine)
    print(_line(n, "SQLite FTS5", time.perf_counter() - t, latency(lite, queries)), flush=True)
    schema = f"legal_scale_{n}_keep" if keep else f"legal_scale_{uuid.uuid4().hex[:8]}"
    admin = make_engine(pg_url)
    with admin.begin() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema}).first() is not None
        if not exists:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        pg = make_engine(f"{pg_url}?options=-csearch_path%3D{schema}")
        t = time.perf_counter()
        if not exists:
            build(pg, n, source_engine)
            with pg.begin() as conn:
                conn.execute(text("ANALYZE"))
        print(_line(n, "PostgreSQL FTS", time.perf_counter() - t, latency(pg, queries)), flush=True)
        pg.dispose()
    finally:
        if not keep:
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
