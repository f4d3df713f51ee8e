"""Correction of mistyped syllables against a vocabulary learnt from example sentences.

A syllable the vocabulary and the Vietnamese lexicon do not know ("đăbg", "kwt") is replaced by the
known syllable one edit away that is most likely in its context ("đăng", "kết"); a syllable that is
valid Vietnamese but unseen in the examples is replaced only when the neighbouring words clearly
call for a known one ("thủ tụ" -> "thủ tục"). Syllables typed with diacritics are compared with
diacritics, syllables typed without are compared folded, so "dabg ky" becomes "dang ky".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Set, Tuple

from rapidfuzz.distance import OSA

from vntext.fold import fold
from vntext.lexicon import word_list

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_MIN_LENGTH = 3  # shorter unknown tokens are abbreviations rather than typos
_LONG = 6  # tokens this long may carry two edits


def deletes(word: str) -> Set[str]:
    """Every string one deleted character away from ``word``."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@lru_cache(maxsize=1)
def lexicon() -> frozenset:
    """Lower-case syllables of the Vietnamese word list (empty if absent)."""
    return frozenset(_WORD.findall(word_list()))


@dataclass
class _Space:
    """One comparison space (with diacritics, or folded): counts and a deletion index."""

    unigrams: Counter = field(default_factory=Counter)
    bigrams: Counter = field(default_factory=Counter)
    index: Dict[str, Set[str]] = field(default_factory=dict)
    valid: Set[str] = field(default_factory=set)
    total: int = 0

    def add_sentence(self, words: List[str]) -> None:
        self.unigrams.update(words)
        self.bigrams.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))

    def build_index(self) -> None:
        self.total = sum(self.unigrams.values())
        self.index = {}
        for word in self.unigrams:
            if len(word) < 2:
                continue
            for key in deletes(word) | {word}:
                self.index.setdefault(key, set()).add(word)
            if len(word) >= _LONG:
                for first in deletes(word):
                    for key in deletes(first):
                        self.index.setdefault(key, set()).add(word)

    def candidates(self, word: str) -> Set[str]:
        limit = 2 if len(word) >= _LONG else 1
        keys = {word} | deletes(word)
        if limit == 2:
            keys |= {key for first in deletes(word) for key in deletes(first)}
        found: Set[str] = set()
        for key in keys:
            found |= self.index.get(key, set())
        found.discard(word)
        return {c for c in found if OSA.distance(word, c, score_cutoff=limit) <= limit}

    def context(self, word: str, before: Optional[str], after: Optional[str]) -> int:
        support = 0
        if before is not None:
            support += self.bigrams.get(f"{before} {word}", 0)
        if after is not None:
            support += self.bigrams.get(f"{word} {after}", 0)
        return support

    def supported_on_both_sides(self, word: str, before: Optional[str], after: Optional[str]) -> bool:
        sides = [(before, word), (word, after)]
        present = [pair for pair in sides if None not in pair]
        return bool(present) and all(self.bigrams.get(f"{a} {b}", 0) >= 2 for a, b in present)

    def score(self, word: str, before: Optional[str], after: Optional[str], distance: int) -> float:
        prior = math.log((self.unigrams.get(word, 0) + 0.1) / (self.total + 1))
        return prior + 2.0 * math.log1p(self.context(word, before, after)) - 3.0 * distance


class SpellingCorrector:
    """Learns syllables and their neighbours from example sentences; corrects mistyped syllables."""

    def __init__(self, accented: _Space, folded: _Space) -> None:
        self._accented = accented
        self._folded = folded
        valid = lexicon()
        self._accented.valid = set(valid)
        self._folded.valid = {fold(word) for word in valid}
        for space in (self._accented, self._folded):
            space.build_index()

    @classmethod
    def learn(cls, sentences: Iterable[str]) -> "SpellingCorrector":
        accented, folded = _Space(), _Space()
        for sentence in sentences:
            words = _WORD.findall((sentence or "").lower())
            accented.add_sentence(words)
            folded.add_sentence([fold(word) for word in words])
        return cls(accented, folded)

    def to_dict(self) -> dict:
        return {
            "accented": {"unigrams": dict(self._accented.unigrams), "bigrams": dict(self._accented.bigrams)},
            "folded": {"unigrams": dict(self._folded.unigrams), "bigrams": dict(self._folded.bigrams)},
        }

    @classmethod
    def from_dict(cls, data: dict) -> "SpellingCorrector":
        spaces = []
        for name in ("accented", "folded"):
            part = data.get(name) or {}
            unigrams = Counter(part.get("unigrams") or {})
            spaces.append(_Space(unigrams, Counter(part.get("bigrams") or {})))
        return cls(*spaces)

    def correct(self, text: str) -> str:
        """The text with mistyped syllables replaced; everything else (case, spacing, punctuation) kept."""
        matches = list(_WORD.finditer(text or ""))
        if not matches:
            return text
        words = [m.group(0).lower() for m in matches]
        pieces: List[str] = []
        last = 0
        for i, match in enumerate(matches):
            before = words[i - 1] if i > 0 else None
            after = words[i + 1] if i + 1 < len(words) else None
            original = match.group(0)
            if i > 0 and original[:1].isupper():
                replacement = original  # a name in mid-sentence: "Marvel", "Hữu Lũng"
            else:
                replacement = self._correct_word(original, before, after)
            pieces.append(text[last : match.start()])
            pieces.append(replacement)
            last = match.end()
        pieces.append(text[last:])
        return "".join(pieces)

    def _correct_word(self, original: str, before: Optional[str], after: Optional[str]) -> str:
        word = original.lower()
        if len(word) < 2 or (original.isupper() and len(original) > 1):
            return original
        space, before, after = self._space_for(word, before, after)
        if len(word) < _MIN_LENGTH and word not in space.valid:
            return original  # "kh", "vs": abbreviations rather than typos
        best = self._best(space, word, before, after)
        if best is None:
            return original
        return best.capitalize() if original[:1].isupper() else best

    def _space_for(
        self, word: str, before: Optional[str], after: Optional[str]
    ) -> Tuple[_Space, Optional[str], Optional[str]]:
        if word.isascii():
            return self._folded, before and fold(before), after and fold(after)
        return self._accented, before, after

    def _best(self, space: _Space, word: str, before: Optional[str], after: Optional[str]) -> Optional[str]:
        """The replacement for ``word``, or None to keep it."""
        if word in space.unigrams:
            return None
        candidates = space.candidates(word)
        if not candidates:
            return None
        if word in space.valid:
            # Valid Vietnamese, just not seen in the examples: replace only when both neighbours
            # were seen next to the candidate ("thủ tụ mất" -> "thủ tục mất").
            candidates = {c for c in candidates if space.supported_on_both_sides(c, before, after)}
            if not candidates:
                return None
        scored = sorted((space.score(c, before, after, OSA.distance(word, c)), c) for c in candidates)
        return scored[-1][1]


__all__ = ["SpellingCorrector"]
