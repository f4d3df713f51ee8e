"""The search service: document references, direct article fetch, full-text ranking, filters."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Set

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

import vntext
from legal_kb.db import make_engine, session_scope
from legal_kb.documents.analysis import clean
from legal_kb.documents.models import LegalDocument, LegalUnit, SearchStat
from legal_kb.documents.numbers import number_key, parse_reference, short_title
from legal_kb.documents.search.backends import candidates, field_frequencies, load_stats, select_terms
from legal_kb.documents.search.present import citation, snippet
from legal_kb.documents.search.ranking import Candidate, Query, Stats, rank

CANDIDATES = 60
# A best hit that covers less than this share of the query's information is "nothing relevant enough".
# Calibrated on the bundled corpus: questions answered by an article cover 0.55–1.0 of their IDF mass,
# queries about other subjects 0.0–0.35.
MIN_COVERAGE = 0.45

_ARTICLE_REF = re.compile(r"(?:\b(?:diem|điểm)\s+([a-zđ])\s*,?\s*)?(?:\b(?:khoan|khoản)\s+(\d{1,3})\s*,?\s*)?\b(?:dieu|điều)\s+(\d{1,4}[a-z]?)\b", re.IGNORECASE)


@dataclass
class SearchFilters:
    doc_type: Optional[str] = None
    issuer: Optional[str] = None
    status: Optional[str] = None
    field: Optional[str] = None
    document_ids: Optional[List[int]] = None

    def empty(self) -> bool:
        return not any([self.doc_type, self.issuer, self.status, self.field, self.document_ids])


@dataclass
class SearchHit:
    document: str
    number: Optional[str]
    article: Optional[str]
    heading: Optional[str]
    score: float
    snippet: str
    status: Optional[str]
    citation: str
    unit_id: Optional[int] = None
    document_id: Optional[int] = None
    clause: Optional[str] = None
    coverage: float = 1.0
    exact: bool = False  # the query asked for this very article
    text: str = field(default="", repr=False)

    def public(self) -> Dict:
        data = asdict(self)
        data.pop("text")
        return data


@lru_cache(maxsize=8)
def _engine(url: Optional[str]) -> Engine:
    return make_engine(url)


@lru_cache(maxsize=1024)
def _fold(text: str) -> str:
    return vntext.fold(clean(text or ""), lower=True)


@dataclass(frozen=True)
class _DocumentKey:
    id: int
    key: str
    number: Optional[str]
    doc_type: Optional[str]
    title: str
    name_words: tuple = ()  # folded short title without the type words: ("cu", "tru")

    @classmethod
    def of(cls, id: int, key: str, number: Optional[str], doc_type: Optional[str], title: str) -> "_DocumentKey":
        name = vntext.fold(short_title(title), lower=True).replace(",", " ").split()
        type_words = vntext.fold(doc_type or "", lower=True).split()
        if type_words and name[: len(type_words)] == type_words:
            name = name[len(type_words):]
        return cls(id, key, number, doc_type, title, tuple(name))


@dataclass(frozen=True)
class _IndexEntry:
    documents: List[_DocumentKey]
    names: Dict[int, tuple]  # document id → folded name words ("cu", "tru")
    heading_df: Dict[str, int]  # every heading term → document frequency


class _DocumentDirectory:
    """Every document's (id, key, number, type, title) and the heading terms' document frequencies, read once per
    engine and index version."""

    def __init__(self, size: int = 8) -> None:
        self._cache: Dict[tuple, _IndexEntry] = {}
        self._size = size

    def entry(self, session: Session) -> _IndexEntry:
        version, count = session.execute(
            select(select(SearchStat.value).where(SearchStat.name == "version").scalar_subquery(), select(func.count(LegalDocument.id)).scalar_subquery())
        ).one()
        cache_key = (str(session.bind.url), version, count)
        entry = self._cache.get(cache_key)
        if entry is None:
            rows = session.execute(select(LegalDocument.id, LegalDocument.key, LegalDocument.number, LegalDocument.doc_type, LegalDocument.title))
            docs = [_DocumentKey.of(*row) for row in rows]
            if len(self._cache) >= self._size:
                self._cache.pop(next(iter(self._cache)))
            entry = self._cache[cache_key] = _IndexEntry(docs, {d.id: d.name_words for d in docs}, field_frequencies(session, "head"))
        return entry

    def get(self, session: Session) -> List[_DocumentKey]:
        return self.entry(session).documents


_DIRECTORY = _DocumentDirectory()


def find_documents(session: Session, query: str) -> List[LegalDocument]:
    """Documents a loose query names: a number ("30/2020/nđ-cp", "nd 30 2020", "nghị định 30") or a name
    ("luat cu tru", "luật hôn nhân"). Best first; empty when the query names none."""
    ref = parse_reference(query)
    if ref is None:
        return []
    found = _match_documents(_DIRECTORY.get(session), ref)
    if not found:
        return []
    by_id = {d.id: d for d in session.execute(select(LegalDocument).where(LegalDocument.id.in_([d.id for d in found]))).scalars()}
    return [by_id[d.id] for d in found if d.id in by_id]


def _match_documents(docs: List[_DocumentKey], ref) -> List[_DocumentKey]:
    if ref.number:
        key = number_key(ref.number)
        return [d for d in docs if d.key == key or (d.number and number_key(d.number) == key)]
    if ref.seq is not None:
        out = []
        for d in docs:
            if not d.number:
                continue
            parts = d.number.split("/")
            if len(parts) < 2 or not parts[0].isdigit() or not parts[1].isdigit():
                continue
            seq, year = parts[0], parts[1]
            if int(seq) == ref.seq and (ref.year is None or int(year) == ref.year) and (d.doc_type == ref.doc_type or ref.doc_type is None):
                out.append(d)
        return out
    if ref.name:
        words = ref.name.split()
        scored = []
        for d in docs:
            name = list(d.name_words)
            if not name or (ref.doc_type and d.doc_type and _fold(ref.doc_type) != _fold(d.doc_type) and not (ref.doc_type == "Luật" and d.doc_type == "Bộ luật")):
                continue
            # the query's words after the type must start with the document's name, or the name with them
            n = min(len(words), len(name))
            if n and words[:n] == name[:n] and (n == len(name) or n >= 2 or len(name) == 1):
                scored.append((n == len(name), n, -len(name), d))
        scored.sort(key=lambda s: (s[0], s[1], s[2]), reverse=True)
        return [s[3] for s in scored]
    return []


def _hit(doc: LegalDocument, unit: Optional[LegalUnit], score: float, query: str, coverage: float = 1.0, clause: Optional[str] = None, exact: bool = False, line: Optional[int] = None) -> SearchHit:
    text = unit.text if unit else ""
    if line is not None:
        lines = [x.strip() for x in text.split("\n") if x.strip()]
        best = lines[line] if line < len(lines) else (lines[0] if lines else "")
        shown = best if len(best) <= 240 else best[:240].rsplit(" ", 1)[0] + " …"
    else:
        shown = snippet(text, query) if unit else ""
    return SearchHit(
        document=doc.title, number=doc.number, article=unit.number if unit else None, heading=unit.heading if unit else None,
        score=round(score, 4), snippet=shown, status=doc.status,
        citation=citation(unit.number if unit else None, doc.title, doc.number, clause), unit_id=unit.id if unit else None,
        document_id=doc.id, clause=clause, coverage=round(coverage, 3), exact=exact, text=text,
    )


def fetch_article(session: Session, query: str) -> Optional[SearchHit]:
    """A direct reference: "Điều 20 Luật Cư trú", "khoản 2 điều 8 luật hôn nhân", "điều 5 nđ 30/2020"."""
    m = _ARTICLE_REF.search(_fold(query))
    if not m:
        return None
    docs = find_documents(session, _fold(query)[m.end():]) or find_documents(session, query)
    if not docs:
        return None
    doc = docs[0]
    unit = session.execute(
        select(LegalUnit).where(LegalUnit.document_id == doc.id, LegalUnit.kind == "dieu", LegalUnit.number == m.group(3))
    ).scalars().first()
    if unit is None:
        return None
    clause_no = m.group(2)
    hit = _hit(doc, unit, 1e6, query, clause=clause_no, exact=True)
    if clause_no:
        clause = session.execute(
            select(LegalUnit).where(LegalUnit.parent_id == unit.id, LegalUnit.kind == "khoan", LegalUnit.number == clause_no)
        ).scalars().first()
        if clause is not None:
            hit.snippet = clause.text
            hit.text = clause.text
    return hit


def _filter_ids(session: Session, filters: SearchFilters) -> Optional[List[int]]:
    if filters.empty():
        return None
    stmt = select(LegalDocument.id)
    if filters.doc_type:
        stmt = stmt.where(LegalDocument.doc_type == filters.doc_type)
    if filters.issuer:
        stmt = stmt.where(LegalDocument.issuer == filters.issuer)
    if filters.status:
        stmt = stmt.where(LegalDocument.status == filters.status)
    if filters.field:
        stmt = stmt.where(LegalDocument.field == filters.field)
    if filters.document_ids:
        stmt = stmt.where(LegalDocument.id.in_(filters.document_ids))
    return list(session.execute(stmt).scalars())


@dataclass
class Retrieved:
    """What ranking needs about one query: the parsed query, the stage-one candidates, the term statistics
    (with every heading term's frequency), the documents the query names and every document's name words."""

    query: Query
    candidates: List[Candidate]
    stats: Stats
    named: Set[int]
    names: Dict[int, tuple]


def retrieve(session: Session, query: str, allowed: Optional[List[int]] = None) -> Retrieved:
    """Stage one for ``query`` (limited to the ``allowed`` documents): what ``ranking.rank`` takes."""
    index = _DIRECTORY.entry(session)
    ref = parse_reference(query)
    named = {d.id for d in _match_documents(index.documents, ref)} if ref else set()
    q = Query.parse(query)
    terms = q.all_terms()
    # every heading term's frequency (for ranking.heading_contained), not only the query's
    stats = load_stats(session, terms, known={"head": index.heading_df})
    found = candidates(session, select_terms(stats, terms), CANDIDATES, allowed) if stats.n else []
    return Retrieved(q, found, stats, named, index.names if found else {})


def search_session(session: Session, query: str, k: int = 10, filters: Optional[SearchFilters] = None) -> List[SearchHit]:
    filters = filters or SearchFilters()
    allowed = _filter_ids(session, filters)
    hits: List[SearchHit] = []
    direct = fetch_article(session, query)
    if direct and (allowed is None or direct.document_id in allowed):
        hits.append(direct)
    r = retrieve(session, query, allowed)
    if r.candidates:
        ranked = rank(r.query, r.candidates, r.stats, r.named, r.names)
        top = [t for t in ranked if not (direct and t[2].unit_id == direct.unit_id)][: max(k - len(hits), 0)]
        rows = session.execute(
            select(LegalUnit, LegalDocument).join(LegalDocument, LegalDocument.id == LegalUnit.document_id)
            .where(LegalUnit.id.in_([t[2].unit_id for t in top]))
        ).all() if top else []
        found = {unit.id: (unit, doc) for unit, doc in rows}
        for score, cov, cand, line in top:
            unit, doc = found[cand.unit_id]
            hits.append(_hit(doc, unit, score, query, coverage=cov, line=line))
    return hits[:k]


def search(query: str, k: int = 10, filters: Optional[SearchFilters] = None, engine: Optional[Engine] = None) -> List[SearchHit]:
    """Search the legal documents; ``engine`` defaults to ``DATABASE_URL`` (SQLite when unset)."""
    engine = engine or _engine(None)
    with session_scope(engine) as session:
        return search_session(session, query, k, filters)


def relevant_hits(hits: Sequence[SearchHit], min_coverage: float = MIN_COVERAGE) -> List[SearchHit]:
    """The hits worth showing; empty means "nothing relevant enough" (say so rather than show a weak match)."""
    if not hits:
        return []
    if hits[0].exact:
        return list(hits)
    if hits[0].coverage < min_coverage:
        return []
    return [h for h in hits if h.coverage >= min_coverage * 0.8]
