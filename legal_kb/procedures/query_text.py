"""Turning a citizen's message into syllables: normalisation, accent folding, filler words, phrase search.

A message becomes a list of *slots*, one per typed word; a slot lists the known syllables the word
may stand for, each with a confidence (1.0 exact, lower for corrected typos).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Set, Tuple

import yaml

import vntext
from legal_kb.procedures.content_reader import ContentError, ContentProblem
from vntext.lexicon import word_list

Slot = List[Tuple[str, float]]

MAX_QUERY_CHARS = 400
MAX_TOKENS = 40
_NON_WORD = re.compile(r"[^0-9a-z]+")
_WORD = re.compile(r"[0-9a-z]+")
_COMBINING = re.compile(r"[\u0300-\u036f]")

QUERY_WORDS_FILE = Path(__file__).resolve().parent.parent / "content" / "query_words.yml"
_SINGLE_WORDS = ("filler_words", "bare_filler")


def fold_text(text: str, expand_abbreviations: bool = True) -> str:
    """Normalised, lower-case, accent-folded text with only letters, digits and single spaces."""
    normalized = vntext.normalize(text[:MAX_QUERY_CHARS], expand_abbreviations)
    return _NON_WORD.sub(" ", vntext.fold(normalized, lower=True)).strip()


def load_query_words(path: Path = QUERY_WORDS_FILE) -> Dict[str, Tuple[Tuple[str, ...], ...]]:
    """The editable word lists of content/query_words.yml, accent-folded, as tuples of tokens.

    Lists may be YAML lists of phrases or one space-separated string of single words.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ContentError([ContentProblem(str(path), 1, f"không đọc được tệp: {error}")]) from error
    problems: List[ContentProblem] = []
    lists: Dict[str, Tuple[Tuple[str, ...], ...]] = {}
    for key in ("question_phrases", "filler_words", "generic_words", "bare_filler"):
        value = data.get(key) if isinstance(data, dict) else None
        if isinstance(value, str):
            value = value.split()
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and fold_text(v, False) for v in value):
            problems.append(ContentProblem(str(path), 1, f"'{key}' phải là danh sách cụm từ không rỗng"))
            continue
        phrases = tuple(tuple(fold_text(v, False).split()) for v in value)
        if key in _SINGLE_WORDS and any(len(p) > 1 for p in phrases):
            problems.append(ContentProblem(str(path), 1, f"'{key}' chỉ gồm từ đơn, mỗi mục một từ"))
            continue
        lists[key] = phrases
    if problems:
        raise ContentError(problems)
    return lists


_WORDS = load_query_words()
# Question words and filler: only syllables that never carry the procedure's meaning.
STOP_PHRASES: Tuple[Tuple[str, ...], ...] = _WORDS["question_phrases"]
STOPWORDS: Set[str] = {word for (word,) in _WORDS["filler_words"]}
# Words nearly every procedure name uses: naming only these does not name a procedure ("đăng ký nuôi chim").
GENERIC_PHRASES: Tuple[Tuple[str, ...], ...] = _WORDS["generic_words"]
# Words that leave a question "bare" (about a topic only): "thủ tục về tạm trú ạ".
BARE_FILLER: Set[str] = {word for (word,) in _WORDS["bare_filler"]}


def distinctive(tokens: Tuple[str, ...]) -> Tuple[str, ...]:
    """The tokens that are not part of a generic phrase; all of them if nothing else is left."""
    keep = [True] * len(tokens)
    for i in range(len(tokens)):
        for phrase in GENERIC_PHRASES:
            if tuple(tokens[i : i + len(phrase)]) == phrase:
                keep[i : i + len(phrase)] = [False] * len(phrase)
    rest = tuple(t for t, k in zip(tokens, keep, strict=True) if k)
    return rest or tokens


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
