"""Find the procedure a citizen means: accent-insensitive fuzzy matching over names, aliases and synonyms.

The message is read as syllables of the procedure vocabulary (see query_reader: normalisation and
abbreviations via vntext, accent folding, filler removal, typo correction with rapidfuzz). Every alias
(name or common phrasing) of a procedure is then scored on five signals:
- recall: the share of the alias's weight the message mentions (rare syllables weigh more, idf);
- precision: the share of the message's weight explained by any alias of the procedure;
- word pairs: the share of the message's known syllable pairs that the procedure's aliases contain
  (rare pairs weigh more: "chữ ký" tells more than "xác nhận");
- order: the alias's syllable pairs found in the message;
- rapidfuzz's token-sort ratio between the two.
A procedure scores as its best alias. Generic words ("đăng ký", "cấp") alone never name an alias. The
result is ambiguous ("offer these as buttons") when another procedure scores within a small margin and
the best is not plainly better on both recall and precision, when another explains the message as
fully and the message names one of its aliases ("làm lại giấy khai sinh": đăng ký lại or trích lục),
when the best alias is only partly named and others explain the message as well, or when the message
names a bare topic ("kết hôn") that heads a family.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Dict, Iterable, List, NamedTuple, Optional, Set, Tuple

from rapidfuzz import fuzz, process

from legal_kb.procedures.query_reader import Position, QueryReader
from legal_kb.procedures.query_text import BARE_FILLER, MAX_TOKENS, distinctive, fold_text, stop_mask
from legal_kb.procedures.records import Catalog, ProcedureInfo

NOT_FOUND_BELOW = 0.42
NEAR_TIE = 0.06  # scores this close to the best are ties, unless the best is plainly better on both counts
WIDE_TIE = 2.5 * NEAR_TIE  # how far behind a procedure that explains the message as well may score
DOMINATED = 0.15  # the best leads by this much (recall + precision) without trailing on either: not a tie
FULLY_NAMED = 0.8  # share of an alias's distinctive weight the message must mention to name that alias
UNDERSPECIFIED_RECALL = 0.8  # below this share of its weight, the best alias is only partly named
MIN_RECALL = 0.6  # a single mentioned syllable must cover this share of an alias
HINT_TRUSTED = 0.6
MAX_CANDIDATES = 5
W_RECALL, W_PRECISION, W_ORDER, W_RATIO, W_PAIRS = 0.2, 0.4, 0.1, 0.1, 0.2

_CODE = re.compile(r"\b\d\.\d{6}\b")


@dataclass(frozen=True)
class Match:
    key: str
    name: str
    code: Optional[str]
    score: float
    alias: str
    named: float = 1.0  # share of the best alias's distinctive words the message mentions


@dataclass(frozen=True)
class Resolution:
    query: str
    best: Optional[Match]
    candidates: Tuple[Match, ...]
    ambiguous: bool
    not_found: bool

    def keys(self) -> List[str]:
        return [c.key for c in self.candidates]

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "ambiguous": self.ambiguous,
            "not_found": self.not_found,
            "best": self.best.__dict__ if self.best else None,
            "candidates": [c.__dict__ for c in self.candidates],
        }


class Scored(NamedTuple):
    key: str
    score: float
    recall: float
    precision: float
    alias: str
    pairs: float = 0.0  # share of the message's known word pairs the procedure contains
    named: float = 0.0  # best share of an alias's distinctive words the message mentions


@dataclass
class _Alias:
    key: str
    text: str
    tokens: Tuple[str, ...]
    words: Tuple[str, ...]  # every folded word, filler included ("nhan cha me con")
    weight: float = 0.0
    distinct: Tuple[str, ...] = ()  # the tokens but generic ones ("đăng ký", "cấp")
    distinct_weight: float = 0.0

    @property
    def pairs(self) -> Tuple[Tuple[str, str], ...]:
        return tuple(zip(self.tokens, self.tokens[1:], strict=False))

    @property
    def folded(self) -> str:
        return " ".join(self.tokens)


def content_tokens(text: str) -> List[str]:
    """Alias text -> content syllables (no correction, no synonyms)."""
    tokens = fold_text(text).split()[: MAX_TOKENS * 2]
    keep = stop_mask([[(t, 1.0)] for t in tokens])
    return [t for t, k in zip(tokens, keep, strict=True) if k]


class ProcedureIndex:
    """An in-memory index of a catalog; build it once and reuse it (resolve() is read-only)."""

    def __init__(self, catalog: Catalog):
        self.procedures: Dict[str, ProcedureInfo] = {p.key: p for p in catalog.procedures}
        self.by_code: Dict[str, str] = {p.code: p.key for p in catalog.procedures if p.code}
        self.aliases: List[_Alias] = []
        for proc in catalog.procedures:
            for text in dict.fromkeys((proc.name, *proc.aliases)):
                tokens = tuple(content_tokens(text))
                if tokens:
                    self.aliases.append(_Alias(proc.key, text, tokens, tuple(fold_text(text).split())))
        self._name_tokens = {p.key: set(content_tokens(p.name)) for p in catalog.procedures}
        self._tokens: Dict[str, Set[str]] = {key: set() for key in self.procedures}
        self._pairs: Dict[str, Set[Tuple[str, str]]] = {key: set() for key in self.procedures}
        for alias in self.aliases:
            self._tokens[alias.key].update(alias.tokens)
            self._pairs[alias.key].update(alias.pairs)
        self.weight = _idf(self._tokens.values())
        self._postings: Dict[str, List[int]] = {}
        for i, alias in enumerate(self.aliases):
            alias.weight = sum(self.weight[t] for t in alias.tokens)
            alias.distinct = tuple(dict.fromkeys(distinctive(alias.tokens)))
            alias.distinct_weight = sum(self.weight[t] for t in alias.distinct)
            for token in set(alias.tokens):
                self._postings.setdefault(token, []).append(i)
        self.pair_weight = _idf(self._pairs.values())  # "chữ ký" weighs more than "xác nhận"
        all_pairs = set(self.pair_weight)
        accented = [a.text for a in self.aliases] + [w for c, vs in catalog.synonyms for w in (c, *vs)]
        self.reader = QueryReader(self.weight, all_pairs, catalog.synonyms, accented)
        self.resolve("đăng ký")  # loads the abbreviation table and warms rapidfuzz before the first user

    # ---- scoring
    def score(self, text: str) -> List[Scored]:
        """Every procedure sharing a syllable with the message, best first."""
        return self._score(self.reader.read(text).positions)

    def _score(self, positions: List[Position]) -> List[Scored]:
        present: Dict[str, float] = {}
        for pos in positions:
            for token, conf in pos.items():
                present[token] = max(present.get(token, 0.0), conf)
        if not present:
            return []
        pairs: Dict[Tuple[str, str], float] = {}
        for left, right in zip(positions, positions[1:], strict=False):
            for a, ca in left.items():
                for b, cb in right.items():
                    pairs[(a, b)] = max(pairs.get((a, b), 0.0), ca * cb)
        known_pairs = {p: c * self.pair_weight[p] for p, c in pairs.items() if p in self.pair_weight}
        filled = [pos for pos in positions if pos]
        query_weight = sum(max(self.weight[t] * c for t, c in pos.items()) for pos in filled)
        candidates = sorted({i for t in present for i in self._postings.get(t, ())})
        ratios = process.cdist(
            [" ".join(next(iter(pos)) for pos in filled)],
            [self.aliases[i].folded for i in candidates],
            scorer=fuzz.token_sort_ratio,
        )[0]
        shares: Dict[str, Tuple[float, float]] = {}
        best: Dict[str, Scored] = {}
        named: Dict[str, float] = {}
        for i, ratio in zip(candidates, ratios, strict=True):
            alias = self.aliases[i]
            if alias.key not in shares:
                shares[alias.key] = self._explained(alias.key, filled, query_weight, known_pairs)
            precision, pair_share = shares[alias.key]
            recall = sum(self.weight[t] * present.get(t, 0.0) for t in set(alias.tokens)) / alias.weight
            mentioned = sum(self.weight[t] * present.get(t, 0.0) for t in alias.distinct) / alias.distinct_weight
            named[alias.key] = max(named.get(alias.key, 0.0), mentioned)
            own_pairs = alias.pairs
            order = sum(pairs.get(p, 0.0) for p in own_pairs) / len(own_pairs) if own_pairs else recall
            value = (
                W_RECALL * recall
                + W_PRECISION * precision
                + W_ORDER * order
                + W_RATIO * ratio / 100
                + W_PAIRS * pair_share
            )
            if alias.key not in best or value > best[alias.key].score:
                best[alias.key] = Scored(alias.key, value, recall, precision, alias.text, pair_share)
        rows = [row._replace(named=named[row.key]) for row in best.values()]
        return sorted(rows, key=lambda s: -s.score)

    def _explained(
        self, key: str, filled: List[Position], query_weight: float, known_pairs: Dict[Tuple[str, str], float]
    ) -> Tuple[float, float]:
        """Share of the message's weight, and of its known word pairs, that the procedure explains."""
        vocab = self._tokens[key]
        explained = sum(max((self.weight[t] * c for t, c in pos.items() if t in vocab), default=0.0) for pos in filled)
        precision = explained / query_weight
        total = sum(known_pairs.values())
        if not total:
            return precision, precision
        return precision, sum(c for p, c in known_pairs.items() if p in self._pairs[key]) / total

    # ---- resolution
    def _match(self, row: Scored) -> Match:
        proc = self.procedures[row.key]
        return Match(row.key, proc.name, proc.code, round(min(max(row.score, 0.0), 1.0), 3), row.alias,
                     round(row.named, 3))

    def resolve(self, text: str, hint: Optional[str] = None) -> Resolution:
        """The procedure meant by a message; `hint` is an entity value from NLU, used when it is confident."""
        query = text if isinstance(text, str) else ""
        if hint and isinstance(hint, str) and hint.strip():
            from_hint = self.resolve(hint)
            if from_hint.best and from_hint.best.score >= HINT_TRUSTED:
                return Resolution(query, from_hint.best, from_hint.candidates, from_hint.ambiguous, False)
        exact = self._exact(query)
        if exact is not None:
            return exact
        reading = self.reader.read(query)
        scored = self._score(reading.positions)
        off_topic = reading.unknown >= 2 and reading.unknown > reading.exact
        if (
            not scored
            or scored[0].score < NOT_FOUND_BELOW
            or off_topic
            or not self._enough_evidence(scored[0], reading.positions)
        ):
            return Resolution(query, None, self._suggestions(query, scored), False, True)
        top = scored[0]
        near = [s for s in scored[1:] if _tied(top, s)]
        if not near:
            near = self._family(top.key, reading.core, reading.said, scored)
        if near:
            candidates = tuple(self._match(s) for s in [top, *near][:MAX_CANDIDATES])
        else:
            candidates = tuple(self._match(s) for s in scored[:MAX_CANDIDATES] if s.score >= NOT_FOUND_BELOW)
        return Resolution(query, candidates[0], candidates, bool(near), False)

    def _suggestions(self, query: str, scored: List[Scored]) -> Tuple[Match, ...]:
        """Up to three procedures to suggest when none was found; when the message gives fewer, its
        real words are also read as possible typos ("xin ho chiu" -> "hộ chiếu")."""
        rows = [s for s in scored[:3] if s.score >= NOT_FOUND_BELOW / 2]
        if len(rows) < 3:
            keys = {s.key for s in rows}
            loose = self._score(self.reader.read(query, loose=True).positions)
            rows += [s for s in loose if s.key not in keys and s.score >= NOT_FOUND_BELOW / 2][: 3 - len(rows)]
        return tuple(self._match(s) for s in rows)

    def _enough_evidence(self, top: Scored, positions: List[Position]) -> bool:
        """One stray syllable ("quá" read as "qua đời") is not a question about a procedure, and
        generic words alone ("đăng ký" in "đăng ký nuôi chim yến") name none."""
        alias = next(a for a in self.aliases if a.key == top.key and a.text == top.alias)
        tokens = set(alias.tokens)
        mentioned = {t for pos in positions for t in pos if t in tokens}
        if not mentioned & set(alias.distinct):
            return False
        confirmed = {t for pos in positions for t, c in pos.items() if t in tokens and c >= 1.0}
        return top.recall >= MIN_RECALL or len(mentioned) >= 2 or bool(confirmed and top.recall >= MIN_RECALL / 2)

    def _family(self, top_key: str, core: Set[str], said: Tuple[str, ...], scored: List[Scored]) -> List[Scored]:
        """A bare topic ("kết hôn", "thủ tục tạm trú") names the head of a family: offer the family, head first.

        Applies when the message says nothing but a short alias of the best procedure (not its full
        name; "làm giấy khai sinh cho con" says more) and other procedures carry every one of those
        syllables in their official names.
        """
        if len(core) < 2 or len(core) > 3 or core == self._name_tokens[top_key]:
            return []
        words = set(said) - BARE_FILLER
        if not any(set(a.tokens) == core and words <= set(a.words) for a in self.aliases if a.key == top_key):
            return []
        return [s for s in scored[1:] if core <= self._name_tokens[s.key]]

    def _exact(self, query: str) -> Optional[Resolution]:
        """An internal key (from a button) or a national procedure code (mã TTHC)."""
        stripped = query.strip()
        if stripped in self.procedures:
            proc = self.procedures[stripped]
            match = Match(proc.key, proc.name, proc.code, 1.0, proc.name)
            return Resolution(query, match, (match,), False, False)
        code = _CODE.search(stripped)
        if code and len(stripped) <= 40:
            key = self.by_code.get(code.group(0))
            if key is None:
                return Resolution(query, None, (), False, True)
            proc = self.procedures[key]
            match = Match(key, proc.name, proc.code, 1.0, proc.code or proc.name)
            return Resolution(query, match, (match,), False, False)
        return None


def _idf(groups: Iterable[Set]) -> Dict:
    """Inverse document frequency of each item over the procedures' sets (one set a procedure)."""
    groups = list(groups)
    counts = Counter(item for group in groups for item in group)
    total = max(len(groups), 1)
    return {item: math.log(1 + total / df) for item, df in counts.items()}


def _tied(top: Scored, other: Scored) -> bool:
    """Whether the message does not tell `other` apart from the best procedure:
    - it scores within NEAR_TIE, and the best is not plainly better on both recall and precision;
    - it explains the message as fully (words and word pairs) and the message names one of its aliases;
    - the best alias is only partly named and `other` explains the message as well."""
    if other.score < top.score - WIDE_TIE:
        return False
    if other.score >= top.score - NEAR_TIE and not _dominated(top, other):
        return True
    as_full = other.precision >= top.precision - 0.02 and other.pairs >= top.pairs - 0.2
    if as_full and other.named >= FULLY_NAMED:
        return True
    return top.recall < UNDERSPECIFIED_RECALL and other.precision >= top.precision - 0.05


def _dominated(top: Scored, other: Scored) -> bool:
    recall_lead, precision_lead = top.recall - other.recall, top.precision - other.precision
    return min(recall_lead, precision_lead) >= -0.02 and recall_lead + precision_lead >= DOMINATED
