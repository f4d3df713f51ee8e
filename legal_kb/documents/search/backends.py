"""Candidate retrieval in the database's own full-text engine: SQLite FTS5 or PostgreSQL tsvector/GIN.

Stage one is the same on both back-ends: the rarest query terms (within a posting budget) are looked up one by
one in the full-text index (FTS5 ``MATCH`` on one term, or ``tsv @@ 'term'`` on the GIN index, which needs no
recheck and so never de-TOASTs the tsvector), and each article scores the sum of the IDFs of the terms it
contains. The IDFs come from the shared term statistics, ties break by id, so both back-ends return exactly
the same candidates, in one round trip together with their analysed fields; the shared ranker then orders them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from legal_kb.documents.models import SearchStat, SearchTerm
from legal_kb.documents.search.ranking import Candidate, Stats

# Stage one reads at most this many postings (sum of document frequencies of the chosen terms).
# 20,000 keeps PostgreSQL's bitmap heap visits (one per posting) within the latency budget at 200,000 articles;
# on a corpus of a few thousand articles it never binds (all MAX_TERMS terms fit).
POSTING_BUDGET = 20000
MAX_TERMS = 24
MIN_TERMS = 4


def load_stats(session: Session, terms: Dict[str, Sequence[str]], known: Optional[Dict[str, Dict[str, int]]] = None) -> Stats:
    """Corpus size, average field lengths and the document frequencies of the query terms: two small queries.
    ``known`` gives whole fields' frequencies already at hand (field → term → df); those are not queried."""
    values = {name: value for name, value in session.execute(select(SearchStat.name, SearchStat.value))}
    known = known or {}
    fields = sorted(f for f in terms if f not in known)
    wanted = sorted({t for f in fields for t in terms[f]})
    df: Dict[str, Dict[str, int]] = {f: known.get(f, {}) for f in terms}
    if wanted:
        rows = session.execute(
            select(SearchTerm.field, SearchTerm.term, SearchTerm.df).where(
                SearchTerm.field.in_(bindparam("fields", expanding=True)), SearchTerm.term.in_(bindparam("terms", expanding=True))
            ),
            {"fields": fields, "terms": wanted},
        )
        for fld, term, d in rows:
            if fld in df and term in terms[fld]:
                df[fld][term] = d
    avg = {k[4:]: v for k, v in values.items() if k.startswith("avg_")}
    for fld in ("syl", "big", "head", "title"):
        avg.setdefault(fld, 1.0)
    return Stats(n=values.get("n", 0.0), avg=avg, df=df)


def field_frequencies(session: Session, field: str) -> Dict[str, int]:
    """Every term of one field with its document frequency (for the heading vocabulary, which is small)."""
    return {term: df for term, df in session.execute(select(SearchTerm.term, SearchTerm.df).where(SearchTerm.field == field))}


def select_terms(stats: Stats, fields: Dict[str, Sequence[str]]) -> List[Tuple[str, int]]:
    """The rarest query terms (by document frequency) that fit the posting budget, each with its stage-one
    weight: the IDF of its largest document frequency over the indexed fields, in thousandths as an integer so
    that both databases add exactly the same numbers."""
    best: Dict[str, int] = {}
    for fld in ("syl", "big", "head"):
        for term in fields.get(fld, ()):
            d = stats.df.get(fld, {}).get(term, 0)
            if d:
                best[term] = max(best.get(term, 0), d)
    chosen: List[Tuple[str, int]] = []
    spent = 0
    for term, d in sorted(best.items(), key=lambda kv: (kv[1], kv[0])):
        if len(chosen) >= MAX_TERMS or (spent + d > POSTING_BUDGET and len(chosen) >= MIN_TERMS):
            break
        chosen.append((term, int(round(1000 * math.log(1 + (stats.n - d + 0.5) / (d + 0.5))))))
        spent += d
    return chosen


@dataclass(frozen=True)
class _Sql:
    per_term: str  # one term's postings: selects unit_id, weight
    param: str  # how the term is passed


_BACKENDS = {
    "sqlite": _Sql("SELECT rowid AS unit_id, :w{i} AS w FROM legal_search_fts WHERE legal_search_fts MATCH :t{i}", "fts5"),
    "postgresql": _Sql("SELECT unit_id, CAST(:w{i} AS integer) AS w FROM legal_search_article WHERE tsv @@ CAST(:t{i} AS tsquery)", "tsquery"),
}


def candidates(session: Session, terms: List[Tuple[str, int]], limit: int, document_ids: Optional[List[int]]) -> List[Candidate]:
    """The ``limit`` best articles by the sum of the weights of the chosen terms they contain, with their
    analysed fields (one round trip)."""
    if not terms or (document_ids is not None and not document_ids):
        return []
    dialect = session.bind.dialect.name
    backend = _BACKENDS.get(dialect)
    if backend is None:
        raise NotImplementedError(f"no full-text back-end for {dialect}")
    params: Dict[str, object] = {"limit": limit}
    parts = []
    for i, (term, weight) in enumerate(terms):
        parts.append(backend.per_term.format(i=i))
        params[f"w{i}"] = weight
        params[f"t{i}"] = f'{{heading syl big}} : "{term}"' if backend.param == "fts5" else term
    where = ""
    if document_ids is not None:
        where = " WHERE a.document_id IN ({})".format(",".join(str(int(i)) for i in document_ids))
    sql = (
        "SELECT a.unit_id, a.document_id, a.heading_terms, a.body_syl, a.body_big FROM ("
        "SELECT m.unit_id, SUM(m.w) AS s FROM (" + " UNION ALL ".join(parts) + ") m "
        "JOIN legal_search_article a ON a.unit_id = m.unit_id" + where + " "
        "GROUP BY m.unit_id ORDER BY s DESC, m.unit_id LIMIT :limit) c "
        "JOIN legal_search_article a ON a.unit_id = c.unit_id ORDER BY c.s DESC, c.unit_id"
    )
    if document_ids is None:  # no join needed before the LIMIT
        sql = sql.replace("JOIN legal_search_article a ON a.unit_id = m.unit_id ", "", 1)
    if dialect == "postgresql":
        # JIT compilation of this one-off UNION costs ~100 ms and never pays back within a single query
        session.execute(text("SET LOCAL jit = off"))
    return [Candidate(*row) for row in session.execute(text(sql), params)]
