"""Scoring shared by every back-end, in two stages.

1. BM25 over folded syllables, syllable bigrams and the article heading, plus the best single clause (khoản)
   for the ``RESCORED`` best articles, and a boost for the document the query names.
2. Those articles are re-ranked by a linear model over a few general features, each 0..1 per query
   (``FEATURES``): the stage-one score relative to the best, how much of the heading the query restates, how
   much of the query the article covers, how much of the law's name the query contains, and how much of the
   candidates' score mass the article's document holds. The weights are fitted by pairwise logistic
   regression; ``bench/legal_cv.py`` fits them on one ALQAC file and reports on the other, both ways.

Queries lose their question form first ("đúng hay sai", "là gì", "bao gồm những gì", "theo quy định của pháp
luật" …): those words say how the user asks, not what about, and every article of a legal corpus shares them.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Dict, List, Optional, Sequence, Set, Tuple

from legal_kb.documents.analysis import STOPWORDS, bigrams_of, clean, fold_token, syllables

K1 = 1.2
B = 0.75
# BM25F field weights: equal. A title boost of 2 (tried) moved statements down as much as questions up.

FIELD_WEIGHTS = {"syl": 1.0, "big": 1.0, "head": 1.0}
CLAUSE_WEIGHT = 1.0
NAMED_DOCUMENT_BOOST = 0.15  # relative: +15 % for articles of the document the query names
RESCORED = 40  # articles that get their best clause scored and go through stage two

FEATURES = ("base", "heading", "coverage", "title", "document")
# Fitted on both ALQAC dev files (bench/legal_cv.py, C=1). Held out, either file's fit gives the other file
# R@5 .974/.980 and MRR@10 .912/.924 (statements/questions), against .961/.960 and .898/.903 before.
RERANK_WEIGHTS = (3.9, 3.38, 6.17, 2.44, 3.55)
DOCUMENT_MASS_POWER = 4  # document feature: share of sum((score / best) ** power); 1, 2 and 8 did the same held out

# Question form, in folded syllables: removed from queries before analysis (longest first).
QUESTION_PHRASES = sorted(
    (
        tuple(p.split())
        for p in """
        dung hay sai | dung hoac sai | chon cau tra loi dung nhat | chon dap an dung nhat | chon dap an dung |
        cau tra loi dung nhat | cau tra loi | tra loi | dap an | nao sau day | sau day | duoi day | nhu the nao | the nao |
        ra sao | la gi | nghia la gi | bao gom nhung gi | gom nhung gi | nhung gi | bao gom nhung | nhung truong hop nao |
        truong hop nao | bao nhieu | hay khong | co phai | phai khong | duoc khong | khong a | co duoc |
        theo quy dinh cua phap luat hien hanh | theo quy dinh cua phap luat | theo quy dinh hien hanh | theo quy dinh |
        theo phap luat | phap luat hien hanh | quy dinh nhu the nao | duoc quy dinh | noi gi | cho biet | xin hoi | hoi
        """.split("|")
    ),
    key=len,
    reverse=True,
)


def query_segments(text: str) -> List[List[str]]:
    """Folded syllables of the query in runs split where a question phrase was removed."""
    folded = [f for f in (fold_token(s) for s in syllables(clean(text))) if f]
    segments: List[List[str]] = [[]]
    i = 0
    while i < len(folded):
        for phrase in QUESTION_PHRASES:
            if tuple(folded[i : i + len(phrase)]) == phrase:
                i += len(phrase)
                if segments[-1]:
                    segments.append([])
                break
        else:
            segments[-1].append(folded[i])
            i += 1
    return [s for s in segments if s] or [folded]


@dataclass
class Query:
    syl: Counter
    big: Counter
    words: List[str]

    @classmethod
    def parse(cls, text: str) -> "Query":
        # Queries are not segmented (slow on long questions, poor without accents): every syllable trigram
        # stands in for a possible three-syllable word of the heading; two-syllable words are the bigrams.
        syl: Counter = Counter()
        big: Counter = Counter()
        words: List[str] = []
        for seg in query_segments(text):
            syl.update(s for s in seg if s not in STOPWORDS)
            big.update(bigrams_of(seg))
            words.extend(a + b + c for a, b, c in zip(seg, seg[1:], seg[2:], strict=False))
        return cls(syl, big, words)

    @cached_property
    def head_terms(self) -> Counter:
        """Terms matched against article headings: syllables, bigrams and the trigrams that are no bigram."""
        return self.syl + self.big + Counter(w for w in self.words if w not in self.big)

    def all_terms(self) -> Dict[str, Set[str]]:
        return {"syl": set(self.syl), "big": set(self.big), "head": set(self.head_terms)}


@dataclass
class Stats:
    n: float
    avg: Dict[str, float]
    df: Dict[str, Dict[str, int]]  # field → term → df
    _idf: Dict[tuple, float] = field(default_factory=dict, repr=False, compare=False)

    def idf(self, field: str, term: str) -> float:
        key = (field, term)
        value = self._idf.get(key)
        if value is None:
            d = self.df.get(field, {}).get(term, 0)
            value = math.log(1 + (self.n - d + 0.5) / (d + 0.5)) if d else 0.0
            self._idf[key] = value
        return value


@dataclass
class Candidate:
    unit_id: int
    document_id: int
    heading_terms: str
    body_syl: str
    body_big: str
    _parsed: Optional[tuple] = field(default=None, repr=False, compare=False)

    def parsed(self) -> tuple:
        """(heading counter, heading length, None, body syl counter, length, body big counter, length), once."""
        if self._parsed is None:
            head = self.heading_terms.split()
            syl, big = Counter(self.body_syl.split()), Counter(self.body_big.split())
            syl.pop("|", None)
            big.pop("|", None)
            self._parsed = (Counter(head), len(head), None, syl, sum(syl.values()), big, sum(big.values()))
        return self._parsed

    def clauses(self, syl_terms, big_terms) -> List[tuple]:
        """[(clause syl tf, length, clause big tf, length)] per body line, counting only the given terms."""
        out = []
        for syl, big in zip(self.body_syl.split("|"), self.body_big.split("|"), strict=False):
            s, b = syl.split(), big.split()
            out.append((_count(s, syl_terms), len(s), _count(b, big_terms), len(b)))
        return out


def _count(tokens: List[str], wanted) -> Dict[str, int]:
    tf: Dict[str, int] = {}
    for t in tokens:
        if t in wanted:
            tf[t] = tf.get(t, 0) + 1
    return tf


def _weights(query: Counter, field: str, stats: Stats) -> Dict[str, float]:
    out = {}
    for t in query:
        w = stats.idf(field, t)
        if w > 0:
            out[t] = w
    return out


def _bm25(weights: Dict[str, float], tf: Dict[str, int], length: int, avg: float) -> float:
    if not length or not weights:
        return 0.0
    norm = K1 * (1 - B + B * length / max(avg, 1e-6))
    score = 0.0
    for t, w in weights.items():
        f = tf.get(t)
        if f:
            score += w * f * (K1 + 1) / (f + norm)
    return score


@dataclass
class _Prepared:
    syl: Dict[str, float]
    big: Dict[str, float]
    head: Dict[str, float]

    @classmethod
    def of(cls, query: Query, stats: Stats) -> "_Prepared":
        return cls(_weights(query.syl, "syl", stats), _weights(query.big, "big", stats), _weights(query.head_terms, "head", stats))


def _article_score(q: _Prepared, cand: Candidate, stats: Stats) -> float:
    head, n_head, _, syl_all, n_syl, big_all, n_big = cand.parsed()
    score = FIELD_WEIGHTS["syl"] * _bm25(q.syl, syl_all, n_syl, stats.avg["syl"])
    score += FIELD_WEIGHTS["big"] * _bm25(q.big, big_all, n_big, stats.avg["big"])
    score += FIELD_WEIGHTS["head"] * _bm25(q.head, head, n_head, stats.avg["head"])
    return score


def _best_clause(q: _Prepared, cand: Candidate, clause_avg: Dict[str, float]) -> Tuple[float, int]:
    """(score of the best clause line, its index)."""
    best, best_index = 0.0, 0
    for index, (cs, ns, cb, nb) in enumerate(cand.clauses(q.syl, q.big)):
        s = _bm25(q.syl, cs, ns, clause_avg["syl"]) + _bm25(q.big, cb, nb, clause_avg["big"])
        if s > best:
            best, best_index = s, index
    return best, best_index


def _unknown_idf(stats: Stats) -> float:
    return math.log(1 + stats.n)


def heading_contained(query: Query, cand: Candidate, stats: Stats) -> float:
    """Share of the heading's information (IDF mass of its terms) that the query contains: 0..1. A query that
    restates the heading ("nhiệm vụ của giáo dục thường xuyên là gì") asks about that very article. Needs the
    document frequencies of the heading terms in ``stats`` (``service.retrieve`` puts them there)."""
    asked = query.head_terms
    total = found = 0.0
    for term in cand.parsed()[0]:
        idf = stats.idf("head", term) or _unknown_idf(stats)
        total += idf
        if term in asked:
            found += idf
    return found / total if total else 0.0


def coverage(query: Query, cand: Candidate, stats: Stats) -> float:
    """Share of the query's information (IDF mass of syllables and bigrams) found in the article: 0..1."""
    head, _, _, syl_all, _, big_all, _ = cand.parsed()
    total = found = 0.0
    for fld, terms, where in (("syl", query.syl, syl_all), ("big", query.big, big_all)):
        for term in terms:
            idf = stats.idf(fld, term) or _unknown_idf(stats)  # unknown terms count as missing information
            total += idf
            if term in where or term in head:
                found += idf
    return found / total if total else 0.0


def title_named(query: Query, name_words: Sequence[str]) -> float:
    """Share of the law's name ("hôn nhân và gia đình", as folded words) that the query contains: its bigrams
    (its word, when the name has one)."""
    terms = bigrams_of(list(name_words)) or list(name_words)
    if not terms:
        return 0.0
    return sum(t in query.big or t in query.syl for t in terms) / len(terms)


def document_share(scores: Sequence[float], documents: Sequence[int]) -> List[float]:
    """For each candidate, the share of the candidates' score mass (``(score / best) ** power``) that its
    document holds: a law that many good candidates come from is likely the law the query is about."""
    best = max(scores, default=0.0) or 1.0
    mass: Dict[int, float] = {}
    for s, d in zip(scores, documents, strict=True):
        mass[d] = mass.get(d, 0.0) + (s / best) ** DOCUMENT_MASS_POWER
    total = sum(mass.values()) or 1.0
    return [mass[d] / total for d in documents]


def first_stage(
    query: Query, candidates: List[Candidate], stats: Stats, named_documents: Optional[Set[int]] = None
) -> Tuple[List[tuple], List[Candidate]]:
    """([(score, candidate, best clause line)] for the ``RESCORED`` best articles, best first; the other candidates
    in order). The best articles' score adds their best clause; the named document's are boosted."""
    q = _Prepared.of(query, stats)
    clause_avg = {"syl": stats.avg.get("clause_syl", stats.avg["syl"]), "big": stats.avg.get("clause_big", stats.avg["big"])}
    first = sorted(((_article_score(q, c, stats), c) for c in candidates), key=lambda x: (-x[0], x[1].unit_id))
    top = []
    for s, cand in first[:RESCORED]:
        clause, line = _best_clause(q, cand, clause_avg)
        s += CLAUSE_WEIGHT * clause
        if named_documents and cand.document_id in named_documents:
            s *= 1 + NAMED_DOCUMENT_BOOST
        top.append((s, cand, line))
    top.sort(key=lambda item: (-item[0], item[1].unit_id))
    return top, [c for _, c in first[RESCORED:]]


def features(query: Query, top: Sequence[tuple], stats: Stats, names: Optional[Dict[int, Sequence[str]]] = None) -> List[tuple]:
    """The ``FEATURES`` of each stage-one article, all 0..1."""
    names = names or {}
    scores = [s for s, _, _ in top]
    best = max(scores, default=0.0) or 1.0
    share = document_share(scores, [c.document_id for _, c, _ in top])
    return [
        (s / best, heading_contained(query, c, stats), coverage(query, c, stats), title_named(query, names.get(c.document_id, ())), d)
        for (s, c, _), d in zip(top, share, strict=True)
    ]


def rank(query: Query, candidates: List[Candidate], stats: Stats, named_documents: Optional[Set[int]] = None,
         names: Optional[Dict[int, Sequence[str]]] = None, weights: Sequence[float] = RERANK_WEIGHTS) -> List[tuple]:
    """(score, coverage, candidate, best clause line), best first: the stage-one articles re-ranked by the linear
    model, then the other candidates (score and coverage 0). ``names``: document id → folded name words."""
    top, rest = first_stage(query, candidates, stats, named_documents)
    out = []
    for (_, cand, line), x in zip(top, features(query, top, stats, names), strict=True):
        out.append((sum(w * v for w, v in zip(weights, x, strict=True)), x[FEATURES.index("coverage")], cand, line))
    out.sort(key=lambda item: (-item[0], item[2].unit_id))
    return out + [(0.0, 0.0, cand, 0) for cand in rest]


def rank_ids(ranked: Sequence[tuple]) -> List[int]:
    return [item[2].unit_id for item in ranked]
