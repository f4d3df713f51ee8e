"""Legal questions told as life situations: everyday words → the terms the law uses (content/lay_terms.yml).

"hàng xóm xây tường lấn sang đất nhà tôi" shares few words with "Điều 175. Ranh giới giữa các bất động sản"; the
question is searched again with the legal terms its everyday words stand for, and the better result is kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import List, Optional, Tuple

import yaml

from legal_kb.documents.search.service import MIN_COVERAGE, relevant_hits, search_session
from vntext import fold

CONTENT = Path(__file__).resolve().parents[2] / "content" / "lay_terms.yml"


@dataclass(frozen=True)
class LayTerm:
    legal: str
    lay: Tuple[str, ...]  # NFC, lower case, with diacritics
    folded: Tuple[str, ...]  # the same without diacritics


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", unicodedata.normalize("NFC", text or "").lower()).split())


@lru_cache(maxsize=1)
def lay_terms(path: Path = CONTENT) -> Tuple[LayTerm, ...]:
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    terms = []
    for row in rows:
        lay = tuple(_words(str(v)) for v in row.get("lay") or ())
        terms.append(LayTerm(str(row["legal"]), lay, tuple(fold(v, lower=True) for v in lay)))
    return tuple(terms)


def legal_terms(text: str, terms: Optional[Tuple[LayTerm, ...]] = None) -> List[str]:
    """The legal phrases the everyday words of ``text`` stand for, in the table's order, without repeats.
    A question typed with diacritics is matched with them ("lấn" is not "lẫn"); one typed without, folded."""
    words = _words(text)
    accented = fold(words, lower=True) != words
    padded = f" {words if accented else fold(words, lower=True)} "
    found: List[str] = []
    for term in terms if terms is not None else lay_terms():
        variants = term.lay if accented else term.folded
        if term.legal not in found and any(f" {lay} " in padded for lay in variants):
            found.append(term.legal)
    return found


def reformulate(text: str) -> Optional[str]:
    """The question with the legal terms added, or None when none of its words is in the table."""
    terms = legal_terms(text)
    return f"{text} {' '.join(terms)}" if terms else None


def search_question(session, text: str, k: int = 5, min_coverage: Optional[float] = None) -> List:
    """Relevant hits for a question, searched as written and, when its everyday words stand for legal terms,
    with those terms too: the result whose best hit covers more of its query leads, the other fills up to ``k``.
    ``min_coverage`` lowers the relevance bar for a message already known to be a legal question."""
    bar = MIN_COVERAGE if min_coverage is None else min_coverage
    hits = relevant_hits(search_session(session, text, k), bar)
    if hits and hits[0].exact:
        return hits
    alternative = reformulate(text)
    if not alternative:
        return hits
    other = relevant_hits(search_session(session, alternative, k), bar)
    if not other:
        return hits
    first, second = (other, hits) if not hits or other[0].coverage > hits[0].coverage else (hits, other)
    seen = {h.unit_id for h in first}
    return (first + [h for h in second if h.unit_id not in seen])[:k]
