"""Vietnamese text analysis for legal search: normalised, accent-folded syllables, syllable bigrams, segmented words.

Every field is a space-separated string of ASCII tokens, so that SQLite FTS5 and PostgreSQL's ``simple``
configuration index exactly the same terms and the Python re-ranker can read them back.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List

import vntext

_SYLLABLE = re.compile(r"[^\W_]+", re.UNICODE)
_ASCII_TOKEN = re.compile(r"^[a-z0-9]+$")

# Function words that carry no topic; they are kept in bigrams (where they disambiguate) but not as unigrams.
STOPWORDS = frozenset(
    """va cua la co duoc cho cac nhung trong theo voi tai khi thi nay do ve hoac tu den mot nguoi bi
    neu da se phai khong ma nhu tren duoi sau truoc hay o de vao ra lai con dung sai nao gi""".split()
)


@dataclass(frozen=True)
class AnalyzedText:
    """The index terms of one text, by kind (all ASCII, lower case)."""

    syllables: List[str]  # folded syllables, stopwords removed
    bigrams: List[str]  # folded syllable bigrams, joined without separator
    words: List[str]  # folded multi-syllable words from word segmentation
    accented: List[str]  # syllables with their diacritics, encoded as ASCII (used to prefer exact accents)
    folded: List[str]  # every folded syllable in order, stopwords included

    def trigrams(self) -> List[str]:
        f = self.folded
        return [a + b + c for a, b, c in zip(f, f[1:], f[2:], strict=False)]


@lru_cache(maxsize=1024)
def clean(text: str) -> str:
    """NFC, tone placement and abbreviation expansion (``nđ`` → ``nghị định``)."""
    return vntext.normalize(unicodedata.normalize("NFC", text or ""))


def syllables(text: str) -> List[str]:
    """Lower-case syllables of ``text`` (diacritics kept)."""
    return [m.group(0) for m in _SYLLABLE.finditer(text.lower())]


def has_diacritics(text: str) -> bool:
    return vntext.fold(text) != text


@lru_cache(maxsize=65536)
def fold_token(token: str) -> str:
    folded = vntext.fold(token, lower=True)
    return folded if _ASCII_TOKEN.match(folded) else re.sub(r"[^a-z0-9]", "", folded)


@lru_cache(maxsize=65536)
def accent_token(token: str) -> str:
    """ASCII code of an accented syllable: ``túy`` → ``tuy1``-like, distinct per tone and vowel mark."""
    folded = fold_token(token)
    if folded == token:
        return folded
    marks = sum((i + 1) * ord(c) for i, c in enumerate(unicodedata.normalize("NFD", token)) if ord(c) > 127)
    return f"{folded}x{marks % 9973}"


def bigrams_of(folded: List[str]) -> List[str]:
    return [a + b for a, b in zip(folded, folded[1:], strict=False)]


def analyze(text: str, segment: bool = True) -> AnalyzedText:
    """Analyse a text for indexing or querying."""
    text = clean(text)
    raw = syllables(text)
    folded = [fold_token(s) for s in raw]
    folded_nonempty = [f for f in folded if f]
    words: List[str] = []
    if segment and has_diacritics(text):
        for key in vntext.segment(text):
            if "_" in key:
                word = "".join(fold_token(part) for part in key.split("_"))
                if word:
                    words.append(word)
    elif segment:
        # Unaccented text does not segment well: every bigram and trigram stands in for a possible word.
        words = bigrams_of(folded_nonempty) + [a + b + c for a, b, c in zip(folded_nonempty, folded_nonempty[1:], folded_nonempty[2:], strict=False)]
    return AnalyzedText(
        syllables=[f for f in folded_nonempty if f not in STOPWORDS],
        bigrams=bigrams_of(folded_nonempty),
        words=words,
        accented=[accent_token(s) for s in raw if s and fold_token(s) not in STOPWORDS],
        folded=folded_nonempty,
    )


def field_strings(text: str, segment: bool = True) -> Dict[str, str]:
    a = analyze(text, segment=segment)
    return {
        "syl": " ".join(a.syllables),
        "big": " ".join(a.bigrams),
        "wrd": " ".join(a.words),
        "acc": " ".join(a.accented),
    }
