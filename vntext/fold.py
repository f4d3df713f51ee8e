"""Accent folding: "Đăng ký" -> "dang ky" (đ/Đ folded to d/D, which Unicode decomposition leaves alone)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_SPECIAL = {"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"}


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """Fold one character to its base letter without diacritics."""
    if char in _SPECIAL:
        return _SPECIAL[char]
    if ord(char) < 128:
        return char
    if unicodedata.combining(char):
        return ""
    decomposed = unicodedata.normalize("NFD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base if len(base) == 1 else char


def fold(text: str, lower: bool = False) -> str:
    """Remove every Vietnamese diacritic; the length of NFC text is kept unchanged."""
    if lower:
        text = text.lower()
    if text.isascii():
        return text
    return "".join(fold_char(c) for c in text)
