"""Turning a citizen's message into syllables: normalisation, accent folding, filler words, phrase search.

A message becomes a list of *slots*, one per typed word; a slot lists the known syllables the word
may stand for, each with a confidence (1.0 exact, lower for corrected typos).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Dict, List, Set, Tuple

import vntext
from vntext.lexicon import word_list

Slot = List[Tuple[str, float]]

MAX_QUERY_CHARS = 400
MAX_TOKENS = 40
_NON_WORD = re.compile(r"[^0-9a-z]+")
_WORD = re.compile(r"[0-9a-z]+")
_COMBINING = re.compile(r"[\u0300-\u036f]")

# Question words and filler, accent-folded. Only syllables that never carry the procedure's meaning.
STOP_PHRASES: Tuple[Tuple[str, ...], ...] = tuple(
    tuple(p.split())
    for p in (
        "mat bao lau",
        "bao lau",
        "mat bao nhieu",
        "het bao nhieu",
        "bao nhieu tien",
        "bao nhieu",
        "mat may ngay",
        "may ngay",
        "bao nhieu ngay",
        "giay to",
        "ho so",
        "thu tuc",
        "nhu the nao",
        "the nao",
        "lam sao",
        "o dau",
        "cho nao",
        "noi nao",
        "truc tuyen",
        "can cu phap ly",
        "le phi",
        "mat tien",
        "mat phi",
        "ton tien",
        "ton phi",
        "huong dan",
        "quy trinh",
        "co duoc khong",
        "duoc khong",
        "co phai",
        "co can",
        "can nhung gi",
        "nhung gi",
        "bay gio",
        "xin hoi",
        "cam on",
        "tai sao",
        "vi sao",
        "sao vay",
        "tinh lang son",
        "lang son",
    )
)
STOPWORDS: Set[str] = set(
    "a ah ak oi ha nhe nha nhi voi va hoac thi la cua cho den tai toi em anh chi minh muon can phai co "
    "khong ko duoc dc gi nao nhu lam xin hoi giup roi se ve nhung cac mot online nop di ai kia nay "
    "day vay oke ok u uh nua luon gium dum con be chau ong ba me vo chong do cai giay tren".split()
)


# Words nearly every procedure name uses: naming only these does not name a procedure ("đăng ký nuôi chim").
GENERIC_PHRASES: Tuple[Tuple[str, ...], ...] = (("dang", "ky"), ("dang", "ki"), ("cap",), ("thu", "tuc"))


def distinctive(tokens: Tuple[str, ...]) -> Tuple[str, ...]:
    """The tokens that are not part of a generic phrase; all of them if nothing else is left."""
    keep = [True] * len(tokens)
    for i in range(len(tokens)):
        for phrase in GENERIC_PHRASES:
            if tuple(tokens[i : i + len(phrase)]) == phrase:
                keep[i : i + len(phrase)] = [False] * len(phrase)
    rest = tuple(t for t, k in zip(tokens, keep, strict=True) if k)
    return rest or tokens


# Words that leave a question "bare" (about a topic only): "thủ tục về tạm trú ạ".
BARE_FILLER: Set[str] = set("ve cac a oi nhe nha ad ak voi gi".split())


def fold_text(text: str) -> str:
    """Normalised, lower-case, accent-folded text with only letters, digits and single spaces."""
    normalized = vntext.normalize(text[:MAX_QUERY_CHARS])
    return _NON_WORD.sub(" ", vntext.fold(normalized, lower=True)).strip()


def typed_tokens(text: str) -> List[Tuple[str, str]]:
    """(folded, as typed in lower case) for each word of a normalised text."""
    normalized = vntext.normalize(text[:MAX_QUERY_CHARS]).lower()
    folded = vntext.fold(normalized)
    if len(folded) != len(normalized):
        return [(t, t) for t in _NON_WORD.sub(" ", folded).split()]
    return [(m.group(), normalized[m.start() : m.end()]) for m in _WORD.finditer(folded)]


def accent_key(word: str) -> str:
    """Accented spelling with the i/y variants merged (kí = ký)."""
    return (
        word.replace("y", "i").replace("ý", "í").replace("ỳ", "ì").replace("ỷ", "ỉ").replace("ỹ", "ĩ").replace("ỵ", "ị")
    )


@lru_cache(maxsize=1)
def vietnamese_syllables() -> Set[str]:
    """Accent-folded syllables of a Vietnamese word list (the one shipped with underthesea), or none."""
    text = unicodedata.normalize("NFD", word_list()).replace("đ", "d")
    return {w for w in _COMBINING.sub("", text).split() if w.isascii() and w.isalpha()}


def matches_at(slots: List[Slot], i: int, phrase: Tuple[str, ...], floor: float = 0.0) -> bool:
    if i + len(phrase) > len(slots):
        return False
    return all(any(t == word and c >= floor for t, c in slots[i + j]) for j, word in enumerate(phrase))


def find_phrase(slots: List[Slot], phrase: Tuple[str, ...]) -> int:
    """Index where a phrase starts, reading any of the options of each slot; -1 if absent."""
    return next((i for i in range(len(slots)) if matches_at(slots, i, phrase)), -1)


_STOP_BY_FIRST: Dict[str, List[Tuple[str, ...]]] = {}
for _phrase in STOP_PHRASES:
    _STOP_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)


def stop_mask(slots: List[Slot], phrases_only: bool = False) -> List[bool]:
    """False for slots that are question words or filler (see STOP_PHRASES, STOPWORDS)."""
    keep = [bool(slot) for slot in slots]
    for i, slot in enumerate(slots):
        for token in {t for t, _ in slot}:
            for phrase in _STOP_BY_FIRST.get(token, ()):
                if all(keep[i : i + len(phrase)]) and matches_at(slots, i, phrase):
                    keep[i : i + len(phrase)] = [False] * len(phrase)
    for i, slot in enumerate(slots):
        if not phrases_only and keep[i] and slot[0][1] == 1.0 and slot[0][0] in STOPWORDS:
            keep[i] = False
    return keep
