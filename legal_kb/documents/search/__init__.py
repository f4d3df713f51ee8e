"""One search API over SQLite FTS5 (embedded default) and PostgreSQL full-text search (production).

``search(query, k, filters)`` → hits with document title, number, article, heading, score, snippet and status;
direct article references ("Điều 20 Luật Cư trú", "khoản 2 điều 8 luật hôn nhân") come first; a query that
names a document ("nd 30 2020", "luat cu tru") boosts that document. Ranking is BM25 then a small linear
re-ranker (``ranking.FEATURES``; cross-validated by ``bench/legal_cv.py``).
"""

from legal_kb.documents.search.present import citation, trim_article
from legal_kb.documents.search.service import (
    MIN_COVERAGE,
    SearchFilters,
    SearchHit,
    fetch_article,
    find_documents,
    relevant_hits,
    search,
)

__all__ = [
    "MIN_COVERAGE",
    "SearchFilters",
    "SearchHit",
    "citation",
    "fetch_article",
    "find_documents",
    "relevant_hits",
    "search",
    "trim_article",
]
